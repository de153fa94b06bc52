"""The shared text layer of the extractors: the one implementation of each text operation they share, and
position look-ups that every component needs and that must stay linear in the size of an article.

- tokens: ``token_spans`` (the regex word/punctuation tokens of the organization grammar; persons read
  spaCy's German tokens of the same text, made once per article in extract/__init__.py)
- sentences: ``split_sentences`` (abbreviations from data/abbreviations.jsonl)
- folding: ``fold_word`` / ``name_key`` (person names across transliterations), ``fold`` (casefold without
  diacritics, for scoring), ``fold_case`` (lower case that keeps offsets), ``slug`` (data ids)
- inflection: ``genitive_stems`` (the forms without a genitive ending), ``strip_ending`` (any inflection ending),
  ``strip_genitive`` (the scorer's lenient "-s"/"-e" strip)

``Spans`` answers "is this position / span inside, around or touching any of these spans?" by bisection
over the spans sorted by start and a running maximum of their ends, instead of a scan over all spans per
question; ``Positions`` answers "which sentence / line holds this offset?" the same way.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from ..resources import load_jsonl

__all__ = ["ABBREVIATIONS", "TOKEN", "Positions", "Spans", "fold", "fold_case", "fold_word", "genitive_stems",
           "name_key", "slug", "split_sentences", "strip_accents", "strip_ending", "strip_genitive", "token_spans"]

_NONE = -(1 << 62)  # "no span": an end before every offset


class Spans:
    """A set of (start, end) spans with O(log n) queries.

    ``covers(pos)``       any span with start <= pos < end
    ``contains(a, b)``    any span with start <= a and b <= end
    ``overlaps(a, b)``    any span with start < b and a < end
    """

    __slots__ = ("reach", "starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        reach: list[int] = []
        best = _NONE
        for _, e in ordered:
            best = max(best, e)
            reach.append(best)  # reach[i]: the furthest end among the first i + 1 spans
        self.reach = reach

    def __bool__(self) -> bool:
        return bool(self.starts)

    def _reach_before(self, i: int) -> int:
        """The furthest end of the spans starting at index < i (below any offset when none)."""
        return self.reach[i - 1] if i > 0 else _NONE

    def covers(self, pos: int) -> bool:
        return self._reach_before(bisect_right(self.starts, pos)) > pos

    def contains(self, a: int, b: int) -> bool:
        return self._reach_before(bisect_right(self.starts, a)) >= b

    def overlaps(self, a: int, b: int) -> bool:
        return self._reach_before(bisect_left(self.starts, b)) > a


class Positions:
    """Sorted, non-overlapping (start, end) spans (sentences, paragraphs): which one holds an offset."""

    __slots__ = ("disjoint", "spans", "starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.disjoint = all(a[1] <= b[0] for a, b in pairwise(spans))

    def index(self, pos: int) -> int:
        """Index of the first span with start <= pos < end, or -1. Sorted, disjoint spans (the usual case)
        have one candidate, the last span starting at or before ``pos``; any others are scanned."""
        if not self.disjoint:
            return next((i for i, (s, e) in enumerate(self.spans) if s <= pos < e), -1)
        i = bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.spans[i][1] else -1

    def span(self, pos: int) -> tuple[int, int] | None:
        i = self.index(pos)
        return self.spans[i] if i >= 0 else None


# --- tokens ----------------------------------------------------------------------------------------------

# a word with inner hyphens, periods and apostrophes ("Bremino-Orscha", "S.A", "Industrie-") or one mark
TOKEN = re.compile(r"\w+(?:[-.'’]\w+)*-?|[^\s\w]")


def token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token of ``text`` (see TOKEN)."""
    return list(map(re.Match.span, TOKEN.finditer(text)))


# --- sentences -------------------------------------------------------------------------------------------

