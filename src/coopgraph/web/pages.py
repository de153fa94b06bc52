"""Routes of the web UI. Each page asks the same functions as the API (which call the read layer) and renders a
Jinja2 template with autoescape on: every text from an article is escaped. Highlights are built from spans here,
as escaped segments, never by inserting article text as markup."""
from __future__ import annotations

import itertools
import json
from pathlib import Path as FsPath
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from .. import dossier, query
from ..api.articles import Filters, article_detail, chunked, facets, find_articles
from ..api.common import DATE_PATTERN, cached, reader
from ..api.entities import MENTION_LIMIT, entity_detail
from ..api.figures import all_figures
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
    for a, b in itertools.pairwise(cuts):
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


# the normalized fields shown for a fact on the article page: (column, label)
DETAILS = {"figures": (("metric", "Kennzahl"), ("value", "Wert"), ("kind", "Art"), ("period", "Zeitraum"),
                       ("parties", "Parteien")),
           "persons": (("role", "Rolle"), ("country", "Land"), ("region", "Region")),
           "organizations": (("kind", "Art"), ("country", "Land")),
           "places": (("kind", "Art"), ("country", "Land"), ("iso3166_2", "Code")),
           "partners": (("kind", "Art"), ("country", "Land"), ("iso3166_2", "Code")),
           "meetings": (("participants", "Teilnehmer"), ("place", "Ort")),
           "quotes": (("speaker", "Sprecher"),), "offers": (("type", "Art"), ("actor", "Wer"), ("what", "Was")),
           "sectors": (("sector", "Branche"),), "project_mentions": (("name", "Projekt"), ("status", "Status"))}


def fact_details(table: str, row: Any) -> list[tuple[str, str]]:
    """(label, value) pairs of a fact's normalized fields; a figure's value in German format with its unit."""
    if row is None:
        return []
    keys = row.keys()
    out = []
    for col, label in DETAILS.get(table, ()):
        v = row[col] if col in keys else None
        if v in (None, "", "[]"):
            continue
        if table == "figures" and col == "value":
            v = dossier.format_value(v, row["unit"])
        elif isinstance(v, str) and v.startswith("["):
            v = ", ".join(json.loads(v))
        out.append((label, str(v)))
    return out


def fragment(request: Request, target: str) -> bool:
    """Does htmx ask for just the element ``target`` (a filter swapping one part of the page)?"""
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == target \
        and request.headers.get("hx-history-restore-request") != "true"


def render(request: Request, template: str, **ctx: Any) -> HTMLResponse:
    r = templates.TemplateResponse(request, template, ctx)
    r.headers["vary"] = "HX-Request, HX-Target"  # the same URL answers a page or an htmx fragment
    return r


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
        found = find_articles(conn, f, (0, 100))  # snippets only for the 100 hits shown
    params = {k: v for k, v in {"q": q, "partner": partner, "sector": sector, "year": year, "outlet": outlet,
                                "person": person, "organization": organization}.items() if v}
    page = "search_body.html" if fragment(request, "search-body") else "search.html"
    return render(request, page, found=found, params=params, items=found.items[:100])


@router.get("/articles/{ident}", response_class=HTMLResponse)
def article_page(request: Request, ident: str = Path(..., max_length=200)) -> HTMLResponse:
    with reader(request) as conn:
        art = article_detail(conn, ident)
        rows = {f"{t}:{r['id']}": r for t in {f["table"] for f in art["facts"]} for r in qf.rows(conn, t, [art["id"]])}
    for f in art["facts"]:
        f["type"] = FACT_TYPES.get(f["table"], "other")
        f["details"] = fact_details(f["table"], rows.get(f["fact_id"]))
    return render(request, "article.html", art=art, segments=segments(art["text"], art["facts"]))


FORM_DATE = "^(" + DATE_PATTERN.strip("^$") + ")?$"  # a date as the API takes it, or a field left blank


def form_window(since: str | None = Query(None, pattern=FORM_DATE), until: str | None = Query(None, pattern=FORM_DATE)
                ) -> Window:
    """The dossier's date range from its form: a field left blank is no bound."""
    return Window(since or None, until or None)


