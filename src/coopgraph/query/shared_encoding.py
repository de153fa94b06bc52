"""``graph_answers.encode(record.as_dict() | extra)`` with the JSON of some records made once and shared.

The dossiers of a refresh hold the same figures many times: a figure is listed under its metric, in the targets
and in the contradictions, and a country's figures are its regions' too. ``SharedEncoder`` encodes each such
record (a frozen dataclass, by identity) once: the tree is converted as ``types._plain`` converts it, with a
marker string in place of each shared record, encoded, and each marker replaced by the record's own encoding. The
compact JSON of a nested value is the same text inside its parent as alone, so the bytes are those of encoding
the whole tree; should a string of the data hold the marker character, the tree is encoded as a whole instead."""
from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from .types import _FIELD_NAMES, _SCALAR_TYPES, _SCALARS, _plain

MARK = "\ue000"  # a private-use character: a marker is MARK + number + MARK, encoded as a JSON string
_MARKED = re.compile(f'"{MARK}(\\d+){MARK}"')


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


class SharedEncoder:
    """Encodes trees whose records of the types ``shared`` are encoded once per encoder (frozen records only:
    a record is remembered by identity, with a reference that keeps its id from being reused)."""

    def __init__(self, *shared: type) -> None:
        self.shared = frozenset(shared)
        self._done: dict[int, tuple[Any, str]] = {}
        self.reused = 0  # encodings taken from earlier trees or places (for tests)

    def encode(self, record: Any, extra: dict[str, Any] | None = None) -> bytes:
        """The bytes of ``graph_answers.encode(record.as_dict() | (extra or {}))``."""
        parts: list[str] = []
        tree = self._plain(record, parts) | (extra or {})
        text = _dumps(tree)
        if text.count(MARK) != 2 * len(parts):  # a string of the data holds the marker: no substitution
            return _dumps(_plain(record) | (extra or {})).encode()
        return _MARKED.sub(lambda m: parts[int(m.group(1))], text).encode()

    def _fragment(self, v: Any) -> str:
        done = self._done.get(id(v))
        if done is not None and done[0] is v:
            self.reused += 1
            return done[1]
        text = _dumps(_plain(v))
        self._done[id(v)] = (v, text)
        return text

    def _plain(self, v: Any, parts: list[str]) -> Any:
        """``types._plain`` with a marker for each shared record (and its scalar tests inline, as there)."""
        t = type(v)
        if t in self.shared:
            parts.append(self._fragment(v))
            return f"{MARK}{len(parts) - 1}{MARK}"
        if isinstance(v, _SCALARS):
            return v
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            names = _FIELD_NAMES.get(t)
            if names is None:
                names = _FIELD_NAMES[t] = tuple(f.name for f in dataclasses.fields(v))
            return {n: x if type(x := getattr(v, n)) in _SCALAR_TYPES else self._plain(x, parts) for n in names}
        if isinstance(v, dict):
            return {k: x if type(x) in _SCALAR_TYPES else self._plain(x, parts) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [x if type(x) in _SCALAR_TYPES else self._plain(x, parts) for x in v]
        return _plain(v)  # a set (sorted by its plain values) or another leaf: as ``_plain`` converts it
