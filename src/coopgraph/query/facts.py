"""Reads of facts and of the derived graph tables, for dossiers, listings, timelines and evidence.

Every function takes an open connection and returns plain rows (dicts) or typed records; none writes."""
from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from ..store.migrations import FACT_TABLES
from .db import NotFound, has_tables
from .types import ArticleMeta, Fact

_PARTIAL_YEAR = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:\.\.(\d{4})(?:-(\d{2}))?)?$")


def _in(ids: list[int]) -> str:
    return ",".join("?" * len(ids)) or "NULL"


def story_of(conn: sqlite3.Connection) -> dict[int, str]:
    if not has_tables(conn, "story_members"):
        return {}
    return {r[0]: r[1] for r in conn.execute("SELECT article_id, story_id FROM story_members")}


def _period_end(period: str | None) -> tuple[int, int] | None:
    m = _PARTIAL_YEAR.match(period or "")
    if not m:
        return None
    y1, m1, y2, m2 = m.groups()
    if y2:
        return int(y2), int(m2 or 12)
    return int(y1), int(m1 or 12)


def infer_date(date_partial: str | None, periods: list[str | None]) -> str | None:
    """A full date for an article whose year is not printed: the first ``--MM-DD`` after the end of the latest
    period it reports (a figure for 2024 is published in 2025 at the earliest, one for 2024-01..2024-09 after
    September 2024). None when nothing tells the year."""
    m = re.fullmatch(r"--(\d{2})-(\d{2})", date_partial or "")
    ends = [e for e in map(_period_end, periods) if e]
    if not m or not ends:
        return None
    year, month = max(ends)
    mm, dd = int(m.group(1)), int(m.group(2))
    if mm <= month:
        year += 1
    return f"{year:04d}-{mm:02d}-{dd:02d}"


def story_members(conn: sqlite3.Connection, article_id: int) -> list[int]:
    """The ids of the articles in the story of ``article_id`` (itself included; [] before `coopgraph graph`)."""
    if not has_tables(conn, "story_members"):
        return []
    return [r[0] for r in conn.execute("SELECT m.article_id FROM story_members s JOIN story_members m "
                                       "ON m.story_id = s.story_id WHERE s.article_id = ?", (article_id,))]


def article_meta(conn: sqlite3.Connection, ids: list[int] | None = None) -> dict[int, ArticleMeta]:
    """Metadata of the given articles (all when None), with story id and inferred date."""
    where = f"WHERE a.id IN ({_in(ids)})" if ids is not None else ""
    story = ("(SELECT s.story_id FROM story_members s WHERE s.article_id = a.id)"
             if has_tables(conn, "story_members") else "NULL")
    rows = conn.execute(f"SELECT a.id, a.doc_id, a.url, a.title, a.date, a.date_partial, {story} AS story "
                        f"FROM articles a {where}", ids or []).fetchall()
    periods: dict[int, list[str | None]] = {}
    need = [r["id"] for r in rows if not r["date"] and r["date_partial"]]
    for i in range(0, len(need), 900):
        chunk = need[i:i + 900]
        for r in conn.execute(f"SELECT article_id, period FROM figures WHERE article_id IN ({_in(chunk)})", chunk):
            periods.setdefault(r[0], []).append(r[1])
    return {r["id"]: ArticleMeta(r["id"], r["doc_id"], r["url"], r["title"], r["date"], r["date_partial"],
                                 r["story"] or f"a{r['id']}",
                                 None if r["date"] else infer_date(r["date_partial"], periods.get(r["id"], [])))
            for r in rows}


def partner_rows(conn: sqlite3.Connection, ids: list[int] | None = None) -> list[sqlite3.Row]:
    where = f"WHERE article_id IN ({_in(ids)})" if ids is not None else ""
    return conn.execute(f"SELECT id, article_id, start_char, name, kind, country, iso3166_2 FROM partners {where} "
                        "ORDER BY article_id, position", ids or []).fetchall()


def foreign_partner_names(conn: sqlite3.Connection, ids: list[int]) -> list[tuple[int, str, str]]:
    """(article id, partner code, name as written) of the partner rows of the given articles that are not on the
    Belarusian side, each distinct triple once."""
    from .partners import CODE_SQL

    return [(r[0], r[1], r[2]) for r in conn.execute(
        f"SELECT DISTINCT article_id, {CODE_SQL}, name FROM partners WHERE article_id IN ({_in(ids)}) "
        "AND (country IS NULL OR country != 'BY')", ids)]


