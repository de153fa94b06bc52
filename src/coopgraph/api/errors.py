"""The one error shape, ``{"error": {"status", "code", "message", "hint"}}``, for every 4xx and 5xx: HTTP errors,
validation errors, coopgraph's own errors (a malformed search is a 400 that says how to quote) and crashes."""
from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import CoopgraphError, StoreError, UsageError
from ..query import NotFound
from .common import ApiError, error_body, error_response

log = logging.getLogger("coopgraph.api")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         406: "not_acceptable", 413: "payload_too_large", 415: "unsupported_media_type", 422: "validation_error",
         500: "internal_error", 503: "unavailable"}
HINTS = {404: "see /api/v1 for the resources and /docs for their parameters",
         405: "see /docs for the methods of each path"}


def _validation_message(exc: RequestValidationError) -> tuple[str, str]:
    parts = []
    for e in exc.errors()[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request", "see /docs for each parameter's type and range"


def _wants_html(request: Request) -> bool:
    """A browser asking for a page of the web UI (not the API): it gets the same four fields as an HTML page."""
    path = request.url.path
    return (not path.startswith(("/api/", "/openapi.json", "/static/")) and path != "/api"
            and "text/html" in request.headers.get("accept", ""))


def respond(request: Request, status: int, code: str, message: str, hint: str | None = None,
            headers: dict[str, str] | None = None) -> Response:
    if _wants_html(request):
        from ..web.pages import templates

        body = error_body(status, code, message, hint)
        return templates.TemplateResponse(request, "error.html", body, status_code=status, headers=headers)
    return error_response(status, code, message, hint, headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, exc.code, exc.message, exc.hint)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return respond(request, status, CODES.get(status, "error"), message, HINTS.get(status),
                              headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        message, hint = _validation_message(exc)
        return respond(request, 422, "validation_error", message, hint)

    @app.exception_handler(CoopgraphError)
    async def _coopgraph(request: Request, exc: CoopgraphError) -> Response:
        if isinstance(exc, NotFound):
            return respond(request, 404, "not_found", exc.message, exc.hint)
        if isinstance(exc, UsageError):
            code = "bad_query" if "search" in exc.message else "bad_request"
            return respond(request, 400, code, exc.message, exc.hint)
        if isinstance(exc, StoreError):
            return respond(request, 503, "database_unavailable", exc.message, exc.hint)
        return respond(request, 400, "bad_request", exc.message, exc.hint)

    @app.exception_handler(sqlite3.DatabaseError)
    async def _db(request: Request, exc: sqlite3.DatabaseError) -> Response:
        log.exception("database error on %s", request.url.path)
        return respond(request, 503, "database_error", f"database error: {exc}",
                              "is --db a coopgraph database? run `coopgraph graph` if the graph tables are missing")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return respond(request, 500, "internal_error", "the server failed on this request",
                              "this is a bug: report the URL and the server log")
