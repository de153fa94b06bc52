"""Reference data derived from the graph tables (alias indexes, ...), kept per database and graph generation.

A value is built once from what one connection reads and reused by later connections to the same database file
until the graph is written again: every graph write bumps ``graph_state.generation`` and every article insert or
delete bumps ``articles_version`` (store migration 0005), both part of the key. A database without
``graph_state`` (older than it) is never cached. Small: one entry per (database, name)."""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_LOCK = threading.Lock()
_CACHE: dict[tuple[str, str], tuple[tuple[int, ...], Any]] = {}


def _version(conn: sqlite3.Connection) -> tuple[str, tuple[int, ...]] | None:
    try:
        row = conn.execute("SELECT articles_version, graph_version, generation FROM graph_state WHERE id = 1").fetchone()
        path = conn.execute("PRAGMA database_list").fetchone()[2]
    except sqlite3.Error:
        return None
    if row is None or not path:  # an in-memory database has no path to key on
        return None
    return path, (int(row[0]), int(row[1]), int(row[2]))


def per_graph(conn: sqlite3.Connection, name: str, build: Callable[[], T]) -> T:
    """``build()``, or the value built for the same database at the same articles and graph versions."""
    v = _version(conn)
    if v is None:
        return build()
    key = (v[0], name)
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None and hit[0] == v[1]:
        return hit[1]
    value = build()
    with _LOCK:
        _CACHE[key] = (v[1], value)
    return value


_RECENT: dict[tuple[str, str, str], tuple[tuple[int, ...], Any]] = {}


def recent(conn: sqlite3.Connection, name: str, key: str, build: Callable[[], T], size: int = 128) -> T:
    """``per_graph`` for values with many keys (one per search query): the ``size`` most recently built values per
    (database, name) are kept, older ones are dropped. A value is reused only at the same articles and graph
    versions."""
    v = _version(conn)
    if v is None:
        return build()
    k = (v[0], name, key)
    with _LOCK:
        hit = _RECENT.pop(k, None)
        if hit is not None and hit[0] == v[1]:
            _RECENT[k] = hit  # most recent last
            return hit[1]
    value = build()
    with _LOCK:
        _RECENT[k] = (v[1], value)
        mine = [x for x in _RECENT if x[:2] == k[:2]]
        for old in mine[:max(0, len(mine) - size)]:
            del _RECENT[old]
    return value
