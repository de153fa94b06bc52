"""/api/v1/graph: the partner graph (nodes and edges), as coopgraph's GraphML export draws it."""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..export import partner_graph
from .common import ListParams, cached, list_params, list_response, reader

router = APIRouter(tags=["graph"])
EDGE_COLUMNS = ["source", "target", "type", "metric", "value", "unit", "period", "kind", "date"]


def graph_data(conn: sqlite3.Connection, edge_type: str | None = None, request: Request | None = None
               ) -> dict[str, list[dict[str, Any]]]:
    g = cached(request, "partner_graph", lambda: partner_graph(conn)) if request is not None else partner_graph(conn)
    edges = [{"source": a, "target": b, "key": k} | d for a, b, k, d in g.edges(keys=True, data=True)
             if not edge_type or d.get("type") == edge_type]
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [{"id": n} | d | {"degree": g.degree(n)} for n, d in g.nodes(data=True) if n in used]
    nodes.sort(key=lambda n: (-n["degree"], n["id"]))
    return {"nodes": nodes, "edges": edges}


TYPE = Query(None, max_length=40, description="Only edges of this type: cooperation, figure, meeting, part_of, ...")


@router.get("/graph", summary="The partner graph", response_model=None)
def get_graph(request: Request, type: str | None = TYPE) -> Response:
    """Nodes (entity ids with label, kind, country, code, articles, degree) and edges (type and attributes)."""
    with reader(request) as conn:
        # the whole answer, encoded once per database state: the graph only changes with a write
        body = cached(request, f"graph_json:{type or ''}", lambda: json.dumps(
            graph_data(conn, type, request), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode())
    return Response(body, media_type="application/json")


@router.get("/graph/nodes", summary="Nodes of the partner graph")
def get_nodes(request: Request, type: str | None = TYPE, lp: ListParams = Depends(list_params)) -> Response:
    with reader(request) as conn:
        rows = graph_data(conn, type, request)["nodes"]
    return list_response(rows, lp.page, lp.format, name="nodes")


@router.get("/graph/edges", summary="Edges of the partner graph")
def get_edges(request: Request, type: str | None = TYPE, lp: ListParams = Depends(list_params)) -> Response:
    with reader(request) as conn:
        rows = graph_data(conn, type, request)["edges"]
    return list_response(rows, lp.page, lp.format, EDGE_COLUMNS, name="edges")
