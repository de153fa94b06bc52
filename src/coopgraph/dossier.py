"""Partner dossiers, timelines and corpus listings, assembled from the read layer (``query``); no SQL here.

A fact repeated by several articles of one story counts once in every aggregate. A country's dossier rolls up
its regions and cities (with a breakdown); comparisons follow ``comparison`` (same metric, pair and period)."""
from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from . import comparison
from .query import facts as q
from .query import names
from .query import partners as qp
from .query.db import NotFound
from .query.types import (
    ArticleMeta,
    Comparison,
    Contradiction,
    FigureRow,
    Match,
    MatchSide,
    PartnerActivity,
    PartnerRef,
    Record,
    TimelineEvent,
    Window,
)

__all__ = ["Dossier", "PartnerRef", "Window", "dossier", "entity", "matches", "partners", "projects",
           "resolve_partner", "timeline"]

_COUNTRY_WORDS = re.compile(r"\b(?:beiden|zwei|beide|den|der)\s+(?:Ländern?|Staaten|Staats)\b")


def format_value(v: float | None, unit: str | None) -> str:
    """German number format with Mio./Mrd. for currencies: 1,50 Mrd. USD, 10.000 units."""
    if v is None:
        return "-"

    def german(x: float, digits: int) -> str:
        return f"{x:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")

    for size, word in ((1e9, "Mrd."), (1e6, "Mio.")):
        if abs(v) >= size and unit in ("USD", "EUR", "RUB", "BYN", "CNY"):
            return f"{german(v / size, 2)} {word} {unit}"
    return f"{german(v, 0 if float(v).is_integer() else 2)} {unit}"


# -- partners -----------------------------------------------------------------------------------------------------
def resolve_partner(conn: sqlite3.Connection, text: str) -> PartnerRef:
    """A country, region or city in German, English or Russian (Cyrillic or Latin), or its ISO code:
    'Gebiet Tula', 'Tula Oblast', 'Тульская область', 'RU-TUL', 'Kazakhstan', 'Казахстан', 'KZ'."""
    query = " ".join(text.split())
    place = names.find_place(query)
    if place is None and query:
        from .extract import lexicon

        hits = lexicon.places().find(query)
        if hits:
            e = hits[0][2][0][1]
            code = e.country if e.kind == "country" else (e.place_id if e.kind == "city" else e.iso3166_2 or e.place_id)
            place = names.by_code(code or "") or names.PlaceName(e.place_id, code or e.place_id, e.kind, e.name,
                                                                  e.country, e.iso3166_2 if e.kind == "city" else None)
    if place is None:
        for r in q.partner_rows(conn):
            if r["name"].casefold() == query.casefold():
                code = r["iso3166_2"] or r["country"] or r["name"]
                return PartnerRef(code, r["kind"] or "place", names.canonical_name(code, r["name"]), r["country"])
        from rapidfuzz import process

        known = q.partner_names(conn)
        close = [m[0] for m in process.extract(query, known, limit=3)] if known and query else []
        raise NotFound(f"no partner called {text!r}", "try one of: " + ", ".join(close) if close
                       else "ingest some articles first, then `coopgraph partners` lists them")
    if place.kind == "city":
        city = PartnerRef(place.code, "city", place.name, place.country)
        if _articles_for(conn, city) or not place.region:
            return city
        region = names.by_code(place.region)
        return PartnerRef(place.region, "region", region.name if region else place.name, place.country)
    return PartnerRef(place.code, place.kind, place.name, place.country)


# the partner codes and the articles of a partner are the read layer's (``query.partners``)
_row_code = qp.row_code
_belongs = qp.belongs
_articles_for = qp.articles_for


def _window_ids(meta: dict[int, ArticleMeta], window: Window) -> list[int]:
    return sorted(a for a, m in meta.items() if window.admits(m.when))


# -- figures -----------------------------------------------------------------------------------------------------
def _party_code(name: str, written: dict[str, str]) -> str:
    if name in written:
        return written[name]
    place = names.find_place(name)
    if place is None:
        from .extract import lexicon

        hits = lexicon.places().find(name)
        if hits:
            e = hits[0][2][0][1]
            return e.country if e.kind == "country" else (e.iso3166_2 or e.place_id)
        return name
    return place.code


