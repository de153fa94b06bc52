"""The SQL of stored answers (store migrations 0008 and 0009): bodies the read layer serves as they are, keyed by
the graph generation they were computed for. Written inside the caller's write transaction (no commit here)."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping


def replace_graph_answers(conn: sqlite3.Connection, generation: int, bodies: Mapping[str, bytes]) -> None:
    """Drop every stored answer and store ``bodies`` (name -> encoded body) for ``generation``."""
    conn.execute("DELETE FROM graph_answers")
    conn.executemany("INSERT INTO graph_answers(name, generation, body) VALUES (?, ?, ?)",
                     [(name, generation, body) for name, body in bodies.items()])


def graph_answer(conn: sqlite3.Connection, name: str) -> bytes | None:
    """The stored body ``name`` if it belongs to the current graph generation (None when it is missing, stale or
    the database predates migration 0008)."""
    try:
        row = conn.execute("SELECT a.body FROM graph_answers a JOIN graph_state s ON s.id = 1 "
                           "AND s.generation = a.generation WHERE a.name = ?", (name,)).fetchone()
    except sqlite3.OperationalError:  # no such table: an older database opened read-only
        return None
    return bytes(row[0]) if row else None


# -- partner dossiers (migration 0009) ------------------------------------------------------------------------
def partner_answer_inputs(conn: sqlite3.Connection) -> dict[str, str]:
    """Partner key -> the digest of the inputs its stored dossier was computed from (empty before 0009)."""
    try:
        return {r[0]: r[1] for r in conn.execute("SELECT partner, inputs FROM partner_answers")}
    except sqlite3.OperationalError:
        return {}


def write_partner_answers(conn: sqlite3.Connection, generation: int, keep: Iterable[str],
                          bodies: Mapping[str, tuple[str, bytes]]) -> None:
    """Store the partner dossiers of ``generation``: the rows of ``keep`` (unchanged inputs) move to it, ``bodies``
    (key -> (inputs, body)) replace theirs, every other row is dropped."""
    wanted = set(keep) | set(bodies)
    gone = [(r[0],) for r in conn.execute("SELECT partner FROM partner_answers") if r[0] not in wanted]
    conn.executemany("DELETE FROM partner_answers WHERE partner = ?", gone)
    conn.execute("UPDATE partner_answers SET generation = ?", (generation,))
    conn.executemany("INSERT OR REPLACE INTO partner_answers(partner, generation, inputs, body) VALUES (?, ?, ?, ?)",
                     [(k, generation, inputs, body) for k, (inputs, body) in bodies.items()])


def partner_answer(conn: sqlite3.Connection, key: str) -> bytes | None:
    """The stored dossier ``key`` if it belongs to the current graph generation and the graph is not behind the
    articles (None when missing, stale, or the database predates migration 0009)."""
    try:
        row = conn.execute("SELECT a.body FROM partner_answers a JOIN graph_state s ON s.id = 1 "
                           "AND s.generation = a.generation AND s.articles_version = s.graph_version "
                           "WHERE a.partner = ?", (key,)).fetchone()
    except sqlite3.OperationalError:
        return None
    return bytes(row[0]) if row else None


def article_digest_rows(conn: sqlite3.Connection) -> Iterator[tuple[int, str, int, str | None, str | None]]:
    """(article id, fact table, fact id, entity id, entity name) of every person and organization mention, and
    (article id, "story", 0, story id, None) of every story membership: what a partner's dossier reads from the
    graph tables besides the article's own facts."""
    yield from conn.execute("SELECT m.article_id, m.fact_table, m.fact_id, e.id, e.name FROM entity_mentions m "
                            "JOIN entities e ON e.id = m.entity_id "
                            "WHERE m.fact_table IN ('persons', 'organizations')")
    yield from conn.execute("SELECT article_id, 'story', 0, story_id, NULL FROM story_members")
