"""The analysts' workbench over HTTP: ``create_app(settings)`` assembles the REST API (/api/v1, one module per
resource), the error shape, the security headers, the packaged API docs (/docs) and the web UI (coopgraph.web).

Every read goes through coopgraph's read layer (``coopgraph.query``, ``dossier``, ``comparison``, ``explain``) on a
read-only connection opened per request; the only write is the token-guarded ``POST /api/v1/articles``.
Needs the ``api`` extra: ``pip install 'coopgraph[api]'``."""
from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..settings import Settings
from . import (
    articles,
    docs,
    entities,
    errors,
    figures,
    graph,
    ingest,
    partners,
    projects,
    schema,
    stats,
    stories,
    watch,
)
from .security import SecurityMiddleware

API_PREFIX = "/api/v1"
MAX_BODY = 20 * 1024 * 1024  # bytes of one request body (a POST of articles)


def _index() -> dict[str, Any]:
    return {"name": "coopgraph", "version": __version__, "openapi": "/openapi.json", "docs": "/docs",
            "resources": [f"{API_PREFIX}/{r}" for r in ("articles", "partners", "entities", "figures", "targets",
                                                      "contradictions", "projects", "matches", "stories", "graph",
                                                      "stats", "watchlists", "facts/{fact_id}")]}


def create_app(settings: Settings | None = None, api_token: str | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The app for one database (``settings.db``). ``api_token`` (default: $COOPGRAPH_API_TOKEN) enables writes."""
    from ..web import STATIC_DIR
    from ..web import router as web_router

    settings = settings or Settings()
    app = FastAPI(title="coopgraph", version=__version__, docs_url=None, redoc_url=None,
                  description="Cooperation news as a knowledge graph: every fact one click from its sentence.")
    app.state.settings = settings
    app.state.api_token = api_token if api_token is not None else os.environ.get(ingest.TOKEN_ENV) or None
    app.state.max_body = max_body
    errors.install(app)
    schema.install(app)
    api = APIRouter(prefix=API_PREFIX)
    api.add_api_route("", _index, methods=["GET"], summary="Index of the API", tags=["index"])
    for module in (articles, ingest, partners, entities, figures, projects, stories, graph, stats, watch):
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(docs.router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(SecurityMiddleware, max_body=max_body)
    return app
