"""/api/v1/articles: full-text search with filters and facets, one article with its facts and spans, and the
token-guarded ingest (POST)."""
from __future__ import annotations

import copy
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from .. import dossier, query
from ..query import articles as qa
from ..query import facts as qf
from ..query import partners as qp
from ..query import search_facets
from ..query.cache import recent
from ..query.types import ArticleMeta, Window
from ..store.migrations import FACT_TABLES
from .common import DATE_PATTERN, ListParams, list_params, list_response, reader

router = APIRouter(tags=["articles"])

HIT_FIELDS = [f.name for f in fields(query.SearchHit)]
SEARCH_CAP = 5000  # most full-text hits an answer holds (facets count them, pages show them)
ALL_HITS = 1_000_000  # a narrowing filter looks at every hit, then the answer is cut at SEARCH_CAP
COLUMNS = ["id", "doc_id", "title", "date", "date_partial", "outlet", "url", "story", "snippet", "score"]


def outlet_of(meta: ArticleMeta | None) -> str | None:
    """The publishing site of an article (``search_facets.outlet_host`` of its URL; None without URL)."""
    return search_facets.outlet_host(meta.url) if meta else None


@dataclass
class Filters:
    q: str | None = None
    partner: str | None = None
    sector: str | None = None
    person: str | None = None
    organization: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass
class Found:
    items: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    partner: str | None = None  # the canonical name the partner filter resolved to


def chunked(fetch: Callable[[list[int]], list[Any]], ids: list[int], size: int = 900) -> list[Any]:
    """``fetch`` over ``ids`` in slices: SQLite limits the bound parameters of one statement."""
    out: list[Any] = []
    for i in range(0, len(ids), size):
        out += fetch(ids[i:i + size])
    return out


def _meta(conn: sqlite3.Connection, ids: list[int]) -> dict[int, ArticleMeta]:
    meta: dict[int, ArticleMeta] = {}
    for part in chunked(lambda c: [qf.article_meta(conn, c)], ids):
        meta |= part
    return meta


def _annotate(items: list[dict[str, Any]], meta: dict[int, ArticleMeta]) -> None:
    """Add outlet, url, story and inferred date to each item from its metadata."""
    for it in items:
        m = meta.get(it["id"])
        it["outlet"], it["url"], it["story"] = outlet_of(m), m.url if m else None, m.story if m else None
        it["inferred_date"] = m.inferred_date if m else None