def sector_counts(conn: sqlite3.Connection, ids: list[int]) -> dict[str, int]:
    """Sector -> how many of the given articles name it."""
    return {r[0]: r[1] for r in conn.execute(
        f"SELECT sector, count(DISTINCT article_id) FROM sectors WHERE article_id IN ({_in(ids)}) GROUP BY sector",
        ids)}


def _has_index(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).fetchone() is not None


# -- facets of many articles: one statement each, the ids passed as one JSON array (no limit on their number) ------
JSON_IDS = "(SELECT value FROM json_each(?))"  # "x IN JSON_IDS" with json.dumps(values) as its parameter


def facet_keys(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str | None, str | None, str | None]]:
    """Article id -> (date, inferred date, url) of the given articles (read through the covering index of store
    migration 0008 where the database has it)."""
    covering = "INDEXED BY articles_keys " if _has_index(conn, "articles_keys") else ""
    rows = conn.execute(f"SELECT id, date, date_partial, url FROM articles {covering}WHERE id IN {JSON_IDS}",
                        (json.dumps(ids),)).fetchall()
    undated = [r[0] for r in rows if not r[1] and r[2]]
    periods: dict[int, list[str | None]] = {}
    if undated:
        for r in conn.execute(f"SELECT article_id, period FROM figures WHERE article_id IN {JSON_IDS}",
                              (json.dumps(undated),)):
            periods.setdefault(r[0], []).append(r[1])
    return {r[0]: (r[1], None if r[1] else infer_date(r[2], periods.get(r[0], [])), r[3]) for r in rows}


def city_partner_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Partner rows that name a city, with the city's place id."""
    return conn.execute("SELECT p.article_id, p.name, p.country, p.iso3166_2, pl.place_id FROM partners p "
                        "JOIN places pl ON pl.article_id = p.article_id AND pl.start_char = p.start_char "
                        "WHERE pl.kind = 'city'").fetchall()


def place_mentions(conn: sqlite3.Connection, code: str, kind: str) -> dict[int, str]:
    """article id -> the place as written, for articles that mention a place (as partner or not)."""
    column = {"city": "place_id", "country": "country"}.get(kind, "iso3166_2")
    extra = " AND kind = 'country'" if kind == "country" else ""
    out: dict[int, str] = {}
    for r in conn.execute(f"SELECT article_id, name FROM places WHERE {column} = ?{extra} ORDER BY article_id, "
                          "start_char", (code,)):
        out.setdefault(r[0], r[1])
    return out


def rows(conn: sqlite3.Connection, table: str, ids: list[int]) -> list[sqlite3.Row]:
    """All rows of one fact table for the given articles, in text order."""
    if table not in FACT_TABLES:
        raise ValueError(table)
    return conn.execute(f"SELECT * FROM {table} WHERE article_id IN ({_in(ids)}) ORDER BY article_id, start_char",
                        ids).fetchall()


def with_entities(conn: sqlite3.Connection, table: str, ids: list[int]) -> list[sqlite3.Row]:
    """Person or organization rows with the canonical entity they resolve to (None before `coopgraph graph`)."""
    if table not in ("persons", "organizations"):
        raise ValueError(table)
    if not has_tables(conn, "entity_mentions", "entities"):
        return conn.execute(f"SELECT f.*, NULL AS eid, NULL AS ename FROM {table} f WHERE f.article_id IN "
                            f"({_in(ids)})", ids).fetchall()
    return conn.execute(
        f"SELECT f.*, e.id AS eid, e.name AS ename FROM {table} f "
        f"LEFT JOIN entity_mentions m ON m.fact_table = '{table}' AND m.fact_id = f.id "
        f"LEFT JOIN entities e ON e.id = m.entity_id WHERE f.article_id IN ({_in(ids)})", ids).fetchall()


