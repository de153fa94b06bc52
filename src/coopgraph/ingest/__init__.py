"""Sources -> RawDoc. Files, folders (recursive) and stdin; every bad input becomes a Reject."""
from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..models import Reject
from ..settings import Settings
from .decode import display_path, sniff_binary
from .readers import (
    STDIN,
    Item,
    open_bytes,
    read_feed,
    read_html,
    read_json,
    read_jsonl,
    read_text,
    read_warc,
    reader_failure,
    too_large,
)

__all__ = ["FORMATS", "iter_documents", "iter_paths", "read_bytes"]

FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc", ".arc": "warc",
}
CONTAINERS = {"jsonl", "warc"}  # read as a stream, record by record; the others are read whole, within max_file_bytes


def _format_for(path: Path, head: bytes) -> str:
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    fmt = FORMATS.get(path.suffix.lower())
    if fmt:
        return fmt
    return sniff_format(head)


def sniff_format(head: bytes) -> str:
    """Guess the container format from the first bytes (for stdin and unknown extensions)."""
    start = head.lstrip()[:512].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith((b"<?xml", b"<rss", b"<feed")):
        if b"<rss" in start or b"<feed" in start or b"<rdf" in start:
            return "feed"
        return "html" if b"<html" in start else "feed"
    if start.startswith((b"<!doctype html", b"<html")) or b"<body" in head[:4096].lower():
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def iter_paths(paths: Iterable[str]) -> Iterator[tuple[str, Path | None, Reject | None]]:
    """Expand files and folders (recursively, sorted, hidden entries skipped). Symlinked folders are
    followed once; one that leads back into a folder already walked is reported, not walked again.
    ``source`` is printable text even when a file name holds bytes that are not UTF-8."""
    for raw in paths:
        if raw == "-":
            yield "-", None, None
            continue
        p = Path(raw)
        shown = display_path(raw)
        try:
            if p.is_dir():
                yield from _walk(p)
            elif p.exists() or p.is_symlink():
                yield shown, p, None
            else:
                yield shown, None, Reject(shown, "ingest", "no such file or folder - check the path")
        except (OSError, ValueError) as exc:  # a name too long, a NUL byte in it, ...: this path only
            yield shown, None, Reject(shown, "ingest", f"cannot read: {getattr(exc, 'strerror', None) or exc}"
                                      " - check the path")


def _walk(top: Path) -> Iterator[tuple[str, Path | None, Reject | None]]:
    unreadable: list[OSError] = []  # folders os.walk cannot list: report them, do not skip silently
    seen: set[tuple[int, int]] = set()
    try:
        st = top.stat()
        seen.add((st.st_dev, st.st_ino))
    except OSError:
        pass
    for root, dirs, files in os.walk(top, onerror=unreadable.append, followlinks=True):
        yield from _folder_rejects(unreadable)
        keep = []
        for d in sorted(d for d in dirs if not d.startswith(".")):
            sub = Path(root) / d
            try:
                st = sub.stat()
            except OSError as exc:
                shown = display_path(str(sub))
                yield shown, None, Reject(shown, "ingest", f"cannot read folder: {exc.strerror or exc}"
                                          " - check permissions and the path")
                continue
            if (st.st_dev, st.st_ino) in seen:
                shown = display_path(str(sub))
                yield shown, None, Reject(shown, "ingest", "folder already read through another path (a"
                                          " symlink loop or a second link to it) - not read twice; remove the link")
                continue
            seen.add((st.st_dev, st.st_ino))
            keep.append(d)
        dirs[:] = keep
        for f in sorted(files):
            if not f.startswith("."):
                yield display_path(str(Path(root) / f)), Path(root) / f, None
    yield from _folder_rejects(unreadable)


def _folder_rejects(errors: list[OSError]) -> Iterator[tuple[str, Path | None, Reject | None]]:
    while errors:
        exc = errors.pop(0)
        where = display_path(str(exc.filename))
        yield where, None, Reject(where, "ingest", f"cannot read folder: {exc.strerror or exc}"
                                  " - check permissions and the path")


