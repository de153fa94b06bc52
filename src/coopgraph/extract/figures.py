"""Economic figures: trade, exports, imports, investment, capacity, project counts, growth and shares,
each normalised to value, unit, metric, kind, period and parties.

Pure and rule-based. ``numbers.find_quantities`` finds every number with its unit; this module decides
which are economic figures and annotates them from cue words. A cue is looked for in the figure's clause
first (nearest cue wins), then in its sentence, and, for anaphora ("Das sind 12 Prozent mehr ...",
"Sieben davon ...", "soll er auf ... steigen"), in the one or two sentences before. Cue rows come from
``data/figure_cues.jsonl`` (the shared lexicon) and ``data/figure_patterns.jsonl`` (this extractor's own
rows: counted nouns, exclusions, governing-clause cues ...); both are merged into one Aho-Corasick
automaton at first use. A figure's ``rule`` is the id of the number pattern that fired ("num:currency").

    >>> text = "Der Handelsumsatz stieg im Jahr 2023 um 12 % auf 418,5 Millionen US-Dollar."
    >>> [(f.metric, f.value, f.unit, f.period) for f in find_figures(text, [(0, len(text))], None, [], [])]
    [('growth', 12.0, 'percent', '2023'), ('trade_turnover', 418500000.0, 'USD', '2023')]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from ..models import Figure
from ..resources import load_jsonl
from .numbers import MONTH_RE, PeriodHit, Quantity, find_periods, find_quantities

EXTRACTOR = "figures"
MONEY_METRICS = frozenset({"trade_turnover", "exports", "imports", "investment"})
TONNE_METRICS = frozenset({"trade_turnover", "exports", "imports", "production_capacity"})
CURRENCY_UNITS = frozenset({"USD", "EUR", "RUB", "BYN", "CNY"})
MAX_QUOTE_WORDS = 15


@dataclass
class PartyMention:
    """A partner place mentioned in the text."""

    name: str  # partner name as it should appear in ``parties``
    start: int
    end: int
    is_belarus_side: bool


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
        for last, (length, cues) in (x for s, e in spans for x in self.auto.iter(lower, s, e)):
            start, end = last - length + 1, last + 1
            left_ok = start == 0 or not lower[start - 1].isalnum()
            right_ok = end == n or not lower[end].isalnum()
            ws, we = start, end
            while ws > 0 and lower[ws - 1].isalnum():
                ws -= 1
            while we < n and lower[we].isalnum():
                we += 1
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


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    return _Lexicon([*load_jsonl("figure_cues.jsonl"), *load_jsonl("figure_patterns.jsonl")])


# ------------------------------------------------------------------------------------------ context

_SCALE_STOP = re.compile(  # "... $53 Mrd. Im laufenden Jahr ..." - a sentence end the splitter keeps together
    r"\b(?:Mrd|Mio|Tsd|Mlrd|Mld)\.\s+(?=(?:Im|In|Der|Die|Das|Dies|Diese|Dieser|Dieses|Nach|Laut|Wir|Er|Sie|Es|Auch|"
    r"Zudem|Dabei|Damit|Ein|Eine|Für|Bei|Mit|Am|Zum|Zur|Bis|Seit|Von|Allein|Insgesamt|So|Wie|Aus|Als|Auf|Unter|"
    r"Außerdem|Darüber|Gleichzeitig|Derzeit|Heute|Jetzt|Zuvor|Ihm|Ihr|Nun|Ziel|Belarus)\b)")
_CLAUSE_CUT = re.compile(r"[,;:]\s+(?![\d$€])")
_COMPLEMENT = re.compile(r"^\W*(?:dass|ob|damit|um)\b|\bzu\s+[a-zäöüß]+(?:en|ern|eln)\b|\b[a-zäöüß]+zu[a-zäöüß]+en\b",
                         re.IGNORECASE)


class _Doc:
    """Per-article state: refined sentences, clauses, cue hits and period phrases, computed lazily."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], article_date: str | None,
                 positions: list[int]) -> None:
        self.text = text
        spans: list[tuple[int, int]] = []
        for s, e in sorted(sentences):
            cut = s
            for m in _SCALE_STOP.finditer(text, s, e):
                spans.append((cut, m.start() + m.group().index(".") + 1))
                cut = m.end()
            spans.append((cut, e))
        self.sents = spans
        self.starts = [s for s, _ in spans]
        self.year = int(article_date[:4]) if article_date and article_date[:4].isdigit() else None
        self.month = int(article_date[5:7]) if article_date and article_date[5:7].isdigit() else None
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
        self.hit_starts = [h.start for h in self.hits]
        self._periods: dict[int, list[PeriodHit]] = {}

    def sentence(self, pos: int) -> tuple[int, int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.sents[i][0] <= pos < self.sents[i][1]:
            return i, *self.sents[i]
        s = self.text.rfind("\n", 0, pos) + 1  # not covered by a sentence: use the line
        e = self.text.find("\n", pos)
        return -1, s, len(self.text) if e < 0 else e

    def prev_sentence(self, si: int) -> tuple[int, int] | None:
        return self.sents[si - 1] if si > 0 else None

    def clauses(self, s: int, e: int) -> list[tuple[int, int]]:
        out, cut = [], s
        for m in _CLAUSE_CUT.finditer(self.text, s, e):
            out.append((cut, m.start()))
            cut = m.end()
        out.append((cut, e))
        return out

    def hits_in(self, s: int, e: int, types: tuple[str, ...]) -> list[Hit]:
        i = bisect.bisect_left(self.hit_starts, s)
        out = []
        while i < len(self.hits) and self.hits[i].start < e:
            h = self.hits[i]
            if h.end <= e and h.cue.type in types:
                out.append(h)
            i += 1
        return out

    def periods(self, si: int, s: int, e: int) -> list[PeriodHit]:
        key = si if si >= 0 else -s - 1
        if key not in self._periods:
            self._periods[key] = find_periods(self.text, s, e, self.year, self.month)
        return self._periods[key]


def _dist(a0: int, a1: int, b0: int, b1: int) -> int:
    return b0 - a1 if b0 >= a1 else (a0 - b1 if a0 >= b1 else 0)


def _nearest(hits: list[Any], s: int, e: int) -> Any:
    # nearest wins; at equal distance the cue before the number
    return min(hits, key=lambda h: (_dist(s, e, h.start, h.end), h.start > s)) if hits else None


# ------------------------------------------------------------------------------------------ figures

_NOUN_AFTER = re.compile(
    r"(?:\s+(?!(?:und|oder|der|die|das|den|dem|des|davon|von|in|im|an|am|auf|aus|bis|zu|zum|zur|pro|je|für|mit|nach"
    r"|über|unter|bei|seine|ihre|unsere|diese)\b)[a-zäöüß][\w-]*?(?:e|en|er|es|em)\b){0,2}"
    r"\s+(?P<noun>[A-ZÄÖÜ][\w-]*(?:\s+Ventures?)?)")
_DAVON = re.compile(r"\s+(?:davon|von\s+ihnen|von\s+diesen|darunter)\b")
_ZAHL = re.compile(r"\b(?:Zahl|Anzahl)\s+(?:der|an|von)\s+(?:[a-zäöüß]+\s+){0,2}(?P<noun>[A-ZÄÖÜ][\w-]*"
                   r"(?:\s+Ventures?)?)")
_CAP_WORD = re.compile(r"\b[A-ZÄÖÜ][\w-]+")
_HEDGE_WORDS = r"(?:rund|etwa|über|mehr\s+als|fast|knapp|nahezu|circa|ca\.|annähernd|mindestens|gut|bis\s+zu)\s+"
_HEDGE = re.compile(r"(?:\b(?:mehr|weniger)\s+als|\bbis\s+zu|\b(?:über|fast|etwa|rund|knapp|nahezu|circa|annähernd"
                    r"|mindestens|gut|weitere[n]?|insgesamt)|\bca\.)\s+(?:(?:das|um)\s+)?$", re.IGNORECASE)
_AUF_BEFORE = re.compile(r"\b(?:auf|bei|um|von)\s+(?:" + _HEDGE_WORDS + r")?$")
_AUF_LEVEL = re.compile(r"\bauf\s+(?:" + _HEDGE_WORDS + r")?$")
_UM_BEFORE = re.compile(r"\bum\s+(?:das\s+)?(?:" + _HEDGE_WORDS + r")?$")
_VON_BEFORE = re.compile(r"\bvon\s+(?:" + _HEDGE_WORDS + r")?$")
_VON_AUF = re.compile(r"\s+(?:\S+\s+){0,2}?auf\s+(?:" + _HEDGE_WORDS + r")?[\d$€]")
_DETERMINER = re.compile(r"\b(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines)\s+$", re.IGNORECASE)
_AUX = re.compile(r"\s+(?:habe|haben|hat|hatte|hatten|ist|sind|war|waren|wurde|wurden|werden|wird|sein|soll|sollen"
                  r"|kann|können)\b")
_AFTER_PCT = re.compile(r"\s+(?P<w>mehr|weniger|höher|niedriger|größer|geringer)\b")
_PER_YEAR = re.compile(r"\b(?:pro|je|per)\s+Jahr\b|\bjährlich|Jahreskapazität|Jahresproduktion", re.IGNORECASE)
_PER_YEAR_AFTER = re.compile(r"\s+(?:pro|je|per|im)\s+Jahr\b(?!\s*\d)")
_FUTURE = re.compile(r"\b(?:wird|werden|würde|würden)\b")
_FUTURE_END = re.compile(r"\b[a-zäöüß]+(?:en|ern|eln)(?:\s+(?:wird|werden|würde|würden))?[\W]*$")
_HEARSAY = re.compile(r"\bsoll(?:en)?\b.*\bge[a-zäöüß]+(?:t|en)\s+(?:sein|haben)\b")
_BRAND = re.compile(r"(?:^|\s)[A-Z][A-Za-z]*[A-Z]\s*$")
_PREV_WORD = re.compile(r"(\S+)\s*$")
_MONTH_AFTER = re.compile(r"\.\s*" + MONTH_RE, re.IGNORECASE)
_TIME_PREP = frozenset({"jahr", "jahre", "jahres", "bis", "seit", "ab", "im", "von", "anfang", "ende", "um", "in"})
_ECHO = re.compile(r"\W*(?:Das|Die|Der|Dieses|Diese|Dieser)\s+(?:[a-zäöüß]+\s+)?(?P<noun>[A-ZÄÖÜ][\w-]+)")


@dataclass(slots=True)
class _Draft:
    rule: str
    metric: str
    value: float
    unit: str
    core: tuple[int, int]  # number (+ unit, counted noun, "pro Jahr") - the heart of the quote
    anchors: list[tuple[int, int]]  # cue words that may widen the quote
    local: bool = True  # the metric was read from the figure's own sentence
    timeless: bool = False  # a capacity: a date in its sentence dates the plant, not the figure


def _span(h: Hit | None) -> list[tuple[int, int]]:
    return [(h.wstart, h.wend)] if h is not None else []


def _is_growth(h: Hit) -> bool:
    return h.cue.type == "sign" or (h.cue.type == "metric" and h.cue.value == "growth")


def _negative(doc: _Doc, h: Hit | None) -> bool:
    return h is not None and (h.cue.type == "sign" or bool(doc.hits_in(h.wstart, h.wend, ("sign",))))


def _money_metric(doc: _Doc, q: Quantity, si: int, ss: int, se: int, cs: int, ce: int) -> tuple[str, Hit | None, bool]:
    def pick(s: int, e: int) -> Hit | None:
        hits = [h for h in doc.hits_in(s, e, ("metric", "money_other"))
                if h.cue.type == "money_other" or h.cue.value in MONEY_METRICS]
        return _nearest(hits, q.start, q.end)

    h = pick(cs, ce) or pick(ss, se)
    if h is not None:
        return ("other" if h.cue.type == "money_other" else h.cue.value), h, True
    for j in range(si - 1, max(-1, si - 3), -1):  # "Ziel ist es, ihn auf 150 Millionen Dollar zu steigern."
        hits = [x for x in doc.hits_in(*doc.sents[j], ("metric",)) if x.cue.value in MONEY_METRICS]
        if hits:
            return hits[-1].cue.value, None, False
    return "other", None, False


def _classify(doc: _Doc, q: Quantity, si: int, ss: int, se: int, cs: int, ce: int) -> _Draft | None:
    text, lex = doc.text, lexicon()
    core = (q.start, q.end)
    if q.unit != "percent" and q.unit != "times" and _VON_BEFORE.search(text, max(0, q.start - 25), q.start) \
            and _VON_AUF.match(text, q.end):
        return None  # "von 100 auf 150 Millionen": the starting value
    if q.unit in CURRENCY_UNITS:
        metric, h, local = _money_metric(doc, q, si, ss, se, cs, ce)
        return _Draft(q.rule, metric, q.value, q.unit, core, _span(h), local)
    if q.unit in ("percent", "times"):
        hits = doc.hits_in(cs, ce, ("metric", "sign", "money_other"))
        g = _nearest([h for h in hits if _is_growth(h)], q.start, q.end)
        if q.unit == "times":
            surface = text[q.num_end:q.end].lower() if q.rule == "num:times" else text[q.start:q.end].lower()
            if surface.endswith("mal") and g is None and not _AFTER_PCT.match(text, q.end):
                return None  # "zweimal im Jahr": a frequency, not a multiplier
            g = g or _nearest([h for h in doc.hits_in(ss, se, ("metric", "sign")) if _is_growth(h)], q.start, q.end)
            sign = -1 if (q.negative or _negative(doc, g)) else 1
            return _Draft(q.rule, "growth", sign * q.value, "times", core, _span(g))
        o = _nearest([h for h in hits if h.cue.value == "other"], q.start, q.end)
        if _AUF_LEVEL.search(text, max(cs, q.start - 30), q.start):
            return _Draft(q.rule, "other", q.value, "percent", core, _span(o))  # "auf 40 Prozent": a level
        after = _AFTER_PCT.match(text, q.end)
        if g is not None and (o is None or _dist(q.start, q.end, g.start, g.end) <= _dist(q.start, q.end, o.start, o.end)):
            return _Draft(q.rule, "growth", (-1 if q.negative or _negative(doc, g) else 1) * q.value, "percent", core,
                          _span(g))
        if o is not None:
            return _Draft(q.rule, "other", q.value, "percent", core, _span(o))
        if after is not None:
            neg = after.group("w") in ("weniger", "niedriger", "geringer")
            return _Draft(q.rule, "growth", (-1 if neg else 1) * q.value, "percent", (q.start, after.end()), [])
        g = _nearest([h for h in doc.hits_in(ss, se, ("metric", "sign")) if _is_growth(h)], q.start, q.end)
        if g is not None or _UM_BEFORE.search(text, max(0, q.start - 30), q.start):
            return _Draft(q.rule, "growth", (-1 if q.negative or _negative(doc, g) else 1) * q.value, "percent", core,
                          [])
        return _Draft(q.rule, "other", q.value, "percent", core, [])
    if q.unit == "tonnes":
        hits = [h for h in doc.hits_in(cs, ce, ("metric",)) if h.cue.value in TONNE_METRICS]
        h = _nearest(hits, q.start, q.end) or _nearest(
            [x for x in doc.hits_in(ss, se, ("metric",)) if x.cue.value in TONNE_METRICS], q.start, q.end)
        metric = h.cue.value if h else "other"
        if doc.hits_in(cs, ce, ("capacity_verb",)) and _PER_YEAR.search(text, cs, ce):
            metric = "production_capacity"
        return _Draft(q.rule, metric, q.value, "tonnes", core, _span(h), timeless=metric == "production_capacity")
    # a bare number: a count of something economic, or nothing
    m = _NOUN_AFTER.match(text, q.end)
    cat = lex.count_category(m.group("noun")) if m else None
    rule, end = q.rule, (m.end() if cat else q.end)
    if cat is None:
        dm = _DAVON.match(text, q.end)
        zm = _ZAHL.search(text, cs, q.start) if _AUF_BEFORE.search(text, max(cs, q.start - 30), q.start) else None
        if dm is not None:  # "Sieben davon werden umgesetzt": count what the previous words counted
            prev = doc.prev_sentence(si)
            for s, e in ((ss, q.start), prev or (0, 0)):
                cat = next((c for w in reversed(_CAP_WORD.findall(text, s, e)) if (c := lex.count_category(w))), None)
                if cat:
                    break
            rule, end = "num:count-davon", dm.end()
        elif zm is not None:  # "die Zahl der gemeinsamen Projekte auf 20 erhöhen"
            cat, rule = lex.count_category(zm.group("noun")), "num:count-zahl"
            core = (zm.start(), q.end)
        elif q.scaled and (m is None or not m.group("noun")[:1].isupper()):
            metric, h, local = _money_metric(doc, q, si, ss, se, cs, ce)
            if metric in MONEY_METRICS and local:  # "erreichte 1,2 Mrd." - BelTA counts in US dollars
                return _Draft("num:scaled-money", metric, q.value, "USD", core, _span(h))
            return None
        if cat is None:
            return None
    digits = text[q.num_start:q.num_end]
    if not q.scaled and digits.isdigit() and 1900 <= q.value <= 2100:
        pw = _PREV_WORD.search(text, max(0, q.start - 20), q.start)
        if pw and pw.group(1).lower() in _TIME_PREP:
            return None  # "im Jahr 2024 Projekte ..."
    core = (min(core[0], q.start), end)
    if cat == "project_count":
        return _Draft(rule, "project_count", q.value, "units", core, [])
    if cat == "other":
        return _Draft(rule, "other", q.value, "units", core, [])
    cap = _nearest([h for h in doc.hits_in(cs, ce, ("metric",)) if h.cue.value == "production_capacity"], q.start, end)
    pym = _PER_YEAR_AFTER.match(text, end)
    per_year = pym is not None or _PER_YEAR.search(text, cs, ce) is not None
    if cap is not None or (per_year and doc.hits_in(cs, ce, ("capacity_verb",))):
        if pym is not None:
            core = (core[0], pym.end())
        return _Draft(rule, "production_capacity", q.value, "units_per_year" if per_year else "units", core, _span(cap),
                      timeless=True)
    trade = _nearest([h for h in doc.hits_in(cs, ce, ("metric",)) if h.cue.value in ("exports", "imports")], q.start, end)
    if trade is None and doc.hits_in(cs, ce, ("capacity_verb",)):  # "produzierte 2.500 Fahrzeuge": output
        return _Draft(rule, "production_capacity", q.value, "units", core, [])
    return _Draft(rule, trade.cue.value if trade else "exports", q.value, "units", core, _span(trade))


def _excluded(doc: _Doc, q: Quantity, cs: int, ce: int) -> bool:
    text = doc.text
    pw = _PREV_WORD.search(text, max(0, q.start - 30), q.start)
    if pw and pw.group(1).lower().strip("(„\"").rstrip(".:") in lexicon().prefix_exclude:
        return True  # "Nr. 5", "Platz 3"
    if q.unit is None and not q.scaled:
        digits = text[q.num_start:q.num_end]
        if digits.isdigit() and len(digits) >= 3 and _BRAND.search(text, max(0, q.start - 20), q.start):
            return True  # a model number: "BELARUS 3522"
        if _MONTH_AFTER.match(text, q.num_end):
            return True  # "13. Februar"
    scope = "money" if q.unit in CURRENCY_UNITS or (q.unit is None and q.scaled) else \
        {"percent": "percent", "tonnes": "tonnes"}.get(q.unit or "", "count")
    return any(h.cue.value in ("any", scope) for h in doc.hits_in(cs, ce, ("exclude",)))


def _kind(doc: _Doc, d: _Draft, clauses: list[tuple[int, int]], ci: int) -> tuple[str, Hit | None]:
    cs, ce = clauses[ci]
    ctext = doc.text[cs:ce]
    hits = doc.hits_in(cs, ce, ("kind",))
    if hits and _HEARSAY.search(ctext):  # "soll um 5 % gestiegen sein": reported, not planned
        hits = [h for h in hits if h.cue.pattern not in ("soll", "sollen")]
    h = _nearest(hits, *d.core)
    if h is not None:
        return h.cue.value, h
    if ci > 0 and _COMPLEMENT.search(ctext):  # "Beide Seiten erwarten, dass ..."; "Belarus ist bereit, ... zu liefern"
        mh = doc.hits_in(*clauses[ci - 1], ("kind_matrix",))
        if mh:
            return mh[-1].cue.value, None
    if _FUTURE.search(ctext) and _FUTURE_END.search(ctext):
        return "forecast", None  # "wird ... erreichen"
    return "actual", None


def _anaphoric(doc: _Doc, si: int, ss: int, se: int) -> bool:
    if doc.hits_in(ss, se, ("anaphor",)):
        return True
    m = _ECHO.match(doc.text, ss)  # "Das neue Programm umfasst ..." after "... ein Programm ... unterzeichnet"
    if m is None:
        return False
    noun = m.group("noun").lower()
    return any(noun in doc.text[s:e].lower() for s, e in doc.sents[max(0, si - 2):si])


def _period(doc: _Doc, d: _Draft, si: int, ss: int, se: int, cs: int, ce: int,
            antecedent: int | None) -> PeriodHit | None:
    found = doc.periods(si, ss, se)
    p = _nearest([x for x in found if cs <= x.start and x.end <= ce], *d.core) or _nearest(found, *d.core)
    if p is None and antecedent is not None:
        prev = [x for x in doc.periods(antecedent, *doc.sents[antecedent]) if x.period]
        if prev:
            return PeriodHit(-1, -1, prev[-1].period)
    if p is not None and d.timeless and not p.until:
        return None  # a capacity is timeless; "2019 eröffnet" dates the plant, not the figure
    return p


def _antecedent(doc: _Doc, si: int, ss: int, se: int) -> int | None:
    """For an anaphoric sentence, the earlier sentence (at most two back) it leans on: the nearest one
    with a period phrase, else the previous one."""
    if si <= 0 or not _anaphoric(doc, si, ss, se):
        return None
    for j in range(si - 1, max(-1, si - 3), -1):
        if any(x.period for x in doc.periods(j, *doc.sents[j])):
            return j
    return si - 1


def _parties(mentions: list[PartyMention], ss: int, se: int, leaned_on: tuple[int, int] | None,
             defaults: list[str]) -> list[str]:
    """Partners named in the figure's sentence, Belarus side first; a side it leaves open comes from the
    sentence an anaphoric figure leans on ("Das ist ein Plus von 31 %"), then from ``defaults``."""
    by: list[str] = []
    fo: list[str] = []
    for m in mentions:
        if ss <= m.start and m.end <= se and m.name not in by and m.name not in fo:
            (by if m.is_belarus_side else fo).append(m.name)
    if leaned_on is not None and len(by) + len(fo) < 2:
        for m in mentions:
            if leaned_on[0] <= m.start and m.end <= leaned_on[1]:
                side = by if m.is_belarus_side else fo
                if not side and m.name not in by and m.name not in fo:
                    side.append(m.name)
    out = by + fo
    if len(out) < 2 and len(defaults) >= 2:  # defaults are [Belarus side, main foreign partner]
        if not by and defaults[0] not in out:
            out.insert(0, defaults[0])
        if len(out) < 2 and not fo and defaults[1] not in out:
            out.append(defaults[1])
    for name in defaults:
        if len(out) >= 2:
            break
        if name not in out:
            out.append(name)
    return out


def _quote(doc: _Doc, d: _Draft, cs: int, ce: int, extra: list[tuple[int, int]]) -> tuple[int, int]:
    text = doc.text
    s, e = d.core
    hm = _HEDGE.search(text, max(cs, s - 25), s)
    if hm:
        s = hm.start()
    after = [h for h in doc.hits_in(e, ce, ("verb", "metric", "sign", "kind"))]
    anchors = [a for a in d.anchors + extra + _span(after[0] if after else None) if cs <= a[0] and a[1] <= ce]
    for a0, a1 in sorted(anchors, key=lambda a: _dist(s, e, *a)):
        ns, ne = min(s, a0), max(e, a1)
        if a0 < s:
            dm = _DETERMINER.search(text, max(cs, ns - 8), ns)
            ns = dm.start() if dm else ns
        if len(text[ns:ne].split()) <= MAX_QUOTE_WORDS:
            s, e = ns, ne
    am = _AUX.match(text, e, ce)
    if am and len(text[s:am.end()].split()) <= MAX_QUOTE_WORDS:
        e = am.end()
    return s, e


def find_figures(text: str, sentences: list[tuple[int, int]], article_date: str | None,
                 mentions: list[PartyMention], default_parties: list[str]) -> list[Figure]:
    """Economic figures of one article (see the module docstring); at most one per distinct
    (value, unit, metric, kind, period), in text order."""
    quantities = find_quantities(text)
    if not quantities:
        return []
    doc = _Doc(text, sentences, article_date, [q.start for q in quantities])
    ments = sorted(mentions, key=lambda m: m.start)
    out: list[Figure] = []
    seen: set[tuple[Any, ...]] = set()
    amounts: set[tuple[float, str]] = set()
    last_period: dict[int, str] = {}  # sentence index -> period of its last figure
    for q in quantities:
        si, ss, se = doc.sentence(q.start)
        clauses = doc.clauses(ss, se)
        ci = max(0, bisect.bisect_right([c[0] for c in clauses], q.start) - 1)
        cs, ce = clauses[ci]
        ce = max(ce, min(se, q.end))
        if _excluded(doc, q, cs, ce):
            continue
        d = _classify(doc, q, si, ss, se, cs, ce)
        if d is None:
            continue
        kind, kind_hit = _kind(doc, d, clauses, ci)
        ante = _antecedent(doc, si, ss, se)
        lean = doc.sents[ante] if ante is not None and doc.hits_in(ss, se, ("anaphor",)) else None
        p = _period(doc, d, si, ss, se, cs, ce, ante)
        period = p.period if p else None
        if kind == "actual" and period and (p is not None and p.until or (doc.year and int(period[:4]) > doc.year)):
            kind = "target"  # "bis 2026 weitere 600 Aufzüge", "im kommenden Jahr 300 Traktoren"
        if p is None and kind == "actual" and not d.timeless and si > 0 \
                and last_period.get(si - 1) and not doc.hits_in(ss, se, ("no_inherit",)):
            period = last_period[si - 1]  # "... exportierte 2024 ... nach Georgien. Die Lieferungen nach Moldau ..."
        if period and si >= 0:
            last_period[si] = period
        key = (d.value, d.unit, d.metric, kind, period)
        if key in seen or (not d.local and (d.value, d.unit) in amounts):
            continue  # a repeat, or a bare restatement ("Daher ist eine Milliarde Dollar ...")
        seen.add(key)
        amounts.add((d.value, d.unit))
        extra = _span(kind_hit) + ([(p.start, p.end)] if p is not None and p.start >= 0 else [])
        qs, qe = _quote(doc, d, cs, ce, extra)
        out.append(Figure(start=qs, end=qe, extractor=EXTRACTOR, rule=d.rule, metric=d.metric, value=d.value,
                          unit=d.unit, period=period, kind=kind,
                          parties=_parties(ments, ss, se, lean, default_parties),
                          quote=text[qs:qe]))
    return out