def articles_naming(conn: sqlite3.Connection, table: str, needle: str) -> set[int]:
    """The articles with a person or organization row whose name, or whose canonical entity's name, contains
    ``needle`` (case-folded), or whose entity id is ``needle``: what the search filter by person or organization
    keeps, read from the names and the few matching entities instead of every row with its entity."""
    if table not in ("persons", "organizations"):
        raise ValueError(table)
    n = needle.casefold()
    names = [name for (name,) in conn.execute(f"SELECT DISTINCT name FROM {table}") if n in (name or "").casefold()]
    out = {a for (a,) in conn.execute(f"SELECT DISTINCT article_id FROM {table} WHERE name IN {JSON_IDS}",
                                      (json.dumps(names),))}
    if has_tables(conn, "entity_mentions", "entities"):
        eids = [eid for eid, name in conn.execute("SELECT id, name FROM entities")
                if n in (name or "").casefold() or n == eid.casefold()]
        out |= {a for (a,) in conn.execute(
            f"SELECT DISTINCT f.article_id FROM entity_mentions m JOIN {table} f ON f.id = m.fact_id "
            f"WHERE m.fact_table = '{table}' AND m.entity_id IN {JSON_IDS}", (json.dumps(eids),))}
    return out


def partner_names(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT name FROM partners ORDER BY name LIMIT 400")]


def all_article_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]


def article_counts(conn: sqlite3.Connection, table: str) -> list[sqlite3.Row]:
    if table not in FACT_TABLES:
        raise ValueError(table)
    return conn.execute(f"SELECT * FROM {table}").fetchall()