def read_bytes(source: str, data: bytes, settings: Settings, fmt: str | None = None) -> Iterator[Item]:
    """Read one blob (file content or stdin) of a known or sniffed format."""
    fmt = fmt or sniff_format(data[:8192])
    if fmt not in CONTAINERS and len(data) > settings.max_file_bytes:
        yield too_large(source, "file", len(data), "max_file_bytes", settings.max_file_bytes)
        return
    try:
        sniff_binary(data)
    except InputError as exc:
        yield Reject(source, exc.stage, str(exc))
        return
    if fmt == "text":
        yield from read_text(source, data)
    elif fmt == "html":
        yield from read_html(source, data)
    elif fmt == "json":
        yield from read_json(source, data)
    elif fmt == "jsonl":
        yield from read_jsonl(source, open_bytes(data), settings)
    elif fmt == "feed":
        yield from read_feed(source, data, settings)
    elif fmt == "warc":
        yield from read_warc(source, open_bytes(data), settings)


class _HeadThen:
    """A byte stream that gives ``head`` (already read, to sniff the format) and then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = io.BytesIO(head)
        self._rest = rest

    def read(self, n: int | None = -1) -> bytes:
        if n is None or n < 0:
            return self._head.read() + self._rest.read()
        data = self._head.read(n)
        if len(data) < n:
            data += self._rest.read(n - len(data)) or b""
        return data

    def readline(self, limit: int | None = -1) -> bytes:
        unbounded = limit is None or limit < 0
        line = self._head.readline() if unbounded else self._head.readline(limit)
        if line.endswith(b"\n") or (not unbounded and len(line) >= limit):  # type: ignore[operator]
            return line
        more = self._rest.readline() if unbounded else self._rest.readline(limit - len(line))  # type: ignore[operator]
        return line + (more or b"")


def _read_stdin(settings: Settings) -> Iterator[Item]:
    """stdin, checked while streaming: JSONL and WARC record by record, anything else up to max_file_bytes."""
    stream = sys.stdin.buffer
    head = stream.read(8192) or b""
    fmt = sniff_format(head)
    if fmt in CONTAINERS and head.strip():
        whole = _HeadThen(head, stream)
        yield from (read_jsonl(STDIN, whole, settings) if fmt == "jsonl" else read_warc(STDIN, whole, settings))
        return
    data = head + (stream.read(max(0, settings.max_file_bytes + 1 - len(head))) or b"")
    if len(data) > settings.max_file_bytes:
        yield too_large(STDIN, "input", f"more than {settings.max_file_bytes}", "max_file_bytes",
                        settings.max_file_bytes)
        return
    yield from read_bytes(STDIN, data, settings, fmt)


def _read_path(source: str, path: Path, settings: Settings) -> Iterator[Item]:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8192)
        fmt = _format_for(path, head)
        if fmt not in CONTAINERS and size > settings.max_file_bytes:
            yield too_large(source, "file", size, "max_file_bytes", settings.max_file_bytes)
            return
        if fmt in CONTAINERS:
            if size == 0:
                yield Reject(source, "ingest", "empty file - nothing to ingest; remove the file or fill it")
                return
            with path.open("rb") as fh:
                yield from (read_jsonl(source, fh, settings) if fmt == "jsonl"
                            else read_warc(source, fh, settings))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(source, "ingest", f"cannot read: {exc.strerror or exc} - check permissions and the path")
        return
    yield from read_bytes(source, data, settings, fmt)


def guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """The per-input guard: whatever a reader raises becomes one reject and the run goes on with the
    next input (readers of containers also guard each record, so one bad record ends nothing else)."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - a reader bug must not end the batch
        yield reader_failure(source, exc)


def iter_documents(paths: Iterable[str], settings: Settings) -> Iterator[Item]:
    """Every document of every path, in a stable order. Never raises for bad input."""
    for source, path, reject in iter_paths(paths):
        if reject is not None:
            yield reject
        elif path is None:
            yield from guarded(STDIN, _read_stdin(settings))
        else:
            yield from guarded(source, _read_path(source, path, settings))
