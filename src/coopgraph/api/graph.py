"""/api/v1/graph: the partner graph (nodes and edges), as coopgraph's GraphML export draws it."""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..export import partner_graph
from ..query import facts as qf
from ..query.types import Window
from .articles import chunked
from .common import DATE_PATTERN, ListParams, cached, list_params, list_response, reader

router = APIRouter(tags=["graph"])
# the edge types partner_graph draws (export.py); only these get a cached answer
EDGE_TYPES = frozenset({"cooperation", "figure", "meeting", "part_of", "member_of", "represents", "based_in", "participates"})
EDGE_COLUMNS = ["source", "target", "type", "metric", "value", "unit", "period", "kind", "date"]


def article_ids(conn: sqlite3.Connection, sector: str | None, since: str | None, until: str | None) -> set[int]:
    """The articles in a sector (any case) and period, as the article search filters them."""
    w = Window(since, until)
    ids = sorted(a for a, m in qf.article_meta(conn).items() if w.admits(m.when))
    if sector:
        want = sector.casefold()
        return {r["article_id"] for r in chunked(lambda c: qf.rows(conn, "sectors", c), ids)
                if r["sector"].casefold() == want}
    return set(ids)


def graph_data(conn: sqlite3.Connection, edge_type: str | None = None, request: Request | None = None,
               sector: str | None = None, since: str | None = None, until: str | None = None
               ) -> dict[str, list[dict[str, Any]]]:
    """The partner graph, or with ``sector``/``since``/``until`` the graph of the articles in that sector and
    period only."""
    if sector or since or until:  # not cached: one entry per filter a client makes up would grow without end
        g = partner_graph(conn, article_ids(conn, sector, since, until))
    elif request is not None:
        g = cached(request, "partner_graph", lambda: partner_graph(conn))
    else:
        g = partner_graph(conn)
    edges = [{"source": a, "target": b, "key": k} | d for a, b, k, d in g.edges(keys=True, data=True)
             if not edge_type or d.get("type") == edge_type]
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [{"id": n} | d | {"degree": g.degree(n)} for n, d in g.nodes(data=True) if n in used]
    nodes.sort(key=lambda n: (-n["degree"], n["id"]))
    return {"nodes": nodes, "edges": edges}


TYPE = Query(None, max_length=40, description="Only edges of this type: cooperation, figure, meeting, part_of, ...")
SECTOR = Query(None, max_length=100, description="Only what articles of this sector say (e.g. agriculture)")
SINCE = Query(None, pattern=DATE_PATTERN, description="Only articles from this date on: 2024, 2024-05, 2024-05-01")
UNTIL = Query(None, pattern=DATE_PATTERN, description="Only articles up to this date (a year: its end)")


@router.get("/graph", summary="The partner graph", response_model=None)
def get_graph(request: Request, type: str | None = TYPE, sector: str | None = SECTOR, since: str | None = SINCE,
              until: str | None = UNTIL) -> Response:
    """Nodes (entity ids with label, kind, country, code, articles, degree) and edges (type and attributes)."""

    def encode() -> bytes:
        return json.dumps(graph_data(conn, type, request, sector, since, until), ensure_ascii=False,
                          allow_nan=False, separators=(",", ":")).encode()

    with reader(request) as conn:
        if sector or since or until or (type is not None and type not in EDGE_TYPES):
            body = encode()  # not cached: one entry per filter a client makes up would grow without end
        else:  # the whole answer, encoded once per database state: the graph only changes with a write
            body = cached(request, f"graph_json:{type or ''}", encode)
    return Response(body, media_type="application/json")


@router.get("/graph/nodes", summary="Nodes of the partner graph")
def get_nodes(request: Request, type: str | None = TYPE, sector: str | None = SECTOR,
              since: str | None = SINCE, until: str | None = UNTIL, lp: ListParams = Depends(list_params)) -> Response:
    with reader(request) as conn:
        rows = graph_data(conn, type, request, sector, since, until)["nodes"]
    return list_response(rows, lp.page, lp.format, name="nodes")


@router.get("/graph/edges", summary="Edges of the partner graph")
def get_edges(request: Request, type: str | None = TYPE, sector: str | None = SECTOR,
              since: str | None = SINCE, until: str | None = UNTIL, lp: ListParams = Depends(list_params)) -> Response:
    with reader(request) as conn:
        rows = graph_data(conn, type, request, sector, since, until)["edges"]
    return list_response(rows, lp.page, lp.format, EDGE_COLUMNS, name="edges")
