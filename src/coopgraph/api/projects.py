"""/api/v1/projects and /api/v1/matches: projects with their status history; offers matched to needs."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from .. import dossier
from ..query.types import Window
from .common import ListParams, list_params, list_response, reader
from .partners import window

router = APIRouter(tags=["projects"])

PARTNER = Query(None, max_length=200, description="Only this partner (country, region or city, any spelling)")


@router.get("/projects", summary="Projects")
def list_projects(request: Request, partner: str | None = PARTNER, w: Window = Depends(window),
                  lp: ListParams = Depends(list_params)) -> Response:
    """Projects with place, sector, status and the dated history of mentions (`coopgraph projects`)."""
    with reader(request) as conn:
        ref = dossier.resolve_partner(conn, partner) if partner else None
        rows = dossier.projects(conn, ref, w)
    return list_response(rows, lp.page, lp.format, name="projects")


@router.get("/matches", summary="Offers matched to needs")
def list_matches(request: Request, partner: str | None = PARTNER, w: Window = Depends(window),
                 lp: ListParams = Depends(list_params)) -> Response:
    """An offer of one side that meets a need of another, by sector and products (`coopgraph matches`)."""
    with reader(request) as conn:
        ref = dossier.resolve_partner(conn, partner) if partner else None
        rows = dossier.matches(conn, ref, w)
    return list_response(rows, lp.page, lp.format, name="matches")
