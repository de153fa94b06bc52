"""Sources -> RawDoc. Files, folders (recursive) and stdin; every bad input becomes a Reject."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..models import Reject
from ..settings import Settings
from .decode import sniff_binary
from .readers import Item, open_bytes, read_feed, read_html, read_json, read_jsonl, read_text, read_warc

__all__ = ["iter_documents", "iter_paths", "read_bytes", "FORMATS"]

FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc", ".arc": "warc",
}
CONTAINERS = {"jsonl", "feed", "warc", "json"}


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
    if start.startswith(b"<?xml") or start.startswith(b"<rss") or start.startswith(b"<feed"):
        if b"<rss" in start or b"<feed" in start or b"<rdf" in start:
            return "feed"
        return "html" if b"<html" in start else "feed"
    if start.startswith(b"<!doctype html") or start.startswith(b"<html") or b"<body" in head[:4096].lower():
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def iter_paths(paths: Iterable[str]) -> Iterator[tuple[str, Path | None, Reject | None]]:
    """Expand files and folders (recursively, sorted, hidden entries skipped)."""
    for raw in paths:
        if raw == "-":
            yield "-", None, None
            continue
        p = Path(raw)
        if p.is_dir():
            unreadable: list[OSError] = []  # folders os.walk cannot list: report them, do not skip silently
            for root, dirs, files in os.walk(p, onerror=unreadable.append):
                yield from _folder_rejects(unreadable)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith("."):
                        yield str(Path(root) / f), Path(root) / f, None
            yield from _folder_rejects(unreadable)
        elif p.exists() or p.is_symlink():
            yield raw, p, None
        else:
            yield raw, None, Reject(raw, "ingest", "no such file or folder - check the path")


def _folder_rejects(errors: list[OSError]) -> Iterator[tuple[str, Path | None, Reject | None]]:
    while errors:
        exc = errors.pop(0)
        where = str(exc.filename)
        yield where, None, Reject(where, "ingest", f"cannot read folder: {exc.strerror or exc}"
                                  " - check permissions and the path")


def read_bytes(source: str, data: bytes, settings: Settings, fmt: str | None = None) -> Iterator[Item]:
    """Read one blob (file content or stdin) of a known or sniffed format."""
    fmt = fmt or sniff_format(data[:8192])
    if fmt in ("text", "html", "json"):
        if len(data) > settings.max_file_bytes:
            yield Reject(source, "ingest", f"file of {len(data)} bytes exceeds max_file_bytes="
                         f"{settings.max_file_bytes} - raise COOPGRAPH_MAX_FILE_BYTES or split it")
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
        yield from read_feed(source, data)
    elif fmt == "warc":
        yield from read_warc(source, open_bytes(data), settings)


def iter_documents(paths: Iterable[str], settings: Settings) -> Iterator[Item]:
    """Every document of every path, in a stable order. Never raises for bad input."""
    for source, path, reject in iter_paths(paths):
        if reject is not None:
            yield reject
            continue
        if path is None:  # stdin
            data = sys.stdin.buffer.read()
            yield from read_bytes("stdin", data, settings)
            continue
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(8192)
            fmt = _format_for(path, head)
            if fmt not in CONTAINERS and size > settings.max_file_bytes:
                yield Reject(source, "ingest", f"file of {size} bytes exceeds max_file_bytes="
                             f"{settings.max_file_bytes} - raise COOPGRAPH_MAX_FILE_BYTES or split it")
                continue
            if fmt in ("jsonl", "warc"):
                if size == 0:
                    yield Reject(source, "ingest", "empty file - nothing to ingest; remove the file or fill it")
                    continue
                with path.open("rb") as fh:
                    yield from (read_jsonl(source, fh, settings) if fmt == "jsonl"
                                else read_warc(source, fh, settings))
                continue
            data = path.read_bytes()
        except OSError as exc:
            yield Reject(source, "ingest", f"cannot read: {exc.strerror or exc} - check permissions and the path")
            continue
        yield from read_bytes(source, data, settings, fmt)
