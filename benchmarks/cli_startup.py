"""How long `coopgraph --help` takes (the target is under 0.3 s: spaCy and the extractors load lazily).

Usage: python benchmarks/cli_startup.py [RUNS]   prints the median and the best wall time of RUNS runs."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time


def main(runs: int = 10) -> None:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "coopgraph", "--help"], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"coopgraph --help: median {med:.3f} s, best {min(times):.3f} s over {runs} runs "
          f"({'under' if med < 0.3 else 'OVER'} the 0.3 s target)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
