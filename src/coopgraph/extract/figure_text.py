"""The figures extractor's view of one article: cue lexicon (``data/figure_cues.jsonl`` and
``data/figure_patterns.jsonl`` in one Aho-Corasick automaton), refined sentences and clauses, cue hits
and period phrases indexed by position.

Every look-up a figure makes ("the nearest growth cue in my clause", "the first exclusion", "the last
period phrase of the previous sentence") is a bisection into a per-type sorted index plus a walk outward
that stops as soon as nothing nearer can follow, and per-clause results are memoised: a sentence with
tens of thousands of numbers costs near-linear time (``benchmarks/figures_bench.py``).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from ..resources import load_jsonl
from .numbers import find_periods


@dataclass
class PartyMention:
    """A partner place mentioned in the text."""

    name: str  # partner name as it should appear in ``parties``
    start: int
    end: int
    is_belarus_side: bool
    adjective: bool = False  # "chinesische": names no party, but tells whose exports a cue means


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    type: str  # metric kind sign kind_matrix capacity_verb exclude money_other anaphor no_inherit verb
    value: str
    pattern: str
    match: str  # word | stem (anywhere inside a word) | prefix


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    cue: Cue
    wstart: int  # the enclosing word (a compound) - quotes widen to it
    wend: int


# ------------------------------------------------------------------------------------------ lexicon

_HEAD_SUFFIXES = frozenset({"", "e", "en", "n", "s", "es", "er", "ern"})


class _Lexicon:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.auto: Any = ahocorasick.Automaton()
        self.count_nouns: list[tuple[str, str]] = []
        self.prefix_exclude: set[str] = set()
        self._count_cache: dict[str, str | None] = {}
        entries: dict[str, list[Cue]] = {}
        for r in rows:
            pattern = " ".join(str(r.get("pattern", "")).lower().split())
            typ, value = str(r.get("type", "")), str(r.get("value", ""))
            if not pattern or not typ:
                continue
            if typ == "count_noun":
                self.count_nouns.append((pattern, value))
                continue
            if typ == "prefix_exclude":
                self.prefix_exclude.add(pattern.rstrip("."))
                continue
            cue = Cue(str(r.get("id", f"{typ}:{value}:{pattern}")), typ, value, pattern, str(r.get("match", "stem")))
            entries.setdefault(pattern, []).append(cue)
            if typ == "metric" and value in ("project_count", "other") and pattern.isalpha():
                self.count_nouns.append((pattern, value))  # the shared lexicon's nouns double as counted nouns
        for pattern, cues in entries.items():
            self.auto.add_word(pattern, (len(pattern), tuple(cues)))
        if entries:
            self.auto.make_automaton()
        self.empty = not entries

    def scan(self, lower: str, spans: list[tuple[int, int]]) -> list[Hit]:
        """Cue hits inside ``spans`` of the lower-cased text (word boundaries judged on the whole text)."""
        if self.empty:
            return []
        n = len(lower)
        best: dict[tuple[str, int], Hit] = {}
        words: _Words | None = None  # built only when a word is too long to walk (a token of 50,000 letters)
        for last, (length, cues) in (x for s, e in spans for x in self.auto.iter(lower, s, e)):
            start, end = last - length + 1, last + 1
            left_ok = start == 0 or not lower[start - 1].isalnum()
            right_ok = end == n or not lower[end].isalnum()
            ws, we = start, end
            while ws > 0 and lower[ws - 1].isalnum():
                ws -= 1
                if start - ws > _WALK:
                    words = words or _Words(lower)
                    ws = words.left(start)
                    break
            while we < n and lower[we].isalnum():
                we += 1
                if we - end > _WALK:
                    words = words or _Words(lower)
                    we = words.right(end)
                    break
            for cue in cues:
                if cue.match in ("word", "phrase") and not (left_ok and right_ok):
                    continue
                if cue.match == "prefix" and not left_ok:
                    continue
                key = (cue.type + ":" + cue.value if cue.type == "sign" else cue.type, ws)
                old = best.get(key)
                # one cue per word and type: the compound's head (rightmost end), then the longest
                if old is None or (end, end - start) > (old.end, old.end - old.start):
                    best[key] = Hit(start, end, cue, ws, we)
        return sorted(best.values(), key=lambda h: (h.start, h.end))

    def count_category(self, noun: str) -> str | None:
        if noun in self._count_cache:
            return self._count_cache[noun]
        cat = self._count_category(noun)
        if len(self._count_cache) < 50_000:
            self._count_cache[noun] = cat
        return cat

    def _count_category(self, noun: str) -> str | None:
        w = noun.lower().rsplit("-", 1)[-1]
        found: tuple[int, int, str] | None = None
        for pattern, value in self.count_nouns:
            idx = w.rfind(pattern)
            if idx >= 0 and w[idx + len(pattern):] in _HEAD_SUFFIXES:
                cand = (idx + len(pattern), len(pattern), value)
                if found is None or cand[:2] > found[:2]:
                    found = cand
        return found[2] if found else None


_WALK = 64  # letters a cue hit walks to the edges of its word before the word index takes over
_ALNUM_RUN = re.compile(r"[^\W_]+")  # a maximal run of str.isalnum() characters


class _Words:
    """The maximal alphanumeric runs of a text, for the edges of the word around a position in O(log n)."""

    def __init__(self, text: str) -> None:
        runs = [m.span() for m in _ALNUM_RUN.finditer(text)]
        self.starts = [s for s, _ in runs]
        self.ends = [e for _, e in runs]

    def left(self, pos: int) -> int:
        """Where a walk left from ``pos`` over alphanumeric characters stops."""
        i = bisect.bisect_left(self.ends, pos)
        return self.starts[i] if i < len(self.ends) and self.starts[i] < pos else pos

    def right(self, pos: int) -> int:
        """Where a walk right from ``pos`` over alphanumeric characters stops."""
        i = bisect.bisect_right(self.ends, pos)
        return self.ends[i] if i < len(self.ends) and self.starts[i] <= pos else pos


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    return _Lexicon([*load_jsonl("figure_cues.jsonl"), *load_jsonl("figure_patterns.jsonl")])


# ------------------------------------------------------------------------------------------ context

_SCALE_WORDS = r"(?:Mrd|Mio|Tsd|Mlrd|Mld)\."  # the abbreviations every _SCALE_STOP match starts with
_SCALE_WORD = re.compile(_SCALE_WORDS)
_SCALE_STOP = re.compile(  # "... $53 Mrd. Im laufenden Jahr ..." - a sentence end the splitter keeps together
    r"\b" + _SCALE_WORDS + r"\s+(?=(?:Im|In|Der|Die|Das|Dies|Diese|Dieser|Dieses|Nach|Laut|Wir|Er|Sie|Es|Auch|"
    r"Zudem|Dabei|Damit|Ein|Eine|Für|Bei|Mit|Am|Zum|Zur|Bis|Seit|Von|Allein|Insgesamt|So|Wie|Aus|Als|Auf|Unter|"
    r"Außerdem|Darüber|Gleichzeitig|Derzeit|Heute|Jetzt|Zuvor|Ihm|Ihr|Nun|Ziel|Belarus|Zu|Den|Dem|Vor|Davon|Darunter|Daher|Deshalb"
    r"|Gemäß|Während|Trotz|Hier|Hierbei|Dazu|Demnach|Somit|Unser|Unsere|Mehr|Innerhalb)\b)")
_CLAUSE_CUT = re.compile(r"(?P<cut>[,;:]\s+(?![\d$€]))"
                         r"|\b(?:hat|haben|hatte|hatten|ist|sind|war|waren|wurde|wurden)(?P<cut2>\s+und\s+)")


def split_at_scale_stops(text: str, sentences: list[tuple[int, int]], prefilter: bool = True) -> list[tuple[int, int]]:
    """The sentences, in order, each cut after an abbreviation that ends a sentence (_SCALE_STOP). With
    ``prefilter`` only a sentence holding one of the abbreviations (found by one literal-led scan of the
    text) is scanned with the ``\\b``-led _SCALE_STOP, which is slow at every position; without it, every
    sentence is (the plain form)."""
    stops = [m.start() for m in _SCALE_WORD.finditer(text)] if prefilter else None
    spans: list[tuple[int, int]] = []
    for s, e in sorted(sentences):
        cut = s
        if stops is not None:
            i = bisect.bisect_left(stops, s)
            if i == len(stops) or stops[i] >= e:
                spans.append((s, e))
                continue
        for m in _SCALE_STOP.finditer(text, s, e):
            spans.append((cut, m.start() + m.group().index(".") + 1))
            cut = m.end()
        spans.append((cut, e))
    return spans


class FigureDoc:
    """Per-article state: refined sentences, clauses, cue hits and period phrases, computed lazily."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], article_date: str | None,
                 positions: list[int]) -> None:
        self.text = text
        self.sents = split_at_scale_stops(text, sentences)
        self.starts = [s for s, _ in self.sents]
        year = int(article_date[:4]) if article_date and article_date[:4].isdigit() else None
        self.year = year if year is not None and 1900 <= year <= 2100 else None  # a header "0023" dates nothing
        self.month = int(article_date[5:7]) if self.year and article_date and article_date[5:7].isdigit() else None
        lower = text.lower()
        if len(lower) != len(text):
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        # cues are only needed near numbers: their sentences and the two before (anaphora)
        need: set[tuple[int, int]] = set()
        for pos in positions:
            si, s, e = self.sentence(pos)
            need.add((s, e))
            need.update(self.sents[max(0, si - 2):max(0, si)])
        merged: list[tuple[int, int]] = []
        for s, e in sorted(need):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        self.hits = lexicon().scan(lower, merged)
        by_type: dict[str, list[Hit]] = {}
        for h in self.hits:  # by type ("metric") and by type and value ("metric=growth")
            by_type.setdefault(h.cue.type, []).append(h)
            by_type.setdefault(f"{h.cue.type}={h.cue.value}", []).append(h)
        self._index = {t: SpanIndex(hs) for t, hs in by_type.items()}
        self._periods: dict[int, SpanIndex] = {}
        self._clauses: dict[tuple[int, int], tuple[list[tuple[int, int]], list[int]]] = {}
        self.memo: dict[tuple[Any, ...], Any] = {}
        self.positions = sorted(positions)
        self.adjectives: list[PartyMention] = []
        self.adj_starts: list[int] = []  # per-clause / per-sentence results of the figure rules

    def sentence(self, pos: int) -> tuple[int, int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.sents[i][0] <= pos < self.sents[i][1]:
            return i, *self.sents[i]
        s = self.text.rfind("\n", 0, pos) + 1  # not covered by a sentence: use the line
        e = self.text.find("\n", pos)
        return -1, s, len(self.text) if e < 0 else e

    def prev_sentence(self, si: int) -> tuple[int, int] | None:
        return self.sents[si - 1] if si > 0 else None

    def clauses(self, s: int, e: int) -> tuple[list[tuple[int, int]], list[int]]:
        """The clauses of a sentence and their starts, computed once per sentence."""
        got = self._clauses.get((s, e))
        if got is None:
            out, cut = [], s
            for m in _CLAUSE_CUT.finditer(self.text, s, e):  # "... geliefert hat und den Bau ... plant"
                g = "cut" if m.group("cut") else "cut2"
                out.append((cut, m.start(g)))
                cut = m.end(g)
            out.append((cut, e))
            got = self._clauses[(s, e)] = (out, [c[0] for c in out])
        return got

    def hits_in(self, s: int, e: int, types: tuple[str, ...]) -> list[Hit]:
        out: list[Hit] = []
        for t in types:
            ix = self._index.get(t)
            if ix is not None:
                out.extend(ix.within(s, e))
        if len(types) > 1:
            out.sort(key=lambda h: (h.start, h.end))
        return out

    def nearest(self, s: int, e: int, types: tuple[str, ...], qs: int, qe: int,
                pred: Callable[[Hit], bool] | None = None) -> Hit | None:
        """The hit of ``types`` inside [s, e) nearest to [qs, qe) that passes ``pred``: the
        smallest gap wins, at equal gap the span before the number, then the earlier one."""
        best: Hit | None = None
        for t in types:
            ix = self._index.get(t)
            h = ix.nearest(s, e, qs, qe, pred) if ix is not None else None
            if h is not None and (best is None or _near_key(h, qs, qe) < _near_key(best, qs, qe)):
                best = h
        return best

    def first(self, s: int, e: int, types: tuple[str, ...], pred: Callable[[Hit], bool] | None = None) -> Hit | None:
        """The first hit of ``types`` inside [s, e) that passes ``pred``."""
        found = [h for t in types if (ix := self._index.get(t)) is not None and (h := ix.first(s, e, pred)) is not None]
        return min(found, key=lambda h: (h.start, h.end)) if found else None

    def last(self, s: int, e: int, types: tuple[str, ...]) -> Hit | None:
        """The last hit of ``types`` inside [s, e)."""
        found = [h for t in types if (ix := self._index.get(t)) is not None and (h := ix.last(s, e)) is not None]
        return max(found, key=lambda h: (h.start, h.end)) if found else None

    def has_number(self, s: int, e: int) -> bool:
        """Whether a number other than the one ending at ``e`` starts between its end and ``s``."""
        lo, hi = (e, s) if e <= s else (s, e)
        i = bisect.bisect_right(self.positions, lo)
        return i < len(self.positions) and self.positions[i] < hi

    def near_mentions(self, h: Hit) -> list[PartyMention]:
        """Demonym adjectives ending just before the word of ``h``."""
        i = bisect.bisect_left(self.adj_starts, h.wstart - 40)
        j = bisect.bisect_left(self.adj_starts, h.wstart)
        return self.adjectives[i:j]

    def periods(self, si: int, s: int, e: int) -> SpanIndex:
        key = si if si >= 0 else -s - 1
        if key not in self._periods:
            self._periods[key] = SpanIndex(find_periods(self.text, s, e, self.year, self.month))
        return self._periods[key]


class SpanIndex:
    """Spans (cue hits or period phrases) sorted by start, with nearest/first look-ups by bisection, so
    that a sentence with thousands of numbers costs near-linear time, not quadratic."""

    def __init__(self, items: list[Any]) -> None:
        self.items = sorted(items, key=lambda h: (h.start, h.end))
        self.starts = [h.start for h in self.items]
        self.maxlen = max((h.end - h.start for h in self.items), default=0)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Any:
        return iter(self.items)

    def within(self, s: int, e: int) -> list[Any]:
        i = bisect.bisect_left(self.starts, s)
        j = bisect.bisect_left(self.starts, e, i)
        return [h for h in self.items[i:j] if h.end <= e]

    def first(self, s: int, e: int, pred: Callable[[Any], bool] | None = None) -> Any:
        i = bisect.bisect_left(self.starts, s)
        while i < len(self.items) and self.items[i].start < e:
            h = self.items[i]
            if h.end <= e and (pred is None or pred(h)):
                return h
            i += 1
        return None

    def last(self, s: int, e: int, pred: Callable[[Any], bool] | None = None) -> Any:
        i = bisect.bisect_left(self.starts, e) - 1
        while i >= 0 and self.items[i].start >= s:
            h = self.items[i]
            if h.end <= e and (pred is None or pred(h)):
                return h
            i -= 1
        return None

    def nearest(self, s: int, e: int, qs: int, qe: int, pred: Callable[[Any], bool] | None = None) -> Any:
        """The span of ``within(s, e)`` passing ``pred`` nearest to [qs, qe) (ties: before the number, then
        earlier), found by walking out from the number."""
        items, n = self.items, len(self.items)
        mid = bisect.bisect_left(self.starts, max(s, qs))
        cands = []
        i = mid
        while i < n and self.items[i].start < e:  # right: the first match is the nearest on that side
            h = items[i]
            if h.end <= e and (pred is None or pred(h)):
                cands.append(h)
                break
            i += 1
        bound = _dist(qs, qe, cands[0].start, cands[0].end) if cands else None
        i = mid - 1
        while i >= 0 and items[i].start >= s:
            h = items[i]
            if bound is not None and qs - (h.start + self.maxlen) > bound:
                break  # no span further left can be nearer
            if h.end <= e and (pred is None or pred(h)):
                cands.append(h)
                d = _dist(qs, qe, h.start, h.end)
                bound = d if bound is None else min(bound, d)
            i -= 1
        return min(cands, key=lambda h: _near_key(h, qs, qe)) if cands else None


def _near_key(h: Any, qs: int, qe: int) -> tuple[int, bool, int, int]:
    return _dist(qs, qe, h.start, h.end), h.start > qs, h.start, h.end


def _dist(a0: int, a1: int, b0: int, b1: int) -> int:
    return b0 - a1 if b0 >= a1 else (a0 - b1 if a0 >= b1 else 0)
