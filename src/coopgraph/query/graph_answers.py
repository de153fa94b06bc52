"""The partner graph as the API answers it (``/api/v1/graph``), computed once per graph generation.

A graph update computes every unfiltered variant (the whole graph and one per edge type) in its write transaction
and stores the encoded bodies (``store.answers``, migration 0008), so a reader never builds the graph: it reads
the body of the current generation. A database whose graph was written by an older version has none; the API then
builds the answer as before."""
from __future__ import annotations

import json
import sqlite3
from importlib.util import find_spec
from typing import Any

from ..store import answers

# the edge types ``export.partner_graph`` draws; each has a stored answer
EDGE_TYPES = ("cooperation", "figure", "meeting", "part_of", "member_of", "represents", "based_in", "participates")


def graph_dict(g: Any, edge_type: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Nodes (by degree, then id) and edges of the graph ``g`` (networkx's or a ``multigraph.MultiGraph``); with ``edge_type`` only edges of that type
    and the nodes they touch."""
    edges = [{"source": a, "target": b, "key": k} | d for a, b, k, d in g.edges(keys=True, data=True)
             if not edge_type or d.get("type") == edge_type]
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [{"id": n} | d | {"degree": g.degree(n)} for n, d in g.nodes(data=True) if n in used]
    nodes.sort(key=lambda n: (-n["degree"], n["id"]))
    return {"nodes": nodes, "edges": edges}


# the one JSON form of a stored graph answer: ``encode`` writes a whole answer with it, ``bodies`` its nodes and edges
_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def encode(data: dict[str, list[dict[str, Any]]]) -> bytes:
    return _JSON.encode(data).encode()


def name(edge_type: str | None) -> str:
    return f"graph_json:{edge_type or ''}"


def bodies(conn: sqlite3.Connection, held: Any = None) -> dict[str, bytes]:
    """Every stored variant, encoded: the whole partner graph and the graph of each edge type. The graph is built in
    plain dicts (the same nodes and edges as with networkx, without importing it), each node and edge is encoded
    once, and a variant joins the encoded nodes and edges it has: the bytes of ``encode(graph_dict(g, t))``.
    ``held``: the mention rows of the graph update that calls it (``export_context.Held``)."""
    from ..export import partner_graph

    whole = graph_dict(partner_graph(conn, plain=True, held=held))
    dump = _JSON.encode
    edges = [(e.get("type"), e["source"], e["target"], dump(e)) for e in whole["edges"]]
    nodes = [(n["id"], dump(n)) for n in whole["nodes"]]  # by degree, then id: a variant keeps this order
    out: dict[str, bytes] = {}
    for t in (None, *EDGE_TYPES):
        mine = [e for e in edges if not t or e[0] == t]
        used = {e[1] for e in mine} | {e[2] for e in mine}
        body = ('{"nodes":[' + ",".join(s for n, s in nodes if n in used) + '],"edges":['
                + ",".join(e[3] for e in mine) + "]}")
        out[name(t)] = body.encode()
    return out


def store(conn: sqlite3.Connection, generation: int, held: Any = None) -> None:
    """Compute and store the answers of graph ``generation``; inside the caller's write transaction. Without
    networkx (the ``api`` and ``export`` extras; a core install ingests without it) nothing is stored and older
    answers are dropped: the API, which needs networkx anyway, then builds the answer itself. (Whether networkx is
    installed is looked up, not imported: the answers are built without it.)"""
    if find_spec("networkx") is None:
        answers.replace_graph_answers(conn, generation, {})
        return
    answers.replace_graph_answers(conn, generation, bodies(conn, held))


def stored(conn: sqlite3.Connection, edge_type: str | None = None) -> bytes | None:
    """The stored answer for the current graph generation, or None (then the caller builds it). Kept in memory per
    database and version (``cache.per_graph``): a body of megabytes is read from the database once per write."""
    from .cache import per_graph

    return per_graph(conn, name(edge_type), lambda: answers.graph_answer(conn, name(edge_type)))