def figure_rows(conn: sqlite3.Connection, ids: list[int], meta: dict[int, ArticleMeta]) -> list[FigureRow]:
    """The figures of the given articles, normalized: pair of parties as codes, period span, hedge."""
    return [f for _, f in figures_by_article(conn, ids, meta)]


def figures_by_article(conn: sqlite3.Connection, ids: list[int], meta: dict[int, ArticleMeta]
                       ) -> list[tuple[int, FigureRow]]:
    """(article id, figure) of ``figure_rows``: each figure depends on its own article only (its partner rows, text
    and metadata), so the figures of many articles can be made once and shared (``dossier_reads``)."""
    written: dict[int, dict[str, str]] = defaultdict(dict)
    for r in q.partner_rows(conn, ids):
        written[r["article_id"]].setdefault(r["name"], _row_code(r))
    out = []
    texts: dict[int, str] = {}
    for r in q.rows(conn, "figures", ids):
        aid = r["article_id"]
        parties = tuple(json.loads(r["parties"] or "[]"))
        if parties:
            codes = {_party_code(p, written[aid]) for p in parties}
            basis = "the figure's parties"
            if _COUNTRY_WORDS.search(r["quote"] or "") and any("-" in c for c in codes):
                lifted = {c.split("-")[0] if "-" in c and len(c.split("-")[0]) == 2 else c for c in codes}
                if len(lifted) >= 2:
                    codes, basis = lifted, "the quote speaks of the countries: the parties' countries"
        else:
            codes, basis = set(written[aid].values()), "no parties on the figure: the article's partners"
        pair = tuple(sorted(codes))
        # a duration may open the sentence before the quoted span ("In den letzten zwei Jahren habe ...")
        if aid not in texts:
            texts[aid] = q.article_text(conn, aid)
        lo, _ = q.sentence_around(texts[aid], r["start_char"], r["end_char"])
        context = texts[aid][lo:r["end_char"]] + " " + (r["quote"] or "")
        span, months, label, span_basis = comparison.period_span(r["period"], r["quote"] or "", r["unit"], context)
        h = comparison.hedge(r["quote"] or "")
        m = meta[aid]
        out.append((aid, FigureRow(f"figures:{r['id']}", r["metric"], r["value"], r["unit"], r["period"], r["kind"],
                                   r["quote"], parties, pair, tuple(names.canonical_name(c) for c in pair), basis, span,
                                   months, label, span_basis, h[1] if h else None, h[0] if h else None, m.when,
                                   m.source, m.doc_id, m.story)))
    return out


def _dedupe(rows: list[FigureRow]) -> list[FigureRow]:
    seen, out = set(), []
    for f in rows:
        key = (f.story, f.metric, round(f.value, 2), f.unit, f.period, f.kind, f.pair)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _sort_key(f: FigureRow) -> tuple[str, str]:
    return (f.period or f.date or "", f.date or "")


# -- the dossier -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dossier(Record):
    partner: PartnerRef
    window: Window
    articles: int
    stories: int
    breakdown: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    persons: list[dict[str, Any]]
    organizations: list[dict[str, Any]]
    sectors: list[dict[str, Any]]
    offers: list[dict[str, Any]]
    figures: dict[str, list[FigureRow]]
    targets: list[Comparison]
    contradictions: list[Contradiction]
    scope: str = ""
    hint: str | None = field(default=None)


@lru_cache(maxsize=8192)  # pure (gazetteer and lexicon are static): actors recur across articles and requests
def _canonical_actor(name: str | None) -> str | None:
    if not name:
        return name
    place = names.find_place(name)
    if place:
        return place.name
    from .extract import lexicon

    hits = lexicon.organizations().find(name)
    if hits and hits[0][0] == 0 and hits[0][1] == len(name):
        return str(hits[0][2][0][1].name)
    return name


