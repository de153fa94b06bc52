"""Fuzz ``pipeline.process`` with N mutated articles and report what escaped.

    python benchmarks/fuzz.py N [--seed 1] [--workers 2] [--slowest 10] [--show CASE]

The seeds are the bundled sample corpus (src/coopgraph/data/sample) and a few articles written here.
Each case applies 1-4 random mutations: inserted or replaced text (random characters, lone
surrogates, control and invisible characters, "İ"), punctuation runs without spaces (up to 50,000
characters), number-dense sentences (up to 3,000 figures), very long numbers, odd datelines and
header dates (29 February of a common year, year 0023, 31 April), HTML fragments, deletions and
repeated spans. Case ``i`` is reproducible from ``--seed`` alone (``--show i`` prints it).

Printed: counts of extractions and rejects (by stage), escapes (exceptions out of ``process``),
broken spans (a fact outside the text or whose evidence is not ``text[start:end]``), non-finite
values, facts the final check in ``process`` dropped (by kind: these point at extractor bugs the
gate caught), and the slowest cases with their mutations. An input's time is the CPU time its worker
spent on it (the machine may be shared); wall times are printed beside it. Exit code 1 when anything escaped or a
broken span or non-finite value got out.
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import random
import sys
import time
from collections import Counter
from typing import Any

from coopgraph.models import Extraction, RawDoc, Reject
from coopgraph.resources import sample_corpus_path

OWN_ARTICLES = [
    ("MINSK, 12. März (BelTA) - Belarus und Usbekistan wollen die gemeinsame Montage von Traktoren in Taschkent "
    "ausbauen. Das teilte Industrieminister Iwan Petrow nach einem Treffen der Regierungskommission mit.\n\n"
    "Im vergangenen Jahr stieg der Handel zwischen beiden Ländern um 12,5 Prozent auf 1,2 Milliarden Dollar. "
    "„Wir wollen bis 2026 ein Servicezentrum in Samarkand eröffnen“, sagte Petrow."),
    ("GRODNO, 3. Juni (BelTA) - Das Gebiet Grodno und die Region Kaliningrad wollen mehr Milchprodukte und "
    "Baustoffe austauschen. Die Gouverneurin des Gebiets Grodno, Anna Smirnowa, sprach von 300 Millionen Euro "
    "Umsatz im ersten Halbjahr.\n\nGeplant ist ein gemeinsames Logistikzentrum an der Grenze."),
    ("<html><head><title>Busse für Havanna</title></head><body><article><p>HAVANNA, 5. Mai (BelTA) - Belarus "
    "und Kuba wollen die Montage von Bussen in Havanna ausbauen, sagte der Botschafter.</p><p>Der Vertrag "
    "umfasst 150 Busse im Wert von 40 Mio. US-Dollar.</p></article></body></html>"),
]
PUNCTUATION = list("=\"(»„“-.%€_'/!?*#~+:;,)[]{}<>|\\^`") + ["…", "–", "—", "«", "‚", "§"]
ODD = ["MINSK, 29. Februar 2023 (BelTA) - ", "12. März 0023\n", "MOSKAU, 31. April (TASS) - ", "\n\n", "\r\n",
       "\ud800", "\udfff", "<p>", "</p>", "<article>", "<script>x</script>", "\x00", "\x0b", "\u200b", "\ufeff",
       "İstanbul ", "İİİ", "ß", "\u0301", "🇧🇾", "\t\t", "Am Dienstag, dem 29. Februar 2023 ",
       "1.000.000.000.000.000,5 ", "-0,0 Prozent ", "1e308 Dollar ", "9" * 30 + ",5 Mio. Euro "]


def seeds() -> list[tuple[str, str]]:
    out = [("html" if a.startswith("<html") else "text", a) for a in OWN_ARTICLES]
    sample = sample_corpus_path()
    for path in sorted(sample.glob("*")):
        if path.suffix in (".txt", ".html", ".htm"):
            out.append(("html" if path.suffix != ".txt" else "text", path.read_text(encoding="utf-8")))
    return out


def payload(rng: random.Random) -> tuple[str, str]:
    kind = rng.choices(["chars", "run", "numbers", "longnumber", "odd", "mixedrun"], [30, 25, 15, 5, 20, 5])[0]
    if kind == "chars":
        n = rng.randint(1, 60)
        return kind, "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0, 0x2FFF), rng.randint(0, 0x10FFFF)]))
                             for _ in range(n))
    if kind == "run":
        n = rng.choices([rng.randint(1, 100), rng.randint(100, 5000), rng.randint(5000, 50_000)], [70, 25, 5])[0]
        return f"run {n}", rng.choice(PUNCTUATION) * n
    if kind == "mixedrun":
        n = rng.randint(100, 20_000)
        return f"mixedrun {n}", "".join(rng.choice(PUNCTUATION) for _ in range(n))
    if kind == "numbers":
        n = rng.choices([rng.randint(1, 50), rng.randint(50, 3000)], [95, 5])[0]
        unit = rng.choice(["Mio. Dollar", "Prozent", "Tonnen", "Milliarden Euro", "Rubel", ""])
        return f"numbers {n}", ("Der Umsatz stieg auf " + ", ".join(
            f"{rng.randint(0, 10**rng.randint(1, 9))}{rng.choice(['', ',5', '.000'])} {unit}" for _ in range(n)) + ".")
    if kind == "longnumber":
        n = rng.randint(10, 2000)
        return f"longnumber {n}", f"Der Handel erreichte {'9' * n} Milliarden Euro. "
    return kind, rng.choice(ODD)


def make_case(seed: int, i: int, pool: list[tuple[str, str]]) -> tuple[RawDoc, list[str]]:
    rng = random.Random(seed * 1_000_003 + i)
    fmt, text = rng.choice(pool)
    notes = []
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(["insert", "insert", "replace", "delete", "duplicate"])
        a = rng.randint(0, len(text))
        b = min(len(text), a + rng.randint(0, 300))
        if op in ("insert", "replace"):
            what, piece = payload(rng)
            text = text[:a] + piece + (text[a:] if op == "insert" else text[b:])
            notes.append(f"{op} {what} @{a}")
        elif op == "delete":
            text = text[:a] + text[b:]
            notes.append(f"delete {a}-{b}")
        else:
            times = rng.randint(2, 50)
            text = text[:b] + text[a:b] * times + text[b:]
            notes.append(f"repeat {a}-{b} x{times}")
    return RawDoc(id=f"fuzz-{i}", source=f"fuzz#{i}", fmt=fmt, content=text), notes


def check(result: Extraction) -> tuple[int, int]:
    """(broken spans, non-finite values) of one extraction."""
    text, broken, nonfinite = result.article.text, 0, 0
    evidence = {"figures": "quote", "quotes": "text", "places": "surface"}
    for kind in ("persons", "organizations", "places", "partners", "figures", "sectors", "quotes", "offers",
                 "projects"):
        for fact in getattr(result, kind):
            if not 0 <= fact.start <= fact.end <= len(text) or kind in evidence and getattr(fact, evidence[kind]) != text[fact.start:fact.end]:
                broken += 1
            if kind == "figures" and not math.isfinite(fact.value):
                nonfinite += 1
    for person in result.persons:
        broken += sum(1 for s, e in person.mentions if not 0 <= s <= e <= len(text))
    if result.relevance_score is not None and not math.isfinite(result.relevance_score):
        nonfinite += 1
    return broken, nonfinite


_POOL: list[tuple[str, str]] = []


def _init() -> None:
    from coopgraph.extract import warm_up
    from coopgraph.pipeline import process

    _POOL.extend(seeds())
    warm_up()
    process(RawDoc(id="warm", source="warm", fmt="text", content=OWN_ARTICLES[0]))  # first-call costs out of the timings


def run_case(args: tuple[int, int]) -> dict[str, Any]:
    from coopgraph.pipeline import process

    seed, i = args
    raw, notes = make_case(seed, i, _POOL)
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        result = process(raw)
    except BaseException as exc:  # noqa: BLE001 - counting escapes is the point
        return {"i": i, "status": "escape", "error": f"{type(exc).__name__}: {exc}"[:200],
                "seconds": time.process_time() - c0, "wall": time.perf_counter() - t0, "notes": notes,
                "chars": len(raw.content)}
    # the time of an input is the CPU time of the worker that processed it: on a shared machine the wall
    # clock also counts whatever else ran meanwhile (the wall time is printed beside it)
    seconds, wall = time.process_time() - c0, time.perf_counter() - t0
    if isinstance(result, Reject):
        return {"i": i, "status": "reject", "stage": result.stage, "reason": result.reason[:90], "seconds": seconds,
                "wall": wall, "notes": notes, "chars": len(raw.content)}
    broken, nonfinite = check(result)
    return {"i": i, "status": "extraction", "broken": broken, "nonfinite": nonfinite, "seconds": seconds,
            "wall": wall, "dropped": dict(result.dropped_facts), "notes": notes, "chars": len(raw.content)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of mutated inputs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=max(1, multiprocessing.cpu_count()))
    ap.add_argument("--slowest", type=int, default=10)
    ap.add_argument("--show", type=int, default=None, help="print case SHOW's input and exit")
    args = ap.parse_args(argv)
    if args.show is not None:
        raw, notes = make_case(args.seed, args.show, seeds())
        print(notes, raw.fmt, repr(raw.content[:2000]))
        return 0
    stats: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    escapes: list[dict[str, Any]] = []
    slow_kinds: Counter[str] = Counter()  # mutations (with 50+ numbers / characters) of the inputs over 2 s
    failures: Counter[str] = Counter()  # reasons of rejects that mean a bug was caught (clean/extract failed)
    slow: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(args.workers, initializer=_init) as pool:
        for k, r in enumerate(pool.imap_unordered(run_case, ((args.seed, i) for i in range(args.n)), chunksize=4)):
            stats[r["status"]] += 1
            if r["status"] == "reject":
                stats[f"reject:{r['stage']}"] += 1
                if "failed:" in r["reason"]:
                    failures[f"[{r['stage']}] {r['reason']} (e.g. case {r['i']})"] += 1
            elif r["status"] == "escape":
                escapes.append(r)
            else:
                stats["broken_spans"] += r["broken"]
                stats["non_finite"] += r["nonfinite"]
                dropped.update(r["dropped"])
            slow.append(r)
            slow = sorted(slow, key=lambda x: -x["seconds"])[: args.slowest]
            stats["over_2s_wall"] += r["wall"] > 2.0
            if r["seconds"] > 2.0:
                stats["over_2s"] += 1
                big = [n.split()[1] for n in r["notes"] if n.split()[1] in ("numbers", "run", "mixedrun")
                       and int(n.split()[2]) >= 50]
                slow_kinds.update(set(big) or {"other"})
            if (k + 1) % 5000 == 0:
                print(f"... {k + 1}/{args.n} in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - t0
    print(f"fuzz: {args.n} inputs, seed {args.seed}, {args.workers} workers, {elapsed:.0f} s")
    print(f"  extractions {stats['extraction']}, rejects {stats['reject']} ("
          + ", ".join(f"{k.split(':')[1]} {v}" for k, v in sorted(stats.items()) if k.startswith("reject:")) + ")")
    print(f"  escapes {stats['escape']}, broken spans {stats['broken_spans']}, non-finite values "
          f"{stats['non_finite']}, inputs over 2 s of CPU time {stats['over_2s']} (over 2 s wall {stats['over_2s_wall']})")
    if slow_kinds:
        print("  inputs over 2 s contain: " + ", ".join(f"{k} {v}" for k, v in slow_kinds.most_common()))
    print("  dropped by the final check: " + (", ".join(f"{k} {v}" for k, v in sorted(dropped.items())) or "none"))
    for reason, count in failures.most_common(10):
        print(f"  caught failure x{count}: {reason}")
    for r in escapes[:10]:
        print(f"  ESCAPE case {r['i']}: {r['error']} ({'; '.join(r['notes'])})")
    print("  slowest (CPU time, wall time):")
    for r in slow:
        print(f"    {r['seconds']:6.2f} s {r['wall']:6.2f} s  case {r['i']:>6}  {r['status']:<10} {r['chars']:>7} chars  {'; '.join(r['notes'])}")
    return 1 if stats["escape"] or stats["broken_spans"] or stats["non_finite"] else 0


if __name__ == "__main__":
    sys.exit(main())
