"""SQLite store: named migrations, articles with provenance, rejects, fact tables, FTS5.

Writes happen in batches, each one transaction: an interrupted run leaves whole batches behind,
and a rerun stores only what is missing (articles are keyed by the hash of their clean text).

Concurrency: the database runs in WAL mode (readers never wait for the writer) with a busy timeout.
Every write that depends on what it read first takes the write lock before reading (``BEGIN
IMMEDIATE``): the already-stored check and the insert of a batch, each migration with its re-check,
the final write of a graph update. So two ingests of the same input both succeed and store each
article once, and parallel first opens of a new file apply each migration once.

Crash safety of the graph: storing an article marks the graph as behind in the same transaction
(``graph_state``, see migration 0005); the next ingest or `graph` command completes it.

Test hook: with ``COOPGRAPH_TEST_KILL_AT=POINT[:N]`` the process kills itself with SIGKILL the Nth
time (default 1st) it passes POINT: ``article`` (inside a batch transaction, before its commit),
``graph-start`` (all articles stored, graph update not begun), ``graph`` (inside the graph write
transaction, after story edges and before the derived tables). tests/robustness uses it.
"""
from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..models import PIPELINE_VERSION, Extraction, Reject

if TYPE_CHECKING:
    from ..graph import GraphReport
from . import graph_tables
from .migrations import FACT_TABLES, MIGRATIONS
from .rows import ARTICLE_COLUMNS, FACT_COLUMNS, PROVENANCE_COLUMNS, article_row, fact_values

__all__ = ["FACT_TABLES", "Store", "connect", "kill_point", "write_transaction"]

BUSY_TIMEOUT_S = 60.0  # how long a writer waits for another writer's transaction before it gives up
KILL_ENV = "COOPGRAPH_TEST_KILL_AT"
_kill_counts: dict[str, int] = {}


def kill_point(name: str) -> None:
    """Test hook (see the module docstring): SIGKILL this process at the point ``name`` when asked to."""
    spec = os.environ.get(KILL_ENV)
    if not spec:
        return
    want, _, nth = spec.partition(":")
    if want != name:
        return
    _kill_counts[name] = _kill_counts.get(name, 0) + 1
    if _kill_counts[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One transaction that holds the write lock from its first statement (``BEGIN IMMEDIATE``, waiting up
    to the busy timeout for another writer), so what it reads cannot change before it writes. Commits on
    success, rolls back on any error. Inside a transaction already open it joins that one."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _set_wal(conn: sqlite3.Connection) -> None:
    """Switch a new database to WAL. The switch needs the file to itself, and SQLite reports "database is
    locked" at once (without waiting for the busy timeout) while other connections are opening the same
    new file: retry for up to the busy timeout."""
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.01
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly and str(path) != ":memory:" and not Path(path).exists():
        raise StoreError(f"no database at {path}", "run `coopgraph ingest PATH` first or pass --db FILE")
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            _set_wal(conn)  # the first read of the file: fails if it is not SQLite
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {path}: {exc}",
                         "check the path and its permissions; is it a coopgraph database? use a new --db path") from exc
    return conn