# -- projects and matches ---------------------------------------------------------------------------------------
def projects(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    out = []
    for r in conn.execute("SELECT * FROM projects ORDER BY first_seen, id").fetchall():
        history = [dict(e) for e in conn.execute(
            "SELECT e.date, e.status, a.doc_id AS source, e.article_id, pm.name AS mention, pm.id AS mention_id, "
            "pm.start_char, pm.end_char FROM project_events e JOIN articles a ON a.id = e.article_id "
            "JOIN project_mentions pm ON pm.id = e.mention_id WHERE e.project_id = ? ORDER BY e.date, a.doc_id",
            (r["id"],))]
        out.append(dict(r) | {"history": history})
    return out


def matches(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT m.*, o.actor AS offer_actor, o.what AS offer_what, oa.doc_id AS offer_source, oa.date AS offer_date, "
        "n.actor AS need_actor, n.what AS need_what, na.doc_id AS need_source, na.date AS need_date, "
        "n.article_id AS need_article, o.article_id AS offer_article FROM matches m JOIN offers o ON o.id = m.offer_id "
        "JOIN offers n ON n.id = m.need_id JOIN articles oa ON oa.id = o.article_id "
        "JOIN articles na ON na.id = n.article_id ORDER BY m.score DESC, m.offer_id, m.need_id").fetchall()


# -- entities ---------------------------------------------------------------------------------------------------
def entity_aliases(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT entity_id, alias FROM entity_aliases").fetchall()


def entity_ids(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT id FROM entities")}


def entities_named_like(conn: sqlite3.Connection, text: str, limit: int = 5) -> list[str]:
    """Entities with a name word that starts with ``text`` (LIKE wildcards in ``text`` are literal)."""
    esc = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [r[0] for r in conn.execute(
        "SELECT id FROM entities WHERE lower(name) LIKE lower(?) ESCAPE '\\' OR lower(name) LIKE lower(?) ESCAPE '\\' "
        "ORDER BY articles DESC, id LIMIT ?", (f"{esc}%", f"% {esc}%", limit))]


def entity_record(conn: sqlite3.Connection, eid: str) -> dict[str, Any] | None:
    e = conn.execute("SELECT * FROM entities WHERE id = ?", (eid,)).fetchone()
    if e is None:
        return None
    aliases = [{"alias": r[0], "count": r[1]} for r in conn.execute(
        "SELECT alias, count FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC, alias", (eid,))]
    merges = [{"variant": r[0], "rule": r[1], "detail": r[2]} for r in conn.execute(
        "SELECT variant, rule, detail FROM entity_merges WHERE entity_id = ?", (eid,))]
    roles = [dict(r) | {"articles": len(json.loads(r["articles"]))} for r in conn.execute(
        "SELECT role, country, region, first_seen, last_seen, articles FROM person_roles WHERE entity_id = ? "
        "ORDER BY first_seen", (eid,))]
    mentions = [dict(r) for r in conn.execute(
        "SELECT a.doc_id, a.date, a.date_partial, m.fact_table, m.rule, m.fact_id, m.article_id FROM entity_mentions m "
        "JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? ORDER BY a.date, a.doc_id", (eid,))]
    return {"id": e["id"], "kind": e["kind"], "name": e["name"], "country": e["country"],
            "iso3166_2": e["iso3166_2"], "articles": e["articles"], "stories": e["stories"],
            "aliases": aliases, "merges": merges, "roles": roles, "mentions": mentions}


def entity_summaries(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """What ``entity_record`` gives for every entity, in id order, but the mentions as their number: a few grouped
    reads instead of every mention of every entity."""
    aliases: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute("SELECT entity_id, alias, count FROM entity_aliases ORDER BY entity_id, count DESC, alias"):
        aliases.setdefault(r[0], []).append({"alias": r[1], "count": r[2]})
    roles: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute("SELECT entity_id, role, country, region, first_seen, last_seen, articles FROM person_roles "
                          "ORDER BY entity_id, first_seen"):
        roles.setdefault(r[0], []).append(dict(r) | {"articles": len(json.loads(r["articles"]))})
    for rs in roles.values():
        for x in rs:
            del x["entity_id"]
    mentions = {r[0]: r[1] for r in conn.execute(
        "SELECT m.entity_id, count(*) FROM entity_mentions m JOIN articles a ON a.id = m.article_id GROUP BY m.entity_id")}
    return [{"id": e["id"], "kind": e["kind"], "name": e["name"], "country": e["country"], "iso3166_2": e["iso3166_2"],
             "articles": e["articles"], "stories": e["stories"], "aliases": aliases.get(e["id"], []),
             "roles": roles.get(e["id"], []), "mentions": mentions.get(e["id"], 0)}
            for e in conn.execute("SELECT * FROM entities ORDER BY id")]


def co_occurring(conn: sqlite3.Connection, eid: str, limit: int = 30) -> list[dict[str, Any]]:
    """The persons and organizations named in the articles that mention ``eid``, with how many of those articles
    name each, most shared articles first (one aggregate over the covering indexes of entity_mentions, store
    migration 0008; an older database answers the same, only slower)."""
    rows = conn.execute(
        "SELECT e.id, e.name, c.n FROM (SELECT m2.entity_id, count(DISTINCT m2.article_id) AS n "
        "FROM entity_mentions m2 WHERE m2.article_id IN (SELECT article_id FROM entity_mentions WHERE entity_id = ?) "
        "AND m2.fact_table IN ('persons', 'organizations') AND m2.entity_id != ? GROUP BY m2.entity_id) c "
        "JOIN entities e ON e.id = c.entity_id", (eid, eid)).fetchall()
    out = sorted(({"id": r[0], "name": r[1], "articles": r[2]} for r in rows),
                 key=lambda c: (-c["articles"], c["name"] or "", c["id"]))
    return out[:limit]


# -- single facts and their evidence --------------------------------------------------------------------------
_MONTHS = ("Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember")
_ABBREV = r"(?<!\bca)(?<!\bMio)(?<!\bMrd)(?<!\bMlrd)(?<!\bNr)(?<!\bDr)(?<!\bz\.B)(?<!\bbzw)(?<!\bTsd)(?<!\bSt)"
# every sentence end starts with one of .!?: the leading lookahead skips other positions before the costly
# lookbehinds run (the same matches, about ten times faster)
_SENT_END = re.compile(r"(?=[.!?])" + _ABBREV + r"(?<!\b[A-ZÄÖÜ])(?:(?<!\d)\.|(?<=\d)\.(?!\s+(?:" + _MONTHS + r")\b)|[!?])"
                       r"[\"“”»«]?(?:\s+(?=[A-ZÄÖÜ„\"«(\d])|\s*$)")


def _last_end(text: str, lo: int, start: int) -> int:
    """The end of the last sentence end that a scan of text[lo:start] finds (0 when none). A match starts at its
    one [.!?] character and the rest of it is quotes and spaces, so a scan from a later point finds the same
    matches after that point: the last 200 characters are scanned first, the whole window only if they hold none."""
    near = max(lo, start - 200)
    if near > lo:
        last = 0
        for m in _SENT_END.finditer(text, near, start):
            last = m.end()
        if last:
            return last
    last = 0
    for m in _SENT_END.finditer(text, lo, start):
        last = m.end()
    return last


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) holding text[start:end]: from the last sentence end before it to the next after.
    Abbreviations ("Mio.", "ca."), initials and day numbers before a month ("13. Februar") do not end one."""
    lo = max(0, start - 1500)
    left = max(text.rfind("\n", 0, start) + 1, _last_end(text, lo, start), 0)
    m = _SENT_END.search(text, end)
    nl = text.find("\n", end)
    right = min(x for x in (m.end() if m else len(text), nl if nl >= 0 else len(text)))
    return left, max(right, end)


def _summary(table: str, r: sqlite3.Row) -> str:
    keys = {"persons": ("name", "role"), "organizations": ("name", "kind"), "places": ("name", "kind"),
            "partners": ("name", "kind"), "figures": ("metric", "value", "unit", "period", "kind"),
            "sectors": ("sector",), "meetings": ("participants", "place"), "quotes": ("speaker", "text"),
            "offers": ("type", "actor", "what"), "project_mentions": ("name", "status")}[table]
    return ", ".join(f"{k}={r[k]}" for k in keys if r[k] not in (None, ""))


def _fact(table: str, r: sqlite3.Row, text: str, canonical: dict[tuple[str, int], tuple[str, str]]) -> Fact:
    lo, hi = sentence_around(text, r["start_char"], r["end_char"])
    ent = canonical.get((table, r["id"]))
    if ent is None and table in ("partners", "places") and (r["iso3166_2"] or r["country"]):
        from .names import canonical_name

        code = r["iso3166_2"] if r["kind"] != "country" and r["iso3166_2"] else r["country"]
        ent = (code, canonical_name(code, r["name"]))
    return Fact(f"{table}:{r['id']}", table, r["article_id"], r["start_char"], r["end_char"], r["extractor"],
                r["rule_id"], _summary(table, r), " ".join(text[lo:hi].split()),
                text[r["start_char"]:r["end_char"]], ent[0] if ent else None, ent[1] if ent else None)


def _canonical(conn: sqlite3.Connection, article_id: int) -> dict[tuple[str, int], tuple[str, str]]:
    if not has_tables(conn, "entity_mentions", "entities"):
        return {}
    return {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(
        "SELECT m.fact_table, m.fact_id, e.id, e.name FROM entity_mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE m.article_id = ?", (article_id,))}


def article_text(conn: sqlite3.Connection, article_id: int) -> str:
    row = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else ""


def article_facts(conn: sqlite3.Connection, article_id: int) -> list[Fact]:
    """Every fact of one article with its evidence sentence, in text order."""
    text = article_text(conn, article_id)
    canonical = _canonical(conn, article_id)
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    out = [_fact(t, r, text, canonical) for t in FACT_TABLES if t in have
           for r in conn.execute(f"SELECT * FROM {t} WHERE article_id = ? ORDER BY start_char", (article_id,))]
    return sorted(out, key=lambda f: (f.start, f.table))


def parse_fact_id(fact_id: str) -> tuple[str, int]:
    table, _, num = fact_id.partition(":")
    if table not in FACT_TABLES or not num.isascii() or not num.isdigit() or len(num) > 18:
        from ..errors import UsageError

        raise UsageError(f"not a fact id: {fact_id!r}",
                         "fact ids look like figures:12 or persons:3; `coopgraph show ID --evidence` lists them")
    return table, int(num)


def fact(conn: sqlite3.Connection, fact_id: str) -> tuple[Fact, sqlite3.Row]:
    table, num = parse_fact_id(fact_id)
    r = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (num,)).fetchone()
    if r is None:
        raise NotFound(f"no fact {fact_id}", "`coopgraph show ID --evidence` lists the facts of an article")
    return _fact(table, r, article_text(conn, r["article_id"]), _canonical(conn, r["article_id"])), r


def facts_by_id(conn: sqlite3.Connection, table: str, ids: list[int]) -> dict[int, Fact]:
    """Evidence for many facts of one table."""
    if table not in FACT_TABLES or not ids:
        return {}
    out: dict[int, Fact] = {}
    texts: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        found = conn.execute(f"SELECT * FROM {table} WHERE id IN ({_in(chunk)})", chunk).fetchall()
        need = sorted({r["article_id"] for r in found} - texts.keys())
        texts |= {r[0]: r[1] for r in conn.execute(f"SELECT id, text FROM articles WHERE id IN {JSON_IDS}",
                                                   (json.dumps(need),))}  # one read for all their articles
        for r in found:
            out[r["id"]] = _fact(table, r, texts.get(r["article_id"], ""), {})
    return out
