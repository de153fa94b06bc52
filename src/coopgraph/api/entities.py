"""/api/v1/entities: canonical persons, organizations and places with aliases, roles over time and mentions."""
from __future__ import annotations

import sqlite3
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from .. import dossier, query
from ..query import facts as qf
from .common import ListParams, list_params, list_response, reader

router = APIRouter(tags=["entities"])
COLUMNS = ["id", "kind", "name", "country", "iso3166_2", "articles", "stories", "aliases", "roles"]


def _summary(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: rec[k] for k in COLUMNS if k in rec} | {"mentions": len(rec["mentions"])}


MENTION_LIMIT = 100  # mentions an entity answer lists with their sentences unless ?limit= asks for another number


def entity_detail(conn: sqlite3.Connection, eid: str, limit: int | None = None) -> dict[str, Any]:
    """The entity with every mention and its sentence; with ``limit`` only the first ``limit`` mentions (by date)
    are listed and ``truncated`` gives the full count when it cut them: a person named in thousands of articles
    reads the sentences of one page, not of every article."""
    rec = qf.entity_record(conn, eid)
    if rec is None:
        raise query.NotFound(f"no entity {eid!r}", "find entity ids with /api/v1/entities?q=NAME")
    if limit is not None:
        total = len(rec["mentions"])
        rec["mentions"] = rec["mentions"][:limit]
        rec["truncated"] = {"mentions": total} if total > limit else {}
    by_table: dict[str, list[int]] = {}
    for m in rec["mentions"]:
        by_table.setdefault(m["fact_table"], []).append(m["fact_id"])
    evidence = {(t, i): f for t, ids in by_table.items() for i, f in qf.facts_by_id(conn, t, ids).items()}
    for m in rec["mentions"]:
        f = evidence.get((m["fact_table"], m["fact_id"]))
        m["fact"] = f"{m['fact_table']}:{m['fact_id']}"
        m["sentence"] = f.evidence if f else None
        m["span"] = f.span if f else None
    rec["co_occurring"] = qf.co_occurring(conn, eid)  # entities named in the same articles, most shared first
    return rec


@router.get("/entities", summary="Entities (persons, organizations, places)")
def list_entities(request: Request,
                  q: str | None = Query(None, max_length=200,
                                        description="A name in any spelling (German, English, Russian)"),
                  kind: str | None = Query(None, max_length=40,
                                           description="person, organization, country, region, city, ..."),
                  lp: ListParams = Depends(list_params)) -> Response:
    """Without ``q`` every entity, most mentioned first; with ``q`` those whose name or an alias matches."""
    with reader(request) as conn:
        if q and q.strip():
            recs = [_summary(r) for r in dossier.entity(conn, q)]
            if kind:
                recs = [r for r in recs if r["kind"] == kind]
            return list_response(recs, lp.page, lp.format, COLUMNS + ["mentions"], name="entities")
        recs_all = qf.entity_summaries(conn)  # what _summary makes of each entity_record, in a few reads
        if kind:
            recs_all = [r for r in recs_all if r["kind"] == kind]
        recs_all.sort(key=lambda r: (-r["articles"], r["name"]))
        return list_response(recs_all, lp.page, lp.format, COLUMNS + ["mentions"], name="entities")


@router.get("/entities/{entity_id:path}", summary="One entity")
def get_entity(request: Request, entity_id: str = Path(..., max_length=300, description='e.g. "country:KZ"'),
               limit: int = Query(MENTION_LIMIT, ge=1, le=100_000, description="Most mentions listed (by date)")
               ) -> dict[str, Any]:
    """Aliases with counts, merges and the rule of each, roles over time, the first ``limit`` mentions by date
    with their sentences (``truncated.mentions``: how many there are when that cut them), and the entities named
    in the same articles."""
    with reader(request) as conn:
        return entity_detail(conn, entity_id, limit)
