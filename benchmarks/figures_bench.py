"""Figures extractor throughput: ordinary articles and number-dense sentences.

    python benchmarks/figures_bench.py [--rounds 200] [--dense 2000,8000,32000]

Part 1 runs ``find_figures`` over the seed articles (/work/shared/seeds, when present) ``--rounds``
times and prints articles/s (the old test asserted >= 300/s). Part 2 builds single sentences that
hold N numbers each (amounts, percentages with cue words, bare counts) and prints the time per
size: the cost must grow about linearly with N (a quadratic step turns 8,000 numbers into seconds
and 90,000 into minutes). ``--check`` exits 1 when the largest size is more than 8x slower per
number than the smallest, or the seeds run below 300 articles/s.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from coopgraph.extract.figures import PartyMention, find_figures
from coopgraph.extract.sentences import split_sentences

SEEDS = Path("/work/shared/seeds")


def dense_texts(n: int) -> dict[str, str]:
    return {
        "amounts": "Der Handelsumsatz betrug " + ", ".join(f"{i % 900 + 10} Mio. Dollar" for i in range(n)) + ".",
        "percent+cues": "Im Jahr 2024 stieg " + " und ".join(
            f"der Export um {i % 97} Prozent, der Import soll {i + 1} Mio. Dollar erreichen" for i in range(n // 2)) + ".",
        "counts": "Es gibt " + " und ".join(f"{i + 3} Projekte" for i in range(n)) + ".",
    }


def seed_rate(rounds: int) -> float | None:
    if not SEEDS.is_dir():
        return None
    from coopgraph.clean import clean
    from coopgraph.ingest import iter_documents
    from coopgraph.settings import Settings

    docs = []
    for raw in iter_documents([str(SEEDS)], Settings()):
        if hasattr(raw, "content"):
            a = clean(raw)
            sents = [s for ps, pe in (a.paragraphs or [(0, len(a.text))]) for s in split_sentences(a.text, ps, pe)]
            docs.append((a.text, sents, a.date, list[PartyMention](), ["Belarus", "Russland"]))
    t0 = time.perf_counter()
    for _ in range(rounds):
        for args in docs:
            find_figures(*args)
    return rounds * len(docs) / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--dense", default="2000,8000,32000")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    ok = True
    rate = seed_rate(args.rounds)
    if rate is not None:
        print(f"seed articles: {rate:.0f} articles/s")
        ok &= rate >= 300
    sizes = [int(x) for x in args.dense.split(",")]
    per: dict[str, list[float]] = {}
    for n in sizes:
        for name, text in dense_texts(n).items():
            t0 = time.perf_counter()
            found = find_figures(text, [(0, len(text))], "2024-05-01", [], ["Belarus", "Russland"])
            dt = time.perf_counter() - t0
            per.setdefault(name, []).append(dt / n)
            print(f"{name:>13} {n:>7} numbers: {dt:7.2f} s, {len(found)} figures")
    for name, xs in per.items():
        if xs[-1] > 8 * xs[0]:
            print(f"{name}: not linear ({xs[-1] / xs[0]:.1f}x per number from {sizes[0]} to {sizes[-1]})")
            ok = False
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
