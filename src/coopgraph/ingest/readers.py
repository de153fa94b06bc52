"""One reader per container format. Each yields RawDoc or Reject and never raises for bad input."""
from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from ..errors import InputError, MalformedRecord, TooLarge
from ..models import RawDoc, Reject
from ..settings import Settings
from .decode import decode, display_path, scrub_surrogates

Item = RawDoc | Reject
STDIN = "stdin"
# A year outside this range in a container date is noise ("0023-05-01"), not evidence.
_PLAUSIBLE_YEARS = range(1900, 2101)


def content_id(data: bytes | str) -> str:
    """A stable id for a document that has no name of its own (stdin): its content hash."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return f"{STDIN}:{hashlib.sha256(raw).hexdigest()[:16]}"


def default_id(path: str, suffix: str, content: bytes | str) -> str:
    """``name`` + ``suffix`` for a file; the content hash for stdin, where a position is no identity."""
    if path == STDIN:
        return content_id(content)
    return display_path(Path(path).name) + suffix


def reader_failure(source: str, exc: BaseException, what: str = "reading failed") -> Reject:
    """The reject for an unexpected exception while reading one record: the batch goes on."""
    detail = scrub_surrogates(f"{type(exc).__name__}: {exc}")[:300]
    return Reject(display_path(source), "ingest", f"{what} ({detail}) - the record was skipped; "
                  "the other records were read")


def too_large(source: str, what: str, size: int | str, limit_name: str, limit: int) -> Reject:
    return Reject(source, "ingest", str(TooLarge(
        f"{what} of {size} bytes exceeds {limit_name}={limit}",
        f"raise COOPGRAPH_{limit_name.upper()} or split it")))


def iso_date(value: Any) -> str | None:
    """Normalize a container date (ISO string, RFC 822 struct, date) to YYYY-MM-DD, else None."""
    try:
        when = _to_date(value)
    except (ValueError, TypeError, OverflowError):
        return None
    return when.isoformat() if when is not None and when.year in _PLAUSIBLE_YEARS else None


def _to_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text).date()  # Python 3.11 reads a trailing "Z"
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def read_text(path: str, data: bytes) -> Iterator[Item]:
    try:
        text, enc = decode(data)
    except InputError as exc:
        yield Reject(path, exc.stage, str(exc))
        return
    yield RawDoc(id=default_id(path, "", data), source=path, fmt="text", content=text, encoding=enc)


def read_html(path: str, data: bytes) -> Iterator[Item]:
    try:
        text, enc = decode(data)
    except InputError as exc:
        yield Reject(path, exc.stage, str(exc))
        return
    yield RawDoc(id=default_id(path, "", data), source=path, fmt="html", content=text, encoding=enc)


def _str_field(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return scrub_surrogates(value) if isinstance(value, str) else None


def _record_to_doc(obj: Any, source: str, fallback_id: str) -> RawDoc:
    if not isinstance(obj, dict):
        raise MalformedRecord(f"expected a JSON object, got {type(obj).__name__}",
                              'write one object per line: {"id": ..., "text": ...}')
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedRecord("record has no non-empty 'text' field",
                              'each line needs at least {"text": "..."}')
    html = _str_field(obj, "html")
    given_date = iso_date(obj.get("date"))
    given_id = obj.get("id")
    return RawDoc(
        # a JSON escape can carry a lone surrogate ("\ud800") into any string: replaced here, at decode time
        id=scrub_surrogates(str(given_id)) if given_id else fallback_id,
        source=source,
        fmt="jsonl",
        content=scrub_surrogates(text) if html is None else html,
        url=_str_field(obj, "url"),
        title=_str_field(obj, "title"),
        date=given_date,
        date_source="JSONL 'date' field" if given_date else None,
    )


class ByteStream(Protocol):
    """What the streaming readers use of a binary file: a file object, or stdin with its sniffed head put back."""

    def read(self, n: int = -1, /) -> bytes: ...

    def readline(self, limit: int = -1, /) -> bytes: ...


def bounded_lines(stream: ByteStream, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(lineno, line, size)`` for each line; a line over ``limit`` bytes (newline not counted) comes as
    ``None`` with its size, read past in chunks, never held whole in memory."""
    lineno = 0
    while True:
        line = stream.readline(limit + 2)
        if not line:
            return
        lineno += 1
        body = line.rstrip(b"\r\n")
        if len(body) <= limit:
            yield lineno, body, len(body)
            continue
        size = len(body)
        while not line.endswith(b"\n"):
            line = stream.readline(1 << 16)
            if not line:
                break
            size += len(line.rstrip(b"\r\n"))
        yield lineno, None, size


