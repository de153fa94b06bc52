"""/api/v1/stats and /api/v1/facts/{fact_id}: corpus counts, and where one fact comes from (`coopgraph explain`)."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request

from .. import query
from ..explain import explain
from .common import reader

router = APIRouter(tags=["stats"])


@router.get("/stats", summary="Corpus statistics")
def get_stats(request: Request) -> dict[str, Any]:
    """Articles, dates, languages, agencies, rejects, facts per table and the sizes of the graph tables."""
    with reader(request) as conn:
        return query.stats(conn) | {"graph": query.graph_counts(conn), "graph_hint": query.graph_hint(conn)}


@router.get("/facts/{fact_id}", summary="Explain one fact")
def get_fact(request: Request, fact_id: str = Path(..., max_length=60, description="TABLE:ID, e.g. figures:12")
             ) -> dict[str, Any]:
    """The article, the sentence with the span marked [[like this]], the extractor, the rule id and each
    normalization step (`coopgraph explain`)."""
    with reader(request) as conn:
        return explain(conn, fact_id)
