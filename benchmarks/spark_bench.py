"""Scaling of `coopgraph spark run` against a local `coopgraph ingest`, on N synthetic articles.

    python benchmarks/spark_bench.py [--n 20000] [--partitions 8] [--cores 1,2] [--per-day 40] [--without-ingest]
                                     [--keep]

The articles are ingest_bench.py's archive of the sample corpus (``generate(per_day=...)``): 40 articles a day
from 2015 on, each dated in its text, a template's furniture around leads and body paragraphs drawn from all
templates with its people renamed, one in ten another outlet's copy of a recent article, so that a week holds as
many articles at 100,000 as at 5,000 and the stories stay small, as in a real archive. ``--per-day 0`` gives
the variations the benchmarks before stop 19 used (a random day in each template's years, so the density per
week grows with n, every variation a near-copy of its template's others: at 100,000 each template's undated
variations were candidates of all its others, a quadratic number of pairs). Three commands run one after the other
on the same folder, each as its own process, timed from start to end (JVM start, model loading, writing
the output included): `coopgraph spark run --master local[1]`, the same with `local[2]`, and a local
`coopgraph ingest` into a fresh SQLite database. Printed: articles/s of each, the ratio local[2]/local[1]
(2.0 would be perfect scaling over two cores), the Spark overhead per core against the local ingest
(the extra time per article of local[1] relative to the ingest, time_spark / time_ingest - 1: +74 % means a
Spark core takes 1.74 times as long per article), and the peak memory of the Spark
executor, sampled every 0.2 s with psutil: in local mode the executor is the driver JVM plus its Python
workers, so the figure is the JVM's peak resident size, the peak of the largest Python worker and the
peak of their sum. Use --n 100000 for the memory bound the issue asks for (``--cores 2 --without-ingest``: only
that run, no local ingest to compare with).

CPU time (user + sys) is the load-independent figure: for the Spark runs the sampler keeps the last CPU
time it saw of every process of the tree (the JVM, each Python worker), for the local ingest it is the
process's own rusage. Printed per article: the Python workers' CPU (extraction and the graph's Python
steps), the JVM's, and their sum, against the local ingest's CPU per article. Their ratio minus one is the
overhead of Spark per core, whatever the machine's load: the same definition as the wall figure (extra CPU
time per article relative to the local ingest, cpu_spark / cpu_ingest - 1).

On a shared or busy machine the absolute rates are noise; the ratios measured in one run are the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
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


class Sampler:
    """A thread that samples a process tree every ``every`` seconds (``_run``) while the ``with`` block runs."""

    def __init__(self, pid: int, every: float) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        raise NotImplementedError


class PeakSampler(Sampler):
    """Peak resident memory of a process tree, by kind: the JVM, each Python worker, the whole tree."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.jvm = self.worker = self.tree = 0
        self.cpu: dict[int, tuple[str, float]] = {}  # pid -> (kind, last user+sys CPU seconds seen)
        super().__init__(pid, every)

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
                    times = p.cpu_times()
                    name = p.name()
                except psutil.Error:  # it ended between the listing and now
                    continue
                total += rss
                kind = "driver"
                if name == "java" or "/java" in cmd.split(" ")[0]:
                    self.jvm = max(self.jvm, rss)
                    kind = "jvm"
                elif "pyspark.daemon" in cmd or "pyspark.worker" in cmd:
                    self.worker = max(self.worker, rss)
                    kind = "python"
                elif p.pid in self.cpu:  # an exited worker not yet reaped (a zombie) shows no command line
                    kind = self.cpu[p.pid][0]
                self.cpu[p.pid] = (kind, times.user + times.system)
            self.tree = max(self.tree, total)
            self._stop.wait(self.every)

    def cpu_of(self, kind: str) -> float:
        return sum(secs for k, secs in self.cpu.values() if k == kind)


