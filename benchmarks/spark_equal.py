"""The full equality check of the Spark job: `spark run` in local[2] + `load` against a local `ingest`.

    python benchmarks/spark_equal.py [--n 5000] [--partitions 8] [--per-day N] [--articles-per-partition N] [--keep]

The corpus: the bundled sample articles, ../shared/eval/dev/articles.jsonl (real articles, read where they
are, never copied into the repository; left out with a note when absent) and N synthetic variations of the
samples (ingest_bench.py's; with ``--per-day``, its dated archive, as spark_bench.py uses). ``--articles-per-partition``
is passed to `spark run` (a small value runs the graph's shuffles in more partitions than the input would get,
as a large input does). Both sides get the same three inputs in the same order. Every stored table
that a run derives is compared row by row (ingested_at aside): articles, every fact table, signatures,
stories and their members, entities with aliases, mentions and merges, roles, projects and matches, and the
stored graph and partner answers of the API.
Prints one line per table and exits 1 when any differs (with the first differing rows).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_bench import generate

from coopgraph.resources import sample_corpus_path

COMPARED = ["articles", "persons", "organizations", "places", "partners", "figures", "sectors", "meetings", "quotes",
            "offers", "project_mentions", "article_signatures", "story_edges", "stories", "story_members", "entities",
            "entity_aliases", "entity_mentions", "entity_merges", "person_roles", "projects", "project_events",
            "matches"]
# the read answers the API serves without computing them, stored by the load as by the ingest (their other
# columns say when they were computed)
ANSWERS = {"graph_answers": ["name", "body"], "partner_answers": ["partner", "inputs", "body"]}
DEV = Path(os.environ.get("COOPGRAPH_SHARED") or Path(__file__).resolve().parents[2] / "shared") / "eval" / "dev"


def rows(db: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        cols = ANSWERS.get(table) or [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
        out = conn.execute(f"SELECT {','.join(cols)} FROM {table}").fetchall()
    finally:
        conn.close()
    return sorted(out, key=repr)


def run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 1):  # 1: some input was rejected (reported), the run went on
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="synthetic variations (default 5000)")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--seed", type=int, default=20240613)
    ap.add_argument("--per-day", type=int, default=0, help="generate a dated archive, this many articles a day")
    ap.add_argument("--articles-per-partition", type=int, default=5000,
                    help="spark run's --articles-per-partition (default 5000, as its own)")
    ap.add_argument("--keep", action="store_true", help="keep the inputs, the Spark output and both databases")
    args = ap.parse_args(argv)

    exe = str(Path(sys.executable).parent / "coopgraph")
    tmp = Path(tempfile.mkdtemp(prefix="coopgraph-spark-equal-"))
    sample, synthetic = tmp / "sample", tmp / "synthetic"
    shutil.copytree(sample_corpus_path(), sample)
    synthetic.mkdir()
    generate(args.n, synthetic, args.seed, per_day=args.per_day or None)
    inputs = [str(sample)]
    if (DEV / "articles.jsonl").is_file():
        inputs.append(str(DEV / "articles.jsonl"))
    else:
        print(f"note: {DEV / 'articles.jsonl'} is absent: the dev articles are left out")
    inputs.append(str(synthetic))
    print(f"inputs: {', '.join(inputs)}")

    out, spark_db, local_db = tmp / "out", tmp / "spark.db", tmp / "local.db"
    secs = run([exe, "spark", "run", *inputs, "--out", str(out), "--master", "local[2]",
                "--partitions", str(args.partitions), "--articles-per-partition", str(args.articles_per_partition)])
    print(f"spark run local[2]: {secs:.1f} s")
    secs = run([exe, "load", str(out), "--db", str(spark_db)])
    print(f"load: {secs:.1f} s")
    secs = run([exe, "ingest", *inputs, "--db", str(local_db), "-q"])
    print(f"local ingest: {secs:.1f} s")

    failed = 0
    for table in [*COMPARED, *ANSWERS]:
        local, spark = rows(local_db, table), rows(spark_db, table)
        if local == spark:
            print(f"{table:18} equal ({len(local)} rows)")
            continue
        failed += 1
        in_local, in_spark = set(local), set(spark)
        only_local = [r for r in local if r not in in_spark][:3]
        only_spark = [r for r in spark if r not in in_local][:3]
        print(f"{table:18} DIFFERS: local {len(local)} rows, spark {len(spark)} rows\n"
              f"  only local: {only_local}\n  only spark: {only_spark}")
    print("EQUAL" if not failed else f"{failed} tables differ")
    if args.keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
