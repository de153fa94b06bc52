"""Crash safety: an ingest killed with SIGKILL, then run once more, ends equal to a clean run.

The killed process is a real `coopgraph` subprocess; it kills itself with SIGKILL at a named point
(``COOPGRAPH_TEST_KILL_AT=POINT[:N]``, see src/coopgraph/store/__init__.py): inside the second batch
transaction (article phase), inside the graph write transaction after every article is stored (graph
phase), and inside the write transaction of `graph --rebuild`. The rerun is the next ingest
(or `graph`) in this process. "Equal" compares every stored table by content, with row ids replaced
by what they point at: articles, facts, signatures, story edges, stories, entities, roles, projects
and their events, matches. The corpus is the bundled sample (24 articles, written by the team) plus
a mirror of one file and a copy of another without its last paragraph, so story edges exist too.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coopgraph import graph
from coopgraph.pipeline import ingest
from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings
from coopgraph.store import FACT_TABLES, Store, connect

BATCH = 5  # articles per transaction, so that the sample spans several batches


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPGRAPH_")}
    env["COOPGRAPH_CONFIG"] = "/nonexistent/coopgraph-tests/config.toml"
    env["COOPGRAPH_BATCH_SIZE"] = str(BATCH)
    env.update(extra)
    return env


def start_coopgraph(*args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "coopgraph", *args], env=subprocess_env(**env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def make_corpus(folder: Path) -> Path:
    shutil.copytree(sample_corpus_path(), folder)
    files = sorted(p for p in folder.iterdir() if p.suffix == ".txt")
    shutil.copy(files[1], folder / "mirror.txt")
    paragraphs = files[3].read_text(encoding="utf-8").rstrip().split("\n\n")
    (folder / "shorter.txt").write_text("\n\n".join(paragraphs[:-1]) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "in")


def rerun(db: Path, corpus: Path) -> None:
    store = Store.open(db)
    try:
        ingest([str(corpus)], store, Settings(db=str(db), quiet=True, batch_size=BATCH), progress=False)
    finally:
        store.close()


def canonical(db: Path) -> dict[str, list[Any]]:
    """Every table that a run writes (not runs and rejects), by content: row ids replaced by what they name."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    art = {r["id"]: (r["doc_id"], r["content_hash"]) for r in conn.execute("SELECT id, doc_id, content_hash FROM articles")}
    out: dict[str, list[Any]] = {}
    skip = {"id", "ingested_at"}
    cols = [c[1] for c in conn.execute("PRAGMA table_info(articles)") if c[1] not in skip]
    out["articles"] = sorted(tuple(r[c] for c in cols) for r in conn.execute("SELECT * FROM articles"))
    fact_key: dict[tuple[str, int], tuple[Any, ...]] = {}
    for table in FACT_TABLES:
        fcols = [c[1] for c in conn.execute(f"PRAGMA table_info({table})") if c[1] not in skip]
        rows = []
        for r in conn.execute(f"SELECT * FROM {table}"):
            key = tuple(art[r[c]] if c == "article_id" else r[c] for c in fcols)
            fact_key[(table, r["id"])] = key
            rows.append(key)
        out[table] = sorted(rows, key=repr)
    out["article_signatures"] = sorted((art[r[0]], r[1], r[2]) for r in conn.execute(
        "SELECT article_id, minhash, fingerprint FROM article_signatures"))
    out["story_edges"] = sorted((tuple(sorted((art[r[0]], art[r[1]]))), r[2], r[3]) for r in conn.execute(
        "SELECT a, b, similarity, rule FROM story_edges"))
    out["stories"] = sorted((r[0], r[1], r[2], r[3], art[r[4]]) for r in conn.execute("SELECT * FROM stories"))
    out["story_members"] = sorted((r[0], art[r[1]], r[2]) for r in conn.execute("SELECT * FROM story_members"))
    for table in ("entities", "entity_aliases", "entity_merges", "projects"):
        out[table] = sorted((tuple(r) for r in conn.execute(f"SELECT * FROM {table}")), key=repr)
    out["entity_mentions"] = sorted(((r[0], fact_key[(r[1], r[2])], art[r[3]], r[4]) for r in conn.execute(
        "SELECT entity_id, fact_table, fact_id, article_id, rule FROM entity_mentions")), key=repr)
    out["person_roles"] = sorted(((*tuple(r)[:6], sorted(art[a] for a in json.loads(r[6]))) for r in conn.execute(
        "SELECT entity_id, role, country, region, first_seen, last_seen, articles FROM person_roles")), key=repr)
    out["project_events"] = sorted(((r[0], fact_key[("project_mentions", r[1])], art[r[2]], r[3], r[4])
                                    for r in conn.execute("SELECT * FROM project_events")), key=repr)
    out["matches"] = sorted(((fact_key[("offers", r[0])], fact_key[("offers", r[1])], r[2], r[3], r[4])
                             for r in conn.execute("SELECT * FROM matches")), key=repr)
    conn.close()
    return out


