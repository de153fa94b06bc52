"""``multigraph.MultiGraph`` (the partner graph a graph update stores, without networkx) against networkx's
MultiGraph: the same nodes, edges, keys, data, degrees and order after random additions and removals, and the same
stored graph answer on a real corpus."""
from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from coopgraph.export import partner_graph
from coopgraph.multigraph import MultiGraph
from coopgraph.pipeline import ingest
from coopgraph.query import graph_answers
from coopgraph.settings import Settings
from coopgraph.store import Store

nx = pytest.importorskip("networkx")
CORPUS = Path(__file__).parent / "corpus" / "graph"


def _same(plain: MultiGraph, ref: Any) -> None:
    assert plain.nodes(data=True) == list(ref.nodes(data=True))
    assert list(plain) == list(ref) and len(plain) == len(ref)
    assert list(plain.edges(keys=True, data=True)) == list(ref.edges(keys=True, data=True))
    assert list(plain.edges()) == list(ref.edges())
    assert [plain.degree(n) for n in plain] == [ref.degree(n) for n in ref]
    assert graph_answers.graph_dict(plain) == graph_answers.graph_dict(ref)
    assert graph_answers.graph_dict(plain, "b") == graph_answers.graph_dict(ref, "b")


@pytest.mark.parametrize("seed", range(30))
def test_random_operations_match_networkx(seed: int) -> None:
    rnd = random.Random(seed)
    plain, ref = MultiGraph(), nx.MultiGraph()
    nodes = [f"n{i}" for i in range(rnd.choice([3, 8, 20]))]
    for _ in range(rnd.choice([5, 40, 150])):
        op = rnd.random()
        u, v = rnd.choice(nodes), rnd.choice(nodes)  # self-loops included
        if op < 0.15:
            attr = {"label": rnd.choice("xyz"), "n": rnd.randrange(3)}
            plain.add_node(u, **attr)
            ref.add_node(u, **attr)
        elif op < 0.85:
            key = rnd.choice([None, None, 0, 1, 2, f"k:{u}:{v}", "k"])
            attr = {"type": rnd.choice("ab"), "w": rnd.randrange(5)}
            assert plain.add_edge(u, v, key=key, **attr) == ref.add_edge(u, v, key=key, **attr)
        elif op < 0.92:
            key = rnd.choice([None, 0, "k"])
            assert plain.has_edge(u, v, key=key) == ref.has_edge(u, v, key=key)
        else:
            gone = rnd.sample(nodes, rnd.randrange(3)) + ["absent"]
            plain.remove_nodes_from(gone)
            ref.remove_nodes_from(gone)
        assert (u in plain) == (u in ref)
    _same(plain, ref)
    isolated = [n for n in list(ref) if ref.degree(n) == 0]
    plain.remove_nodes_from(isolated)
    ref.remove_nodes_from(isolated)
    _same(plain, ref)


def test_partner_graph_plain_equals_networkx(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "g.db")
    ingest([str(CORPUS)], store, Settings(quiet=True), progress=False)
    conn: sqlite3.Connection = store.conn
    ref = partner_graph(conn)
    assert ref.number_of_edges() > 50
    plain = partner_graph(conn, plain=True)
    assert isinstance(plain, MultiGraph) and isinstance(ref, nx.MultiGraph)
    for edge_type in (None, *graph_answers.EDGE_TYPES):
        assert graph_answers.graph_dict(plain, edge_type) == graph_answers.graph_dict(ref, edge_type)
    assert graph_answers.bodies(conn) == {graph_answers.name(t): graph_answers.encode(graph_answers.graph_dict(ref, t))
                                          for t in (None, *graph_answers.EDGE_TYPES)}
    some = {r[0] for r in conn.execute("SELECT id FROM articles WHERE id % 3 = 0")}
    assert graph_answers.graph_dict(partner_graph(conn, some, plain=True)) == \
        graph_answers.graph_dict(partner_graph(conn, some))
    store.close()
