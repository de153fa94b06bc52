"""``coopgraph load DIR``: a Spark output into the SQLite store, so that the CLI (and later the API and web
UI) serve it. Reads Parquet with pyarrow (no Spark needed), article by article in the job's order.

Into an empty database the articles and facts keep the job's ids, and the cluster's signatures, story
edges and derived tables (stories, entities, roles, projects, matches: computed on the cluster with the
local graph's functions) are stored as they are; nothing is derived again here. Into a database that already holds articles, the new ones are appended (an
article already stored is skipped, as in a local ingest) and their story pairs against the stored
articles are decided by the local graph update."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..models import Reject
from ..store import Store, write_transaction
from ..store.rows import ARTICLE_COLUMNS, FACT_COLUMNS

BATCH = 500


@dataclass
class LoadReport:
    articles: int = 0
    unchanged: int = 0
    rejects: int = 0
    edges: int = 0
    graph: Any = None


def _table(root: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    path = root / name
    if not path.exists():
        return []
    rows: list[dict[str, Any]] = ds.dataset(str(path), format="parquet", partitioning="hive").to_table().to_pylist()
    return rows


def load(out_dir: str, store: Store) -> LoadReport:
    root = Path(out_dir)
    if not (root / "_coopgraph.json").is_file():
        raise UsageError(f"{root} is not a coopgraph Spark output (no _coopgraph.json)",
                         "give the --out folder of a finished `coopgraph spark run`")
    report = LoadReport()
    articles = sorted(_table(root, "articles"), key=lambda r: r["article_id"])
    facts: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for table in FACT_COLUMNS:
        by_article: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in sorted(_table(root, table), key=lambda r: (r["article_id"], r["fact_index"])):
            by_article[row["article_id"]].append(row)
        facts[table] = by_article
    empty = store.article_count() == 0
    known = store.known_keys((a["content_hash"], a["doc_id"]) for a in articles)
    id_map: dict[int, int] = {}
    for start in range(0, len(articles), BATCH):
        with write_transaction(store.conn):
            for a in articles[start:start + BATCH]:
                if (a["content_hash"], a["doc_id"]) in known:
                    report.unchanged += 1
                    continue
                row = {c: a[c] for c in ARTICLE_COLUMNS}
                id_map[a["article_id"]] = store.insert_rows(
                    row, {t: facts[t].get(a["article_id"], []) for t in FACT_COLUMNS})
                report.articles += 1
    for r in _table(root, "rejects"):
        store.record_reject(Reject(r["source"], r["stage"], r["reason"]))
        report.rejects += 1
    same_ids = all(k == v for k, v in id_map.items())
    if empty and id_map and same_ids and (root / "entities").exists():
        # the cluster computed the whole graph for these very ids: store it as it is
        _store_graph(root, store, report)
        return report
    new_ids = set(id_map.values())
    if empty and id_map and same_ids:
        with write_transaction(store.conn):
            store.insert_signatures((s["article_id"], bytes(s["minhash"]), s["fingerprint"])
                                    for s in _table(root, "signatures"))
            edges = [(e["a"], e["b"], e["similarity"], e["rule"]) for e in _table(root, "story_edges")]
            store.insert_story_edges(edges)
            report.edges = len(edges)
        new_ids = set()  # signed and paired on the cluster: only the derived tables are left to build
    report.graph = store.update_graph(new_ids)
    return report


def _store_graph(root: Path, store: Store, report: LoadReport) -> None:
    """Signatures, story edges and every derived table as the cluster wrote them, and the graph marked
    complete, in one transaction."""
    from datetime import datetime

    from ..graph import DERIVED_COLUMNS, GraphReport
    from ..store import graph_tables

    counts: dict[str, int] = {}
    with write_transaction(store.conn):
        sigs = [(s["article_id"], bytes(s["minhash"]), s["fingerprint"]) for s in _table(root, "signatures")]
        store.insert_signatures(sigs)
        edges = [(e["a"], e["b"], e["similarity"], e["rule"]) for e in _table(root, "story_edges")]
        store.insert_story_edges(edges)
        for table, cols in DERIVED_COLUMNS.items():
            rows = [tuple(r[c] for c in cols) for r in _table(root, table)]
            graph_tables.replace_derived(store.conn, table, cols, rows)
            counts[table] = len(rows)
        articles_version, _, _ = graph_tables.graph_state(store.conn)
        graph_tables.set_graph_version(store.conn, articles_version,
                                       datetime.now(UTC).isoformat(timespec="seconds"))
        from ..query import graph_answers  # the API's stored partner graph of this generation (migration 0008)

        graph_answers.store(store.conn, graph_tables.graph_state(store.conn)[2])
    from ..query import partner_answers

    partner_answers.refresh(store.conn)  # the API's stored partner dossiers of the loaded graph (migration 0009)
    graph = GraphReport(signatures=len(sigs), edges=len(edges), stories=counts["stories"],
                        entities=counts["entities"], projects=counts["projects"], matches=counts["matches"])
    report.edges, report.graph = len(edges), graph