def counts(snapshot: dict[str, list[Any]]) -> dict[str, int]:
    return {k: len(v) for k, v in snapshot.items()}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> dict[str, list[Any]]:
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    rerun(db, corpus)
    snap = canonical(db)
    # the sample gives every table something to lose
    assert all(counts(snap)[t] for t in ("articles", "stories", "entities", "projects", "matches", "story_edges")), \
        counts(snap)
    return snap


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> dict[str, tuple[Path, int, str]]:
    """One killed ingest per kill point, run side by side: point -> (database, return code, stderr)."""
    root = tmp_path_factory.mktemp("killed")
    procs = {}
    for point in ("article:2", "graph"):
        db = root / f"{point.replace(':', '-')}.db"
        procs[point] = (db, start_coopgraph("ingest", "-q", "--db", str(db), str(corpus),
                                            COOPGRAPH_TEST_KILL_AT=point))
    out = {}
    for point, (db, proc) in procs.items():
        _, err = proc.communicate(timeout=600)
        out[point] = (db, proc.returncode, err)
    return out


def _pending(db: Path) -> bool:
    conn = sqlite3.connect(db)
    try:
        return graph.pending(conn)
    finally:
        conn.close()


def test_kill_in_the_article_phase_then_one_rerun_equals_a_clean_run(
        killed: dict[str, tuple[Path, int, str]], clean: dict[str, list[Any]], corpus: Path) -> None:
    db, code, err = killed["article:2"]
    assert code == -9, err
    stored = counts(canonical(db))["articles"]
    assert stored == BATCH  # the first batch committed, the second was rolled back whole
    rerun(db, corpus)
    assert canonical(db) == clean
    assert not _pending(db)


def test_kill_in_the_graph_phase_then_one_rerun_equals_a_clean_run(
        killed: dict[str, tuple[Path, int, str]], clean: dict[str, list[Any]], corpus: Path) -> None:
    db, code, err = killed["graph"]
    assert code == -9, err
    before = canonical(db)
    assert before["articles"] == clean["articles"]  # every article is stored ...
    assert not before["stories"] and not before["projects"]  # ... and the graph is not
    assert _pending(db)  # but the store knows it
    rerun(db, corpus)  # "new 0, unchanged 26" must still complete the graph
    assert canonical(db) == clean
    assert not _pending(db)


def test_a_killed_rebuild_leaves_the_graph_whole_and_the_next_graph_command_equals_a_clean_run(
        tmp_path: Path, clean: dict[str, list[Any]], corpus: Path) -> None:
    db = tmp_path / "rebuild.db"
    rerun(db, corpus)
    assert canonical(db) == clean
    proc = start_coopgraph("graph", "--rebuild", "--db", str(db), COOPGRAPH_TEST_KILL_AT="graph")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == -9, err
    assert canonical(db) == clean  # one transaction: no stale stories beside empty edges
    conn = connect(db)
    graph.rebuild(conn)  # what the next `coopgraph graph --rebuild` does
    conn.close()
    assert canonical(db) == clean


def test_the_pending_marker_is_written_with_the_articles(tmp_path: Path) -> None:
    db = tmp_path / "marker.db"
    store = Store.open(db)
    assert not store.graph_pending()
    store.conn.execute("INSERT INTO articles (doc_id, source, fmt, text, raw_text, offset_map, paragraphs, removed, "
                       "content_hash, pipeline_version, ingested_at) VALUES ('x', 'x', 'txt', 't', 't', '[]', '[]', "
                       "'[]', 'h', 'v', 'now')")
    store.conn.rollback()
    assert not store.graph_pending()  # a rolled-back article leaves no marker
    with store.conn:
        store.conn.execute("INSERT INTO articles (doc_id, source, fmt, text, raw_text, offset_map, paragraphs, "
                           "removed, content_hash, pipeline_version, ingested_at) VALUES ('x', 'x', 'txt', 't', 't', "
                           "'[]', '[]', '[]', 'h', 'v', 'now')")
    assert store.graph_pending()
    store.update_graph()
    assert not store.graph_pending()
    with store.conn:
        store.conn.execute("DELETE FROM articles")
    assert store.graph_pending()  # a deleted article also leaves the graph behind
    store.close()
