"""A networkx ``MultiGraph`` in plain dicts, for the partner graph a graph update encodes (``query.graph_answers``).

The graph update only builds the partner graph and reads its nodes, edges and degrees back in order to store
the API's answer; importing networkx for that cost about 0.25 s of CPU in every ingest, and its views more
per edge. ``MultiGraph`` has the few methods ``export.partner_graph`` and ``graph_answers.graph_dict`` call,
with networkx's semantics: nodes and edges in insertion order, an edge's keys shared by both ends, a new key
without ``key`` the smallest unused count, a self-loop counted twice in the degree, and ``edges`` reporting
each edge once from the end seen first. tests/test_multigraph.py compares it with networkx on random graphs.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Any


class MultiGraph:
    def __init__(self) -> None:
        self._node: dict[Hashable, dict[str, Any]] = {}
        self._adj: dict[Hashable, dict[Hashable, dict[Any, dict[str, Any]]]] = {}

    def __contains__(self, n: object) -> bool:
        return n in self._node

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def add_node(self, n: Hashable, /, **attr: Any) -> None:
        if n not in self._node:
            self._adj[n] = {}
            self._node[n] = attr
        else:
            self._node[n].update(attr)

    def add_edge(self, u: Hashable, v: Hashable, /, key: Any = None, **attr: Any) -> Any:
        for n in (u, v):
            if n not in self._node:
                self._adj[n] = {}
                self._node[n] = {}
        keys = self._adj[u].get(v)
        if keys is None:
            keys = self._adj[u][v] = {}
            self._adj[v][u] = keys
        if key is None:  # networkx's new_edge_key
            key = len(keys)
            while key in keys:
                key += 1
        if key in keys:
            keys[key].update(attr)
        else:
            keys[key] = attr
        return key

    def has_edge(self, u: Hashable, v: Hashable, key: Any = None) -> bool:
        keys = self._adj.get(u, {}).get(v)
        return keys is not None and (key is None or key in keys)

    def degree(self, n: Hashable) -> int:
        nbrs = self._adj[n]
        return sum(len(keys) for keys in nbrs.values()) + (len(nbrs[n]) if n in nbrs else 0)

    def remove_nodes_from(self, nodes: Iterable[Hashable]) -> None:
        for n in nodes:
            nbrs = self._adj.pop(n, None)
            if nbrs is None:
                continue
            del self._node[n]
            for u in nbrs:
                if u != n:
                    del self._adj[u][n]

    def nodes(self, data: bool = False) -> list[Any]:
        return list(self._node.items()) if data else list(self._node)

    def edges(self, keys: bool = False, data: bool = False) -> Iterator[tuple[Any, ...]]:
        """Each edge once, as networkx's MultiEdgeView lists them: ``(u, v[, key][, data])``."""
        seen: set[Hashable] = set()
        for n, nbrs in self._adj.items():
            for nbr, kd in nbrs.items():
                if nbr not in seen:
                    for k, d in kd.items():
                        yield (n, nbr) + ((k,) if keys else ()) + ((d,) if data else ())
            seen.add(n)
