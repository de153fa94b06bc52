"""Concurrent use of one database file.

- Two `coopgraph ingest` subprocesses of the same input at once (one article per transaction, so
  their batches interleave) both exit 0, every article is stored once, and the database equals a
  clean single run, graph included; a reader in this process meanwhile sees no error.
- Parallel first opens of a new database (threads, released together by a barrier) all succeed and
  apply every migration once.
- A batch whose documents another connection stores while it waits for the write lock counts them
  as unchanged (the already-stored check runs inside the write transaction).
"""
from __future__ import annotations

import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any

from coopgraph import query
from coopgraph.clean import clean
from coopgraph.models import Extraction, RawDoc
from coopgraph.store import Store, connect
from coopgraph.store.migrations import MIGRATIONS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_crash import canonical, make_corpus, rerun, start_coopgraph


def test_two_ingests_of_the_same_input_at_once_both_succeed_and_store_each_article_once(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in")
    reference = tmp_path / "clean.db"
    rerun(reference, corpus)
    db = tmp_path / "shared.db"
    Store.open(db).close()  # the file exists, so the reader below can start at once
    procs = [start_coopgraph("ingest", "-q", "--db", str(db), str(corpus), COOPGRAPH_BATCH_SIZE="1")
             for _ in range(2)]
    reads, errors = 0, []
    while any(p.poll() is None for p in procs):
        try:
            conn = connect(db, readonly=True)
            query.stats(conn)
            query.search(conn, "Traktoren", limit=3)
            conn.close()
            reads += 1
        except Exception as exc:  # noqa: BLE001 - any error a reader meets is the finding
            errors.append(repr(exc))
        time.sleep(0.05)
    results = [p.communicate() + (p.returncode,) for p in procs]
    assert [code for _, _, code in results] == [0, 0], results
    assert errors == [] and reads > 0
    news = sorted(int(out.split("new ")[1].split(",")[0]) for out, _, _ in results)
    assert sum(news) == 26  # between them they stored each article once
    assert canonical(db) == canonical(reference)


def test_parallel_first_opens_of_a_new_database_all_succeed(tmp_path: Path) -> None:
    names = [name for name, _ in MIGRATIONS]
    for trial in range(10):
        path = tmp_path / f"new-{trial}.db"
        barrier = threading.Barrier(8)
        failures: list[str] = []

        def open_it(path: Path, barrier: threading.Barrier, failures: list[str]) -> None:
            barrier.wait()
            try:
                Store.open(path).close()
            except Exception as exc:  # noqa: BLE001
                failures.append(repr(exc))

        threads = [threading.Thread(target=open_it, args=(path, barrier, failures)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == []
        conn = sqlite3.connect(path)
        assert [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")] == names
        conn.close()


def _extraction(text: str, doc_id: str) -> Extraction:
    return Extraction(article=clean(RawDoc(id=doc_id, source=doc_id, fmt="text", content=text)))


def test_a_batch_waiting_for_the_lock_counts_what_the_other_writer_stored_as_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "race.db"
    text = ("MINSK, 3. März 2024 (BelTA) – Belarus und die Region Tula wollen gemeinsam Busse bauen. Das "
            "wurde bei einem Treffen in Minsk vereinbart. Beide Seiten wollen die Lieferungen ausbauen.")
    batch = [_extraction(text, "one.txt"), _extraction(text + " Ein zweiter Text.", "two.txt")]
    first = Store.open(db)
    result: list[Any] = []

    def second_writer() -> None:
        second = Store.open(db)
        try:
            result.append(second.save_batch(batch))
        except Exception as exc:  # noqa: BLE001
            result.append(repr(exc))
        second.close()

    first.conn.execute("BEGIN IMMEDIATE")  # the first writer holds the lock ...
    waiter = threading.Thread(target=second_writer)
    waiter.start()
    time.sleep(0.3)  # ... while the second one asks for it
    assert first.save_batch(batch) == (2, 0)
    first.conn.commit()
    waiter.join()
    assert result == [(0, 2)]
    assert first.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    first.close()
