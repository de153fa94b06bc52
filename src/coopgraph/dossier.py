"""Partner dossiers and corpus listings, read from the store (the graph tables must be built).

A fact repeated by several articles of one story counts once in every aggregate here."""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from .errors import UsageError

CONTRADICTION_TOLERANCE = 0.01  # relative difference below which two values agree (rounding)


@dataclass(frozen=True)
class PartnerRef:
    code: str  # ISO 3166-2 code, or the alpha-2 country code, or a city/world place id
    kind: str
    name: str
    country: str | None


def resolve_partner(conn: sqlite3.Connection, text: str) -> PartnerRef:
    """A country, region or city written any way ('Gebiet Tula', 'Region Tula', 'Tulaer Gebiet', 'RU-TUL')."""
    from .extract import lexicon

    q = " ".join(text.split())
    hits = lexicon.places().find(q)
    entry = hits[0][2][0][1] if hits else None  # the first place named in the query
    if entry is None:
        row = conn.execute("SELECT iso3166_2, country, kind, name FROM partners WHERE lower(name) = lower(?) "
                           "OR iso3166_2 = upper(?) OR (iso3166_2 IS NULL AND country = upper(?)) LIMIT 1",
                           (q, q, q)).fetchone()
        if row is None:
            known = [r[0] for r in conn.execute("SELECT DISTINCT name FROM partners ORDER BY name LIMIT 400")]
            from rapidfuzz import process

            close = [m[0] for m in process.extract(q, known, limit=3)] if known else []
            raise UsageError(f"no partner called {text!r}", "try one of: " + ", ".join(close) if close
                             else "ingest some articles first, then `coopgraph partners` lists them")
        code = row["iso3166_2"] or row["country"]
        return PartnerRef(code, row["kind"], row["name"], row["country"])
    if entry.kind == "country":
        return PartnerRef(entry.country or "", "country", entry.name, entry.country)
    if entry.kind == "city":
        city = PartnerRef(entry.place_id, "city", entry.name, entry.country)
        if _articles_for(conn, city) or not entry.iso3166_2:
            return city
        return PartnerRef(entry.iso3166_2, "region", entry.name, entry.country)  # the city's region acts for it
    return PartnerRef(entry.iso3166_2 or entry.place_id, entry.kind, entry.name, entry.country)


def _articles_for(conn: sqlite3.Connection, ref: PartnerRef) -> dict[int, str]:
    """article id -> the partner name as written there."""
    if ref.kind == "country":
        rows = conn.execute("SELECT article_id, name FROM partners WHERE country = ? AND iso3166_2 IS NULL "
                            "AND kind = 'country'", (ref.code,))
    elif ref.kind == "city":
        rows = conn.execute("SELECT p.article_id, p.name FROM partners p JOIN places pl ON pl.article_id = p.article_id "
                            "AND pl.start_char = p.start_char WHERE pl.place_id = ?", (ref.code,))
    else:
        rows = conn.execute("SELECT article_id, name FROM partners WHERE iso3166_2 = ?", (ref.code,))
    return {r[0]: r[1] for r in rows}


