"""/api/v1/figures: figure series with kind and period, targets against actuals, contradictions."""
from __future__ import annotations

import sqlite3
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from .. import comparison, dossier
from ..query import facts as qf
from ..query.types import FigureRow, Window
from .common import DATE_PATTERN, ListParams, cached, list_params, list_response, reader

router = APIRouter(tags=["figures"])
COLUMNS = ["fact_id", "metric", "value", "unit", "period", "kind", "span_label", "qualifier", "pair_names", "parties",
           "date", "source", "doc_id", "story", "quote"]


def all_figures(conn: sqlite3.Connection) -> list[FigureRow]:
    meta = qf.article_meta(conn)
    return dossier.figure_rows(conn, sorted(meta), meta)


def _party_matches(f: FigureRow, party: str) -> bool:
    p = party.casefold()
    return any(p == x.casefold() for x in f.pair) or any(p in x.casefold() for x in (*f.pair_names, *f.parties))


def figure_filter(metric: str | None = Query(None, max_length=100, description="e.g. trade_turnover"),
                  party: str | None = Query(None, max_length=200, description="A party's name or partner code"),
                  period: str | None = Query(None, max_length=40, description="Period prefix: 2024, 2024-01"),
                  kind: str | None = Query(None, max_length=40, description="actual, target, forecast, ..."),
                  since: str | None = Query(None, pattern=DATE_PATTERN),
                  until: str | None = Query(None, pattern=DATE_PATTERN)
                  ) -> dict[str, Any]:
    return {"metric": metric, "party": party, "period": period, "kind": kind, "window": Window(since, until)}


def find_figures(conn: sqlite3.Connection, flt: dict[str, Any], request: Request | None = None) -> list[FigureRow]:
    rows = cached(request, "figures", lambda: all_figures(conn)) if request is not None else all_figures(conn)
    out = []
    for f in rows:
        if flt["metric"] and f.metric != flt["metric"]:
            continue
        if flt["kind"] and f.kind != flt["kind"]:
            continue
        if flt["period"] and not (f.period or "").startswith(flt["period"]):
            continue
        if flt["party"] and not _party_matches(f, flt["party"]):
            continue
        if flt["window"] and not flt["window"].admits(f.date):
            continue
        out.append(f)
    return out


@router.get("/figures", summary="Figures")
def list_figures(request: Request, flt: dict[str, Any] = Depends(figure_filter),
                 lp: ListParams = Depends(list_params)) -> Response:
    """Every figure normalized: metric, value, unit, kind, period and its span, hedge, the pair of parties."""
    with reader(request) as conn:
        rows = find_figures(conn, flt, request)
    return list_response(rows, lp.page, lp.format, COLUMNS, name="figures")


@router.get("/contradictions", summary="Contradicting figures")
def list_contradictions(request: Request, flt: dict[str, Any] = Depends(figure_filter),
                        lp: ListParams = Depends(list_params)) -> Response:
    """Two stories that give incompatible values for the same metric, unit, kind, pair and stated period."""
    with reader(request) as conn:
        rows = comparison.contradictions(find_figures(conn, flt, request))
    return list_response(rows, lp.page, lp.format, name="contradictions")


@router.get("/targets", summary="Targets against actuals")
def list_targets(request: Request, flt: dict[str, Any] = Depends(figure_filter),
                 lp: ListParams = Depends(list_params)) -> Response:
    """Each target set against the latest comparable actual (the gap and share reached, or why none compares)."""
    with reader(request) as conn:
        rows = find_figures(conn, flt, request)
    actuals = [f for f in rows if f.kind == "actual"]
    out = [comparison.compare(t, actuals) for t in rows if t.kind == "target"]
    return list_response(out, lp.page, lp.format, name="targets")


