"""Name folding shared by person merging, resolution and scoring.

``name_key`` folds German/English/Russian-in-Latin transliteration drift so that
Minnichanow/Minnikhanov, Lukaschenko/Lukashenko and Juri/Yuri compare equal.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FOLDS = [
    ("tsch", "ch"), ("sch", "sh"), ("shch", "sh"), ("zh", "sh"), ("kh", "h"), ("ch", "h"), ("ck", "k"),
    ("ph", "f"), ("w", "v"), ("ts", "z"), ("tz", "z"), ("ya", "ja"), ("yu", "ju"), ("ye", "je"), ("yo", "jo"),
    ("iy", "i"), ("ij", "i"), ("yi", "i"), ("ei", "ej"), ("y", "j"), ("ss", "s"), ("ä", "a"), ("ö", "o"),
    ("ü", "u"), ("ß", "s"), ("ae", "a"), ("oe", "o"), ("ue", "u"),
]


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    w = word.lower().replace("ß", "ss")
    w = w.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    w = strip_accents(w)
    w = re.sub(r"[^a-z]", "", w)
    for a, b in _FOLDS:
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)  # doubled letters
    w = re.sub(r"j$", "i", w)  # Dmitrij/Dmitri, Sergej/Sergei
    return w


def name_key(name: str) -> str:
    return " ".join(fold_word(p) for p in re.split(r"[\s\-]+", name) if p)