class Store:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # fact rows of the articles ``save_batch`` inserted so far, by table: written with one executemany per
        # table at the end of the batch (in its transaction) instead of ten statements per article
        self._pending: dict[str, list[list[Any]]] | None = None

    @classmethod
    def open(cls, path: str | Path) -> Store:
        store = cls(connect(path))
        store.migrate()
        return store

    def close(self) -> None:
        self.conn.close()

    # -- schema -------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply pending migrations in order; return the names applied now.

        Each migration is one write transaction that re-checks, under the lock, whether another process
        applied it meanwhile: parallel first opens of a new database apply each migration once."""
        c = self.conn
        try:
            if not c.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='migrations'").fetchone():
                c.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {r[0] for r in c.execute("SELECT name FROM migrations")}
            applied = []
            for name, sql in MIGRATIONS:
                if name in done:
                    continue  # no lock taken when nothing is pending: readers open without writing
                with write_transaction(c):  # DDL is not auto-transactional in sqlite3: make each migration atomic
                    if c.execute("SELECT 1 FROM migrations WHERE name=?", (name,)).fetchone():
                        continue  # another process applied it while this one waited for the lock
                    for stmt in _split_sql(sql):
                        c.execute(stmt)
                    c.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)", (name, _now()))
                applied.append(name)
            return applied
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot migrate the database: {exc}",
                             "is the file a coopgraph database? use a new --db path") from exc

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY name")]

    # -- writes -------------------------------------------------------------------------------
    def known_keys(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """The (content hash, document id) pairs already stored."""
        ks = list(keys)
        found: set[tuple[str, str]] = set()
        for i in range(0, len(ks), 400):
            chunk = ks[i:i + 400]
            q = ("SELECT content_hash, doc_id FROM articles WHERE content_hash IN "
                 f"({','.join('?' * len(chunk))})")
            found.update((r[0], r[1]) for r in self.conn.execute(q, [k[0] for k in chunk]))
        return found

    def save_batch(self, batch: list[Extraction], new_ids: set[int] | None = None) -> tuple[int, int]:
        """Store a batch in one transaction. Returns (new, unchanged); adds the new row ids to ``new_ids``.

        The already-stored check runs inside the write transaction, so another process storing the same
        documents at the same time makes them "unchanged" here instead of a UNIQUE error."""
        new = 0
        added: list[int] = []
        with write_transaction(self.conn):
            known = self.known_keys((e.article.content_hash, e.article.id) for e in batch)
            pending: dict[str, list[list[Any]]] = {}
            self._pending = pending
            try:
                for ext in batch:
                    h = (ext.article.content_hash, ext.article.id)
                    if h in known:
                        continue  # this document with this text is stored already
                    known.add(h)
                    added.append(self._insert(ext))
                    new += 1
            finally:
                self._pending = None
            for table, rows in pending.items():
                self.conn.executemany(_fact_insert_sql(table), rows)
            kill_point("article")
        if new_ids is not None:
            new_ids.update(added)
        return new, len(batch) - new

    def graph_pending(self) -> bool:
        """True when articles were stored or deleted after the last completed graph update."""
        from ..graph import pending

        return pending(self.conn)

    def update_graph(self, new_ids: set[int] | None = None) -> GraphReport:
        """Story edges for new articles, then entities, stories, projects and matches from the stored facts."""
        from ..graph import update

        return update(self.conn, new_ids)

    def article_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def insert_signatures(self, rows: Iterable[tuple[int, bytes, str]]) -> None:
        """(article id, MinHash bytes, fingerprint JSON) computed elsewhere (the Spark job); in a transaction."""
        graph_tables.insert_signatures(self.conn, rows)

    def insert_story_edges(self, rows: Iterable[tuple[int, int, float, str]]) -> None:
        """Accepted story pairs (a < b, similarity, rule) decided elsewhere (the Spark job); in a transaction."""
        graph_tables.insert_story_edges(self.conn, rows)

    def _insert(self, ext: Extraction) -> int:
        """``insert_rows(article_row(ext), fact_rows(ext))`` with the fact rows built as INSERT parameters."""
        article_id = self._insert_article(article_row(ext))
        self._add_facts(fact_values(ext, article_id))
        return article_id

    def _insert_article(self, article: dict[str, Any]) -> int:
        cur = self.conn.execute(_ARTICLE_INSERT_SQL, [article[c] for c in ARTICLE_COLUMNS] + [_now()])
        return int(cur.lastrowid or 0)

    def _add_facts(self, facts: dict[str, list[list[Any]]]) -> None:
        for table, values in facts.items():
            if self._pending is not None:  # inside save_batch: written with the batch's other rows of the table
                self._pending.setdefault(table, []).extend(values)
            elif values:
                self.conn.executemany(_fact_insert_sql(table), values)

    def insert_rows(self, article: dict[str, Any], facts: dict[str, list[dict[str, Any]]]) -> int:
        """Insert one article and its facts (the rows of store/rows.py); returns the new article id."""
        article_id = self._insert_article(article)
        self._add_facts({table: [[article_id, *(r[c] for c in _FACT_INSERT_COLUMNS[table])] for r in rows]
                         for table, rows in facts.items()})
        return article_id

    def record_reject(self, rej: Reject) -> None:
        now = _now()
        with self.conn:
            self.conn.execute(
                """INSERT INTO rejects (source, stage, reason, first_seen, last_seen) VALUES (?,?,?,?,?)
                   ON CONFLICT(source, stage, reason) DO UPDATE SET last_seen = excluded.last_seen,
                   times = times + 1""",
                (rej.source, rej.stage, rej.reason, now, now))

    def start_run(self, command: str) -> int:
        with self.conn:
            cur = self.conn.execute("INSERT INTO runs (started_at, command, pipeline_version) VALUES (?,?,?)",
                                    (_now(), command, PIPELINE_VERSION))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        with self.conn:
            self.conn.execute(
                "UPDATE runs SET finished_at=?, read=?, new=?, unchanged=?, rejected=? WHERE id=?",
                (_now(), counts.get("read", 0), counts.get("new", 0), counts.get("unchanged", 0),
                 counts.get("rejected", 0), run_id))


_ARTICLE_INSERT_SQL = (f"INSERT INTO articles ({','.join((*ARTICLE_COLUMNS, 'ingested_at'))}) "
                       f"VALUES ({','.join('?' * (len(ARTICLE_COLUMNS) + 1))})")
# a fact table's columns after article_id, in the order of its INSERT
_FACT_INSERT_COLUMNS = {t: (*PROVENANCE_COLUMNS, *cols) for t, cols in FACT_COLUMNS.items()}


def _fact_insert_sql(table: str) -> str:
    cols = ("article_id", *_FACT_INSERT_COLUMNS[table])
    return f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (triggers contain ';' inside BEGIN ... END)."""
    out, buf = [], []
    for line in script.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out