def _story_of(conn: sqlite3.Connection) -> dict[int, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT article_id, story_id FROM story_members")}


def _meta(conn: sqlite3.Connection, ids: list[int]) -> dict[int, sqlite3.Row]:
    if not ids:
        return {}
    q = f"SELECT id, doc_id, url, title, date, date_partial FROM articles WHERE id IN ({','.join('?' * len(ids))})"
    return {r["id"]: r for r in conn.execute(q, ids)}


def _source(m: sqlite3.Row) -> str:
    return m["url"] or m["doc_id"]


def dossier(conn: sqlite3.Connection, ref: PartnerRef) -> dict[str, Any]:
    arts = _articles_for(conn, ref)
    ids = sorted(arts)
    meta = _meta(conn, ids)
    story = _story_of(conn)
    qmarks = ",".join("?" * len(ids)) or "NULL"

    def day(aid: int) -> str | None:
        return meta[aid]["date"] or meta[aid]["date_partial"]

    meetings, seen = [], set()
    for r in conn.execute(f"SELECT * FROM meetings WHERE article_id IN ({qmarks}) ORDER BY article_id", ids):
        key = story.get(r["article_id"], r["article_id"])
        if key in seen:
            continue
        seen.add(key)
        meetings.append({"date": day(r["article_id"]), "participants": json.loads(r["participants"]),
                         "place": r["place"], "source": _source(meta[r["article_id"]]),
                         "evidence": [r["start_char"], r["end_char"]]})
    meetings.sort(key=lambda m: (m["date"] or "", m["source"]))

    persons: dict[str, dict[str, Any]] = {}
    for r in conn.execute(
            f"SELECT p.name, p.role, p.country, p.region, p.article_id, e.id AS eid, e.name AS ename FROM persons p "
            f"LEFT JOIN entity_mentions m ON m.fact_table='persons' AND m.fact_id=p.id "
            f"LEFT JOIN entities e ON e.id = m.entity_id WHERE p.article_id IN ({qmarks})", ids):
        key = r["eid"] or r["name"]
        rec = persons.setdefault(key, {"entity": r["eid"], "name": r["ename"] or r["name"], "country": r["country"],
                                       "roles": Counter(), "stories": set()})
        if r["role"]:
            rec["roles"][r["role"]] += 1
        rec["stories"].add(story.get(r["article_id"], r["article_id"]))
    people = [{"entity": p["entity"], "name": p["name"], "country": p["country"],
               "roles": [role for role, _ in p["roles"].most_common()], "stories": len(p["stories"])}
              for p in persons.values()]
    people.sort(key=lambda p: (-p["stories"], p["name"]))

    orgs: dict[str, set[Any]] = defaultdict(set)
    org_names: dict[str, str] = {}
    for r in conn.execute(
            f"SELECT o.name, o.article_id, e.id AS eid, e.name AS ename FROM organizations o "
            f"LEFT JOIN entity_mentions m ON m.fact_table='organizations' AND m.fact_id=o.id "
            f"LEFT JOIN entities e ON e.id = m.entity_id WHERE o.article_id IN ({qmarks})", ids):
        key = r["eid"] or r["name"]
        orgs[key].add(story.get(r["article_id"], r["article_id"]))
        org_names[key] = r["ename"] or r["name"]
    organizations = sorted(({"entity": k, "name": org_names[k], "stories": len(v)} for k, v in orgs.items()),
                           key=lambda o: (-o["stories"], o["name"]))

    sector_stories: dict[str, set[Any]] = defaultdict(set)
    for r in conn.execute(f"SELECT sector, article_id FROM sectors WHERE article_id IN ({qmarks})", ids):
        sector_stories[r["sector"]].add(story.get(r["article_id"], r["article_id"]))
    sectors = sorted(({"sector": s, "stories": len(v)} for s, v in sector_stories.items()),
                     key=lambda s: (-s["stories"], s["sector"]))

    offers = [{"type": r["type"], "actor": r["actor"], "recipient": r["recipient"], "what": r["what"],
               "sectors": json.loads(r["sectors"] or "[]"), "date": day(r["article_id"]),
               "source": _source(meta[r["article_id"]])}
              for r in conn.execute(f"SELECT * FROM offers WHERE article_id IN ({qmarks})", ids)]

    figures = _figures(conn, ids, arts, meta, story, ref)
    return {"partner": {"name": ref.name, "kind": ref.kind, "code": ref.code, "country": ref.country},
            "articles": len(ids), "stories": len({story.get(a, a) for a in ids}), "meetings": meetings,
            "persons": people, "organizations": organizations, "sectors": sectors, "offers": offers,
            "figures": figures["series"], "targets": figures["targets"],
            "contradictions": figures["contradictions"]}


def _figures(conn: sqlite3.Connection, ids: list[int], arts: dict[int, str], meta: dict[int, sqlite3.Row],
             story: dict[int, str], ref: PartnerRef) -> dict[str, Any]:
    qmarks = ",".join("?" * len(ids)) or "NULL"
    # which written partner names stand for this partner in each article (a country counts its regions too)
    mine: dict[int, set[str]] = defaultdict(set)
    for r in conn.execute(f"SELECT article_id, name, country, iso3166_2, kind FROM partners WHERE article_id IN "
                          f"({qmarks})", ids):
        if r["iso3166_2"] == ref.code or (ref.kind == "country" and r["country"] == ref.code) or \
                r["name"] == arts.get(r["article_id"]):
            mine[r["article_id"]].add(r["name"])
    rows, seen = [], set()
    for r in conn.execute(f"SELECT * FROM figures WHERE article_id IN ({qmarks}) ORDER BY article_id, start_char", ids):
        parties = json.loads(r["parties"])
        if parties and not set(parties) & mine[r["article_id"]]:
            continue  # a figure of another pair of partners in the same article
        key = (story.get(r["article_id"], r["article_id"]), r["metric"], round(r["value"], 2), r["unit"], r["period"],
               r["kind"])
        if key in seen:
            continue
        seen.add(key)
        m = meta[r["article_id"]]
        rows.append({"metric": r["metric"], "value": r["value"], "unit": r["unit"], "period": r["period"],
                     "kind": r["kind"], "date": m["date"] or m["date_partial"], "quote": r["quote"],
                     "source": _source(m), "doc_id": m["doc_id"], "story": key[0]})
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in rows:
        series[f["metric"]].append(f)
    for items in series.values():
        items.sort(key=lambda f: (f["period"] or f["date"] or "", f["date"] or ""))

    targets = []
    for t in (f for f in rows if f["kind"] == "target"):
        actuals = [a for a in rows if a["kind"] == "actual" and a["metric"] == t["metric"] and a["unit"] == t["unit"]]
        same_period = [a for a in actuals if t["period"] and a["period"] == t["period"]]
        pool = same_period or ([a for a in actuals if not t["period"] or a["period"] is None or a["period"] <= t["period"]])
        latest = max(pool, key=lambda a: (a["date"] or "", a["period"] or ""), default=None)
        targets.append({"target": t, "actual": latest,
                        "gap": None if latest is None else t["value"] - latest["value"],
                        "reached": None if latest is None or not t["value"] else round(latest["value"] / t["value"], 3)})

    contradictions = []
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for f in rows:
        if f["period"]:
            groups[(f["metric"], f["unit"], f["period"], f["kind"])].append(f)
    for key, fs in sorted(groups.items()):
        for i, a in enumerate(fs):
            for b in fs[i + 1:]:
                if a["story"] == b["story"]:
                    continue
                big = max(abs(a["value"]), abs(b["value"])) or 1.0
                if abs(a["value"] - b["value"]) / big > CONTRADICTION_TOLERANCE:
                    contradictions.append({"metric": key[0], "unit": key[1], "period": key[2], "kind": key[3],
                                           "a": a, "b": b})
    return {"series": dict(series), "targets": targets, "contradictions": contradictions}


def partners(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Foreign partners ranked by activity: stories, meetings, figures."""
    story = _story_of(conn)
    acc: dict[str, dict[str, Any]] = {}
    for r in conn.execute("SELECT article_id, name, kind, country, iso3166_2 FROM partners WHERE country IS NULL "
                          "OR country != 'BY' OR kind != 'country'"):
        if r["country"] == "BY":
            continue  # the Belarusian side (the country or an acting region) is not a foreign partner
        code = r["iso3166_2"] or r["country"] or r["name"]
        rec = acc.setdefault(code, {"code": code, "names": Counter(), "kind": r["kind"], "country": r["country"],
                                    "stories": set(), "articles": set()})
        rec["names"][r["name"]] += 1
        rec["stories"].add(story.get(r["article_id"], r["article_id"]))
        rec["articles"].add(r["article_id"])
    meetings = Counter(r[0] for r in conn.execute("SELECT article_id FROM meetings"))
    figures = Counter(r[0] for r in conn.execute("SELECT article_id FROM figures"))
    out = []
    for rec in acc.values():
        out.append({"partner": rec["names"].most_common(1)[0][0], "kind": rec["kind"], "code": rec["code"],
                    "country": rec["country"], "stories": len(rec["stories"]),
                    "meetings": sum(1 for a in rec["articles"] if meetings[a]),
                    "figures": sum(figures[a] for a in rec["articles"])})
    out.sort(key=lambda p: (-p["stories"], -p["meetings"], -p["figures"], p["partner"]))
    return out


def entity(conn: sqlite3.Connection, text: str) -> list[dict[str, Any]]:
    """Entities whose name or an alias matches ``text`` (any spelling the resolver folds together)."""
    from .extract.names import name_key

    key = name_key(text)
    aliases = conn.execute("SELECT entity_id, alias FROM entity_aliases").fetchall()
    ids = [r[0] for r in aliases if name_key(r[1]) == key]
    if not ids and " " not in key:  # a surname alone: every entity with that last name
        ids = [r[0] for r in aliases if name_key(r[1]).split()[-1:] == [key]]
    if not ids:
        ids = [r[0] for r in conn.execute("SELECT id FROM entities WHERE lower(name) LIKE lower(?) ORDER BY articles DESC "
                                          "LIMIT 5", (f"%{text}%",))]
    out = []
    for eid in dict.fromkeys(ids):
        e = conn.execute("SELECT * FROM entities WHERE id = ?", (eid,)).fetchone()
        aliases = [{"alias": r[0], "count": r[1]} for r in conn.execute(
            "SELECT alias, count FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC, alias", (eid,))]
        merges = [{"variant": r[0], "rule": r[1], "detail": r[2]} for r in conn.execute(
            "SELECT variant, rule, detail FROM entity_merges WHERE entity_id = ?", (eid,))]
        roles = [dict(r) | {"articles": len(json.loads(r["articles"]))} for r in conn.execute(
            "SELECT role, country, region, first_seen, last_seen, articles FROM person_roles WHERE entity_id = ? "
            "ORDER BY first_seen", (eid,))]
        mentions = [dict(r) for r in conn.execute(
            "SELECT a.doc_id, a.date, a.date_partial, m.fact_table, m.rule, m.fact_id FROM entity_mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? ORDER BY a.date, a.doc_id", (eid,))]
        out.append({"id": e["id"], "kind": e["kind"], "name": e["name"], "country": e["country"],
                    "iso3166_2": e["iso3166_2"], "articles": e["articles"], "stories": e["stories"],
                    "aliases": aliases, "merges": merges, "roles": roles, "mentions": mentions})
    return out


def projects(conn: sqlite3.Connection, ref: PartnerRef | None = None) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM projects ORDER BY first_seen, id").fetchall()
    out = []
    for r in rows:
        if ref is not None and not (r["iso3166_2"] == ref.code or r["country"] == ref.code or
                                    (ref.kind == "country" and r["country"] == ref.country)):
            continue
        history = [dict(e) for e in conn.execute(
            "SELECT e.date, e.status, a.doc_id AS source, pm.name AS mention FROM project_events e "
            "JOIN articles a ON a.id = e.article_id JOIN project_mentions pm ON pm.id = e.mention_id "
            "WHERE e.project_id = ? ORDER BY e.date, a.doc_id", (r["id"],))]
        out.append(dict(r) | {"history": history})
    return out


def matches(conn: sqlite3.Connection, ref: PartnerRef | None = None) -> list[dict[str, Any]]:
    out = []
    for r in conn.execute(
            "SELECT m.*, o.actor AS offer_actor, o.what AS offer_what, oa.doc_id AS offer_source, oa.date AS offer_date, "
            "n.actor AS need_actor, n.what AS need_what, na.doc_id AS need_source, na.date AS need_date, "
            "n.article_id AS need_article, o.article_id AS offer_article FROM matches m JOIN offers o ON o.id = m.offer_id "
            "JOIN offers n ON n.id = m.need_id JOIN articles oa ON oa.id = o.article_id "
            "JOIN articles na ON na.id = n.article_id ORDER BY m.score DESC, m.offer_id, m.need_id"):
        if ref is not None:
            arts = _articles_for(conn, ref)
            if r["need_article"] not in arts and r["offer_article"] not in arts:  # the partner on either side
                continue
        out.append({"sector": r["sector"], "products": json.loads(r["products"]), "score": r["score"],
                    "offer": {"actor": r["offer_actor"], "what": r["offer_what"], "source": r["offer_source"],
                              "date": r["offer_date"]},
                    "need": {"actor": r["need_actor"], "what": r["need_what"], "source": r["need_source"],
                             "date": r["need_date"]}})
    return out
