"""A graph update hands the stored graph answer the mention rows it holds (``export_context.Held``: the entity of
each mention, the name columns of persons, organizations and places) instead of reading them back. After every
update and rebuild, the context built from them must be the context read from the store, attribute by attribute,
with the same memberships and the same partner graph: the graph corpus (tests/corpus/graph, texts we wrote, with
mirrors, rewrites and other spellings of one person) ingested in three batches, then rebuilt, and the sample
corpus in one."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ingest_graph_corpus_in_batches

from coopgraph import graph
from coopgraph.export import partner_graph
from coopgraph.export_context import ExportContext, Held, memberships
from coopgraph.pipeline import ingest
from coopgraph.query import graph_answers
from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings
from coopgraph.store import Store

CORPUS = Path(__file__).parent / "corpus" / "graph"


def _state(ctx: ExportContext) -> dict[str, Any]:
    return {k: v for k, v in vars(ctx).items() if k not in ("conn", "held")}


def _assert_held_is_stored(store: Store, held: Held | None) -> None:
    assert held is not None
    plain, given = ExportContext(store.conn), ExportContext(store.conn, held)
    assert _state(given) == _state(plain)
    for table in ("persons", "organizations", "places"):
        assert given.mention_names(table) == [tuple(r) for r in plain.mention_names(table)], table
    assert memberships(store.conn, given) == memberships(store.conn, plain)
    assert graph_answers.graph_dict(partner_graph(store.conn, plain=True, held=held)) == \
        graph_answers.graph_dict(partner_graph(store.conn, plain=True))


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The ``held`` of every graph answer stored from now on."""
    seen: list[Any] = []
    store = graph_answers.store

    def spy(conn: Any, generation: int, held: Any = None) -> None:
        seen.append(held)
        store(conn, generation, held)

    monkeypatch.setattr(graph_answers, "store", spy)
    return seen


def test_held_rows_are_the_stored_rows_after_updates_and_a_rebuild(tmp_path: Path, captured: list[Any]) -> None:
    store = Store.open(tmp_path / "g.db")
    for _ in ingest_graph_corpus_in_batches(store, tmp_path):
        _assert_held_is_stored(store, captured[-1])
    assert len(captured) == 3
    assert sum(len(v) for v in captured[-1].names.values()) > 100 and len(captured[-1].mention) > 100
    graph.rebuild(store.conn)
    _assert_held_is_stored(store, captured[-1])
    store.close()


def test_held_rows_of_the_sample_corpus(tmp_path: Path, captured: list[Any]) -> None:
    store = Store.open(tmp_path / "s.db")
    ingest([str(sample_corpus_path())], store, Settings(quiet=True), progress=False)
    _assert_held_is_stored(store, captured[-1])
    store.close()
