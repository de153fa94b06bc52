"""How long `coopgraph --help` takes (the target is under 0.3 s: spaCy and the extractors load lazily).

Usage: python benchmarks/cli_startup.py [RUNS]
Prints the median and best wall time of RUNS runs, and the median CPU time (user + system) of the child
process, which does not depend on how busy the machine is."""
from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time


def main(runs: int = 10) -> None:
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "coopgraph", "--help"], check=True, stdout=subprocess.DEVNULL)
        wall.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    med = statistics.median(wall)
    print(f"coopgraph --help: wall median {med:.3f} s (best {min(wall):.3f} s), cpu median "
          f"{statistics.median(cpu):.3f} s over {runs} runs ({'under' if med < 0.3 else 'OVER'} the 0.3 s target)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
