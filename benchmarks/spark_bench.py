"""Scaling of `coopgraph spark run` against a local `coopgraph ingest`, on N synthetic articles.

    python benchmarks/spark_bench.py [--n 20000] [--partitions 8] [--keep]

The articles are ingest_bench.py's variations of the sample corpus. Three commands run one after the other
on the same folder, each as its own process, timed from start to end (JVM start, model loading, writing
the output included): `coopgraph spark run --master local[1]`, the same with `local[2]`, and a local
`coopgraph ingest` into a fresh SQLite database. Printed: articles/s of each, the ratio local[2]/local[1]
(2.0 would be perfect scaling over two cores), the Spark overhead per core against the local ingest
(1 - local[1] rate / ingest rate: what running on Spark costs a core), and the peak memory of the Spark
executor, sampled every 0.2 s with psutil: in local mode the executor is the driver JVM plus its Python
workers, so the figure is the JVM's peak resident size, the peak of the largest Python worker and the
peak of their sum. Use --n 100000 for the memory bound the issue asks for.

On a shared or busy machine the absolute rates are noise; the ratios measured in one run are the figures.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_bench import generate


class PeakSampler:
    """Peak resident memory of a process tree, by kind: the JVM, each Python worker, the whole tree."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.every = every
        self.jvm = self.worker = self.tree = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    cmd = " ".join(p.cmdline())
                except psutil.Error:
                    continue
                total += rss
                if p.name() == "java" or "/java" in cmd.split(" ")[0]:
                    self.jvm = max(self.jvm, rss)
                elif "pyspark.daemon" in cmd or "pyspark.worker" in cmd:
                    self.worker = max(self.worker, rss)
            self.tree = max(self.tree, total)
            self._stop.wait(self.every)


def timed(cmd: list[str], sample: bool) -> tuple[float, PeakSampler | None]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = PeakSampler(proc.pid) if sample else None
    if sampler is not None:
        with sampler:
            _, err = proc.communicate()
    else:
        _, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):  # 1: some input was rejected (reported), the run went on
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return elapsed, sampler


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="synthetic articles (default 20000)")
    ap.add_argument("--partitions", type=int, default=8, help="input partitions of both Spark runs")
    ap.add_argument("--seed", type=int, default=20240613)
    ap.add_argument("--keep", action="store_true", help="keep the articles, outputs and database")
    args = ap.parse_args(argv)

    exe = str(Path(sys.executable).parent / "coopgraph")
    tmp = Path(tempfile.mkdtemp(prefix="coopgraph-spark-bench-"))
    folder = tmp / "articles"
    folder.mkdir()
    n, files = generate(args.n, folder, args.seed)
    print(f"generated {n} articles in {files} files -> {folder}")
    rates: dict[str, float] = {}
    for cores in (1, 2):
        secs, peak = timed([exe, "spark", "run", str(folder), "--out", str(tmp / f"out{cores}"),
                            "--master", f"local[{cores}]", "--partitions", str(args.partitions)], sample=True)
        rates[f"local[{cores}]"] = n / secs
        assert peak is not None
        print(f"spark run local[{cores}]: {secs:.1f} s = {n / secs:.1f} articles/s; executor peak memory: "
              f"JVM {peak.jvm / 2**20:.0f} MB, largest Python worker {peak.worker / 2**20:.0f} MB, "
              f"whole process tree {peak.tree / 2**20:.0f} MB")
    secs, _ = timed([exe, "ingest", str(folder), "--db", str(tmp / "local.db"), "-q"], sample=False)
    rates["ingest"] = n / secs
    print(f"local ingest (one process): {secs:.1f} s = {n / secs:.1f} articles/s")
    print(f"scaling local[2]/local[1]: {rates['local[2]'] / rates['local[1]']:.2f} (target >= 1.8)")
    print(f"Spark overhead per core vs local ingest: {1 - rates['local[1]'] / rates['ingest']:+.0%} "
          f"(local[1] {rates['local[1]']:.1f} vs ingest {rates['ingest']:.1f} articles/s; target <= 30 %)")
    if args.keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
