"""Routes of the web UI. Each page asks the same functions as the API (which call the read layer) and renders a
Jinja2 template with autoescape on: every text from an article is escaped. Highlights are built from spans here,
as escaped segments, never by inserting article text as markup."""
from __future__ import annotations

from pathlib import Path as FsPath
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from .. import dossier, query
from ..api.articles import Filters, article_detail, chunked, find_articles
from ..api.common import DATE_PATTERN, cached, reader
from ..api.entities import entity_detail
from ..api.figures import all_figures
from ..api.partners import window
from ..query import facts as qf
from ..query.types import Window

router = APIRouter(include_in_schema=False)
# autoescape on for every template, whatever its file name
_LOADER = jinja2.FileSystemLoader(FsPath(__file__).parent / "templates")
templates = Jinja2Templates(env=jinja2.Environment(loader=_LOADER, autoescape=True))

# fact tables -> the highlight type shown on the article page
FACT_TYPES = {"persons": "person", "organizations": "organization", "places": "place", "partners": "place",
              "figures": "figure", "quotes": "quote", "offers": "offer", "meetings": "meeting", "sectors": "sector",
              "project_mentions": "project"}
PLACE_KINDS = ("country", "region", "city")


def highlight(snippet: str | None) -> Markup:
    """A search snippet, escaped, with the matches (between query.SNIPPET_MARKS) in <mark>."""
    if not snippet:
        return Markup("")
    left, right = query.SNIPPET_MARKS
    return Markup(str(escape(snippet)).replace(left, "<mark>").replace(right, "</mark>"))


templates.env.filters["highlight"] = highlight


def segments(text: str, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every fact boundary; each piece lists the facts that cover it (overlaps allowed)."""
    cuts = sorted({0, len(text), *(f["start"] for f in facts), *(f["end"] for f in facts)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        covering = [f for f in facts if f["start"] <= a and b <= f["end"] and f["start"] < f["end"]]
        covering.sort(key=lambda f: f["end"] - f["start"])  # the innermost first: its type colours the piece
        out.append({"text": text[a:b], "facts": [f["fact_id"] for f in covering],
                    "type": FACT_TYPES.get(covering[0]["table"], "other") if covering else None})
    return out


def entity_link(eid: str | None, name: str | None = None) -> str | None:
    if not eid:
        return None
    if eid.split(":")[0] in PLACE_KINDS and name:
        return "/partners/" + quote(name, safe="")
    return "/entities/" + quote(eid, safe=":")


templates.env.globals["entity_link"] = entity_link


def render(request: Request, template: str, **ctx: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, ctx)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    with reader(request) as conn:
        partners = dossier.partners(conn)[:15]
        meta = qf.article_meta(conn)
        meetings = []
        for r in chunked(lambda c: qf.rows(conn, "meetings", c), sorted(meta)):
            m = meta[r["article_id"]]
            meetings.append({"date": m.when, "article": m, "participants": r["participants"], "place": r["place"],
                             "fact": f"meetings:{r['id']}"})
        meetings.sort(key=lambda x: x["date"] or "", reverse=True)
        figures = cached(request, "figures", lambda: all_figures(conn))
        figures = sorted(figures, key=lambda f: f.date or "", reverse=True)[:12]
        stats = query.stats(conn)
    return render(request, "overview.html", partners=partners, meetings=meetings[:12], figures=figures, stats=stats)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str | None = Query(None, max_length=500),
                partner: str | None = Query(None, max_length=200), sector: str | None = Query(None, max_length=100),
                year: str | None = Query(None, pattern=r"^\d{4}$"), outlet: str | None = Query(None, max_length=200),
                person: str | None = Query(None, max_length=200),
                organization: str | None = Query(None, max_length=200)) -> HTMLResponse:
    f = Filters(q.strip() if q and q.strip() else None, partner or None, sector or None, person or None,
                organization or None, outlet or None, year, year)
    with reader(request) as conn:
        found = find_articles(conn, f)
    params = {k: v for k, v in {"q": q, "partner": partner, "sector": sector, "year": year, "outlet": outlet,
                                "person": person, "organization": organization}.items() if v}
    return render(request, "search.html", found=found, params=params, items=found.items[:100])


@router.get("/articles/{ident}", response_class=HTMLResponse)
def article_page(request: Request, ident: str = Path(..., max_length=200)) -> HTMLResponse:
    with reader(request) as conn:
        art = article_detail(conn, ident)
    for f in art["facts"]:
        f["type"] = FACT_TYPES.get(f["table"], "other")
    return render(request, "article.html", art=art, segments=segments(art["text"], art["facts"]))


@router.get("/partners/{name}", response_class=HTMLResponse)
def partner_page(request: Request, name: str = Path(..., max_length=200), w: Window = Depends(window)) -> HTMLResponse:
    with reader(request) as conn:
        ref = dossier.resolve_partner(conn, name)
        d = dossier.dossier(conn, ref, w).as_dict()
        timeline = [t.as_dict() for t in dossier.timeline(conn, ref, w)]
        projects = dossier.projects(conn, ref, w)
    charts = []
    for metric, series in d["figures"].items():
        points = [{"x": f["period"] or f["date"] or "?", "y": f["value"], "kind": f["kind"], "fact": f["fact_id"],
                   "unit": f["unit"]} for f in series]
        charts.append({"metric": metric, "unit": series[0]["unit"] if series else "", "points": points})
    return render(request, "partner.html", d=d, charts=charts, timeline=timeline, projects=projects, name=name,
                  since=w.since or "", until=w.until or "")


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str = Path(..., max_length=300)) -> HTMLResponse:
    with reader(request) as conn:
        e = entity_detail(conn, entity_id)
    return render(request, "entity.html", e=e)


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, type: str | None = Query(None, max_length=40)) -> HTMLResponse:
    return render(request, "graph.html", edge_type=type or "")


@router.get("/projects", response_class=HTMLResponse)
def projects_page(request: Request) -> HTMLResponse:
    with reader(request) as conn:
        items = dossier.projects(conn)
    return render(request, "projects.html", items=items)


@router.get("/matches", response_class=HTMLResponse)
def matches_page(request: Request) -> HTMLResponse:
    with reader(request) as conn:
        items = [m.as_dict() for m in dossier.matches(conn)]
    return render(request, "matches.html", items=items)


__all__ = ["DATE_PATTERN", "router"]
