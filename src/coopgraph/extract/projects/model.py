"""The parts a project mention is built from: tokens, places, candidates, and the small word tests."""
from __future__ import annotations

from dataclasses import dataclass

from ..persons import PlaceHit
from .words import DATIVE_PLURAL_N, STOP_WORDS


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int


@dataclass
class _Loc:
    hit: PlaceHit | None
    written: str  # the place as written, nominative ("Kostanaj", "Gebiet Tula")
    place_id: str | None
    country: str | None
    iso: str | None
    pp: str  # the phrase for the name: "in Kostanaj", "im Gebiet Tula"
    start: int


@dataclass
class _Cand:
    start: int
    end: int
    head: str
    core: str  # "Werkstatt", "Joint Venture MAZ Asia"
    sent: tuple[int, int]
    head_start: int
    product: str | None = None
    purpose: str | None = None  # a project's object phrase as written: "zur Einführung eines Elektrobusses"
    product_span: tuple[int, int] | None = None
    loc: _Loc | None = None
    status: str | None = None
    cue: str | None = None
    cue_id: str | None = None
    qualified: bool = False
    plural: bool = False
    anaphor: bool = False
    compound_product: bool = False  # the product is the compound's modifier ("Kabinenwerk")
    weak: bool = False  # neither place nor product attached: kept as an anaphor or with a place and a cue
    weak_loc: _Loc | None = None
    tier: int | None = None  # how the status cue relates: 0 own clause, 1 governing clause, 2 plan, None not
    definite: bool = False  # "das Kabinenwerk": refers back before it takes a place from elsewhere in the sentence
    loc_fallback: bool = False  # the place is not attached to the phrase but found elsewhere in the sentence


def _is_cap(t: str) -> bool:
    return t[:1].isupper() and any(c.isalpha() for c in t)


def _is_acronymish(t: str) -> bool:
    return sum(1 for c in t if c.isupper()) >= 2 and t[:1].isupper()


def _looks_adj(t: str) -> bool:
    return t.isalpha() and t.islower() and len(t) > 3 and t not in STOP_WORDS and t.endswith(
        ("e", "en", "er", "es", "em"))


def _loc_from_hit(h: PlaceHit, pp: str) -> _Loc:
    e = h.entry
    written = e.alias if e.form == "genitive" and e.alias else h.surface
    return _Loc(h, written, e.place_id, e.country, e.iso3166_2 if e.kind != "country" else None, pp, h.start)


def _strip_genitive(w: str) -> str:
    lw = w.lower()
    if lw.endswith("busses"):
        return w[:-3]
    if lw.endswith(("kes", "tes", "ses", "zes", "ßes", "ches", "ges", "xes")) and len(w) > 5:
        return w[:-2]
    if lw.endswith("s") and not lw.endswith(("ss", "us", "is", "os")) and len(w) > 3:
        return w[:-1]
    return w


def _strip_dative_plural(w: str) -> str:
    return w[:-1] if w.lower().endswith(DATIVE_PLURAL_N) and len(w) > 4 else w


def _nominative_item(det: str | None, adjs: list[str], nouns: list[str], case: str) -> str:
    if det:
        adjs = []
        if case == "gen" and det in ("des", "eines", "dieses"):
            nouns = nouns[:-1] + [_strip_genitive(nouns[-1])]
        elif case == "dat" and det == "den":
            nouns = nouns[:-1] + [_strip_dative_plural(nouns[-1])]
    else:
        if case == "gen":
            adjs = [a[:-1] if a.endswith("er") else a for a in adjs]
        elif case == "dat":
            adjs = [a[:-1] if a.endswith(("en", "em")) else a for a in adjs]
            nouns = nouns[:-1] + [_strip_dative_plural(nouns[-1])]
    return " ".join(adjs + nouns)

