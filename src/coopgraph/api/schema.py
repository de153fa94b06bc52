"""The error shape in the OpenAPI document: every 4xx and 5xx answer is ``{"error": {...}}`` (api.errors), so the
schema says so, instead of FastAPI's default ``HTTPValidationError`` for 422, which this API never sends.
Clients generated from /openapi.json and schema-driven tests (tests/api/test_schemathesis.py) rely on it."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    hint: str | None


class ErrorBody(BaseModel):
    error: ErrorDetail


# the answers a route can give besides its success, for ``responses=`` of a route
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad request (the hint says how to fix it)"},
    401: {"model": ErrorBody, "description": "Missing or wrong bearer token (writes only)"},
    403: {"model": ErrorBody, "description": "Writes are disabled on this server (writes only)"},
    404: {"model": ErrorBody, "description": "Not found"},
}


def _error_ref() -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}


# what any operation may answer (api.errors): a bad parameter value the schema cannot express (a cursor, a fact id),
# something named that is not there, the database unavailable; and for writes the token and the body-size limit
ANY_ERRORS = {"400": "Bad request (the hint says how to fix it)", "404": "Not found",
              "422": "Validation error", "503": "Database unavailable"}
WRITE_ERRORS = {"401": "Missing or wrong bearer token", "403": "Writes are disabled on this server",
                "413": "Body too large"}


def _document(method: str, op: dict[str, Any]) -> None:
    """The error answers of one operation in the error shape; CSV beside JSON where ``format=csv`` is offered."""
    responses = op["responses"]
    codes = ANY_ERRORS | (WRITE_ERRORS if method in ("post", "put", "patch", "delete") else {})
    for code, text in codes.items():
        if code == "422" or code not in responses:
            responses[code] = {"description": text, "content": _error_ref()}
    if any(p.get("name") == "format" and p.get("in") == "query" for p in op.get("parameters", [])):
        for code, resp in responses.items():
            if code.startswith("2") and "application/json" in resp.get("content", {}):
                resp["content"]["text/csv"] = {"schema": {"type": "string"}}


def install(app: FastAPI) -> None:
    """Document the error answers of every operation in the error shape (422 replaces FastAPI's
    HTTPValidationError, unused here), and CSV where an operation offers it."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        schemas.update({k: v for k, v in ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
                        .pop("$defs", {}).items()})
        schemas["ErrorBody"] = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas["ErrorBody"].pop("$defs", None)
        for ops in doc.get("paths", {}).values():
            for method, op in ops.items():
                if isinstance(op, dict) and "responses" in op:
                    _document(method, op)
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