def sides(persons: list[dict[str, Any]], ref: Any) -> dict[str, list[dict[str, Any]]]:
    """The dossier's persons by side: the partner's (its country), Belarus, another country, or none known."""
    home = ref.country or (ref.code if ref.kind == "country" else None)
    out: dict[str, list[dict[str, Any]]] = {"partner": [], "belarus": [], "other": [], "unknown": []}
    for p in persons:
        c = p.get("country")
        side = "unknown" if not c else "partner" if c == home else "belarus" if c == "BY" else "other"
        out[side].append(p)
    return out


@router.get("/partners/{name}", response_class=HTMLResponse)
def partner_page(request: Request, name: str = Path(..., max_length=200),
                 w: Window = Depends(form_window)) -> HTMLResponse:
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
    ctx = {"d": d, "charts": charts, "timeline": timeline, "projects": projects, "name": name,
           "sides": sides(d["persons"], ref), "since": w.since or "", "until": w.until or ""}
    if fragment(request, "dossier-sections"):
        return render(request, "partner_sections.html", **ctx)
    return render(request, "partner.html", **ctx)


@router.get("/facts/{fact_id}", response_class=RedirectResponse, status_code=303)
def fact_page(request: Request, fact_id: str = Path(..., max_length=60)) -> RedirectResponse:
    """A fact's evidence: its article, scrolled to the fact and with it selected."""
    with reader(request) as conn:
        f, _ = qf.fact(conn, fact_id)
    return RedirectResponse(f"/articles/{f.article_id}#{quote(f.fact_id, safe=':')}", status_code=303)


@router.get("/facts/{fact_id}/explain", response_class=HTMLResponse)
def explain_page(request: Request, fact_id: str = Path(..., max_length=60)) -> HTMLResponse:
    """Where a fact comes from (`coopgraph explain`, JSON at /api/v1/facts/ID): its sentence with the span marked,
    the extractor and rule, and each normalization step."""
    from ..explain import explain

    with reader(request) as conn:
        x = explain(conn, fact_id)
    before, _, rest = x["sentence"].partition("[[")
    span, _, after = rest.partition("]]")
    return render(request, "explain.html", x=x, before=before, span=span, after=after)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str = Path(..., max_length=300),
                limit: int = Query(MENTION_LIMIT, ge=1, le=100_000)) -> HTMLResponse:
    """The entity with its first ``limit`` mentions by date (as /api/v1/entities/ID): a person named in thousands
    of articles reads the sentences of one page; links ask for the next page's worth more, or for all."""
    with reader(request) as conn:
        e = entity_detail(conn, entity_id, limit)
    total = e["truncated"].get("mentions", len(e["mentions"]))
    more = {"next": min(total, limit + MENTION_LIMIT), "all": total} if total > limit else None
    return render(request, "entity.html", e=e, total=total, more=more)


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, type: str | None = Query(None, max_length=40),
               sector: str | None = Query(None, max_length=100),
               since: str | None = Query(None, pattern=r"^(\d{4})?$"),
               until: str | None = Query(None, pattern=r"^(\d{4})?$")) -> HTMLResponse:
    """The partner graph (drawn by graph.js from /api/v1/graph), filtered by edge type, sector and year range."""
    with reader(request) as conn:
        listed = cached(request, "graph_filters", lambda: _graph_filters(conn))
    params = {k: v for k, v in {"type": type, "sector": sector, "since": since, "until": until}.items() if v}
    return render(request, "graph.html", edge_type=type or "", sector=sector or "", since=since or "",
                  until=until or "", sectors=listed["sectors"], years=listed["years"],
                  data_url="/api/v1/graph" + ("?" + urlencode(params) if params else ""))


def _graph_filters(conn: Any) -> dict[str, list[str]]:
    """The sectors (most articles first) and the years the corpus has, for the graph's filter form."""
    items = find_articles(conn, Filters()).items
    listed = facets(conn, items, top=100)
    years = sorted(v["value"] for v in listed["year"] if v["value"].isdigit())
    return {"sectors": [v["value"] for v in listed["sector"]], "years": years}


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


__all__ = ["router"]
