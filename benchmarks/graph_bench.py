"""The corpus graph at scale: full rebuild ms per article at growing sizes, and an incremental update.

    python benchmarks/graph_bench.py [--sizes 5000,20000,80000] [--increment 1000] [--base 400]
                                     [--per-day 25] [--undated 0.15] [--cache FILE] [--keep DIR] [--profile]

Extraction is not what this measures, so it runs once: ``--base`` synthetic articles (variations of the bundled
sample corpus, see ingest_bench.py) go through the real pipeline (clean + extract) and their stored rows
(store/rows.py) are the material. Articles of the corpus are then made from those rows without extracting
again and stored with ``Store.insert_rows``: a few paragraphs of one base article mixed with a paragraph of
others, other people (from a pool that grows with the corpus, as new people appear in the news over time), scaled
figures, and a date. The corpus grows the way news does, a steady ``--per-day`` articles a day (so a week holds
as many articles at 80k as at 5k) with ``--undated`` of them without a date, and some are another outlet's copy
or light rewrite of a recent article (so stories form). At each size the full rebuild (signatures, story pairs
and every derived table from scratch) is timed; after the size named by ``--increment-at`` (default: the size
closest to 20000) ``--increment`` more articles are stored and ``graph.update`` for them is timed.

Cost should grow about linearly: compare ms per article across sizes (ratios in one run; the machine is noisy).
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import hashlib
import json
import pstats
import random
import re
import resource
import sys
import tempfile
import time
from collections import deque
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_bench import generate, pool_name

from coopgraph import graph
from coopgraph.settings import Settings
from coopgraph.store import Store, write_transaction

Rows = tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def base_rows(n: int, cache: Path | None) -> list[Rows]:
    """(article row, fact rows) of n synthetic articles extracted by the real pipeline (cached in ``cache``)."""
    if cache is not None and cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if len(data) >= n:
            return [(a, f) for a, f in data[:n]]
    from coopgraph.ingest import iter_documents
    from coopgraph.models import Extraction
    from coopgraph.pipeline import process_many
    from coopgraph.store.rows import article_row, fact_rows

    out: list[Rows] = []
    with tempfile.TemporaryDirectory(prefix="coopgraph-graph-base-") as tmp:
        generate(n, Path(tmp), seed=n)
        settings = Settings(quiet=True)
        for ext in process_many(iter_documents([tmp], settings), settings):
            if isinstance(ext, Extraction):
                out.append((article_row(ext), fact_rows(ext)))
    if cache is not None:
        cache.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


def _paragraphs(text: str) -> list[str]:
    sep = "\n\n" if "\n\n" in text.strip() else "\n"
    return [p for p in text.split(sep) if p.strip()]


class Corpus:
    """Synthetic articles i = 0, 1, 2, ... made from the base rows, the same for the same seed."""

    def __init__(self, bases: list[Rows], per_day: int, undated: float, seed: int = 7) -> None:
        self.bases = bases
        self.paras = [_paragraphs(a["text"]) for a, _ in bases]
        self.words = sorted({w for a, _ in bases for w in re.findall(r"\w{3,}", a["text"])})
        self.per_day = per_day
        self.undated = undated
        self.rnd = random.Random(seed)
        self.made = 0  # articles made so far
        self.recent: deque[Rows] = deque(maxlen=2 * per_day)  # the last ones (a copy takes one of them)
        self.start = date(2015, 1, 1)

    def person(self, i: int) -> str:
        """A person name: a few are in the news all the time, most come and go; the pool grows with the corpus."""
        return pool_name(self.rnd, i)

    def article(self, i: int) -> Rows:
        r = self.rnd
        self.made += 1
        if self.recent and r.random() < 0.1:  # another outlet's copy or rewrite of a recent article
            a, f = self.recent[max(0, len(self.recent) - 1 - r.randrange(2 * self.per_day))]
            a = dict(a, doc_id=f"graph-bench-{i}")
            if r.random() < 0.7:
                a["text"] = a["text"] + f"\n\nQuelle: Agentur {r.randrange(50)}"
                a["content_hash"] = hashlib.sha1(a["text"].encode()).hexdigest()
            self.recent.append((a, f))
            return a, f
        b = r.randrange(len(self.bases))
        art, facts = self.bases[b]
        paras = self.paras[b]
        body = paras[1:]
        keep = r.sample(body, max(1, len(body) // 2)) if body else []
        other = self.paras[r.randrange(len(self.bases))]
        keep += r.sample(other, min(2, len(other)))
        r.shuffle(keep)
        text = "\n\n".join(paras[:1] + keep)
        names: dict[str, str] = {}
        persons = []
        for p in facts["persons"]:
            old = p["name"]
            if old not in names:
                names[old] = self.person(i) if " " in old else self.person(i).split()[-1]
            persons.append(dict(p, name=names[old]))
        for old, new in names.items():
            text = text.replace(old, new)
        text = re.sub(r"\b\d{2,4}\b", lambda m: str(r.randrange(10, 999)), text)
        # other words here and there: articles on one topic share phrases, not long word sequences
        text = re.sub(r"\b\w{3,}\b", lambda m: r.choice(self.words) if r.random() < 0.35 else m.group(0), text)
        day = None if r.random() < self.undated else (self.start + timedelta(days=i // self.per_day)).isoformat()
        a = dict(art, doc_id=f"graph-bench-{i}", text=text, raw_text=text, date=day,
                 content_hash=hashlib.sha1(text.encode()).hexdigest())
        figures = [dict(x, value=round((x["value"] or 1) * r.uniform(0.5, 2.0), 1)) for x in facts["figures"]]
        f = dict(facts, persons=persons, figures=figures)
        self.recent.append((a, f))
        return a, f


def grow(store: Store, corpus: Corpus, upto: int, batch: int = 1000) -> set[int]:
    """Store synthetic articles until the corpus holds ``upto``; returns the new article ids."""
    new: set[int] = set()
    i = corpus.made
    while i < upto:
        with write_transaction(store.conn):
            for _ in range(min(batch, upto - i)):
                new.add(store.insert_rows(*corpus.article(i)))
                i += 1
    return new


def warm_up() -> None:
    """Imports and lexicons load once, outside the timings (the first rebuild would pay them alone)."""
    import datasketch  # noqa: F401

    from coopgraph import resolve, resolve_names

    resolve.minhash("ein kurzer Text, der die Bibliotheken lädt")
    resolve.text_keys("Der Präsident traf in Minsk den Gouverneur Iwanow.")
    resolve_names.resolve_persons([resolve.Mention("persons", 1, 1, "Iwan Iwanow")])


def timed(fn: Any, profile: bool) -> tuple[Any, float, float]:
    """fn(), its wall time and its CPU time (the machine is shared: CPU time is the steadier figure)."""
    prof = cProfile.Profile() if profile else None
    t0, c0 = time.perf_counter(), time.process_time()
    if prof:
        prof.enable()
    out = fn()
    if prof:
        prof.disable()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if prof:
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    return out, wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5000,20000,80000")
    ap.add_argument("--increment", type=int, default=1000, help="articles added for the incremental update")
    ap.add_argument("--increment-at", type=int, default=None, help="size after which the increment is timed")
    ap.add_argument("--base", type=int, default=400, help="synthetic articles extracted for real, once")
    ap.add_argument("--per-day", type=int, default=25, help="dated articles per day")
    ap.add_argument("--undated", type=float, default=0.15, help="share of articles without a date")
    ap.add_argument("--cache", type=Path, default=None, help="keep the extracted base rows in this JSON file")
    ap.add_argument("--keep", type=Path, default=None, help="leave the database in this folder (graph.db)")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of each rebuild")
    args = ap.parse_args()
    sizes = sorted(int(x) for x in args.sizes.split(","))
    at = args.increment_at or min(sizes, key=lambda s: abs(s - 20000))
    t0 = time.perf_counter()
    bases = base_rows(args.base, args.cache)
    print(f"base: {len(bases)} articles extracted (or read from the cache) in {time.perf_counter() - t0:.1f} s")
    corpus = Corpus(bases, args.per_day, args.undated)
    warm_up()
    with tempfile.TemporaryDirectory(prefix="coopgraph-graph-") as tmp:
        db = (args.keep or Path(tmp)) / "graph.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        for old in db.parent.glob(db.name + "*"):
            old.unlink()
        store = Store.open(db)
        print(f"{'articles':>8}  {'store s':>7}  {'rebuild s':>9}  {'cpu s':>7}  {'ms/article':>10}  {'pairs':>8}  "
              f"{'edges':>6}  "
              f"{'stories':>7}  {'entities':>8}  {'projects':>8}  {'matches':>7}  {'peak MB':>7}")
        per_article: list[float] = []
        for size in sizes:
            t0 = time.perf_counter()
            grow(store, corpus, size)
            store_s = time.perf_counter() - t0
            full, rebuild_s, cpu_s = timed(lambda: graph.rebuild(store.conn), args.profile)
            per_article.append(cpu_s / size * 1000)
            print(f"{size:>8}  {store_s:>7.1f}  {rebuild_s:>9.2f}  {cpu_s:>7.2f}  {per_article[-1]:>10.3f}  "
                  f"{full.pairs_checked:>8}  "
                  f"{full.edges:>6}  {full.stories:>7}  {full.entities:>8}  {full.projects:>8}  {full.matches:>7}  "
                  f"{peak_mb():>7.0f}", flush=True)
            if size == at and args.increment:
                new = grow(store, corpus, size + args.increment)
                rep, update_s, update_cpu = timed(functools.partial(graph.update, store.conn, new), args.profile)
                print(f"incremental: {args.increment} articles added to {size}: graph.update {update_s:.2f} s "
                      f"(cpu {update_cpu:.2f} s; the rebuild at {size}: cpu {cpu_s:.2f} s) "
                      f"({rep.signatures} signed, {rep.pairs_checked} pairs decided)", flush=True)
        lo, hi = min(per_article), max(per_article)
        mid = (lo + hi) / 2
        print(f"full rebuild ms/article (cpu): {', '.join(f'{s}: {p:.3f}' for s, p in zip(sizes, per_article))}; "
              f"max/min {hi / lo:.2f} (within ±20 % of their middle: {'yes' if hi / mid <= 1.2 else 'no'})")
        store.close()


if __name__ == "__main__":
    main()
