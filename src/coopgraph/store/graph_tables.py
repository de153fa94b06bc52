"""The SQL of the corpus-graph build (``coopgraph.graph``): the reads of its snapshot and the writes of its result.

graph.py keeps the logic and the transaction design (its module docstring): it computes a whole graph from what
one connection sees in a read snapshot (``read_snapshot``), then writes it under the write lock
(``store.write_transaction``) with ``clear_signatures_and_edges``, ``insert_signatures``, ``insert_story_edges``,
``replace_derived`` for every derived table and ``set_graph_version``, all in that one transaction. Every function
here takes the connection and runs inside whatever transaction the caller holds; none commits."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

# the derived tables the graph rewrites as a whole; ``replace_derived`` refuses any other name
DERIVED_TABLES = frozenset({"stories", "story_members", "entities", "entity_aliases", "entity_mentions",
                            "entity_merges", "person_roles", "projects", "project_events", "matches"})


# --- the snapshot -------------------------------------------------------------------------------------------

@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A deferred transaction: one consistent read snapshot that takes no lock blocking other writers. Always
    rolled back at the end (nothing in it writes)."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.rollback()


def graph_state(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(articles_version, graph_version, generation) of ``graph_state``; zeros in a database that predates it."""
    try:
        r = conn.execute("SELECT articles_version, graph_version, generation FROM graph_state WHERE id = 1").fetchone()
    except sqlite3.OperationalError:  # a read-only connection to a database not migrated yet
        return (0, 0, 0)
    return (int(r[0]), int(r[1]), int(r[2])) if r else (0, 0, 0)


def has_unsigned_articles(conn: sqlite3.Connection) -> bool:
    """True when an article has no signature row (stored by a version older than the graph marker)."""
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM articles a LEFT JOIN article_signatures s "
                             "ON s.article_id = a.id WHERE s.article_id IS NULL)").fetchone()[0])


def articles(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """id, doc_id, content_hash, date, date_partial of every article, by id."""
    return conn.execute("SELECT id, doc_id, content_hash, date, date_partial FROM articles ORDER BY id").fetchall()


def article_text(conn: sqlite3.Connection, article_id: int) -> Any:
    return conn.execute("SELECT text FROM articles WHERE id=?", (article_id,)).fetchone()[0]


def signatures(conn: sqlite3.Connection) -> list[tuple[int, bytes, str]]:
    """(article id, MinHash bytes, fingerprint JSON) of every signed article."""
    return [(r[0], r[1], r[2]) for r in conn.execute("SELECT article_id, minhash, fingerprint FROM article_signatures")]


def story_edges(conn: sqlite3.Connection) -> list[tuple[int, int, float, str]]:
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute("SELECT a, b, similarity, rule FROM story_edges")]


def fingerprint_facts(conn: sqlite3.Connection, article_id: int) -> tuple[list[str], list[str], list[tuple[Any, Any]]]:
    """What an article's story fingerprint is made of: its person names, its partners (ISO 3166-2 code, else
    country), its figures (value, unit)."""
    one = (article_id,)
    names = [r[0] for r in conn.execute("SELECT name FROM persons WHERE article_id=?", one)]
    partners = [r[0] or r[1] for r in conn.execute("SELECT iso3166_2, country FROM partners WHERE article_id=?", one)]
    figures = [(r[0], r[1]) for r in conn.execute("SELECT value, unit FROM figures WHERE article_id=?", one)]
    return names, partners, figures


def persons(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT id, article_id, name, country, role, region FROM persons").fetchall()


def organizations(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT id, article_id, name, country, canonical_id FROM organizations").fetchall()


def places(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT id, article_id, surface, name, kind, country, iso3166_2, place_id FROM places").fetchall()


def project_mentions(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM project_mentions").fetchall()


def partners(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT article_id, name, country, iso3166_2 FROM partners").fetchall()


def offers(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT id, article_id, type, actor, recipient, what, sectors FROM offers").fetchall()


def sectors(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(article id, sector) of every sector fact."""
    return [(r[0], r[1]) for r in conn.execute("SELECT article_id, sector FROM sectors")]


# --- the write ----------------------------------------------------------------------------------------------

def clear_signatures_and_edges(conn: sqlite3.Connection) -> None:
    """A rebuild starts from no signature and no story edge."""
    conn.execute("DELETE FROM story_edges")
    conn.execute("DELETE FROM article_signatures")


def insert_signatures(conn: sqlite3.Connection, rows: Iterable[tuple[int, bytes, str]]) -> None:
    """(article id, MinHash bytes, fingerprint JSON)."""
    conn.executemany("INSERT INTO article_signatures(article_id, minhash, fingerprint) VALUES (?,?,?)", rows)


def insert_story_edges(conn: sqlite3.Connection, rows: Iterable[tuple[int, int, float, str]]) -> None:
    """Accepted story pairs (a < b, similarity, rule); a pair decided again replaces the old row."""
    conn.executemany("INSERT OR REPLACE INTO story_edges(a, b, similarity, rule) VALUES (?,?,?,?)", rows)


def replace_derived(conn: sqlite3.Connection, table: str, columns: Sequence[str],
                    rows: Iterable[Sequence[Any]]) -> None:
    """Empty a derived table and insert ``rows`` (values in the order of ``columns``). ``matches`` ignores a
    duplicate (offer, need) pair; every other table takes each row."""
    if table not in DERIVED_TABLES:
        raise ValueError(f"not a derived graph table: {table!r}")
    if not all(c.isidentifier() for c in columns):
        raise ValueError(f"bad column names for {table}: {columns!r}")
    conn.execute(f"DELETE FROM {table}")
    verb = "INSERT OR IGNORE" if table == "matches" else "INSERT"
    conn.executemany(f"{verb} INTO {table}({','.join(columns)}) VALUES ({','.join('?' * len(columns))})", rows)


def set_graph_version(conn: sqlite3.Connection, articles_version: int, updated_at: str) -> None:
    """Record that the graph is complete for ``articles_version`` and count one more generation."""
    conn.execute("UPDATE graph_state SET graph_version = ?, generation = generation + 1, updated_at = ? WHERE id = 1",
                 (articles_version, updated_at))
