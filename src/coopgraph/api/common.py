"""What every resource module shares: the read-only connection, the one error shape, pagination with a cursor
and the JSON/CSV list response. No SQL here: every read goes through ``coopgraph.query`` and the read modules."""
from __future__ import annotations

import base64
import binascii
import io
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Query, Request
from fastapi.responses import JSONResponse, Response

from ..output import write_rows
from ..query import open_readonly
from ..query.types import _plain

MAX_LIMIT = 500
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


class ApiError(Exception):
    """An error answered as ``{"error": {"status", "code", "message", "hint"}}``."""

    def __init__(self, status: int, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.hint = status, code, message, hint


def error_body(status: int, code: str, message: str, hint: str | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "hint": hint}}


def error_response(status: int, code: str, message: str, hint: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, hint), status_code=status, headers=headers)


@contextmanager
def reader(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection (sqlite ``mode=ro``) for one request, closed after it. Opened in the thread that
    uses it: sqlite connections are bound to their thread."""
    conn = open_readonly(request.app.state.settings.db)
    try:
        yield conn
    finally:
        conn.close()


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, num = raw.partition(":")
        if kind == "o" and num.isascii() and num.isdigit() and len(num) <= 12:
            return int(num)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise ApiError(400, "bad_cursor", f"{cursor!r} is not a cursor of this API",
                   "pass the next_cursor value of the previous page unchanged, or leave cursor out for the first page")


def page(limit: int, cursor: str | None) -> Page:
    return Page(limit, decode_cursor(cursor))


def plain(v: Any) -> Any:
    """Dataclass records, sqlite rows, tuples and sets as JSON-ready data."""
    if isinstance(v, sqlite3.Row):
        return {k: v[k] for k in v.keys()}  # noqa: SIM118 - a sqlite3.Row iterates over its values, not its keys
    return _plain(v)


def list_response(items: Sequence[Any], pg: Page, fmt: str, columns: Sequence[str] | None = None,
                  extra: dict[str, Any] | None = None, name: str = "rows") -> Response:
    """One page of ``items`` (the whole answer, in order) as ``{"items", "total", "limit", "next_cursor"}`` or, with
    ``format=csv``, as CSV whose cells no spreadsheet runs as a formula (coopgraph.output's writer)."""
    chunk = [plain(x) for x in items[pg.offset:pg.offset + pg.limit]]
    more = pg.offset + pg.limit < len(items)
    nxt = encode_cursor(pg.offset + pg.limit) if more else None
    if fmt == "csv":
        buf = io.StringIO()
        cols = list(columns or (chunk[0].keys() if chunk else []))
        write_rows(chunk, "csv", buf, cols)
        headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
        if nxt:
            headers["X-Next-Cursor"] = nxt
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    body = {"items": chunk, "total": len(items), "limit": pg.limit, "next_cursor": nxt} | (extra or {})
    return JSONResponse(body)


@dataclass(frozen=True)
class ListParams:
    limit: int
    cursor: str | None
    format: str

    @property
    def page(self) -> Page:
        return page(self.limit, self.cursor)


def list_params(limit: int = Query(50, ge=1, le=MAX_LIMIT, description="Most items per page."),
                cursor: str | None = Query(None, max_length=64, description="next_cursor of the previous page."),
                format: Literal["json", "csv"] = Query("json", description="json, or csv (one row per item).")
                ) -> ListParams:
    return ListParams(limit, cursor, format)


def db_signature(path: str) -> tuple[int, ...]:
    """Changes whenever the database file or its write-ahead log is written."""
    import os

    sig: list[int] = []
    for p in (path, path + "-wal"):
        try:
            st = os.stat(p)
            sig += [st.st_mtime_ns, st.st_size]
        except OSError:
            sig += [0, 0]
    return tuple(sig)


def cached(request: Request, key: str, compute: Callable[[], Any]) -> Any:
    """A derived answer that is costly to compute (the partner graph, all figures), kept until the database
    changes. One entry per key; computed again after any write (an ingest through the API or the CLI)."""
    store: dict[str, tuple[tuple[int, ...], Any]] = request.app.state.__dict__.setdefault("_cache", {})
    sig = db_signature(request.app.state.settings.db)
    hit = store.get(key)
    if hit is not None and hit[0] == sig:
        return hit[1]
    value = compute()
    store[key] = (sig, value)
    return value