# data/abbreviations.jsonl: lower case, without the final period, one row per kind (units, titles, months, ...)
ABBREVIATIONS = frozenset(w for row in load_jsonl("abbreviations.jsonl") for w in row["words"])
_BOUNDARY = re.compile(r"(?<=[.!?…])([\"“”»«’']?)\s+(?=[\"„“«»(]?[A-ZÄÖÜ0-9])|\n\n")
# _BOUNDARY with the sentence mark matched instead of looked behind at (a match starts one character earlier):
# a pattern led by a character class is scanned in C, one led by a lookbehind is tried at every position
_MARK_BOUNDARY = re.compile(r"[.!?…]([\"“”»«’']?)\s+(?=[\"„“«»(]?[A-ZÄÖÜ0-9])|\n\n")
_ONE_OR_TWO_DIGITS = re.compile(r"\d{1,2}")
_ONE_LETTER = re.compile(r"[a-zäöü]")


def split_sentences(text: str, start: int = 0, end: int | None = None, plain: bool = False) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` for German news: abbreviation- and number-aware ("5. Mai",
    "z.B."); a closing quotation mark stays with its sentence; a blank line always ends one. The boundaries
    are found with _MARK_BOUNDARY, or with _BOUNDARY itself where its lookbehind would see a mark before
    ``start`` (and with ``plain``: the reference tests/test_token_walks.py compares with)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    marked = not plain and not (start > 0 and text[start - 1] in ".!?…")
    for m in (_MARK_BOUNDARY if marked else _BOUNDARY).finditer(text, start, end):
        quote = m.group(1)
        b = m.start() + 1 if marked and quote is not None else m.start()  # where _BOUNDARY's match starts
        cut = b + len(quote or "")
        if text[b:m.end()] != "\n\n":
            ws = max(text.rfind(" ", pos, b), text.rfind("\n", pos, b), pos - 1)
            word = text[ws + 1:b]
            if len(word) > 1 and word[-1] in ".!?…":
                w = word[:-1].lower().lstrip("(„\"")
                if w in ABBREVIATIONS or _ONE_OR_TWO_DIGITS.fullmatch(w) or _ONE_LETTER.fullmatch(w):
                    continue
        if text[pos:cut].strip():
            spans.append(_trim(text, pos, cut))
        pos = m.end()
    if text[pos:end].strip():
        spans.append(_trim(text, pos, end))
    return spans


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# --- folding ---------------------------------------------------------------------------------------------

# German/English/Russian-in-Latin transliteration drift: Minnichanow/Minnikhanov, Lukaschenko/Lukashenko, Juri/Yuri
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
    """One word of a personal name as a transliteration-tolerant key (person merging, resolution, dossiers)."""
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
    """A personal name as folded words (``fold_word``), split at spaces and hyphens."""
    return " ".join(fold_word(p) for p in re.split(r"[\s\-]+", name) if p)


_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i",
                          "ʼ": "", "’": ""})


def fold(s: str) -> str:
    """Casefold and strip diacritics: "Weißrussland" -> "weissrussland", "Präsident" -> "prasident"."""
    s = unicodedata.normalize("NFKC", s).casefold()
    s = s.translate(_SPECIAL)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def fold_case(text: str) -> str:
    """Lower case with the offsets of ``text``: a character whose lower case is longer ("İ" -> "i̇") keeps
    one character (its first), so every match position in the result is a position in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower()[:1] or ch for ch in text)


def slug(s: str) -> str:
    """An id slug / comparison key: lower case, umlauts as ae/oe/ue/ss, diacritics stripped, "_" between words."""
    s = s.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    s = s.replace("ł", "l").replace("đ", "d").replace("ı", "i").replace("ə", "a")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"['’.]", "", s)
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


# --- inflection ------------------------------------------------------------------------------------------

_GENITIVE_ENDINGS = ("es", "s")
_ENDING = re.compile(r"(es|en|em|er|e|s)$")


def genitive_stems(word: str) -> list[str]:
    """``word`` without a genitive ending, longest ending first: "Gouverneurs" -> ["Gouverneur"], "Rates" ->
    ["Rat", "Rate"]. The caller checks each candidate against its lexicon."""
    return [word[:-len(cut)] for cut in _GENITIVE_ENDINGS if word.endswith(cut)]


def strip_ending(word: str) -> str:
    """``word`` without one inflection ending (es, en, em, er, e, s): a stem for comparing declined forms."""
    return _ENDING.sub("", word)


def strip_genitive(w: str) -> str:
    """The scorer's lenient strip of a final "-s" (not "-ss", "-us") and then "-e" from words over 3 letters."""
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w
