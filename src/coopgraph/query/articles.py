"""Reads of articles: full-text search, one article with its facts, corpus statistics, rejects."""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection
from typing import Any

from ..errors import UsageError
from ..store.migrations import FACT_TABLES
from .cache import per_graph
from .facts import JSON_IDS
from .types import SearchHit, Window

SNIPPET_MARKS = ("[", "]")


def _fts_query(q: str) -> str:
    """Quote each term so that hyphens, dots and colons in names do not break FTS5 syntax."""
    terms = re.findall(r'"[^"]+"|\S+', q)
    out = []
    for t in terms:
        if t.upper() in {"AND", "OR", "NOT"}:
            out.append(t.upper())
        elif t.startswith('"'):
            out.append(t)
        elif t.endswith("*") and len(t) > 1:
            out.append('"' + t[:-1].replace('"', "") + '"*')
        else:
            out.append('"' + t.replace('"', "") + '"')
    return " ".join(out)


_AliasIndex = tuple[dict[str, set[str]], dict[str, set[str]], list[tuple[str, str]]]


def _alias_index(conn: sqlite3.Connection) -> _AliasIndex:
    """(name key -> entity ids, surname key -> entity ids, the (entity id, alias) rows) of ``entity_aliases``; built once
    per graph generation of a database (``cache.per_graph``), not per search."""
    from ..extract.names import name_key

    def build() -> _AliasIndex:
        try:
            rows = conn.execute("SELECT entity_id, alias FROM entity_aliases").fetchall()
        except sqlite3.OperationalError:
            rows = []
        by_key: dict[str, set[str]] = {}
        by_last: dict[str, set[str]] = {}
        for eid, alias in rows:
            key = name_key(alias)
            by_key.setdefault(key, set()).add(eid)
            if key.split():
                by_last.setdefault(key.split()[-1], set()).add(eid)
        return by_key, by_last, [(r[0], r[1]) for r in rows]

    return per_graph(conn, "alias_index", build)


def _expansions(conn: sqlite3.Connection, q: str) -> list[str]:
    """Other spellings of a name in ``q``: the German canonical name of a place written in English, Russian or as a
    code, and the aliases of the entity it names ("Lukashenko" also finds "Lukaschenko")."""
    from ..extract.names import name_key
    from . import names

    if re.search(r'["*]|\b(?:AND|OR|NOT)\b', q):
        return []
    out: list[str] = []
    place = names.find_place(q)
    if place:
        out.append(place.name)
    keys = {name_key(k) for k in names.person_keys(q)}
    by_key, by_last, rows = _alias_index(conn)
    ents = {e for k in keys for e in by_key.get(k, ())}
    if place:  # the place's own entity: every form written in the corpus ("Kasachstans")
        ents.add({"country": f"country:{place.code}", "region": f"region:{place.code}"}.get(place.kind, place.code))
    if not ents and all(" " not in k for k in keys):  # a surname alone
        ents = {e for k in keys for e in by_last.get(k, ())}
    for eid, alias in rows:
        if eid in ents:
            out += [alias, alias.split()[-1]] if eid.startswith("person:") else [alias]  # and a surname alone
    return [x for x in dict.fromkeys(out) if x.casefold() != q.casefold()][:12]


def _inferred_in_window(conn: sqlite3.Connection, window: Window) -> set[int]:
    """Articles without a printed year whose inferred date (``facts.infer_date``, as dossier and partners use
    it) falls in ``window`` (the inferred dates are kept per database by ``search_facets``)."""
    from .search_facets import inferred_dates

    return {a for a, when in inferred_dates(conn).items() if when and window.admits(when)}


def _match(conn: sqlite3.Connection, q: str) -> str:
    """The FTS5 expression for ``q``: its terms, or them and the other spellings of the name they form."""
    match = _fts_query(q)
    extra = _expansions(conn, q.strip())
    if extra:
        match = "(" + match + ") OR " + " OR ".join(_fts_query(f'"{x}"') for x in extra)
    return match


_SNIPPET = f"snippet(articles_fts, 1, '{SNIPPET_MARKS[0]}', '{SNIPPET_MARKS[1]}', '…', 10)"