def find_articles(conn: sqlite3.Connection, f: Filters, page: tuple[int, int] | None = None) -> Found:
    """Articles for a full-text query (best first) or, without one, all articles (newest first); narrowed by
    partner (a country's regions and cities roll up to it), sector, person, organization, outlet and date range.
    With ``page`` (offset, limit) only the items of that page get their snippet (the rest have ""): a snippet
    costs a pass over the article's text; for a full-text query only they also get outlet, url, story and inferred
    date (the rest hold the fields of the hit; the facets and filters read them from the per-article index)."""
    if f.q and page is not None and not (f.since or f.until or f.partner or f.sector or f.person or f.organization
                                         or f.outlet):
        return _ranked_page(conn, f.q, page)
    # a full-text query with a page and no outlet filter reads every field of a hit for the page only (facets
    # and the other filters read the per-article index and the fact rows)
    page_only = bool(f.q) and page is not None and not f.outlet
    # partner, sector, person, organization and outlet narrow the whole answer, then the cap applies: a common word
    # with a partner filter found nothing when the partner's articles ranked below the first 5,000 hits
    narrowing = bool(f.partner or f.sector or f.person or f.organization or f.outlet)
    cap = ALL_HITS if narrowing else SEARCH_CAP
    found = Found([])
    # the articles of the partner, sector, person and organization asked for: SQL scores (or lists) only those
    among: set[int] | None = None
    if f.partner:
        ref = dossier.resolve_partner(conn, f.partner)
        found.partner = ref.name
        among = set(qp.articles_for(conn, ref))
    if f.sector:
        of_sector = search_facets.with_sector(conn, qf.all_article_ids(conn), f.sector)
        among = of_sector if among is None else among & of_sector
    for table, needle in (("persons", f.person), ("organizations", f.organization)):
        if needle:
            naming = qf.articles_naming(conn, table, needle)
            among = naming if among is None else among & naming
    items: list[dict[str, Any]]
    if f.q and page_only:  # ids and scores: the page gets its other fields at the end
        items = [{"id": a, "score": score}
                 for a, score in qa.ranked_in_window(conn, f.q, cap, f.since, f.until, among)]
    elif f.q:
        hits = query.search(conn, f.q, cap, f.since, f.until, snippets=page is None, among=among)
        items = [{k: getattr(h, k) for k in HIT_FIELDS} for h in hits]  # flat records: no recursive conversion
        _annotate(items, _meta(conn, [h.id for h in hits]))
    else:
        # with a partner, sector, person or organization only their articles are read (the others would be dropped)
        meta = _meta(conn, sorted(among)) if among is not None else qf.article_meta(conn)
        window = Window(f.since, f.until)
        ordered = sorted(meta.values(), key=lambda m: (m.when or "", m.id), reverse=True)
        items = [{"id": m.id, "doc_id": m.doc_id, "title": m.title, "date": m.date, "date_partial": m.date_partial,
                  "snippet": None, "score": None} for m in ordered if window.admits(m.when)]
        _annotate(items, meta)
    found.items = items  # only articles ``among`` those asked for: SQL and the metadata read were limited to them
    if f.outlet:
        o = f.outlet.casefold().removeprefix("www.")
        found.items = [it for it in items if (it["outlet"] or "").casefold() == o]
    if f.q:  # a narrowing filter ranked every hit: the best SEARCH_CAP of the narrowed answer, as a query alone
        found.items = found.items[:SEARCH_CAP]
    found.facets = facets(conn, found.items)
    if page_only and f.q and page is not None:
        _fill_page(conn, f.q, found.items[page[0]:page[0] + page[1]])
    elif f.q and page is not None:
        shown = found.items[page[0]:page[0] + page[1]]
        snips = query.snippets(conn, f.q, [it["id"] for it in shown])
        for it in shown:
            it["snippet"] = snips.get(it["id"], "")
    return found


def _fill_page(conn: sqlite3.Connection, q: str, shown: list[dict[str, Any]]) -> None:
    """Give the hits of the page shown (each with its id and score) every other field, in the order of a hit of
    the general path: the fields of ``SearchHit``, then outlet, url, story and inferred date."""
    if not shown:
        return
    show = [it["id"] for it in shown]
    rows = {r["id"]: r for r in qa.hit_rows(conn, show)}
    meta = qf.article_meta(conn, show)
    snips = query.snippets(conn, q, show)
    for it in shown:
        r = rows[it["id"]]
        score = it.pop("score")
        it |= {k: r[k] for k in ("doc_id", "title", "date", "date_partial", "dateline_place")}
        it |= {"snippet": snips.get(it["id"], ""), "score": score}
    _annotate(shown, meta)


def _ranked_page(conn: sqlite3.Connection, q: str, page: tuple[int, int]) -> Found:
    """``find_articles`` for a full-text query alone: the hits from the full-text index, the facets counted in SQL
    over all of them, and every field read only for the items of ``page`` (the others hold id and score)."""
    def build() -> tuple[list[tuple[int, float]], dict[str, list[dict[str, Any]]]]:
        hits = qa.ranked(conn, q, SEARCH_CAP)
        return hits, _facets_of(conn, [a for a, _ in hits])

    # the ranking and facets of all hits, once per query and database state: paging through an answer, or asking
    # again, reads only the rows of the page shown
    hits, counted = recent(conn, "search", q, build)
    items: list[dict[str, Any]] = [{"id": a, "score": score} for a, score in hits]
    _fill_page(conn, q, items[page[0]:page[0] + page[1]])
    return Found(items, copy.deepcopy(counted))


