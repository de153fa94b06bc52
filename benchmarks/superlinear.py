"""Growth of ``pipeline.process`` time on inputs that once grew superlinearly (issue 11: no input over 2 s).

    python benchmarks/superlinear.py [CASE ...]

Each case doubles one dimension of a synthetic article written here: numbers in one sentence, sentences
with a title, a name and a place, the length of one token, numbers interleaved with partner countries,
quotations with speakers. Printed: seconds per size; linear growth doubles the time per step. CASE picks
cases by name (numbers, places×persons, "long token", numbers+places, quotes).
"""
from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from coopgraph.extract import warm_up
from coopgraph.models import RawDoc
from coopgraph.pipeline import process
from coopgraph.settings import Settings

HEAD = "MINSK, 3. März (BelTA) – "
PEOPLE = ["Iwan Petrow", "Olga Sidorowa", "Sergej Iwanow"]
PLACES = ["Minsk", "Moskau", "Peking", "Gomel", "Brest", "Kasachstan", "Russland"]
COUNTRIES = ["Russland", "China", "Kasachstan", "Usbekistan", "Vietnam", "Indien", "Serbien"]


def numbers(n: int, rnd: random.Random) -> str:
    parts = [f"{rnd.randint(1, 999)},{rnd.randint(1, 9)} Prozent" if i % 3 else
             f"{rnd.randint(1, 9999)} Millionen US-Dollar" for i in range(n)]
    return (HEAD + "Der Handel zwischen Belarus und Russland stieg 2023 um " + ", ".join(parts) + " im Jahr 2024."
            "\n\nPräsident Alexander Lukaschenko sagte, die Exporte nach China wuchsen.")


def places_persons(n: int, rnd: random.Random) -> str:
    return HEAD + " ".join(f"Gouverneur {PEOPLE[i % 3]} besuchte {PLACES[i % 7]} und sagte „gut“." for i in range(n))


def long_token(n: int, rnd: random.Random) -> str:
    return HEAD + "Belarus und Russland: " + "Zusammenarbeit" * (n // 14) + " wächst um 5 Prozent."


def numbers_places(n: int, rnd: random.Random) -> str:
    return HEAD + "Die Exporte von Belarus stiegen 2023 " + " und ".join(
        f"nach {COUNTRIES[i % 7]} um {i % 90 + 1} Prozent" for i in range(n)) + "."


def quotes(n: int, rnd: random.Random) -> str:
    return HEAD + " ".join(f"„Wir bauen die Zusammenarbeit aus {i}“, sagte {PEOPLE[i % 3]}. Er lobte Minsk."
                           for i in range(n))


CASES: list[tuple[str, Callable[[int, random.Random], str], list[int]]] = [
    ("numbers", numbers, [500, 1000, 2000, 4000]),
    ("places×persons", places_persons, [100, 200, 400, 800]),
    ("long token", long_token, [10000, 20000, 40000, 80000]),
    ("numbers+places", numbers_places, [250, 500, 1000, 2000]),
    ("quotes", quotes, [100, 200, 400, 800]),
]


def main(argv: list[str]) -> None:
    warm_up()
    settings = Settings(doc_seconds=600)  # measure, do not cut off
    rnd = random.Random(1)
    for label, make, sizes in [c for c in CASES if not argv or c[0] in argv]:
        for n in sizes:
            text = make(n, rnd)
            t0 = time.perf_counter()
            result = process(RawDoc(id="x", source="x", fmt="text", content=text), settings)
            seconds = time.perf_counter() - t0
            what = (f"figures={len(result.figures)} persons={len(result.persons)} quotes={len(result.quotes)}"
                    if hasattr(result, "figures") else f"reject: {result}"[:120])
            print(f"{label:15s} n={n:6d} chars={len(text):7d} {seconds:7.2f} s  {what}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