def _search_rows(conn: sqlite3.Connection, q: str, limit: int, since: str | None, until: str | None,
                 columns: str, among: Collection[int] | None = None) -> list[sqlite3.Row]:
    """The rows (``columns`` of ``articles a`` and ``score``) of ``search``: best first, filtered by date and, with
    ``among``, to those articles (SQLite then scores only the matches among them)."""
    if not q.strip():
        raise UsageError("empty search query", 'give words to search for, e.g. coopgraph search "Region Tula"')
    limit = max(1, min(int(limit), 1_000_000))
    where = ""
    args: list[Any] = [_match(conn, q)]
    if since:
        where += " AND a.date IS NOT NULL AND substr(a.date, 1, ?) >= ?"
        args += [len(since), since]
    if until:
        where += " AND a.date IS NOT NULL AND substr(a.date, 1, ?) <= ?"
        args += [len(until), until]
    # an article whose year is not printed is in the window when its inferred date is (as in the dossier)
    inferred = _inferred_in_window(conn, Window(since, until)) if since or until else set()
    if inferred:  # the ids as one JSON array: no limit on their number
        where = f" AND ((1{where}) OR a.id IN {JSON_IDS})"
        args.append(json.dumps(sorted(inferred)))
    if among is not None:
        where += f" AND a.id IN {JSON_IDS}"
        args.append(json.dumps(sorted(among)))
    sql = f"""SELECT {columns}, bm25(articles_fts) AS score
              FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
              WHERE articles_fts MATCH ?{where} ORDER BY score, a.id LIMIT ?"""
    try:
        return conn.execute(sql, (*args, limit)).fetchall()
    except sqlite3.OperationalError as exc:
        raise UsageError(f"cannot search for {q!r}: {exc}",
                         'use plain words, "quoted phrases", AND/OR/NOT, or prefix*') from exc


def search(conn: sqlite3.Connection, q: str, limit: int = 20, since: str | None = None,
           until: str | None = None, snippets: bool = True, among: Collection[int] | None = None) -> list[SearchHit]:
    """Full-text hits, best first (bm25, then id); names are also searched in their other spellings;
    ``since``/``until`` filter by the article date (ISO prefixes), or by the inferred date of an article whose year
    is not printed (as the dossier does). With ``snippets=False`` every snippet is "" (cheaper for many hits:
    ``with_snippets`` adds them to the page shown). With ``among``, only the hits among those article ids."""
    rows = _search_rows(conn, q, limit, since, until, "a.id, a.doc_id, a.title, a.date, a.date_partial, "
                        f"a.dateline_place, {_SNIPPET if snippets else chr(39) * 2} AS snippet", among)
    return [SearchHit(r["id"], r["doc_id"], r["title"], r["date"], r["date_partial"], r["dateline_place"],
                      r["snippet"], round(r["score"], 3)) for r in rows]


def ranked_in_window(conn: sqlite3.Connection, q: str, limit: int, since: str | None = None,
                     until: str | None = None, among: Collection[int] | None = None) -> list[tuple[int, float]]:
    """(article id, score) of the hits ``search`` gives with the same arguments, without reading their other
    fields (for many hits of which one page is shown)."""
    return [(r["id"], round(r["score"], 3)) for r in _search_rows(conn, q, limit, since, until, "a.id", among)]


def ranked(conn: sqlite3.Connection, q: str, limit: int) -> list[tuple[int, float]]:
    """(article id, score) of the best ``limit`` hits of ``q``: the ids, order and scores ``search`` gives without
    a date filter, read from the full-text index alone (no article row is read)."""
    if not q.strip():
        raise UsageError("empty search query", 'give words to search for, e.g. coopgraph search "Region Tula"')
    try:
        rows = conn.execute("SELECT rowid, bm25(articles_fts) AS score FROM articles_fts WHERE articles_fts MATCH ? "
                            "ORDER BY score, rowid LIMIT ?", (_match(conn, q), max(1, min(int(limit), 1_000_000))))
        return [(r[0], round(r[1], 3)) for r in rows]
    except sqlite3.OperationalError as exc:
        raise UsageError(f"cannot search for {q!r}: {exc}",
                         'use plain words, "quoted phrases", AND/OR/NOT, or prefix*') from exc


