"""Sentence spans for German news text. Abbreviation- and number-aware; quotes stay attached."""
from __future__ import annotations

import re

ABBREVIATIONS = {
    "mrd", "mlrd", "mio", "tsd", "nr", "z.b", "u.a", "bzw", "ca", "dr", "prof", "st", "usw", "vgl", "inkl", "evtl",
    "d.h", "o.ä", "jh", "jhd", "mr", "hr", "fr", "abs", "bd", "bzgl", "etc", "ggf", "max", "min", "mind", "rd",
    "zzgl", "anm", "tel", "str", "jan", "feb", "apr", "jun", "jul", "aug", "sept", "sep", "okt", "nov", "dez",
    "mwst", "gmbh", "co", "ltd", "inc", "corp", "ggü", "v.a", "u.ä", "s.o", "i.j",
}
_BOUNDARY = re.compile(r"(?<=[.!?…])([\"“”»«’']?)\s+(?=[\"„“«»(]?[A-ZÄÖÜ0-9])|\n\n")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        cut = m.start() + len(m.group(1) or "")
        if m.group(0) != "\n\n":
            ws = max(text.rfind(" ", pos, m.start()), text.rfind("\n", pos, m.start()), pos - 1)
            word = text[ws + 1:m.start()]
            if len(word) > 1 and word[-1] in ".!?…":
                w = word[:-1].lower().lstrip("(„\"")
                if w in ABBREVIATIONS or re.fullmatch(r"\d{1,2}", w) or re.fullmatch(r"[a-zäöü]", w):
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
