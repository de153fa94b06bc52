"""The /watch page: every watchlist with what is new since the last visit (articles and their facts, each fact
linked to its sentence). Saving, deleting and marking seen go through /api/v1/watchlists from static/watch.js with
the server's bearer token, which the analyst types once per browser tab (kept in sessionStorage)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..api.common import reader
from ..query import watch as qw

router = APIRouter(include_in_schema=False)


@router.get("/watch", response_class=HTMLResponse)
def watch_page(request: Request) -> HTMLResponse:
    from .pages import render

    with reader(request) as conn:
        news = [qw.new_since(conn, w) for w in qw.watchlists(conn)]
    facts_of = [{a.id: [f for f in n.facts if f.article_id == a.id] for a in n.articles} for n in news]
    return render(request, "watch.html", items=list(zip(news, facts_of)),
                  writes=bool(request.app.state.api_token))
