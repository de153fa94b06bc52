"""The one read layer, shared by CLI, API, web and export."""
from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from .errors import UsageError
from .store import FACT_TABLES

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


def search(conn: sqlite3.Connection, q: str, limit: int = 20) -> list[dict[str, Any]]:
    if not q.strip():
        raise UsageError("empty search query", 'give words to search for, e.g. coopgraph search "Region Tula"')
    sql = f"""SELECT a.id, a.doc_id, a.title, a.date, a.date_partial, a.dateline_place,
              snippet(articles_fts, 1, '{SNIPPET_MARKS[0]}', '{SNIPPET_MARKS[1]}', '…', 16) AS snippet,
              bm25(articles_fts) AS score
              FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
              WHERE articles_fts MATCH ? ORDER BY score LIMIT ?"""
    try:
        rows = conn.execute(sql, (_fts_query(q), limit)).fetchall()
    except sqlite3.OperationalError as exc:
        raise UsageError(f"cannot search for {q!r}: {exc}",
                         'use plain words, "quoted phrases", AND/OR/NOT, or prefix*') from exc
    return [dict(r) | {"score": round(r["score"], 3)} for r in rows]


def get_article(conn: sqlite3.Connection, ident: str) -> dict[str, Any] | None:
    row = None
    if ident.isdigit():
        row = conn.execute("SELECT * FROM articles WHERE id = ?", (int(ident),)).fetchone()
    if row is None:
        row = conn.execute("SELECT * FROM articles WHERE doc_id = ? ORDER BY id DESC LIMIT 1", (ident,)).fetchone()
    if row is None:
        return None
    art = dict(row)
    for key in ("offset_map", "paragraphs", "removed"):
        art[key] = json.loads(art[key])
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
