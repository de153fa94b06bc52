"""A graph update after each batch touches only the stories, entities, projects and matches its articles change,
and ends where a full rebuild of the same articles ends: the graph corpus (tests/corpus/graph, texts we wrote)
ingested in three batches, where later batches bring mirrors and rewrites of earlier stories and other spellings
of earlier people (Minnichanow / Minnikhanov), against ``graph.rebuild`` of a copy of the same database."""
from __future__ import annotations

import shutil
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from conftest import ingest_graph_corpus_in_batches

from coopgraph import graph
from coopgraph.store import Store, write_transaction
from coopgraph.store import graph_tables as tables

CORPUS = Path(__file__).parent / "corpus" / "graph"


def _rows(conn: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    cols = ",".join(graph.DERIVED_COLUMNS[table])
    return [tuple(r) for r in conn.execute(f"SELECT {cols} FROM {table} ORDER BY rowid")]


def _groups(conn: sqlite3.Connection, table: str) -> dict[tuple[Any, ...], list[tuple[Any, ...]]]:
    """The rows of each group in stored order: what a query by the group's key reads without ORDER BY."""
    cols = graph.DERIVED_COLUMNS[table]
    idx = [cols.index(c) for c in tables.DERIVED_GROUPS[table]]
    out: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for r in _rows(conn, table):
        out[tuple(r[i] for i in idx)].append(r)
    return dict(out)


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The corpus ingested in three batches (files by name: g01-g15, g16-g30, g31-g44), one graph update each;
    returns the database and the batch of each document."""
    tmp = tmp_path_factory.mktemp("incremental")
    batch_of: dict[str, int] = {}
    store = Store.open(tmp / "inc.db")
    for b, part, report in ingest_graph_corpus_in_batches(store, tmp):
        batch_of.update((f.name, b) for f in part)
        assert report.new == len(part) and report.graph is not None
    store.close()
    return tmp / "inc.db", batch_of


def test_later_batches_join_earlier_stories_and_entities(batches: tuple[Path, dict[str, int]]) -> None:
    db, batch_of = batches
    conn = sqlite3.connect(db)
    batch = {aid: batch_of[Path(src).name] for aid, src in conn.execute("SELECT id, source FROM articles")}
    stories: dict[str, set[int]] = defaultdict(set)
    for sid, aid in conn.execute("SELECT story_id, article_id FROM story_members"):
        stories[sid].add(batch[aid])
    assert any(len(bs) > 1 for bs in stories.values()), "no story spans two batches: the test would prove nothing"
    people: dict[str, set[int]] = defaultdict(set)
    for eid, aid in conn.execute("SELECT entity_id, article_id FROM entity_mentions WHERE fact_table = 'persons'"):
        people[eid].add(batch[aid])
    assert any(len(bs) > 1 for bs in people.values()), "no person spans two batches"
    aliases: dict[str, set[str]] = defaultdict(set)
    for eid, alias in conn.execute("SELECT entity_id, alias FROM entity_aliases WHERE entity_id LIKE 'person:%'"):
        aliases[eid].add(alias)
    assert any(len(a) > 1 for a in aliases.values()), "no person entity merges two spellings"


def test_batched_updates_equal_a_full_rebuild(batches: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    db, _ = batches
    copy = tmp_path / "rebuilt.db"
    shutil.copy(db, copy)
    rebuilt = Store.open(copy)
    graph.rebuild(rebuilt.conn)
    incremental = sqlite3.connect(db)
    for table in graph.DERIVED_COLUMNS:
        inc, full = _rows(incremental, table), _rows(rebuilt.conn, table)
        assert sorted(inc, key=repr) == sorted(full, key=repr), table
        # and each group (an entity's merges, a story's members, ...) in the order the rebuild stores it
        assert _groups(incremental, table) == _groups(rebuilt.conn, table), table
    rebuilt.close()


def test_an_update_rewrites_only_the_groups_that_changed(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "g.db")
    cols = graph.DERIVED_COLUMNS["entity_merges"]
    first = [("person:a", "a", "fold", "a"), ("person:a", "aa", "fuzzy", "a"), ("person:b", "b", "fold", "b")]
    with write_transaction(store.conn):
        tables.replace_derived(store.conn, "entity_merges", cols, first)
    before = {r[1]: r[0] for r in store.conn.execute("SELECT rowid, variant FROM entity_merges")}
    second = [("person:a", "a", "fold", "a"), ("person:a", "aa", "fuzzy", "a"), ("person:b", "b", "fold", "b"),
              ("person:b", "bb", "surname", "corpus"), ("person:c", "c", "fold", "c")]
    with write_transaction(store.conn):
        written = tables.update_derived(store.conn, "entity_merges", cols, second)
    assert written == 3  # person:b (two rows, one new) and person:c; person:a stays as it was
    after = {r[1]: r[0] for r in store.conn.execute("SELECT rowid, variant FROM entity_merges")}
    assert after["a"] == before["a"] and after["aa"] == before["aa"]
    assert after["b"] < after["bb"]  # the rewritten group in the order given
    assert sorted(_rows(store.conn, "entity_merges")) == sorted(second)
    with write_transaction(store.conn):  # a group that is gone is deleted; the same rows again write nothing
        tables.update_derived(store.conn, "entity_merges", cols, second[:2])
        assert tables.update_derived(store.conn, "entity_merges", cols, second[:2]) == 0
    assert _rows(store.conn, "entity_merges") == second[:2]
    mcols = graph.DERIVED_COLUMNS["entity_mentions"]
    mentions = [("person:a", "persons", 1, 1, "fold"), ("person:a", "persons", 2, 1, "fold")]
    with write_transaction(store.conn):
        tables.update_derived(store.conn, "entity_mentions", mcols, mentions)
        moved = [mentions[0], ("person:b", "persons", 2, 1, "surname"), ("person:b", "persons", 3, 2, "fold")]
        assert tables.update_derived(store.conn, "entity_mentions", mcols, moved) == 2
    assert sorted(_rows(store.conn, "entity_mentions")) == sorted(moved)
    store.close()
