"""/api/v1/watchlists: saved searches, partners and entities, and "new since your last visit" for each (the CLI's
`coopgraph watch`). Reads go through ``coopgraph.query.watch`` on the read-only connection; writes (save, delete,
mark seen) go through ``coopgraph.store.watchlists`` behind the same bearer-token rule as POST /api/v1/articles."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from ..query import watch as qw
from .common import ApiError, reader
from .ingest import check_token
from .schema import ERRORS

router = APIRouter(tags=["watchlists"])

MAX_ID = 2**62  # ids and watermarks stay inside SQLite's integers
WATCH_ID = Path(..., ge=1, le=MAX_ID, description="The watchlist's id (GET /api/v1/watchlists lists them).")
UPTO = Query(None, ge=0, le=MAX_ID, description="Newest article id to consider: the `upto` of a list already seen "
                                                "(default: the newest article stored).")


class WatchlistIn(BaseModel):
    kind: Literal["search", "partner", "entity"] = Field(description="What to watch.")
    value: str = Field(min_length=1, max_length=qw.MAX_VALUE,
                       description='A search ("Traktoren Kasachstan"), a partner in any spelling or ISO code, '
                                   'or an entity id or name.')
    label: str | None = Field(None, max_length=200, description="A name to show instead of the value.")


class WatchlistOut(BaseModel):
    id: int
    kind: Literal["search", "partner", "entity"]
    value: str
    label: str | None
    created_at: str
    last_seen_at: str
    last_seen_article: int
    last_seen_run: int | None


class WatchlistSummary(WatchlistOut):
    new_articles: int
    new_facts: int
    upto: int


class WatchlistPage(BaseModel):
    items: list[WatchlistSummary]
    total: int


class NewArticleOut(BaseModel):
    id: int
    doc_id: str
    title: str | None
    date: str | None
    date_partial: str | None
    ingested_at: str


class FactOut(BaseModel):
    fact_id: str
    table: str
    article_id: int
    start: int
    end: int
    extractor: str
    rule_id: str
    summary: str
    evidence: str
    span: str
    entity_id: str | None
    canonical: str | None


class NewsOut(BaseModel):
    watchlist: WatchlistOut
    upto: int
    runs: int
    articles: list[NewArticleOut]
    facts: list[FactOut]


SAVED: dict[int | str, dict[str, Any]] = {200: {"model": WatchlistOut, "description": "Saved already"}}


@contextmanager
def writer(request: Request) -> Iterator[sqlite3.Connection]:
    """A writable connection to the server's database (migrated, so the watchlists table exists), after the token
    check."""
    from ..store import Store

    check_token(request)
    store = Store.open(request.app.state.settings.db)
    try:
        yield store.conn
    finally:
        store.close()


def _summaries(request: Request) -> list[dict[str, object]]:
    with reader(request) as conn:
        return [qw.summary(qw.new_since(conn, w)) for w in qw.watchlists(conn)]


@router.get("/watchlists", summary="Watchlists with how much is new for each", response_model=WatchlistPage,
            responses=ERRORS)
def list_watchlists(request: Request) -> dict[str, object]:
    """Every saved search, partner and entity, oldest first, with the number of articles and facts stored since
    the last visit (``upto`` is the newest article id counted)."""
    items = _summaries(request)
    return {"items": items, "total": len(items)}


@router.post("/watchlists", summary="Save a search, a partner or an entity, token required",
             response_model=WatchlistOut, status_code=201, responses=SAVED | ERRORS)
def add_watchlist(request: Request, body: WatchlistIn, response: Response) -> dict[str, object]:
    """A partner is saved under its canonical name and an entity under its id, so each is watched once whatever
    its spelling. What is stored already is not new for it: the first visit lists what later ingests bring.
    Saving it again answers the existing watchlist with 200."""
    from ..store import watchlists as sw

    with writer(request) as conn:
        value, label = qw.resolve(conn, body.kind, body.value)
        watch_id, created = sw.add(conn, body.kind, value, body.label or label)
        if not created:
            response.status_code = 200
        return qw.watchlist(conn, watch_id).as_dict()


@router.delete("/watchlists/{watch_id}", summary="Delete a watchlist, token required", status_code=204,
               response_class=Response, responses=ERRORS)
def delete_watchlist(request: Request, watch_id: int = WATCH_ID) -> Response:
    from ..store import watchlists as sw

    with writer(request) as conn:
        if not sw.remove(conn, watch_id):
            raise ApiError(404, "not_found", f"no watchlist {watch_id}", "GET /api/v1/watchlists lists them")
    return Response(status_code=204)


@router.get("/watchlists/{watch_id}/new", summary="New since the last visit", response_model=NewsOut,
            responses=ERRORS)
def watchlist_news(request: Request, watch_id: int = WATCH_ID, upto: int | None = UPTO) -> dict[str, object]:
    """The articles stored since the last visit that match the watchlist, oldest first, and their facts with the
    evidence sentence: for a search or a partner the figures, meetings, offers and needs, quotes and project
    mentions of those articles; for an entity its mentions. Mark them seen with POST .../seen?upto=UPTO."""
    with reader(request) as conn:
        return qw.new_since(conn, qw.watchlist(conn, watch_id), upto).as_dict()


@router.post("/watchlists/{watch_id}/seen", summary="Mark what is new as seen, token required",
             response_model=WatchlistOut, responses=ERRORS)
def mark_seen(request: Request, watch_id: int = WATCH_ID, upto: int | None = UPTO) -> dict[str, object]:
    """Moves the watermark to article id ``upto`` (the ``upto`` of the list the user saw; default the newest
    article), so articles stored after that list stay new. The watermark never moves back."""
    from ..store import watchlists as sw

    with writer(request) as conn:
        if not sw.mark_seen(conn, watch_id, upto):
            raise ApiError(404, "not_found", f"no watchlist {watch_id}", "GET /api/v1/watchlists lists them")
        return qw.watchlist(conn, watch_id).as_dict()
