"""POST /api/v1/articles: ingest JSONL (or uploaded files) behind a bearer token.

Writes are enabled only when ``COOPGRAPH_API_TOKEN`` is set (at start-up, in ``create_app``); the token in
``Authorization: Bearer`` is compared with ``hmac.compare_digest`` (constant time). Rejected inputs come back in
the response, as the CLI prints them."""
from __future__ import annotations

import hmac
import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUploadFile

from .common import ApiError

router = APIRouter(tags=["articles"])

TOKEN_ENV = "COOPGRAPH_API_TOKEN"
_WRITE_LOCK = threading.Lock()


def check_token(request: Request) -> None:
    token: str | None = request.app.state.api_token
    if not token:
        raise ApiError(403, "writes_disabled", "writes are disabled on this server",
                       f"start the server with {TOKEN_ENV} set to a secret token to enable POST /api/v1/articles")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "unauthorized", "missing or wrong bearer token",
                       "send the header Authorization: Bearer TOKEN with the server's token")


def _run(settings: Any, path: str) -> dict[str, Any]:
    from ..pipeline import ingest
    from ..store import Store

    with _WRITE_LOCK:  # one ingest at a time; readers go on with their read-only connections
        store = Store.open(settings.db)
        try:
            report = ingest([path], store, settings, progress=False)
        finally:
            store.close()
    return report.as_dict() | {"rejects": [{"source": r.source, "stage": r.stage, "reason": r.reason}
                                           for r in report.rejects]}


@router.post("/articles", summary="Ingest articles (JSONL), token required", status_code=200,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/x-ndjson": {"schema": {"type": "string"}},
                 "application/jsonl": {"schema": {"type": "string"}},
                 "multipart/form-data": {"schema": {"type": "object", "properties": {
                     "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}})
async def post_articles(request: Request) -> dict[str, Any]:
    """One JSON object per line with ``text`` (and optional ``id``, ``title``, ``url``, ``date``), or files
    uploaded as ``multipart/form-data`` (.txt, .html, .jsonl, RSS/Atom, WARC); the same ingest
    as `coopgraph ingest`, graph update included. Answers the counts and each rejected input with its reason."""
    check_token(request)
    limit: int = request.app.state.max_body
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, "payload_too_large", f"the body is larger than {limit} bytes",
                           "send fewer articles per request")
    if not body.strip():
        raise ApiError(400, "empty_body", "no articles in the body", "send one JSON object per line with a text field")
    with tempfile.TemporaryDirectory(prefix="coopgraph-post-") as tmp:
        folder = Path(tmp) / "upload"
        folder.mkdir()
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            await _save_files(request, bytes(body), folder)
        else:
            (folder / "upload.jsonl").write_bytes(bytes(body))
        result = await run_in_threadpool(_run, request.app.state.settings, str(folder))
    for r in result["rejects"]:
        r["source"] = r["source"].replace(str(folder) + "/", "")
    return result


async def _save_files(request: Request, body: bytes, folder: Path) -> None:
    """The uploaded files of a multipart form (any field), under their base names, for the ingest to read as it
    reads a folder (.txt, .html, .jsonl, feeds, WARC)."""
    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, replay).form()
    n = 0
    for _, value in form.multi_items():
        if isinstance(value, StarletteUploadFile):
            name = Path(value.filename or "").name.lstrip(".") or f"file-{n}"
            n += 1
            (folder / f"{n:04d}-{name}").write_bytes(await value.read())
    if not n:
        raise ApiError(400, "no_files", "the form has no file", "send the articles as file fields of the form, "
                       "or send JSONL as the body")
