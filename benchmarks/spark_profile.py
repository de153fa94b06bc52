"""Where the CPU of `coopgraph spark run` goes: cProfile of the Python workers, Spark jobs and stages.

    python benchmarks/spark_profile.py [--n 500] [--master local[1]] [--partitions 8] [--top 25]

Generates N synthetic articles (ingest_bench.py's archive, ``--per-day`` a day, as spark_bench.py), runs ``spark.job.run`` in one session with PySpark's
worker profiler on (``spark.python.profile``: one cProfile per RDD, summed here over every task of the
run), and prints the Python workers' functions by their own time and by cumulative time, the number of
Spark jobs and stages the run started, and the driver's wall time of the whole run. The JVM's own CPU
is not in the profile: spark_bench.py measures it (per process of the tree). cProfile's clock is the wall
clock: a worker's time in ``read`` of its input stream is time spent waiting for the JVM, not its own CPU.
"""
from __future__ import annotations

import argparse
import io
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_bench import generate


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--per-day", type=int, default=40,
                    help="articles a day of the generated archive, as spark_bench.py (0: the earlier random dates)")
    ap.add_argument("--master", default="local[1]")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--seed", type=int, default=20240613)
    args = ap.parse_args(argv)

    from coopgraph.spark.job import run, session

    tmp = Path(tempfile.mkdtemp(prefix="coopgraph-spark-profile-"))
    try:
        folder = tmp / "articles"
        folder.mkdir()
        n, _ = generate(args.n, folder, args.seed, per_day=args.per_day or None)
        spark = session(args.master, shuffle_partitions=args.partitions, conf={"spark.python.profile": "true"})
        sc = spark.sparkContext
        t0 = time.perf_counter()
        report = run([str(folder)], str(tmp / "out"), partitions=args.partitions, spark=spark)
        secs = time.perf_counter() - t0
        tracker = sc.statusTracker()
        jobs = tracker.getJobIdsForGroup(None)
        stages = set()
        for j in jobs:
            info = tracker.getJobInfo(j)
            if info is not None:
                stages.update(info.stageIds)
        by_site: dict[str, list[int]] = {}  # the call site PySpark names a stage by -> [stages, tasks]
        for sid in stages:
            st = tracker.getStageInfo(sid)
            if st is not None and st.numCompletedTasks:  # a stage skipped (its shuffle reused) ran no task
                site = by_site.setdefault(st.name.split(" at ")[-1].rsplit("/", 1)[-1], [0, 0])
                site[0] += 1
                site[1] += st.numTasks
        total: pstats.Stats | None = None
        per_rdd: list[tuple[float, int, str]] = []  # (seconds, RDD id, its costliest coopgraph function)
        for rdd_id, profiler, _ in sc.profiler_collector.profilers:
            stats = profiler.stats()
            if stats is None:
                continue
            per_rdd.append((stats.total_tt, rdd_id, _costliest(stats)))  # type: ignore[attr-defined]
            if total is None:
                total = stats
            else:
                total.add(stats)
        sc.profiler_collector.profilers = []  # printed here, not again by PySpark at exit
        spark.stop()
        print(f"{n} articles, {args.master}, {args.partitions} partitions: {secs:.1f} s wall; "
              f"{len(jobs)} Spark jobs, {len(stages)} stages; {report.candidate_pairs} candidate pairs, "
              f"{report.pairs_checked} decided, {report.edges} edges, {report.stories} stories, "
              f"{report.component_rounds} component rounds")
        ran = sum(s for s, _ in by_site.values())
        print(f"stages that ran: {ran}, tasks {sum(t for _, t in by_site.values())}; by call site "
              "(stages, tasks):")
        for site, (n_stages, n_tasks) in sorted(by_site.items(), key=lambda kv: -kv[1][0])[:args.top]:
            print(f"  {n_stages:4d} {n_tasks:6d}  {site}")
        print("--- Python workers, by RDD (seconds of all its tasks; its costliest coopgraph function) ---")
        for secs_rdd, rdd_id, name in sorted(per_rdd, reverse=True)[:args.top]:
            print(f"  {secs_rdd:8.2f} s  RDD {rdd_id:4d}  {name}")
        if total is not None:
            for key in ("tottime", "cumulative"):
                buf = io.StringIO()
                total.stream = buf  # type: ignore[attr-defined]
                total.sort_stats(key).print_stats(args.top)
                print(f"--- Python workers, by {key} (all tasks) ---")
                print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:12000])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _costliest(stats: pstats.Stats) -> str:
    """The coopgraph function with the largest cumulative time in one RDD's profile (PySpark's profiles name
    files without their folder: a file of coopgraph's whose name no PySpark file has)."""
    import pyspark

    import coopgraph

    ours = ({p.name for p in Path(coopgraph.__file__).parent.rglob("*.py")}
            - {p.name for p in Path(pyspark.__file__).parent.rglob("*.py")})
    best = (0.0, "-")
    for (path, line, func), (_, _, _, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        if path.rsplit("/", 1)[-1] in ours and cum > best[0]:
            best = (cum, f"{path.rsplit('/', 1)[-1]}:{line} {func} ({cum:.2f} s)")
    return best[1]


if __name__ == "__main__":
    main()