def read_jsonl(path: str, stream: ByteStream, settings: Settings) -> Iterator[Item]:
    seen_record = False
    for lineno, line, size in bounded_lines(stream, settings.max_record_bytes):
        source = f"{path}:{lineno}"
        if line is None:
            seen_record = True
            yield too_large(source, "JSONL line", size, "max_record_bytes", settings.max_record_bytes)
            continue
        if not line.strip():
            continue
        seen_record = True
        try:
            text, _ = decode(line)
            obj = json.loads(text)
            yield _record_to_doc(obj, source, default_id(path, f":{lineno}", line))
        except json.JSONDecodeError as exc:
            yield Reject(source, "ingest", f"malformed JSON on line {lineno}: {exc.msg} at column {exc.colno}"
                         " - fix or remove that line; the other lines were read")
        except InputError as exc:
            yield Reject(source, exc.stage, str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad line must not end the file (a RecursionError, ...)
            yield reader_failure(source, exc)
    if not seen_record:
        yield Reject(path, "ingest", "empty file (no JSONL records) - nothing to ingest; remove the file or fill it")


def read_json(path: str, data: bytes) -> Iterator[Item]:
    """A .json file: one record object or a list of record objects."""
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
        suffix = f"#{i}" if isinstance(obj, list) else ""
        try:
            yield _record_to_doc(rec, source, default_id(path, suffix, json.dumps(rec, sort_keys=True)))
        except InputError as exc:
            yield Reject(source, exc.stage, str(exc))
        except Exception as exc:  # noqa: BLE001
            yield reader_failure(source, exc)


def read_feed(path: str, data: bytes, settings: Settings | None = None) -> Iterator[Item]:
    import feedparser

    settings = settings or Settings()
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = "feed has no entries"
        if parsed.get("bozo"):
            reason = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
        yield Reject(path, "ingest", scrub_surrogates(reason) + " - check that the file is a complete RSS or Atom document")
        return
    for i, entry in enumerate(parsed.entries):
        source = f"{path}#{i}"
        try:
            yield _feed_entry(path, source, i, entry, settings)
        except InputError as exc:
            yield Reject(source, exc.stage, str(exc))
        except Exception as exc:  # noqa: BLE001 - one odd entry must not end the feed
            yield reader_failure(source, exc)


def _feed_entry(path: str, source: str, i: int, entry: Any, settings: Settings) -> Item:
    body = ""
    if entry.get("content"):
        body = max((c.get("value", "") or "" for c in entry.content), key=len)
    summary = entry.get("summary", "") or ""
    if len(body) < len(summary):
        body = summary
    if not body.strip():
        return Reject(source, "ingest", "feed entry has no content or summary - nothing to ingest")
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > settings.max_record_bytes:
        return too_large(source, "feed entry", size, "max_record_bytes", settings.max_record_bytes)
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    given = iso_date(published)
    link = entry.get("link") if isinstance(entry.get("link"), str) else None
    given_id = entry.get("id") or link
    return RawDoc(
        id=scrub_surrogates(str(given_id)) if given_id else default_id(path, f"#{i}", body),
        source=source,
        fmt="feed",
        content=scrub_surrogates(body),
        url=scrub_surrogates(link) if link else None,
        title=scrub_surrogates(entry["title"]) if isinstance(entry.get("title"), str) else None,
        date=given,
        date_source="feed entry published date" if given else None,
    )


def read_warc(path: str, stream: ByteStream, settings: Settings) -> Iterator[Item]:
    """Response and resource records with HTML or text. HTTP headers are parsed here, not by warcio,
    which raises for a response record without WARC-Target-URI and so ends the whole file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.recordloader import ArcWarcRecordLoader

    http_parser = ArcWarcRecordLoader().http_parser
    found = 0  # documents and rejects yielded; a WARC that gives neither is reported, not skipped
    i = -1
    try:
        for i, record in enumerate(ArchiveIterator(stream, no_record_parse=True)):
            if record.rec_type not in ("response", "resource"):
                continue
            try:
                item = _warc_record(path, i, record, http_parser, settings)
            except InputError as exc:
                found += 1
                yield Reject(f"{path}#{i}", exc.stage, str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - one broken record must not end the archive
                found += 1
                yield reader_failure(f"{path}#{i}", exc)
                continue
            if item is not None:
                found += 1
                yield item
    except ArchiveLoadFailed as exc:
        yield Reject(path, "ingest", f"not a readable WARC file ({exc}) - check the file is complete")
        return
    except Exception as exc:  # noqa: BLE001 - the records read so far stand; the rest is one reject
        yield reader_failure(f"{path}#{i + 1}", exc, "WARC file unreadable from this record on")
        return
    if not found:
        yield Reject(path, "ingest", "WARC file holds no HTML or text response records"
                     " - check that it is a complete WARC crawl of article pages")


def _warc_record(path: str, i: int, record: Any, http_parser: Any, settings: Settings) -> Item | None:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    uri = scrub_surrogates(uri.strip("<>")) if uri else None
    source = f"{path}#{uri or i}"
    warc_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    if record.rec_type == "response" and (warc_type.startswith("application/http")
                                          or (uri or "").startswith(("http:", "https:"))):
        try:
            record.http_headers = http_parser.parse(record.raw_stream)
        except EOFError:
            return Reject(source, "ingest", "WARC response record ends inside its HTTP headers"
                          " - the archive is truncated; re-download or re-crawl it")
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = warc_type
    if "html" not in ctype.lower() and "text" not in ctype.lower():
        return None
    payload = record.content_stream().read(settings.max_record_bytes + 1)
    if len(payload) > settings.max_record_bytes:
        return Reject(source, "ingest", f"WARC record over max_record_bytes={settings.max_record_bytes}"
                      " - raise COOPGRAPH_MAX_RECORD_BYTES")
    raw = record.raw_stream
    while raw.read(1 << 16):  # what the content reader left (trailing bytes) ...
        pass
    if getattr(raw, "limit", 0) > 0:  # ... and what the declared Content-Length promised but the file lacks
        return Reject(source, "ingest", f"truncated WARC record: {raw.limit} of its declared "
                      f"{record.length} bytes are missing - re-download or re-crawl the archive")
    text, enc = decode(payload)
    fmt = "html" if "html" in ctype.lower() else "text"
    return RawDoc(id=uri or default_id(path, f"#{i}", payload), source=source, fmt=fmt, content=text,
                  url=uri, encoding=enc)


def open_bytes(data: bytes) -> IO[bytes]:
    return io.BytesIO(data)