class Reads:
    """What a dossier reads, each a query of the given articles; ``dossier_reads.Bulk`` answers the same from rows
    read once for many partners."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def article_meta(self, ids: list[int]) -> dict[int, ArticleMeta]:
        return q.article_meta(self.conn, ids)

    def partner_rows(self, ids: list[int]) -> list[Any]:
        return q.partner_rows(self.conn, ids)

    def rows(self, table: str, ids: list[int]) -> list[Any]:
        return q.rows(self.conn, table, ids)

    def with_entities(self, table: str, ids: list[int]) -> list[Any]:
        return q.with_entities(self.conn, table, ids)

    def figure_rows(self, ids: list[int], meta: dict[int, ArticleMeta]) -> list[FigureRow]:
        return figure_rows(self.conn, ids, meta)


def dossier(conn: sqlite3.Connection, ref: PartnerRef, window: Window | None = None) -> Dossier:
    return _dossier(conn, ref, window)[0]


def bounded_dossier(conn: sqlite3.Connection, ref: PartnerRef, window: Window | None, limit: int,
                    reads: Reads | None = None) -> tuple[Dossier, dict[str, int]]:
    """``bounded(dossier(conn, ref, window), limit)``, without making the contradictions past the first ``limit``;
    ``reads`` (``dossier_reads.Bulk``) shares the rows read for many partners."""
    d, n_targets, n_contradictions = _dossier(conn, ref, window, limit, reads)
    short, cut = bounded(d, limit)
    if n_targets > limit:  # first in ``bounded``'s order
        cut = {"targets": n_targets} | cut
    if n_contradictions > limit:  # last in it
        cut["contradictions"] = n_contradictions
    return short, cut


def _dossier(conn: sqlite3.Connection, ref: PartnerRef, window: Window | None = None,
             limit: int | None = None, reads: Reads | None = None) -> tuple[Dossier, int, int]:
    """The dossier and how many targets and contradictions it has; with ``limit`` only the first ``limit`` targets
    are compared and only the first ``limit`` contradictions are made."""
    window = window or Window()
    src = reads or Reads(conn)
    arts = _articles_for(conn, ref)
    scope = "articles that name it (or, for a country, one of its regions or cities) as a partner"
    if not arts:
        arts = q.place_mentions(conn, ref.code, ref.kind)
        scope = "no article names it as a partner: articles that mention it"
    meta = src.article_meta(sorted(arts))
    ids = _window_ids(meta, window)
    story = {a: meta[a].story for a in ids}

    # breakdown: the places that make up this partner (a country's regions and cities, a region's cities)
    parts: dict[str, dict[str, Any]] = {}
    for r in src.partner_rows(ids):
        code = _row_code(r)
        if code == ref.code or not _belongs(code, ref):
            continue
        known = names.by_code(code)
        p = parts.setdefault(code, {"code": code, "name": names.canonical_name(code, r["name"]),
                                    "kind": known.kind if known else r["kind"],
                                    "articles": set(), "stories": set()})
        p["articles"].add(r["article_id"])
        p["stories"].add(story[r["article_id"]])
    breakdown = sorted(({**p, "articles": len(p["articles"]), "stories": len(p["stories"])} for p in parts.values()),
                       key=lambda p: (-p["stories"], p["name"]))

    person_name: dict[tuple[int, str], str] = {}
    persons: dict[str, dict[str, Any]] = {}
    for r in src.with_entities("persons", ids):
        key = r["eid"] or r["name"]
        person_name[(r["article_id"], r["name"])] = r["ename"] or r["name"]
        rec = persons.setdefault(key, {"entity": r["eid"], "name": r["ename"] or r["name"], "country": r["country"],
                                       "roles": Counter(), "stories": set(), "as_written": set(), "facts": []})
        if r["role"]:
            rec["roles"][r["role"]] += 1
        rec["stories"].add(story[r["article_id"]])
        rec["as_written"].add(r["name"])
        rec["facts"].append(f"persons:{r['id']}")
    people = sorted(({"entity": p["entity"], "name": p["name"], "country": p["country"],
                      "roles": [role for role, _ in p["roles"].most_common()], "stories": len(p["stories"]),
                      "as_written": sorted(p["as_written"]), "facts": p["facts"]} for p in persons.values()),
                    key=lambda p: (-p["stories"], p["name"]))

    meetings, seen = [], set()
    for r in src.rows("meetings", ids):
        if story[r["article_id"]] in seen:
            continue
        seen.add(story[r["article_id"]])
        m = meta[r["article_id"]]
        written = json.loads(r["participants"])
        place = names.find_place(r["place"]) if r["place"] else None
        meetings.append({"date": m.when, "participants": [person_name.get((r["article_id"], n), n) for n in written],
                         "participants_as_written": written, "place": place.name if place else r["place"],
                         "source": m.source, "fact": f"meetings:{r['id']}", "evidence": [r["start_char"], r["end_char"]]})
    meetings.sort(key=lambda x: (x["date"] or "", x["source"]))

    orgs: dict[str, dict[str, Any]] = {}
    for r in src.with_entities("organizations", ids):
        key = r["eid"] or r["name"]
        o = orgs.setdefault(key, {"entity": r["eid"], "name": r["ename"] or r["name"], "stories": set(),
                                  "as_written": set(), "facts": []})
        o["stories"].add(story[r["article_id"]])
        o["as_written"].add(r["name"])
        o["facts"].append(f"organizations:{r['id']}")
    organizations = sorted(({**o, "stories": len(o["stories"]), "as_written": sorted(o["as_written"])}
                            for o in orgs.values()), key=lambda o: (-o["stories"], o["name"]))

    sector_stories: dict[str, set[str]] = defaultdict(set)
    for r in src.rows("sectors", ids):
        sector_stories[r["sector"]].add(story[r["article_id"]])
    sectors = [{"sector": s, "stories": len(v)}
               for s, v in sorted(sector_stories.items(), key=lambda kv: (-len(kv[1]), kv[0]))]

    offers = []
    for r in src.rows("offers", ids):
        m = meta[r["article_id"]]
        offers.append({"type": r["type"], "actor": _canonical_actor(r["actor"]),
                       "recipient": _canonical_actor(r["recipient"]), "what": r["what"],
                       "actor_as_written": r["actor"], "recipient_as_written": r["recipient"],
                       "sectors": json.loads(r["sectors"] or "[]"), "date": m.when, "source": m.source,
                       "fact": f"offers:{r['id']}"})

    belongs: dict[str, bool] = {}  # per code: figures of many articles share a few pairs of parties

    def ours(code: str) -> bool:
        if code not in belongs:
            belongs[code] = _belongs(code, ref)
        return belongs[code]

    rows = _dedupe([f for f in src.figure_rows(ids, meta) if any(ours(c) for c in f.pair) or not f.pair])
    series: dict[str, list[FigureRow]] = defaultdict(list)
    for f in rows:
        series[f.metric].append(f)
    for items in series.values():
        items.sort(key=lambda f: (f.pair_names, *_sort_key(f)))
    actuals: dict[tuple[Any, ...], list[FigureRow]] = defaultdict(list)  # what ``compare`` may set a target against
    for f in rows:
        if f.kind == "actual":
            actuals[(f.metric, f.unit, f.pair)].append(f)
    target_rows = [t for t in rows if t.kind == "target"]
    targets = [comparison.compare(t, actuals.get((t.metric, t.unit, t.pair), []))
               for t in (target_rows if limit is None else target_rows[:limit])]
    if limit is None:
        found = comparison.contradictions(rows)
        total = len(found)
    else:
        found, total = comparison.first_contradictions(rows, limit)
    return Dossier(ref, window, len(ids), len(set(story.values())), breakdown, meetings, people, organizations,
                   sectors, offers, dict(series), targets, found, scope), len(target_rows), total


def bounded(d: Dossier, limit: int, nested: int = 20) -> tuple[Dossier, dict[str, int]]:
    """``d`` with every list cut to its first ``limit`` items (in the dossier's order: the most active persons,
    organizations and sectors first, meetings by date) and the lists inside an item (the fact ids of a person or
    organization, the figures a target could not be compared with) to ``nested``; and the full length of each list
    that was cut ("meetings", "figures.METRIC", "persons.NAME.facts", ...). A dossier of a partner named in
    thousands of articles stays a page."""
    cut: dict[str, int] = {}

    def first(name: str, items: list[Any], n: int = limit) -> list[Any]:
        if len(items) > n:
            cut[name] = len(items)
        return items[:n]

    def facts(section: str, recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r | {"facts": first(f"{section}.{r['name']}.facts", r["facts"], nested)} for r in first(section, recs)]

    targets = [replace(c, not_compared=tuple(first(f"targets.{c.target.fact_id}.not_compared", list(c.not_compared),
                                                   nested)))
               for c in first("targets", d.targets)]
    return replace(d, breakdown=first("breakdown", d.breakdown), meetings=first("meetings", d.meetings),
                   persons=facts("persons", d.persons), organizations=facts("organizations", d.organizations),
                   sectors=first("sectors", d.sectors), offers=first("offers", d.offers),
                   figures={m: first(f"figures.{m}", v) for m, v in d.figures.items()}, targets=targets,
                   contradictions=first("contradictions", d.contradictions)), cut


# -- listings ----------------------------------------------------------------------------------------------------
def partners(conn: sqlite3.Connection, window: Window | None = None,
             ref: PartnerRef | None = None) -> list[PartnerActivity]:
    """Foreign partners ranked by activity; stories, meetings and figures counted once per story. With ``ref``:
    only that partner and its parts (a country's regions and cities)."""
    window = window or Window()
    meta = q.article_meta(conn)
    ids = set(_window_ids(meta, window))
    acc: dict[str, dict[str, Any]] = {}
    for r in q.partner_rows(conn):
        code = _row_code(r)
        if ref is not None:
            if r["article_id"] not in ids or not (_belongs(code, ref) or (ref.kind == "country" and
                                                                          r["country"] == ref.code)):
                continue
        elif r["country"] == "BY" or r["article_id"] not in ids:
            continue  # the Belarusian side (the country or an acting region) is not a foreign partner
        rec = acc.setdefault(code, {"code": code, "names": Counter(), "kind": r["kind"], "country": r["country"],
                                    "stories": set()})
        rec["names"][r["name"]] += 1
        rec["stories"].add(meta[r["article_id"]].story)
    meeting_stories = {meta[r["article_id"]].story for r in q.rows(conn, "meetings", sorted(ids))}
    figure_keys: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    for r in q.rows(conn, "figures", sorted(ids)):
        s = meta[r["article_id"]].story
        figure_keys[s].add((r["metric"], round(r["value"], 2), r["unit"], r["period"], r["kind"]))
    out = []
    for rec in acc.values():
        known = names.by_code(rec["code"])
        out.append(PartnerActivity(names.canonical_name(rec["code"], rec["names"].most_common(1)[0][0]),
                                   known.kind if known else rec["kind"], rec["code"], rec["country"],
                                   len(rec["stories"]), len(rec["stories"] & meeting_stories),
                                   sum(len(figure_keys[s]) for s in rec["stories"]),
                                   tuple(n for n, _ in rec["names"].most_common())))
    out.sort(key=lambda p: (-p.stories, -p.meetings, -p.figures, p.partner))
    return out


def entity(conn: sqlite3.Connection, text: str) -> list[dict[str, Any]]:
    """Entities whose name or an alias matches ``text`` in any spelling: German, English, Russian (Cyrillic or
    Latin), a gazetteer alias ("MAZ" is the Minsker Automobilwerk, not KAMAZ), or an ISO code for a place."""
    from .extract import lexicon
    from .extract.names import name_key

    text = " ".join(text.split())
    if not text:
        return []
    keys = {name_key(k) for k in names.person_keys(text)}
    aliases = q.entity_aliases(conn)
    ids = [r[0] for r in aliases if name_key(r[1]) in keys]
    known = q.entity_ids(conn)
    if not ids:  # a gazetteer alias of an organization or a place
        for form in names.person_keys(text):
            for start, end, values in lexicon.organizations().find(form):
                if start == 0 and end == len(form):
                    ids += [v[1].org_id for v in values if v[1].org_id in known]
        place = names.find_place(text)
        if place:
            pid = {"country": f"country:{place.code}", "region": f"region:{place.code}"}.get(place.kind, place.code)
            ids += [pid] if pid in known else []
    if not ids and " " not in text:  # a surname alone: every entity with that last name
        ids = [r[0] for r in aliases if name_key(r[1]).split()[-1:] == [name_key(names.transliterate(text))]]
    if not ids and " " in text:  # given name and surname transliterated another way ("Aleksandr" ~ "Alexander")
        want = name_key(names.transliterate(text)).split()
        for eid, alias in aliases:
            have = name_key(alias).split()
            if len(have) >= 2 and have[-1] == want[-1] and _same_given_name(have[0], want[0]):
                ids.append(eid)
    if not ids:
        ids = q.entities_named_like(conn, names.transliterate(text))
    out = []
    for eid in dict.fromkeys(ids):
        rec = q.entity_record(conn, eid)
        if rec:
            if rec["kind"] in ("country", "region", "city"):  # the gazetteer's name, not the most written alias
                code = rec["iso3166_2"] if rec["kind"] == "region" else (rec["country"] if rec["kind"] == "country"
                                                                         else eid)
                rec["name"] = names.canonical_name(code, rec["name"])
            out.append(rec)
    return out


def _same_given_name(a: str, b: str) -> bool:
    """Folded given names written in two transliterations ("aleksandr", "alexander"): after x -> ks, they share
    all but the last two letters of the shorter one and differ in length by at most one letter."""
    a, b = a.replace("x", "ks"), b.replace("x", "ks")
    n = min(len(a), len(b))
    common = next((i for i in range(n) if a[i] != b[i]), n)
    return common >= max(4, n - 2) and abs(len(a) - len(b)) <= 1


def projects(conn: sqlite3.Connection, ref: PartnerRef | None = None,
             window: Window | None = None) -> list[dict[str, Any]]:
    window = window or Window()
    out = []
    for p in q.projects(conn):
        if ref is not None and not ((p["iso3166_2"] and _belongs(p["iso3166_2"], ref)) or
                                    (p["country"] and _belongs(p["country"], ref)) or
                                    (ref.kind == "country" and p["country"] == ref.code)):
            continue
        if window and not any(window.admits(h["date"]) for h in p["history"]):
            continue
        code = p["iso3166_2"] or p["country"]
        out.append(p | {"partner": names.canonical_name(code) if code else None})
    return out


def matches(conn: sqlite3.Connection, ref: PartnerRef | None = None,
            window: Window | None = None) -> list[Match]:
    window = window or Window()
    arts = _articles_for(conn, ref) if ref is not None else None
    out = []
    for r in q.matches(conn):
        if arts is not None and r["need_article"] not in arts and r["offer_article"] not in arts:
            continue  # the partner on either side
        if window and not (window.admits(r["offer_date"]) or window.admits(r["need_date"])):
            continue
        out.append(Match(r["sector"], json.loads(r["products"] or "[]"), r["score"],
                         MatchSide(_canonical_actor(r["offer_actor"]), r["offer_what"], r["offer_source"],
                                   r["offer_date"], f"offers:{r['offer_id']}"),
                         MatchSide(_canonical_actor(r["need_actor"]), r["need_what"], r["need_source"],
                                   r["need_date"], f"offers:{r['need_id']}")))
    return out


def timeline(conn: sqlite3.Connection, ref: PartnerRef, window: Window | None = None) -> list[TimelineEvent]:
    """Meetings, figures, project events and offers/needs for one partner, by date."""
    d = dossier(conn, ref, window)
    events: list[dict[str, Any]] = []
    for m in d.meetings:
        events.append({"date": m["date"], "kind": "meeting", "what": ", ".join(m["participants"])
                       + (f" in {m['place']}" if m["place"] else ""), "source": m["source"], "fact": m["fact"]})
    for items in d.figures.values():
        for f in items:
            events.append({"date": f.date, "kind": f"figure ({f.kind})",
                           "what": f"{f.metric} {(f.hedge + ' ') if f.hedge else ''}{format_value(f.value, f.unit)}, "
                                   f"{f.span_label}, {' – '.join(f.pair_names)}", "source": f.source,
                           "fact": f.fact_id})
    for p in projects(conn, ref, window):
        for h in p["history"]:
            events.append({"date": h["date"], "kind": "project", "what": f"{p['name']}: {h['status'] or 'mentioned'}",
                           "source": h["source"], "fact": f"project_mentions:{h['mention_id']}"})
    for o in d.offers:
        events.append({"date": o["date"], "kind": o["type"], "what": f"{o['actor'] or '?'}: {o['what']}",
                       "source": o["source"], "fact": o["fact"]})
    events = [e for e in events if not d.window or d.window.admits(e["date"])]
    events.sort(key=lambda e: (e["date"] is None, e["date"] or "", e["kind"], e["source"]))
    return [TimelineEvent(**e) for e in events]
