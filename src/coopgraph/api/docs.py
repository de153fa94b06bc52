"""/docs: Swagger UI served from the package (static/vendor/swagger-ui, from the npm package swagger-ui-dist), so
the page works without network; the page's start-up script is a static file, as the CSP forbids inline script."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>coopgraph API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui" data-openapi-url="/openapi.json"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script></body></html>"""


@router.get("/docs")
def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)
