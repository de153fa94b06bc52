"""Read-only connections: read commands never migrate, rebuild or write."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..errors import CoopgraphError, StoreError


class NotFound(CoopgraphError):
    """Nothing matches what was asked for (exit code 1, not a usage error)."""


GRAPH_TABLES = ("story_members", "entities", "projects", "matches")


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """Open ``path`` with sqlite's ``mode=ro`` URI: no write, no migration, works on a read-only file."""
    p = Path(path)
    if not p.exists():
        raise StoreError(f"no database at {path}", "run `coopgraph ingest PATH` first or pass --db FILE")
    base = "file:" + quote(str(p.resolve()))
    error: sqlite3.Error | None = None
    # mode=ro first; a WAL database in a folder we cannot write (no -shm file can be made) opens as immutable
    for params in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(base + params, uri=True, timeout=30)
            conn.row_factory = sqlite3.Row
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails here if it is not SQLite
            return conn
        except sqlite3.DatabaseError as exc:
            error = exc
            if "not a database" in str(exc) or "malformed" in str(exc):
                break
    raise StoreError(f"cannot open database {path}: {error}",
                     "check the path and its permissions; is it a coopgraph database?")


def has_tables(conn: sqlite3.Connection, *names: str) -> bool:
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    return set(names) <= have


def graph_hint(conn: sqlite3.Connection, needs_graph: bool = False) -> str | None:
    """One line telling the user to run `coopgraph graph` when the derived tables lag the articles. When the
    command ``needs_graph`` and the tables are not there at all (a database older than the graph), raise."""
    if not has_tables(conn, "articles"):
        raise StoreError("this database has no articles table", "is --db a coopgraph database? ingest into a new file")
    if not has_tables(conn, "article_signatures", *GRAPH_TABLES):
        if needs_graph:
            raise StoreError("this database has no graph tables yet", "run `coopgraph graph` once to build them")
        return "the graph tables are missing: run `coopgraph graph` to build them"
    if has_tables(conn, "graph_state"):  # the store's pending-work marker, when the schema has one
        row = conn.execute("SELECT articles_version, graph_version FROM graph_state WHERE id = 1").fetchone()
        if row is not None and row[0] != row[1]:
            return "the graph is behind the stored articles: run `coopgraph graph` to bring it up to date"
    behind = conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                          "(SELECT 1 FROM article_signatures s WHERE s.article_id = a.id)").fetchone()[0]
    if behind:
        return f"the graph is behind by {behind} article(s): run `coopgraph graph` to bring it up to date"
    return None
