"""The SQL of stored answers (store migration 0008): bodies the read layer serves as they are, keyed by the graph
generation they were computed for. Written inside the graph update's write transaction (no commit here)."""
from __future__ import annotations

import sqlite3
from collections.abc import Mapping


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
