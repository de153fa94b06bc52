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


def install(app: FastAPI) -> None:
    """Replace the 422 response of every operation with the error shape, and drop the unused validation schemas."""

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
            for op in ops.values():
                if isinstance(op, dict) and "422" in op.get("responses", {}):
                    op["responses"]["422"] = {"description": "Validation error", "content": _error_ref()}
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