def _listed(c: Counter[str], top: int) -> list[dict[str, Any]]:
    return [{"value": k, "count": v} for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def _facets_of(conn: sqlite3.Connection, ids: list[int], top: int = 15) -> dict[str, list[dict[str, Any]]]:
    """Counts of the articles ``ids`` per foreign partner, sector, year and outlet, the ``top`` most frequent values
    of each (count descending, then value), from the per-article index of ``query.search_facets``."""
    counted = search_facets.counts(conn, ids)
    return {k: _listed(counted[k], top) for k in search_facets.FACETS}


def facets(conn: sqlite3.Connection, items: list[dict[str, Any]], top: int = 15) -> dict[str, list[dict[str, Any]]]:
    """``_facets_of`` the articles of ``items``."""
    return _facets_of(conn, [it["id"] for it in items], top)


def filters(q: str | None = Query(None, max_length=500,
                                  description='Full text: words, "quoted phrases", AND/OR/NOT, prefix*'),
            partner: str | None = Query(None, max_length=200,
                                        description="Country, region or city in any spelling, or its ISO code."),
            sector: str | None = Query(None, max_length=100),
            person: str | None = Query(None, max_length=200, description="A person's name as written or an entity id."),
            organization: str | None = Query(None, max_length=200),
            outlet: str | None = Query(None, max_length=200, description="The site's host, e.g. belta.by"),
            since: str | None = Query(None, pattern=DATE_PATTERN, description="2024, 2024-05 or 2024-05-01"),
            until: str | None = Query(None, pattern=DATE_PATTERN)) -> Filters:
    return Filters(q.strip() if q and q.strip() else None, partner, sector, person, organization, outlet, since, until)


@router.get("/articles", summary="Search articles")
def list_articles(request: Request, f: Filters = Depends(filters), lp: ListParams = Depends(list_params)) -> Response:
    """Full-text hits (best first, ``snippet`` marks each match with ``[`` and ``]``) or, without ``q``, every
    article newest first; filtered; ``facets`` counts the whole answer by partner, sector, year and outlet."""
    pg = lp.page
    with reader(request) as conn:
        found = find_articles(conn, f, (pg.offset, pg.limit))
    return list_response(found.items, lp.page, lp.format, COLUMNS, name="articles",
                         extra={"facets": found.facets, "snippet_marks": list(query.SNIPPET_MARKS)})


def article_detail(conn: sqlite3.Connection, ident: str) -> dict[str, Any]:
    art = query.get_article(conn, ident, facts=False)
    if art is None:
        raise query.NotFound(f"no article {ident!r}", "find ids with /api/v1/articles?q=WORD")
    facts = qf.article_facts(conn, art["id"])
    members = [a for a in qf.story_members(conn, art["id"]) if a != art["id"]]
    meta: dict[int, ArticleMeta] = {}
    for part in chunked(lambda c: [qf.article_meta(conn, c)], [art["id"], *members]):
        meta |= part  # the article and the other articles of its story
    me = meta[art["id"]]
    story = [{"id": m.id, "doc_id": m.doc_id, "title": m.title, "date": m.date or m.date_partial}
             for m in sorted(meta.values(), key=lambda m: (m.when or "", m.id))
             if m.story == me.story and m.id != me.id]
    counts = Counter(f.table for f in facts)
    out = {k: v for k, v in art.items() if k not in ("raw_text", "offset_map", "removed", "facts")}
    out |= {"outlet": outlet_of(me), "story": me.story, "inferred_date": me.inferred_date,
            "fact_counts": {t: counts[t] for t in FACT_TABLES},
            "facts": [f.as_dict() for f in facts], "story_articles": story}
    return out


@router.get("/articles/{ident}", summary="One article with its facts and their spans")
def get_article(request: Request, ident: str = Path(..., max_length=200, description="Numeric id or document id")
                ) -> dict[str, Any]:
    """The clean text, its metadata, every fact with its character span (``start``/``end`` into ``text``), rule,
    evidence sentence and canonical entity, and the other articles of its story."""
    with reader(request) as conn:
        return article_detail(conn, ident)
