"""Where the CPU of `coopgraph spark run` goes, per Spark stage and per JVM thread group.

    python benchmarks/spark_stages.py [--n 1000] [--master local[1]] [--partitions 8] [--top 30]
                                      [--conf KEY=VALUE ...] [--src DIR ...]

Generates N synthetic articles (ingest_bench.py's archive, ``--per-day`` a day, as spark_bench.py) and runs `coopgraph spark run` as its own process with
Spark's event log on (``spark.eventLog.enabled``, passed in ``PYSPARK_SUBMIT_ARGS``). Printed:

- the CPU of the process tree by kind (Python workers, JVM, driver Python), as spark_bench.py samples it;
- the JVM's CPU by thread group (JIT compilers, GC, task threads, the rest), sampled from
  ``/proc/PID/task/*/stat`` every 0.25 s (a thread's last figure is kept after it ends);
- per call site (the stages PySpark names by the line of the driver code that started them), summed over
  the TaskEnd events: tasks, executor CPU of the JVM task thread, run time, GC time, shuffle read and write
  bytes and records, input records. A Python stage's run time includes the time its task thread waits for
  the Python worker; its CPU time is the JVM side only.

``--src DIR`` (repeatable) runs the same measurement once per source folder, in turn, with ``PYTHONPATH=DIR``
(e.g. a ``git archive`` of another commit's ``src``; ``.`` is this checkout): a before/after comparison in
one run, on the same articles. ``DIR@KEY=VALUE@...`` adds Spark settings to that variant only (JVM flags:
``.@spark.driver.extraJavaOptions=-XX:TieredStopAtLevel=1``). ``--rounds R`` alternates the variants R times.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_bench import generate
from spark_bench import PeakSampler, Sampler

from coopgraph.spark.job import cores_of

TICK = os.sysconf("SC_CLK_TCK")


def thread_group(comm: str) -> str:
    c = comm.strip()
    if "Compiler" in c:
        return "JIT"
    if c.startswith(("GC ", "G1 ", "VM Periodic")) or "GC" in c.split(" ")[0]:
        return "GC"
    if c.startswith("Executor"):
        return "tasks"
    if c.startswith(("stdout writer", "stdin writer")) or "writer for" in c:
        return "python io"
    return "other"


class ThreadSampler(Sampler):
    """CPU seconds of the JVM's threads, by group: the last figure seen of every thread."""

    def __init__(self, root: int, every: float = 0.25) -> None:
        self.seen: dict[int, tuple[str, float]] = {}
        self.names: dict[str, float] = defaultdict(float)
        super().__init__(root, every)

    def _jvms(self) -> list[int]:
        import psutil

        try:
            return [int(p.pid) for p in self.root.children(recursive=True) if p.name() == "java"]
        except psutil.Error:
            return []

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self._jvms():  # spark-submit's launcher JVM, then the driver JVM
                try:
                    tids = os.listdir(f"/proc/{pid}/task")
                except OSError:
                    tids = []
                for tid in tids:
                    try:
                        with open(f"/proc/{pid}/task/{tid}/stat") as fh:
                            stat = fh.read()
                    except OSError:
                        continue
                    comm = stat[stat.index("(") + 1:stat.rindex(")")]
                    fields = stat[stat.rindex(")") + 2:].split()
                    secs = (int(fields[11]) + int(fields[12])) / TICK
                    self.seen[int(pid) * 10**7 + int(tid)] = (comm, secs)
            self._stop.wait(self.every)

    def by_group(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for comm, secs in self.seen.values():
            out[thread_group(comm)] += secs
        return dict(out)

    def top_threads(self, k: int = 8) -> list[tuple[str, float]]:
        out: dict[str, float] = defaultdict(float)
        for comm, secs in self.seen.values():
            out["".join(ch for ch in comm if not ch.isdigit())] += secs
        return sorted(out.items(), key=lambda kv: -kv[1])[:k]


def _site(info: dict[str, Any]) -> str:
    """A stage's call site as PySpark names it: "job.py:277 (countByValue)"."""
    name = info["Stage Name"]
    return name.split(" at ")[-1].rsplit("/", 1)[-1] + " (" + name.split(" at ")[0] + ")"


def _events(log: Path) -> Iterator[dict[str, Any]]:
    # Spark 4 writes a folder of event files (and an empty app status file)
    files = sorted(f for f in log.iterdir() if f.name.startswith("events")) if log.is_dir() else [log]
    return (json.loads(ln) for f in files for ln in f.open(encoding="utf-8") if ln.strip())


def occupancy(log: Path, slots: int) -> tuple[float, float, dict[str, float]]:
    """(seconds from the application's start to its end, slot-seconds a task ran in, idle slot-seconds by
    cause): no task running (the JVM's start, the driver between jobs, named by the next stage, the end) or the call site of
    the stages that ran fewer tasks than there are slots (split between them when several ran)."""
    names: dict[int, str] = {}
    marks: list[tuple[float, int, int]] = []  # (time, +1 task start / -1 task end, stage)
    start = end = None
    for ev in _events(log):
        kind = ev.get("Event")
        if kind == "SparkListenerApplicationStart":
            start = ev["Timestamp"] / 1e3
        elif kind == "SparkListenerApplicationEnd":
            end = ev["Timestamp"] / 1e3
        elif kind == "SparkListenerStageCompleted":
            names[ev["Stage Info"]["Stage ID"]] = _site(ev["Stage Info"])
        elif kind == "SparkListenerTaskEnd":
            info = ev["Task Info"]
            marks += [(info["Launch Time"] / 1e3, 1, ev["Stage ID"]), (info["Finish Time"] / 1e3, -1, ev["Stage ID"])]
    marks.sort(key=lambda m: (m[0], m[1]))
    t0 = start if start is not None else marks[0][0] if marks else 0.0
    t_end = end if end is not None else marks[-1][0] if marks else t0
    idle: dict[str, float] = defaultdict(float)
    busy, t = 0.0, t0
    running: dict[int, int] = defaultdict(int)
    for when, step, stage in [*marks, (t_end, 0, -1)]:
        dt, r = max(0.0, when - t), sum(running.values())
        busy += dt * min(r, slots)
        if r < slots and dt:
            active = [names.get(sid, f"stage {sid}") for sid, k in running.items() if k]
            gap = "start (before the first task)" if not busy else f"no task, before {names.get(stage, stage)}"
            for site in active or [gap if step else "end (after the last task)"]:
                idle[site] += dt * (slots - r) / max(1, len(active))
        running[stage] += step
        t = max(t, when)
    return t_end - t0, busy, dict(idle)


def stages_of(log: Path) -> tuple[dict[str, dict[str, float]], dict[str, int]]:
    """Per call site: summed task metrics; and the counts of jobs, stages and tasks."""
    names: dict[int, str] = {}
    sums: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts = {"jobs": 0, "stages": 0, "tasks": 0}
    for ev in _events(log):
        kind = ev.get("Event")
        if kind == "SparkListenerJobStart":
            counts["jobs"] += 1
        elif kind == "SparkListenerStageCompleted":
            names[ev["Stage Info"]["Stage ID"]] = _site(ev["Stage Info"])
            counts["stages"] += 1
        elif kind == "SparkListenerTaskEnd":
            m = ev.get("Task Metrics") or {}
            s = sums[ev["Stage ID"]]
            counts["tasks"] += 1
            s["tasks"] += 1
            s["cpu"] += (m.get("Executor CPU Time", 0) + m.get("Executor Deserialize CPU Time", 0)) / 1e9
            s["run"] += m.get("Executor Run Time", 0) / 1e3
            s["gc"] += m.get("JVM GC Time", 0) / 1e3
            r = m.get("Shuffle Read Metrics") or {}
            s["sr_mb"] += (r.get("Remote Bytes Read", 0) + r.get("Local Bytes Read", 0)) / 2**20
            s["sr_rec"] += r.get("Total Records Read", 0)
            w = m.get("Shuffle Write Metrics") or {}
            s["sw_mb"] += w.get("Shuffle Bytes Written", 0) / 2**20
            s["sw_rec"] += w.get("Shuffle Records Written", 0)
            s["in_rec"] += (m.get("Input Metrics") or {}).get("Records Read", 0)
    by_site: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for sid, s in sums.items():
        site = by_site[names.get(sid, f"stage {sid}")]
        site["stages"] += 1
        for k, v in s.items():
            site[k] += v
    return {k: dict(v) for k, v in by_site.items()}, counts


def measure(exe: str, folder: Path, out: Path, master: str, partitions: int, conf: list[str],
            src: str | None, n: int, top: int) -> dict[str, float]:
    logdir = out.parent / (out.name + "-events")
    shutil.rmtree(logdir, ignore_errors=True)
    logdir.mkdir(parents=True)
    # the event log through PYSPARK_SUBMIT_ARGS (coopgraph's session sets none of these); the variant's settings
    # through `spark run --conf`, which overrides the session's own (an older src without that option needs
    # its settings in PYSPARK_SUBMIT_ARGS, where the session's own settings win)
    confs = ["spark.eventLog.enabled=true", "spark.eventLog.compress=false", f"spark.eventLog.dir=file://{logdir}"]
    env = dict(os.environ, PYSPARK_SUBMIT_ARGS=" ".join(f"--conf {shlex.quote(c)}" for c in confs) + " pyspark-shell")
    if src and src != ".":
        env["PYTHONPATH"] = src
    t0 = time.perf_counter()
    settings = [a for c in conf for a in ("--conf", c)]
    proc = subprocess.Popen([exe, "spark", "run", str(folder), "--out", str(out), "--master", master,
                             "--partitions", str(partitions), *settings],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    with PeakSampler(proc.pid) as peak, ThreadSampler(proc.pid) as threads:
        _, err = proc.communicate()
    secs = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"spark run failed ({proc.returncode}):\n{err[-3000:]}")
    py, jvm, driver = peak.cpu_of("python"), peak.cpu_of("jvm"), peak.cpu_of("driver")
    label = " ".join([src or ".", *conf])
    print(f"== {label}: {master}, {n} articles: {secs:.1f} s wall; CPU ms/article: Python workers "
          f"{1000 * py / n:.1f} + JVM {1000 * jvm / n:.1f} + driver {1000 * driver / n:.1f} = "
          f"{1000 * (py + jvm + driver) / n:.1f} (load {os.getloadavg()[0]:.2f}); peak JVM {peak.jvm / 2**20:.0f} MB, "
          f"tree {peak.tree / 2**20:.0f} MB")
    groups = threads.by_group()
    print("   JVM threads, CPU s: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(groups.items(), key=lambda kv: -kv[1]))
          + " | top: " + ", ".join(f"{k} {v:.1f}" for k, v in threads.top_threads()))
    logs = list(logdir.iterdir())
    if logs:
        sites, counts = stages_of(logs[0])
        tot: dict[str, float] = defaultdict(float)
        for s in sites.values():
            for k, v in s.items():
                tot[k] += v
        print(f"   {counts['jobs']} jobs, {counts['stages']} stages, {counts['tasks']} tasks; task threads: CPU "
              f"{tot['cpu']:.1f} s, run {tot['run']:.1f} s, GC {tot['gc']:.1f} s; shuffle write "
              f"{tot['sw_mb']:.1f} MB")
        print(f"   {'call site':46s} {'stg':>3s} {'tasks':>5s} {'cpu s':>6s} {'run s':>6s} {'gc s':>5s} "
              f"{'shW MB':>7s} {'shW rec':>8s} {'shR rec':>8s}")
        for site, s in sorted(sites.items(), key=lambda kv: -kv[1]["run"])[:top]:
            print(f"   {site[:46]:46s} {s['stages']:3.0f} {s['tasks']:5.0f} {s['cpu']:6.1f} {s['run']:6.1f} "
                  f"{s['gc']:5.1f} {s['sw_mb']:7.1f} {s['sw_rec']:8.0f} {s['sr_rec']:8.0f}")
        slots = cores_of(master)
        if slots:
            span, busy, idle = occupancy(logs[0], slots)
            print(f"   task slots: {slots} x {span:.1f} s, a task ran in {busy / (slots * span):.0%} of them "
                  f"({busy / span:.2f} slots on average); idle slot-seconds: " + ", ".join(
                      f"{k} {v:.1f}" for k, v in sorted(idle.items(), key=lambda kv: -kv[1])[:8]))
    shutil.rmtree(logdir, ignore_errors=True)
    return {"py": py, "jvm": jvm, "driver": driver, "wall": secs}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--per-day", type=int, default=40,
                    help="articles a day of the generated archive, as spark_bench.py (0: the earlier random dates)")
    ap.add_argument("--master", default="local[1]")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20240613)
    ap.add_argument("--conf", action="append", default=[], help="extra Spark setting KEY=VALUE (repeatable)")
    ap.add_argument("--src", action="append", default=[], help="a src folder to run with (repeatable)")
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args(argv)

    exe = str(Path(sys.executable).parent / "coopgraph")
    tmp = Path(tempfile.mkdtemp(prefix="coopgraph-spark-stages-"))
    try:
        folder = tmp / "articles"
        folder.mkdir()
        n, files = generate(args.n, folder, args.seed, per_day=args.per_day or None)
        print(f"{n} articles in {files} files; load {os.getloadavg()[0]:.2f}")
        results: dict[str, list[dict[str, float]]] = defaultdict(list)
        for _ in range(args.rounds):
            for variant in args.src or ["."]:
                src, *extra = variant.split("@")
                results[variant].append(measure(exe, folder, tmp / "out", args.master, args.partitions,
                                                [*args.conf, *extra], src, n, args.top))
        if len(results) > 1 or args.rounds > 1:
            for src, runs in results.items():
                print(f"{src}: CPU ms/article per run (py+jvm+driver): " + ", ".join(
                    f"{1000 * r['py'] / n:.1f}+{1000 * r['jvm'] / n:.1f}+{1000 * r['driver'] / n:.1f}" for r in runs))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
