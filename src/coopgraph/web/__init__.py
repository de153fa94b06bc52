"""The web UI: server-rendered pages (Jinja2, autoescaped) over the same read layer as the API. Page scripts are
static files under static/ (the Content-Security-Policy forbids inline script); the chart (ECharts) and graph
(cytoscape.js) libraries are copied from their npm packages, with their licences, into static/vendor/."""
from __future__ import annotations

from pathlib import Path

from .pages import router
from .watch import router as _watch_router

router.include_router(_watch_router)  # /watch

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"

__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "router"]
