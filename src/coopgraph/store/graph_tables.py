"""The SQL of the corpus-graph build (``coopgraph.graph``): the reads of its snapshot and the writes of its result.

graph.py keeps the logic and the transaction design (its module docstring): it computes a whole graph from what
one connection sees in a read snapshot (``read_snapshot``), then writes it under the write lock
(``store.write_transaction``) with ``clear_signatures_and_edges``, ``insert_signatures``, ``insert_story_edges``,
``replace_derived`` (a rebuild) or ``update_derived`` (an update: only the groups of rows that changed) for every
derived table and ``set_graph_version``, all in that one transaction. Every function
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


def signatures(conn: sqlite3.Connection) -> list[tuple[int, bytes, str]]:
    """(article id, MinHash bytes, fingerprint JSON) of every signed article."""
    return [(r[0], r[1], r[2]) for r in conn.execute("SELECT article_id, minhash, fingerprint FROM article_signatures")]


def story_edges(conn: sqlite3.Connection) -> list[tuple[int, int, float, str]]:
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute("SELECT a, b, similarity, rule FROM story_edges")]


def article_texts(conn: sqlite3.Connection, article_ids: Sequence[int]) -> dict[int, str]:
    """article id -> text, for the given ids (a few queries of up to ``_CHUNK`` ids each)."""
    out: dict[int, str] = {}
    for chunk in _chunks(article_ids):
        q = f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
        out.update((r[0], r[1]) for r in conn.execute(q, chunk))
    return out


_CHUNK = 500  # ids per IN (...) list: well below SQLite's limit of bound parameters


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


FingerprintFacts = tuple[list[str], list[str], list[tuple[Any, Any]]]


def fingerprint_facts_many(conn: sqlite3.Connection, article_ids: Sequence[int]) -> dict[int, FingerprintFacts]:
    """article id -> what its story fingerprint is made of: its person names, its partners (ISO 3166-2 code, else
    country), its figures (value, unit). Three queries per chunk of ids, not three per article."""
    out: dict[int, FingerprintFacts] = {a: ([], [], []) for a in article_ids}
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT article_id, name FROM persons WHERE article_id IN ({marks})", chunk):
            out[r[0]][0].append(r[1])
        for r in conn.execute(f"SELECT article_id, iso3166_2, country FROM partners WHERE article_id IN ({marks})",
                              chunk):
            out[r[0]][1].append(r[1] or r[2])
        for r in conn.execute(f"SELECT article_id, value, unit FROM figures WHERE article_id IN ({marks})", chunk):
            out[r[0]][2].append((r[1], r[2]))
    return out


def persons(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT id, article_id, name, country, role, region FROM persons").fetchall()


def organizations(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT id, article_id, name, country, canonical_id FROM organizations").fetchall()


PLACE_COLUMNS = ("id", "article_id", "surface", "name", "kind", "country", "iso3166_2", "place_id")


def places(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """``PLACE_COLUMNS`` of every place mention: plain tuples, the largest fact table (a country in most articles)
    read without a Row object per row."""
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places").fetchall()


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


def _check_derived(table: str, columns: Sequence[str]) -> None:
    """Table and column names go into SQL text: only the derived tables, only plain identifiers."""
    if table not in DERIVED_TABLES:
        raise ValueError(f"not a derived graph table: {table!r}")
    if not all(c.isidentifier() for c in columns):
        raise ValueError(f"bad column names for {table}: {columns!r}")


def replace_derived(conn: sqlite3.Connection, table: str, columns: Sequence[str],
                    rows: Iterable[Sequence[Any]]) -> None:
    """Empty a derived table and insert ``rows`` (values in the order of ``columns``). ``matches`` ignores a
    duplicate (offer, need) pair; every other table takes each row."""
    _check_derived(table, columns)
    conn.execute(f"DELETE FROM {table}")
    verb = "INSERT OR IGNORE" if table == "matches" else "INSERT"
    conn.executemany(f"{verb} INTO {table}({','.join(columns)}) VALUES ({','.join('?' * len(columns))})", rows)


# the columns that group each derived table's rows (an entity's aliases, merges and roles; a story's members; a
# project's events; an offer's matches): ``update_derived`` rewrites a group whose rows changed as a whole, so the
# rows of a group that a query reads by its key keep the order a full rewrite gives them. An entity mention is a
# group of its own (its primary key): a country's mentions run into the hundred thousands, and every reader of
# entity_mentions orders or aggregates them.
DERIVED_GROUPS: dict[str, tuple[str, ...]] = {
    "stories": ("id",), "story_members": ("story_id",), "entities": ("id",), "entity_aliases": ("entity_id",),
    "entity_mentions": ("fact_table", "fact_id"), "entity_merges": ("entity_id",), "person_roles": ("entity_id",),
    "projects": ("id",), "project_events": ("project_id",), "matches": ("offer_id",)}


def update_derived(conn: sqlite3.Connection, table: str, columns: Sequence[str],
                   rows: Iterable[Sequence[Any]]) -> int:
    """Make a derived table hold exactly ``rows`` (as ``replace_derived`` would) by rewriting only the groups
    (``DERIVED_GROUPS``) whose rows differ from the stored ones: a group that changed is deleted and inserted
    again in the order of ``rows``, so the rows of one group keep the order a full rewrite gives them. A graph
    update after a batch changes few groups of a large corpus. Returns the number of rows written."""
    _check_derived(table, columns)
    idx = [list(columns).index(c) for c in DERIVED_GROUPS[table]]
    if table in _ROW_GROUPS:
        return _update_rows(conn, table, columns, idx, rows)
    new: dict[Any, list[tuple[Any, ...]]] = {}
    seen: set[tuple[Any, Any]] = set()
    for r in rows:
        row = tuple(r)
        if table == "matches":  # the primary key (offer, need): the first row of a pair, as INSERT OR IGNORE keeps
            if (row[0], row[1]) in seen:
                continue
            seen.add((row[0], row[1]))
        new.setdefault(tuple(row[i] for i in idx), []).append(row)
    old: dict[Any, list[tuple[Any, ...]]] = {}
    rowids: dict[Any, list[int]] = {}
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: compared with the new rows as they are
    for r in cur.execute(f"SELECT rowid, {','.join(columns)} FROM {table} ORDER BY rowid"):
        row = r[1:]
        k = tuple(row[i] for i in idx)
        old.setdefault(k, []).append(row)
        rowids.setdefault(k, []).append(r[0])
    stale = [(rowid,) for k, group in old.items() if new.get(k) != group for rowid in rowids[k]]
    fresh = [row for k, group in new.items() if old.get(k) != group for row in group]
    conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", stale)
    conn.executemany(f"INSERT INTO {table}({','.join(columns)}) VALUES ({','.join('?' * len(columns))})", fresh)
    return len(fresh)


# derived tables whose group is a row (its primary key): compared row by row, without the group lists
_ROW_GROUPS = frozenset({"entity_mentions"})


def _update_rows(conn: sqlite3.Connection, table: str, columns: Sequence[str], idx: list[int],
                 rows: Iterable[Sequence[Any]]) -> int:
    """``update_derived`` for a table grouped by its primary key (``_ROW_GROUPS``): a changed row is deleted by
    its key and inserted again."""
    a, b = idx  # the two key columns
    new = {(r[a], r[b]): r for r in map(tuple, rows)}
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: compared with the new rows as they are
    old = {(r[a], r[b]): r for r in cur.execute(f"SELECT {','.join(columns)} FROM {table}")}
    stale = [k for k, r in old.items() if new.get(k) != r]
    fresh = [r for k, r in new.items() if old.get(k) != r]
    conn.executemany(f"DELETE FROM {table} WHERE {columns[a]} = ? AND {columns[b]} = ?", stale)
    conn.executemany(f"INSERT INTO {table}({','.join(columns)}) VALUES ({','.join('?' * len(columns))})", fresh)
    return len(fresh)


def set_graph_version(conn: sqlite3.Connection, articles_version: int, updated_at: str) -> None:
    """Record that the graph is complete for ``articles_version`` and count one more generation."""
    conn.execute("UPDATE graph_state SET graph_version = ?, generation = generation + 1, updated_at = ? WHERE id = 1",
                 (articles_version, updated_at))