def timed(cmd: list[str], sample: bool) -> tuple[float, PeakSampler | None, float]:
    """(wall seconds, the sampler, user+sys CPU seconds of the process and the children it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = PeakSampler(proc.pid) if sample else None
    if sampler is not None:
        with sampler:
            _, err = proc.communicate()
    else:
        _, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):  # 1: some input was rejected (reported), the run went on
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return elapsed, sampler, cpu


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="synthetic articles (default 20000)")
    ap.add_argument("--partitions", type=int, default=8, help="input partitions of both Spark runs")
    ap.add_argument("--seed", type=int, default=20240613)
    ap.add_argument("--keep", action="store_true", help="keep the articles, outputs and database")
    ap.add_argument("--cores", default="1,2", help="the local[N] runs, comma-separated (default 1,2)")
    ap.add_argument("--per-day", type=int, default=40,
                    help="articles a day of the generated archive (default 40; 0: the earlier random dates)")
    ap.add_argument("--without-ingest", action="store_true",
                    help="only the Spark runs (their time and peak memory), no local ingest to compare with")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                    help="a Spark setting passed to every `spark run` (repeatable)")
    ap.add_argument("--reuse", type=Path, default=None,
                    help="the folder an earlier --keep run printed: its articles instead of generating new ones")
    args = ap.parse_args(argv)
    cores_list = [int(c) for c in args.cores.split(",") if c.strip()]

    exe = str(Path(sys.executable).parent / "coopgraph")
    if args.reuse:
        tmp = args.reuse
        folder = tmp / "articles"
        n, files = json.loads((tmp / "generated.json").read_text())
        print(f"reusing {n} articles in {files} files <- {folder}")
    else:
        tmp = Path(tempfile.mkdtemp(prefix="coopgraph-spark-bench-"))
        folder = tmp / "articles"
        folder.mkdir()
        n, files = generate(args.n, folder, args.seed, per_day=args.per_day or None)
        (tmp / "generated.json").write_text(json.dumps([n, files]))
        print(f"generated {n} articles in {files} files -> {folder}")
    conf = [arg for c in args.conf for arg in ("--conf", c)]
    if conf:
        print(f"spark run {' '.join(conf)}")

    def done() -> None:
        if args.keep or args.reuse:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    rates: dict[str, float] = {}
    cpu: dict[str, float] = {}  # CPU seconds per article
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for cores in cores_list:
        secs, peak, _ = timed([exe, "spark", "run", str(folder), "--out", str(tmp / f"out{cores}"),
                               "--master", f"local[{cores}]", "--partitions", str(args.partitions), *conf], sample=True)
        rates[f"local[{cores}]"] = n / secs
        assert peak is not None
        py, jvm, driver = peak.cpu_of("python"), peak.cpu_of("jvm"), peak.cpu_of("driver")
        cpu[f"local[{cores}]"] = (py + jvm + driver) / n
        print(f"spark run local[{cores}]: {secs:.1f} s = {n / secs:.1f} articles/s; executor peak memory: "
              f"JVM {peak.jvm / 2**20:.0f} MB, largest Python worker {peak.worker / 2**20:.0f} MB, "
              f"whole process tree {peak.tree / 2**20:.0f} MB; CPU per article: Python workers "
              f"{1000 * py / n:.1f} ms + JVM {1000 * jvm / n:.1f} ms + driver {1000 * driver / n:.1f} ms "
              f"= {1000 * cpu[f'local[{cores}]']:.1f} ms (load average now "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    if args.without_ingest:
        if "local[1]" in rates and "local[2]" in rates:
            print(f"scaling local[2]/local[1]: {rates['local[2]'] / rates['local[1]']:.2f} (target >= 1.8)")
        done()
        return
    for old in tmp.glob("local.db*"):  # a reused folder's earlier database would make every article "unchanged"
        old.unlink()
    secs, _, ingest_cpu = timed([exe, "ingest", str(folder), "--db", str(tmp / "local.db"), "-q"], sample=False)
    rates["ingest"] = n / secs
    cpu["ingest"] = ingest_cpu / n
    print(f"local ingest (one process): {secs:.1f} s = {n / secs:.1f} articles/s; CPU per article "
          f"{1000 * cpu['ingest']:.1f} ms = {1 / cpu['ingest']:.1f} articles per CPU-second")
    if "local[1]" in rates and "local[2]" in rates:
        print(f"scaling local[2]/local[1]: {rates['local[2]'] / rates['local[1]']:.2f} (target >= 1.8)")
    if "local[1]" in rates:
        # extra time per article against the ingest (time_spark / time_ingest - 1), as the CPU figure below
        print(f"Spark overhead per core vs local ingest (wall): {rates['ingest'] / rates['local[1]'] - 1:+.0%} "
              f"(local[1] {rates['local[1]']:.1f} vs ingest {rates['ingest']:.1f} articles/s; target <= 30 %)")
    for key in (f"local[{c}]" for c in cores_list):
        print(f"Spark CPU per article against local ingest ({key}): {cpu[key] / cpu['ingest'] - 1:+.0%} "
              f"({1000 * cpu[key]:.1f} vs {1000 * cpu['ingest']:.1f} ms; load-independent; "
              f"per core {1 / cpu[key]:.1f} articles per CPU-second)")
    done()


if __name__ == "__main__":
    main()
