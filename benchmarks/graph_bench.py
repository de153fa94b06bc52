"""Resolution and story clustering at corpus scale: time and peak memory at growing sizes.

    python benchmarks/graph_bench.py [--sizes 5000,10000,20000]

Synthetic articles (variations of the bundled sample corpus, see ingest_bench.py) are ingested in
steps up to each size; at each size the incremental graph update after the step and a full rebuild
(story edges recomputed from scratch, entities/stories/projects/matches from the stored facts) are
timed. Cost should grow about linearly with the corpus: compare ms per article across sizes.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_bench import generate  # noqa: E402

from coopgraph import graph  # noqa: E402
from coopgraph.pipeline import ingest  # noqa: E402
from coopgraph.settings import Settings  # noqa: E402
from coopgraph.store import Store  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5000,10000,20000")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="coopgraph-graph-") as tmp:
        root = Path(tmp)
        store = Store.open(root / "graph.db")
        done = 0
        print(f"{'articles':>8}  {'ingest s':>8}  {'update s':>8}  {'rebuild s':>9}  {'ms/article':>10}  "
              f"{'stories':>7}  {'edges':>7}  {'entities':>8}  {'peak MB':>7}")
        for size in sizes:
            folder = root / f"step-{size}"
            folder.mkdir()
            generate(size - done, folder, seed=size)
            t0 = time.perf_counter()
            rep = ingest([str(folder)], store, Settings(quiet=True, batch_size=500), progress=False)
            ingest_s = time.perf_counter() - t0
            # the ingest already ran the incremental update: time it again on its own for the record
            t0 = time.perf_counter()
            graph.update(store.conn, set())
            update_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            full = graph.rebuild(store.conn)
            rebuild_s = time.perf_counter() - t0
            done = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            print(f"{done:>8}  {ingest_s:>8.1f}  {update_s:>8.2f}  {rebuild_s:>9.2f}  {rebuild_s / done * 1000:>10.3f}  "
                  f"{full.stories:>7}  {full.edges:>7}  {full.entities:>8}  {peak_mb():>7.0f}", flush=True)
            del rep
        store.close()


if __name__ == "__main__":
    main()
