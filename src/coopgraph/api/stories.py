"""/api/v1/stories: articles grouped into stories (mirrors and follow-ups of one event)."""
from __future__ import annotations

import sqlite3
from typing import Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from .. import query
from ..query import facts as qf
from .common import ListParams, list_params, list_response, reader

router = APIRouter(tags=["stories"])
COLUMNS = ["id", "size", "first_date", "last_date", "title", "articles"]


def all_stories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for m in qf.article_meta(conn).values():
        groups.setdefault(m.story, []).append(m)
    out = []
    for sid, ms in groups.items():
        ms.sort(key=lambda m: (m.when or "", m.id))
        dated = [m.when for m in ms if m.when and not m.when.startswith("--")]
        out.append({"id": sid, "size": len(ms), "first_date": min(dated) if dated else None,
                    "last_date": max(dated) if dated else None, "title": ms[0].title,
                    "articles": [{"id": m.id, "doc_id": m.doc_id, "title": m.title, "date": m.date or m.date_partial,
                                  "url": m.url} for m in ms]})
    out.sort(key=lambda s: (-s["size"], s["last_date"] or "", s["id"]))
    return out


@router.get("/stories", summary="Stories")
def list_stories(request: Request, lp: ListParams = Depends(list_params)) -> Response:
    """Stories, largest first, each with its articles."""
    with reader(request) as conn:
        rows = all_stories(conn)
    return list_response(rows, lp.page, lp.format, COLUMNS, name="stories")


@router.get("/stories/{story_id}", summary="One story")
def get_story(request: Request, story_id: str = Path(..., max_length=100)) -> dict[str, Any]:
    with reader(request) as conn:
        for s in all_stories(conn):
            if s["id"] == story_id:
                return s
    raise query.NotFound(f"no story {story_id!r}", "list stories with /api/v1/stories")
