"""Writes of watchlists (migration 0006): add one, remove one, move its "last visit" watermark. Each write is one
transaction under the write lock; reads live in ``coopgraph.query.watch``.

The watermark is the highest article id the user has seen (ids only grow). A new watchlist starts at the newest
article stored, so its first "new since your last visit" lists what the next ingest brings."""
from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from . import write_transaction

KINDS = ("search", "partner", "entity")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _latest(conn: sqlite3.Connection) -> tuple[int, int | None]:
    """(highest article id, highest finished ingest run id) stored now."""
    art = conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    run = conn.execute("SELECT max(id) FROM runs WHERE finished_at IS NOT NULL").fetchone()[0]
    return int(art), run


def add(conn: sqlite3.Connection, kind: str, value: str, label: str | None = None) -> tuple[int, bool]:
    """Save a watchlist; returns (id, created). Saving the same kind and value again returns the existing id
    (created False) and leaves its watermark alone."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    with write_transaction(conn):
        row = conn.execute("SELECT id FROM watchlists WHERE kind = ? AND value = ?", (kind, value)).fetchone()
        if row is not None:
            return int(row[0]), False
        art, run = _latest(conn)
        now = _now()
        cur = conn.execute(
            "INSERT INTO watchlists (kind, value, label, created_at, last_seen_at, last_seen_article, last_seen_run) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (kind, value, label, now, now, art, run))
        return int(cur.lastrowid or 0), True


def remove(conn: sqlite3.Connection, watch_id: int) -> bool:
    """Delete a watchlist; False when there was none with this id."""
    with write_transaction(conn):
        return conn.execute("DELETE FROM watchlists WHERE id = ?", (watch_id,)).rowcount > 0


def mark_seen(conn: sqlite3.Connection, watch_id: int, upto: int | None = None) -> bool:
    """Move the watermark to article id ``upto`` (default: the newest stored), so that what was listed as new is
    not listed again; pass the ``upto`` of the list the user saw, and articles stored after it stay new. The
    watermark never moves back. False when there is no watchlist with this id."""
    with write_transaction(conn):
        art, run = _latest(conn)
        mark = art if upto is None else max(0, min(int(upto), art))
        cur = conn.execute(
            "UPDATE watchlists SET last_seen_article = max(last_seen_article, ?), last_seen_at = ?, "
            "last_seen_run = coalesce(?, last_seen_run) WHERE id = ?",
            (mark, _now(), run if mark == art else None, watch_id))
        return cur.rowcount > 0
