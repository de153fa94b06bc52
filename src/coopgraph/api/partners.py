"""/api/v1/partners: foreign partners ranked by activity, one partner's dossier (the CLI's `coopgraph dossier`)
and its timeline."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from .. import dossier
from ..query import partner_answers
from ..query.graph_answers import encode
from ..query.types import Window
from .common import DATE_PATTERN, ListParams, list_params, list_response, reader

router = APIRouter(tags=["partners"])


def window(since: str | None = Query(None, pattern=DATE_PATTERN, description="2024, 2024-05 or 2024-05-01"),
           until: str | None = Query(None, pattern=DATE_PATTERN)) -> Window:
    return Window(since, until)


NAME = Path(..., max_length=200, description="Country, region or city in German, English or Russian, or its ISO code")


@router.get("/partners", summary="Foreign partners ranked by activity")
def list_partners(request: Request, w: Window = Depends(window), lp: ListParams = Depends(list_params)) -> Response:
    """Stories, meetings and figures per partner, each counted once per story."""
    with reader(request) as conn:
        rows = dossier.partners(conn, w)
    return list_response(rows, lp.page, lp.format, name="partners")


@dataclass(frozen=True)
class DossierAnswer(dossier.Dossier):
    """The schema of a dossier answer: ``dossier.Dossier`` with every list cut to ``limit`` items, and ``truncated``,
    the full length of each list that was cut ("meetings", "figures.METRIC", "persons.NAME.facts", ...)."""
    truncated: dict[str, int] = field(default_factory=dict)


SECTION_LIMIT = partner_answers.LIMIT  # items per list of a dossier unless ?limit= asks for another number


def partner_dossier(conn: Any, name: str, w: Window, limit: int | None = None) -> dict[str, Any]:
    """The dossier as plain data; with ``limit`` every list is cut to that many items and ``truncated`` gives the
    full length of each list that was cut (``dossier.bounded_dossier``)."""
    ref = dossier.resolve_partner(conn, name)
    if limit is None:
        return dossier.dossier(conn, ref, w).as_dict()
    return partner_answers.answer(conn, ref, w, limit)


# the answer is encoded (or read as stored) bytes, so the model documents it and FastAPI does not convert it again
@router.get("/partners/{name}", summary="A partner's dossier", response_model=DossierAnswer)
def get_partner(request: Request, name: str = NAME, w: Window = Depends(window),
                limit: int = Query(SECTION_LIMIT, ge=1, le=10_000, description="Most items per list of the dossier")
                ) -> Response:
    """The same content as `coopgraph dossier NAME`: meetings, persons and organizations on each side, sectors,
    offers and needs, figure series per metric, targets against actuals, contradictions; each with fact ids.
    Every list holds at most ``limit`` items; ``truncated`` names each list that was cut with its full length.
    Without a date range and at the default limit it is the answer the last graph update stored."""
    with reader(request) as conn:
        if limit == SECTION_LIMIT and not (w.since or w.until):
            body = partner_answers.stored(conn, dossier.resolve_partner(conn, name))
            if body is not None:
                return Response(body, media_type="application/json")
        body = encode(partner_dossier(conn, name, w, limit))
    return Response(body, media_type="application/json")


@router.get("/partners/{name}/timeline", summary="A partner's timeline")
def get_timeline(request: Request, name: str = NAME, w: Window = Depends(window),
                 lp: ListParams = Depends(list_params)) -> Response:
    """Meetings, figures, project events and offers/needs by date (`coopgraph timeline`)."""
    with reader(request) as conn:
        rows = dossier.timeline(conn, dossier.resolve_partner(conn, name), w)
    return list_response(rows, lp.page, lp.format, name="timeline")