def hit_rows(conn: sqlite3.Connection, ids: list[int]) -> list[sqlite3.Row]:
    """The fields of a search hit (``SearchHit`` without snippet and score) of the given articles."""
    marks = ",".join("?" * len(ids)) or "NULL"
    return conn.execute(f"SELECT id, doc_id, title, date, date_partial, dateline_place FROM articles "
                        f"WHERE id IN ({marks})", ids).fetchall()


def snippets(conn: sqlite3.Connection, q: str, ids: list[int]) -> dict[int, str]:
    """Article id -> the snippet ``search`` gives it for ``q``, for the given hits only (the page shown)."""
    if not ids or not q.strip():
        return {}
    marks = ",".join("?" * len(ids))
    return {r[0]: r[1] for r in conn.execute(
        f"SELECT rowid, {_SNIPPET} FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN ({marks})",
        [_match(conn, q), *ids])}


def _numeric_id(ident: str | int) -> int | None:
    """A database id: ASCII digits that fit in SQLite's 64-bit integer ("²" and 10**24 are not ids)."""
    ident = str(ident)
    if ident.isascii() and ident.isdigit() and len(ident) <= 18:
        return int(ident)
    return None


def get_article_row(conn: sqlite3.Connection, article_id: int) -> sqlite3.Row:
    return conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()


def get_article(conn: sqlite3.Connection, ident: str | int, facts: bool = True) -> dict[str, Any] | None:
    """One article by numeric id or document id, with its facts per table unless ``facts`` is False (None when
    there is none)."""
    row = None
    num = _numeric_id(ident)
    if num is not None:
        row = conn.execute("SELECT * FROM articles WHERE id = ?", (num,)).fetchone()
    if row is None:
        row = conn.execute("SELECT * FROM articles WHERE doc_id = ? ORDER BY id DESC LIMIT 1", (str(ident),)).fetchone()
    if row is None:
        return None
    art = dict(row)
    for key in ("offset_map", "paragraphs", "removed"):
        art[key] = json.loads(art[key])
    if not facts:
        return art
    art["facts"] = {t: [dict(r) for r in conn.execute(f"SELECT * FROM {t} WHERE article_id = ? ORDER BY start_char",
                                                       (art["id"],))] for t in FACT_TABLES}
    return art


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    out: dict[str, Any] = {
        "articles": one("SELECT count(*) FROM articles"),
        "with_date": one("SELECT count(*) FROM articles WHERE date IS NOT NULL"),
        "date_partial_only": one("SELECT count(*) FROM articles WHERE date IS NULL AND date_partial IS NOT NULL"),
        "rejects": one("SELECT count(*) FROM rejects"),
        "first_date": one("SELECT min(date) FROM articles"),
        "last_date": one("SELECT max(date) FROM articles"),
    }
    out["languages"] = {r[0] or "unknown": r[1] for r in
                        conn.execute("SELECT language, count(*) FROM articles GROUP BY language ORDER BY 2 DESC")}
    out["agencies"] = {r[0] or "none": r[1] for r in
                       conn.execute("SELECT agency, count(*) FROM articles GROUP BY agency ORDER BY 2 DESC")}
    out["facts"] = {t: one(f"SELECT count(*) FROM {t}") for t in FACT_TABLES}
    return out


def rejects(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT source, stage, reason, times FROM rejects ORDER BY id")]


def graph_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Sizes of the derived graph tables (0 for a table an older database lacks)."""
    out = {}
    for t in ("stories", "entities", "projects", "matches"):
        try:
            out[t] = conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        except sqlite3.OperationalError:
            out[t] = 0
    return out


def top_partner(conn: sqlite3.Connection) -> str | None:
    """The foreign partner name written most often."""
    row = conn.execute("SELECT name FROM partners WHERE country != 'BY' GROUP BY name ORDER BY count(*) DESC, name "
                       "LIMIT 1").fetchone()
    return row[0] if row else None
