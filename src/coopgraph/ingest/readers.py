"""One reader per container format. Each yields RawDoc or Reject and never raises for bad input."""
from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, MalformedRecord, TooLarge
from ..models import RawDoc, Reject
from ..settings import Settings
from .decode import decode

Item = RawDoc | Reject


def iso_date(value: Any) -> str | None:
    """Normalize a container date (ISO string, RFC 822 struct, date) to YYYY-MM-DD, else None."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def read_text(path: str, data: bytes) -> Iterator[Item]:
    try:
        text, enc = decode(data)
    except InputError as exc:
        yield Reject(path, exc.stage, str(exc))
        return
    yield RawDoc(id=Path(path).name, source=path, fmt="text", content=text, encoding=enc)


def read_html(path: str, data: bytes) -> Iterator[Item]:
    try:
        text, enc = decode(data)
    except InputError as exc:
        yield Reject(path, exc.stage, str(exc))
        return
    yield RawDoc(id=Path(path).name, source=path, fmt="html", content=text, encoding=enc)


def _record_to_doc(obj: Any, source: str, default_id: str) -> RawDoc:
    if not isinstance(obj, dict):
        raise MalformedRecord(f"expected a JSON object, got {type(obj).__name__}",
                              'write one object per line: {"id": ..., "text": ...}')
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedRecord("record has no non-empty 'text' field",
                              'each line needs at least {"text": "..."}')
    html = obj.get("html") if isinstance(obj.get("html"), str) else None
    given_date = iso_date(obj.get("date"))
    return RawDoc(
        id=str(obj.get("id") or default_id),
        source=source,
        fmt="jsonl",
        content=text if html is None else html,
        url=obj.get("url") if isinstance(obj.get("url"), str) else None,
        title=obj.get("title") if isinstance(obj.get("title"), str) else None,
        date=given_date,
        date_source="JSONL 'date' field" if given_date else None,
    )


def read_jsonl(path: str, stream: IO[bytes], settings: Settings) -> Iterator[Item]:
    name = Path(path).name
    seen_record = False
    for lineno, line in enumerate(stream, start=1):
        source = f"{path}:{lineno}"
        if not line.strip():
            continue
        seen_record = True
        if len(line) > settings.max_record_bytes:
            yield Reject(source, "ingest", str(TooLarge(
                f"JSONL line of {len(line)} bytes exceeds max_record_bytes={settings.max_record_bytes}",
                "raise COOPGRAPH_MAX_RECORD_BYTES or split the record")))
            continue
        try:
            text, _ = decode(line)
            obj = json.loads(text)
            yield _record_to_doc(obj, source, f"{name}:{lineno}")
        except json.JSONDecodeError as exc:
            yield Reject(source, "ingest", f"malformed JSON on line {lineno}: {exc.msg} at column {exc.colno}"
                         " - fix or remove that line; the other lines were read")
        except InputError as exc:
            yield Reject(source, exc.stage, str(exc))
    if not seen_record:
        yield Reject(path, "ingest", "empty file (no JSONL records) - nothing to ingest; remove the file or fill it")


def read_json(path: str, data: bytes) -> Iterator[Item]:
    """A .json file: one record object or a list of record objects."""
    name = Path(path).name
    try:
        text, _ = decode(data)
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Reject(path, "ingest", f"malformed JSON: {exc.msg} at line {exc.lineno}"
                     " - fix the file or use .jsonl with one object per line")
        return
    except InputError as exc:
        yield Reject(path, exc.stage, str(exc))
        return
    records = obj if isinstance(obj, list) else [obj]
    for i, rec in enumerate(records):
        source = f"{path}#{i}" if isinstance(obj, list) else path
        try:
            yield _record_to_doc(rec, source, f"{name}#{i}" if isinstance(obj, list) else name)
        except InputError as exc:
            yield Reject(source, exc.stage, str(exc))


def read_feed(path: str, data: bytes) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = "feed has no entries"
        if parsed.get("bozo"):
            reason = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
        yield Reject(path, "ingest", reason + " - check that the file is a complete RSS or Atom document")
        return
    name = Path(path).name
    for i, entry in enumerate(parsed.entries):
        source = f"{path}#{i}"
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry.content), key=len)
        if len(body) < len(entry.get("summary", "") or ""):
            body = entry.get("summary", "")
        if not body.strip():
            yield Reject(source, "ingest", "feed entry has no content or summary - nothing to ingest")
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        given = iso_date(published)
        link = entry.get("link")
        yield RawDoc(
            id=str(entry.get("id") or link or f"{name}#{i}"),
            source=source,
            fmt="feed",
            content=body,
            url=link,
            title=entry.get("title"),
            date=given,
            date_source="feed entry published date" if given else None,
        )


def read_warc(path: str, stream: IO[bytes], settings: Settings) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0  # documents and rejects yielded; a WARC that gives neither is reported, not skipped
    try:
        for i, record in enumerate(ArchiveIterator(stream)):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{Path(path).name}#{i}"
            source = f"{path}#{uri}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers
                     else record.rec_headers.get_header("Content-Type")) or ""
            if "html" not in ctype and "text" not in ctype:
                continue
            payload = record.content_stream().read(settings.max_record_bytes + 1)
            found += 1
            if len(payload) > settings.max_record_bytes:
                yield Reject(source, "ingest", f"WARC record over max_record_bytes={settings.max_record_bytes}"
                             " - raise COOPGRAPH_MAX_RECORD_BYTES")
                continue
            try:
                text, enc = decode(payload)
            except InputError as exc:
                yield Reject(source, exc.stage, str(exc))
                continue
            fmt = "html" if "html" in ctype else "text"
            yield RawDoc(id=uri, source=source, fmt=fmt, content=text, url=uri, encoding=enc)
    except ArchiveLoadFailed as exc:
        yield Reject(path, "ingest", f"not a readable WARC file ({exc}) - check the file is complete")
        return
    if not found:
        yield Reject(path, "ingest", "WARC file holds no HTML or text response records"
                     " - check that it is a complete WARC crawl of article pages")


def open_bytes(data: bytes) -> IO[bytes]:
    return io.BytesIO(data)
