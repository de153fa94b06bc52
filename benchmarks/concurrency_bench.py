"""Crashes and concurrent use at corpus scale (issue 11, items 3, 4 and 7).

    python benchmarks/concurrency_bench.py [-n 3000] [--only crash,concurrent,opens,lock] [--opens 40]

N synthetic articles (variations of the bundled sample corpus, see ingest_bench.py) are ingested
with the real CLI (`python -m coopgraph`, subprocesses), and then:

crash       an ingest is killed with SIGKILL from outside, once when half of the articles are stored
            (article phase) and once when all are stored but the process still runs (graph phase);
            unless ``--no-hooks`` also at the test kill points (COOPGRAPH_TEST_KILL_AT=graph-start, all
            stored and the graph not begun; =graph, inside the graph write transaction); `graph
            --rebuild` is killed too (by the hook, or after 3 s with ``--no-hooks``). Each database is compared with
            a clean run (every table by content, see tests/robustness/test_crash.py) right after the
            kill and after one rerun.
concurrent  two ingests of the same input at once into a new database, while reader threads query
            it (stats, search, show, each on a new read-only connection) and `coopgraph dossier`
            runs in a loop: exit codes, articles stored, reader errors, slowest read, equality with
            the clean run.
opens       parallel first opens of a new database (4 forked processes released by a barrier).
lock        the longest time another writer waits for the write lock while `graph` and
            `graph --rebuild` run on the full database (a loop of BEGIN IMMEDIATE / ROLLBACK).

Works against older versions of the code too (PYTHONPATH=.../src), which is how the before figures
in the report were taken: the outside kills do not need the test hooks.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "robustness"))

from ingest_bench import generate  # noqa: E402
from test_crash import canonical  # noqa: E402

from coopgraph import query  # noqa: E402
from coopgraph.store import Store, connect  # noqa: E402


def env(**extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("COOPGRAPH_")}
    e["COOPGRAPH_CONFIG"] = "/nonexistent/coopgraph-bench/config.toml"
    e.update(extra)
    return e


def start(*args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "coopgraph", *args], env=env(**extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(*args: str, **extra: str) -> tuple[int, str, str, float]:
    t0 = time.perf_counter()
    p = start(*args, **extra)
    out, err = p.communicate()
    return p.returncode, out.strip(), err.strip()[-300:], time.perf_counter() - t0


def count(db: Path, table: str = "articles") -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return -1


def kill_when(proc: subprocess.Popen[str], db: Path, articles: int, delay: float = 0.0) -> str:
    """SIGKILL ``proc`` once ``articles`` are stored (plus ``delay`` s); returns what was killed."""
    while proc.poll() is None:
        if count(db) >= articles:
            time.sleep(delay)
            if proc.poll() is not None:
                break
            stored = count(db)
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            return f"killed at {stored} articles stored"
        time.sleep(0.02)
    proc.communicate()
    return f"ended by itself (exit {proc.returncode}) before the kill"


def differs(db: Path, clean: dict[str, list[Any]]) -> str:
    snap = canonical(db)
    bad = [f"{t} {len(snap[t])}/{len(clean[t])}" for t in clean if snap.get(t) != clean[t]]
    return "EQUAL to clean" if not bad else "DIFFERS: " + ", ".join(bad[:8])


def crash(root: Path, corpus: Path, n: int, clean: dict[str, list[Any]], hooks: bool) -> None:
    print("\n== crash: SIGKILL, then one rerun ==")
    trials: list[tuple[str, dict[str, str], int, float]] = [
        ("article phase (outside kill at n/2 stored)", {}, n // 2, 0.0),
        ("graph phase (outside kill when all stored)", {}, n, 0.3),
    ]
    if hooks:
        trials.append(("between the phases (hook: graph-start)", {"COOPGRAPH_TEST_KILL_AT": "graph-start"}, 0, 0.0))
        trials.append(("graph phase (hook: inside the graph write)", {"COOPGRAPH_TEST_KILL_AT": "graph"}, 0, 0.0))
    for i, (what, extra, at, delay) in enumerate(trials):
        db = root / f"crash{i}.db"
        proc = start("ingest", "-q", "--db", str(db), str(corpus), **extra)
        if at:
            how = kill_when(proc, db, at, delay)
        else:
            proc.communicate()
            how = "killed by the hook" if proc.returncode == -9 else f"not killed (exit {proc.returncode})"
        print(f"{what}: {how}; after the kill: {differs(db, clean)}")
        code, out, err, secs = run("ingest", "-q", "--db", str(db), str(corpus))
        print(f"  rerun exit {code} in {secs:.0f}s: {out or err}")
        print(f"  after one rerun: {differs(db, clean)}")
    db = root / "rebuild.db"
    shutil.copy(root / "clean.db", db)
    if hooks:
        proc = start("graph", "--rebuild", "--db", str(db), COOPGRAPH_TEST_KILL_AT="graph")
        proc.communicate()
        how = "killed by the hook" if proc.returncode == -9 else f"not killed (exit {proc.returncode})"
    else:
        proc = start("graph", "--rebuild", "--db", str(db))
        time.sleep(3.0)
        how = "killed after 3 s" if proc.poll() is None else "ended before 3 s"
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    print(f"graph --rebuild: {how}; after the kill: {differs(db, clean)}")
    code, out, err, secs = run("graph", "--db", str(db))
    print(f"  `graph` exit {code}: {out or err}; after it: {differs(db, clean)}")


def reader_loop(db: Path, stop: threading.Event, stats: dict[str, Any]) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            conn = connect(db, readonly=True)
            try:
                query.stats(conn)
                query.search(conn, "Traktoren", limit=5)
                row = conn.execute("SELECT doc_id FROM articles ORDER BY random() LIMIT 1").fetchone()
                if row:
                    query.get_article(conn, row[0])
            finally:
                conn.close()
            stats["reads"] += 1
        except Exception as exc:  # noqa: BLE001 - every error a reader meets is counted
            stats["errors"].append(f"{type(exc).__name__}: {exc}")
        stats["slowest"] = max(stats["slowest"], time.perf_counter() - t0)
        time.sleep(0.02)


def concurrent(root: Path, corpus: Path, n: int, clean: dict[str, list[Any]]) -> None:
    print("\n== concurrent: two ingests of the same input at once, readers meanwhile ==")
    db = root / "shared.db"
    Store.open(db).close()
    stop = threading.Event()
    stats: dict[str, Any] = {"reads": 0, "errors": [], "slowest": 0.0}
    readers = [threading.Thread(target=reader_loop, args=(db, stop, stats)) for _ in range(3)]
    for t in readers:
        t.start()
    t0 = time.perf_counter()
    procs = [start("ingest", "-q", "--db", str(db), str(corpus)) for _ in range(2)]
    dossiers = {"runs": 0, "failed": []}
    while any(p.poll() is None for p in procs):
        code, out, err, _ = run("dossier", "Russland", "--db", str(db), "--format", "jsonl")
        dossiers["runs"] += 1
        if code != 0:
            dossiers["failed"].append(err.splitlines()[-1] if err else f"exit {code}")
    results = [(p.returncode, *(s.strip() for s in p.communicate())) for p in procs]
    secs = time.perf_counter() - t0
    stop.set()
    for t in readers:
        t.join()
    for i, (code, out, err) in enumerate(results, 1):
        print(f"ingest {i}: exit {code}: {out or err.splitlines()[-1:]}")
    conn = sqlite3.connect(db)
    stored, distinct = conn.execute("SELECT count(*), count(DISTINCT content_hash || doc_id) FROM articles").fetchone()
    conn.close()
    print(f"both done in {secs:.0f}s; articles stored {stored} (distinct {distinct}, input {n}); {differs(db, clean)}")
    errs = stats["errors"]
    print(f"reader threads: {stats['reads']} reads, {len(errs)} errors{': ' + errs[0] if errs else ''}; "
          f"slowest read {stats['slowest']:.2f}s")
    print(f"`coopgraph dossier` during the ingests: {dossiers['runs']} runs, {len(dossiers['failed'])} failed"
          + (f": {dossiers['failed'][0]}" if dossiers["failed"] else ""))


def _open(path: str, barrier: Any, failures: Any) -> None:
    barrier.wait()
    try:
        Store.open(path).close()
    except Exception as exc:  # noqa: BLE001
        failures.append(f"{type(exc).__name__}: {exc}")


def opens(root: Path, trials: int, procs: int = 4) -> None:
    print(f"\n== opens: {procs} processes open a new database at once, {trials} trials ==")
    ctx = multiprocessing.get_context("fork")
    failures = ctx.Manager().list()
    for i in range(trials):
        barrier = ctx.Barrier(procs)
        ps = [ctx.Process(target=_open, args=(str(root / f"new{i}.db"), barrier, failures)) for _ in range(procs)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
    print(f"{trials * procs} opens, {len(failures)} failed" + (f": {failures[0]}" if failures else ""))


def lock(root: Path) -> None:
    print("\n== lock: longest wait of another writer while the graph is computed ==")
    db = root / "lock.db"
    shutil.copy(root / "clean.db", db)
    for args in (("graph",), ("graph", "--rebuild")):
        stop = threading.Event()
        waits: list[float] = []

        def probe(stop: threading.Event, waits: list[float]) -> None:
            conn = sqlite3.connect(db, timeout=600, isolation_level=None)
            while not stop.is_set():
                t0 = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                waits.append(time.perf_counter() - t0)
                conn.execute("ROLLBACK")
                time.sleep(0.01)
            conn.close()

        t = threading.Thread(target=probe, args=(stop, waits))
        t.start()
        code, _out, _err, secs = run(*args, "--db", str(db))
        stop.set()
        t.join()
        print(f"`{' '.join(args)}` exit {code} in {secs:.1f}s: {len(waits)} lock probes, longest wait "
              f"{max(waits):.2f}s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=3000)
    ap.add_argument("--only", default="crash,concurrent,opens,lock")
    ap.add_argument("--opens", type=int, default=40, help="trials of parallel first opens")
    ap.add_argument("--no-hooks", action="store_true", help="outside kills only (for code without the hooks)")
    args = ap.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="coopgraph-conc-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        generate(args.n, corpus, seed=11)
        clean = None
        if only & {"crash", "concurrent", "lock"}:
            code, out, err, secs = run("ingest", "-q", "--db", str(root / "clean.db"), str(corpus))
            clean = canonical(root / "clean.db")
            print(f"clean run: exit {code} in {secs:.0f}s: {out or err}")
            print("  " + ", ".join(f"{t} {len(v)}" for t, v in clean.items()
                                   if t in ("articles", "story_edges", "stories", "entities", "projects", "matches")))
            print(f"  projects reported by `graph`: {run('graph', '--db', str(root / 'clean.db'))[1]}")
        if "crash" in only and clean is not None:
            crash(root, corpus, args.n, clean, hooks=not args.no_hooks)
        if "concurrent" in only and clean is not None:
            concurrent(root, corpus, args.n, clean)
        if "opens" in only:
            opens(root, args.opens)
        if "lock" in only and clean is not None:
            lock(root)


if __name__ == "__main__":
    main()
