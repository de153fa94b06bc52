"""Typed errors of coopgraph. Every user-facing error carries a hint that says the fix.

    CoopgraphError                 base class; ``str(e)`` is one line: message, then "- hint"
    ├── UsageError                 bad flags or arguments (exit code 2)
    ├── InputError                 one input could not become an article (a rejects row)
    │   ├── UnreadableInput        path missing, unreadable, or a folder entry vanished
    │   ├── UnsupportedFormat      PDF, image, archive, unknown binary
    │   ├── DecodeFailure          bytes that are neither UTF-8 nor a supported legacy encoding
    │   ├── EmptyInput             empty file, or nothing left after cleaning
    │   ├── TooLarge               over the configured size limit
    │   ├── MalformedRecord        a JSONL line or feed entry that cannot be parsed
    │   └── NoArticle              an HTML page or feed entry with no article text
    ├── StoreError                 the database cannot be opened or migrated
    └── DataError                  a packaged data file (gazetteer, rules) has a broken row: the run stops

    OverBudget (a BaseException)   one document took longer than Settings.doc_seconds; ``process``
                                   turns it into a reject. Not an Exception, so that no library's
                                   ``except Exception`` swallows it halfway.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


class CoopgraphError(Exception):
    """Base class. ``hint`` tells the user what to do about it."""

    stage = "pipeline"

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} - {self.hint}" if self.hint else self.message


class UsageError(CoopgraphError):
    stage = "usage"


class InputError(CoopgraphError):
    stage = "ingest"


class UnreadableInput(InputError):
    pass


class UnsupportedFormat(InputError):
    pass


class DecodeFailure(InputError):
    stage = "decode"


class EmptyInput(InputError):
    pass


class TooLarge(InputError):
    pass


class MalformedRecord(InputError):
    pass


class NoArticle(InputError):
    stage = "clean"


class StoreError(CoopgraphError):
    stage = "store"


class DataError(CoopgraphError):
    """Raised once, when a data file is loaded; never turned into a per-article reject."""

    stage = "data"


class OverBudget(BaseException):
    """Raised inside ``pipeline.process`` (by a timer signal or a check between extraction steps) when
    one document runs past its time budget. ``process`` catches it; it never leaves the pipeline."""

    stage = "budget"


@dataclass(frozen=True)
class Deadline:
    """One document's time budget on a CPU clock (``time.process_time`` or ``time.thread_time``), started
    when it is made; ``passed()`` is checked between extraction steps."""

    clock: Callable[[], float]
    seconds: float
    start: float = field(default=0.0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", self.clock())

    def passed(self) -> bool:
        return self.clock() - self.start > self.seconds
