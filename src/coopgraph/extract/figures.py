"""Economic figures: trade, exports, imports, investment, capacity, project counts, growth and shares,
each normalised to value, unit, metric, kind, period and parties.

Pure and rule-based. ``numbers.find_quantities`` finds every number with its unit; this module decides
which are economic figures and annotates them from cue words. A cue is looked for in the figure's clause
first (nearest cue wins), then in its sentence, and, for anaphora ("Das sind 12 Prozent mehr ...",
"Sieben davon ...", "soll er auf ... steigen"), in the one or two sentences before. Cue rows come from
``data/figure_cues.jsonl`` (the shared lexicon) and ``data/figure_patterns.jsonl`` (this extractor's own
rows: counted nouns, exclusions, governing-clause cues ...); both are merged into one Aho-Corasick
automaton at first use (``figure_text``, which also indexes hits and periods for near-linear look-ups);
clause-level modality patterns ("werden ... unterzeichnet") come from ``data/figure_modality.jsonl``.
Periods a figure's own sentence leaves open come from the sentence it leans on, the previous sentence's
period phrase, or the lead's; parties from the sentence, the clause of a breakdown by country, and the
defaults (the Belarusian side; the counterpart the lead names). A figure's ``rule`` is the id of the
number pattern that fired ("num:currency").

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

from ..models import Figure
from ..resources import load_jsonl
from .figure_text import FigureDoc, Hit, PartyMention, SpanIndex, _dist, lexicon

__all__ = ["PartyMention", "find_figures", "lexicon", "modality_rules"]
from .numbers import MONTH_RE, PeriodHit, Quantity, find_periods, find_quantities

EXTRACTOR = "figures"
MONEY_METRICS = frozenset({"trade_turnover", "exports", "imports", "investment"})
TONNE_METRICS = frozenset({"trade_turnover", "exports", "imports", "production_capacity"})
CURRENCY_UNITS = frozenset({"USD", "EUR", "RUB", "BYN", "CNY"})
MAX_QUOTE_WORDS = 15
_MAX_QUOTE_CHARS = 40 * MAX_QUOTE_WORDS  # longer spans cannot hold 15 words of German; not split


_COMPLEMENT = re.compile(r"^\W*(?:dass|ob|damit|um)\b|\bzu\s+[a-zäöüß]+(?:en|ern|eln)\b|\b[a-zäöüß]+zu[a-zäöüß]+en\b",
                         re.IGNORECASE)


# ------------------------------------------------------------------------------------------ figures

_NOUN_AFTER = re.compile(
    r"(?:\s+(?!(?:und|oder|der|die|das|den|dem|des|davon|von|in|im|an|am|auf|aus|bis|zu|zum|zur|pro|je|für|mit|nach"
    r"|über|unter|bei|seine|ihre|unsere|diese)\b)[a-zäöüß][\w-]*?(?:e|en|er|es|em)\b){0,2}"
    r"\s+(?P<noun>[A-ZÄÖÜ][\w-]*(?:\s+Ventures?)?)")
_CONJ_NEXT = re.compile(r"(?:\s+[a-zäöüß]+(?:e|en|er|es|em))?\s+(?:und|oder|sowie|bis)\s+(?:\d+|[a-zäöüß]+)(?=\s)")
_OF_NUMBER = re.compile(r"\s+(?:von|in\s+Höhe\s+von)\s+(?:(?:rund|etwa|über|mehr\s+als|fast|knapp|nahezu|circa|ca\.)\s+)?"
                        r"(?=[\d$€])")
_BARE_YEAR = re.compile(r"\d{4}")
_FOR_BEFORE = re.compile(r"\bfür\s+$")  # "der Haushalt für 2026": the year a plan is for
_AUF_AFTER = re.compile(r"\s+auf\s+(?:die\s+|den\s+)?(?:[a-zäöüß]+e[nrs]?\s+)?(?P<w>[\w-]+)")
_TO_BELARUS = re.compile(r"\s+(?:[a-zäöüß]+\s+){0,3}?(?P<dir>nach|in|aus)\s+(?:die\s+Republik\s+|der\s+Republik\s+)?"
                         r"(?:Belarus|Weißrussland|Weissrussland)\b")
_DAVON_BEFORE = re.compile(r"\b(?:davon|darunter)\s+(?:(?:rund|etwa|über|mehr\s+als|fast|knapp)\s+)?$")
_DAVON = re.compile(r"\s+(?:davon|von\s+ihnen|von\s+diesen|darunter)\b")
_ZAHL = re.compile(r"\b(?:Zahl|Anzahl)\s+(?:der|an|von)\s+(?:[a-zäöüß]+\s+){0,2}(?P<noun>[A-ZÄÖÜ][\w-]*"
                   r"(?:\s+Ventures?)?)")
_CAP_WORD = re.compile(r"\b[A-ZÄÖÜ][\w-]+")
_HEDGE_WORDS = r"(?:rund|etwa|über|mehr\s+als|fast|knapp|nahezu|circa|ca\.|annähernd|mindestens|gut|bis\s+zu)\s+"
_HEDGE = re.compile(r"(?:\b(?:mehr|weniger)\s+als|\bbis\s+zu|\b(?:über|fast|etwa|rund|knapp|nahezu|circa|annähernd"
                    r"|mindestens|gut|weitere[n]?|insgesamt)|\bca\.)\s+(?:(?:das|um)\s+)?$", re.IGNORECASE)
_AUF_BEFORE = re.compile(r"\b(?:auf|bei|um|von)\s+(?:" + _HEDGE_WORDS + r")?$")
_INCREASE_BEFORE = re.compile(r"(?:\bum|\bplus|\+|\bPlus\s+von|\b(?:Zuwachs|Steigerung|Anstieg|Wachstum)\s+(?:von|um))\s+"
                              r"(?:das\s+)?(?:" + _HEDGE_WORDS + r")?$", re.IGNORECASE)
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


_MONEY_KEYS = ("money_other", *(f"metric={m}" for m in sorted(MONEY_METRICS)))
_GROWTH_KEYS = ("sign", "metric=growth")
_TRADE_KEYS = ("trade_context", "metric=exports", "metric=imports", "metric=trade_turnover")
_TONNE_KEYS = tuple(f"metric={m}" for m in sorted(TONNE_METRICS))


def _negative(doc: FigureDoc, h: Hit | None) -> bool:
    return h is not None and (h.cue.type == "sign" or doc.first(h.wstart, h.wend, ("sign",)) is not None)


def _viewpoint(doc: FigureDoc, h: Hit, metric: str, ce: int) -> str:
    """Exports and imports are Belarus's: a foreign side's deliveries to Belarus are its imports
    ("chinesische Lieferungen nach Belarus"), a foreign side's imports from it its exports."""
    if metric not in ("exports", "imports"):
        return metric
    flip = any(m.adjective and not m.is_belarus_side and 0 <= h.wstart - m.end <= 2 for m in doc.near_mentions(h))
    if not flip:
        to = _TO_BELARUS.match(doc.text, h.wend, ce)
        flip = to is not None and (to.group("dir") in ("nach", "in") if metric == "exports" else to.group("dir") == "aus")
    return ("imports" if metric == "exports" else "exports") if flip else metric


def _money_metric(doc: FigureDoc, q: Quantity, si: int, ss: int, se: int, cs: int, ce: int) -> tuple[str, Hit | None, bool]:
    def pick(s: int, e: int) -> Hit | None:
        return doc.nearest(s, e, _MONEY_KEYS, q.start, q.end)

    am = _AUF_AFTER.match(doc.text, q.end, ce)  # "$58 Mio. auf Exporte, $14 Mio. auf Importe entfielen"
    h = (doc.first(am.start("w"), am.end("w"), _MONEY_KEYS) if am else None) or pick(cs, ce) or pick(ss, se)
    if h is not None:
        metric = "other" if h.cue.type == "money_other" else h.cue.value
        return _viewpoint(doc, h, metric, ce), h, True
    for j in range(si - 1, max(-1, si - 3), -1):  # "Ziel ist es, ihn auf 150 Millionen Dollar zu steigern."
        last = doc.last(*doc.sents[j], _MONEY_KEYS[1:])
        if last is not None:
            return last.cue.value, None, False
    return "other", None, False


def _classify(doc: FigureDoc, q: Quantity, si: int, ss: int, se: int, cs: int, ce: int) -> _Draft | None:
    text, lex = doc.text, lexicon()
    core = (q.start, q.end)
    if q.unit != "percent" and q.unit != "times" and _VON_BEFORE.search(text, max(0, q.start - 25), q.start) \
            and _VON_AUF.match(text, q.end):
        return None  # "von 100 auf 150 Millionen": the starting value
    if q.unit in CURRENCY_UNITS:
        metric, h, local = _money_metric(doc, q, si, ss, se, cs, ce)
        return _Draft(q.rule, metric, q.value, q.unit, core, _span(h), local)
    if q.unit in ("percent", "times"):
        g = doc.nearest(cs, ce, _GROWTH_KEYS, q.start, q.end)
        if q.unit == "times":
            surface = text[q.num_end:q.end].lower() if q.rule == "num:times" else text[q.start:q.end].lower()
            if surface.endswith("mal") and g is None and not _AFTER_PCT.match(text, q.end):
                return None  # "zweimal im Jahr": a frequency, not a multiplier
            g = g or doc.nearest(ss, se, _GROWTH_KEYS, q.start, q.end)
            sign = -1 if (q.negative or _negative(doc, g)) else 1
            return _Draft(q.rule, "growth", sign * q.value, "times", core, _span(g))
        o = doc.nearest(cs, ce, ("metric=other", "sign=other", "money_other=other"), q.start, q.end)
        if q.value >= 100 and not q.negative and not _INCREASE_BEFORE.search(text, max(cs, q.start - 30), q.start):
            return _Draft(q.rule, "other", q.value, "percent", core, _span(o))  # "(133,4 % gegenüber 2018)": an index
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
        g = doc.nearest(ss, se, _GROWTH_KEYS, q.start, q.end)
        if g is not None or _UM_BEFORE.search(text, max(0, q.start - 30), q.start):
            return _Draft(q.rule, "growth", (-1 if q.negative or _negative(doc, g) else 1) * q.value, "percent", core,
                          [])
        return _Draft(q.rule, "other", q.value, "percent", core, [])
    if q.unit == "tonnes":
        h = doc.nearest(cs, ce, _TONNE_KEYS, q.start, q.end) or doc.nearest(ss, se, _TONNE_KEYS, q.start, q.end)
        metric = h.cue.value if h else "other"
        if doc.first(cs, ce, ("capacity_verb",)) and _per_year(doc, cs, ce):
            metric = "production_capacity"
        return _Draft(q.rule, metric, q.value, "tonnes", core, _span(h), timeless=metric == "production_capacity")
    # a bare number: a count of something economic, or nothing
    m = _NOUN_AFTER.match(text, q.end)
    cat = lex.count_category(m.group("noun")) if m else None
    if cat is None and (cm := _CONJ_NEXT.match(text, q.end)) is not None:
        m2 = _NOUN_AFTER.match(text, cm.end())  # "4 belarussischen und 2 russischen Unternehmen": a shared noun
        if m2 is not None and (cat := lex.count_category(m2.group("noun"))) is not None:
            m = m2
    rule, end = q.rule, (m.end() if cat and m is not None else q.end)
    if cat is None:
        dm = _DAVON.match(text, q.end) or _DAVON_BEFORE.search(text, max(0, q.start - 20), q.start)
        zm = _ZAHL.search(text, max(cs, q.start - 160), q.start) if _AUF_BEFORE.search(text, max(cs, q.start - 30), q.start) else None
        if dm is not None:  # "Sieben davon werden umgesetzt": count what the previous words counted
            prev = doc.prev_sentence(si)
            counted = doc.memo.get(("counted", si))  # "10 Objekte in Betrieb genommen, davon 4 ...": that count
            if counted is not None and counted[0] < q.start:
                cat = counted[1]
            for s, e in ((max(ss, q.start - 300), q.start), prev or (0, 0)):
                if cat:
                    break
                s = max(s, e - 300)
                cat = next((c for w in reversed(_CAP_WORD.findall(text, s, e)) if (c := lex.count_category(w))), None)
                if cat:
                    break
            rule, end = "num:count-davon", max(dm.end(), q.end)
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
    if "|" in cat:  # a facility: a project when built, commissioned or planned ("drei Werke in Betrieb genommen")
        built, other = cat.split("|", 1)
        cat = built if doc.first(cs, ce, ("project_verb",)) is not None else other
    if cat == "partner_place":  # "Handel mit 89 Staaten", "in 50 Länder exportiert" - not "Gäste aus 25 Ländern"
        cat = "other" if doc.first(cs, ce, _TRADE_KEYS) is not None else None
        if cat is None:
            return None
    if cat in ("project_count", "other"):
        doc.memo[("counted", si)] = (q.start, cat)
    if cat == "project_count":
        return _Draft(rule, "project_count", q.value, "units", core, [])
    if cat == "other":
        return _Draft(rule, "other", q.value, "units", core, [])
    if doc.first(cs, ce, ("need",)) is not None:  # "Wir brauchen 6 Tsd. neue Aufzüge": a need, not a delivery
        return _Draft(rule, "other", q.value, "units", core, [])
    cap = doc.nearest(cs, ce, ("metric=production_capacity",), q.start, end)
    pym = _PER_YEAR_AFTER.match(text, end)
    per_year = pym is not None or _per_year(doc, cs, ce)
    if cap is not None or pym is not None or (per_year and doc.first(cs, ce, ("capacity_verb",))):
        if pym is not None:
            core = (core[0], pym.end())
        return _Draft(rule, "production_capacity", q.value, "units_per_year" if per_year else "units", core, _span(cap),
                      timeless=True)
    trade = doc.nearest(cs, ce, ("metric=exports", "metric=imports"), q.start, end)
    if trade is None and doc.first(cs, ce, ("capacity_verb",)):  # "produzierte 2.500 Fahrzeuge": output
        return _Draft(rule, "production_capacity", q.value, "units", core, [])
    return _Draft(rule, trade.cue.value if trade else "exports", q.value, "units", core, _span(trade))


def _excluded(doc: FigureDoc, q: Quantity, cs: int, ce: int) -> bool:
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
    key = ("excluded", cs, ce, scope)
    if key not in doc.memo:
        doc.memo[key] = doc.first(cs, ce, ("exclude=any", f"exclude={scope}")) is not None
    return bool(doc.memo[key])


def _clause_flags(doc: FigureDoc, cs: int, ce: int) -> tuple[bool, bool, bool]:
    """(hearsay, complement, future) of a clause, read once per clause."""
    key = ("flags", cs, ce)
    got = doc.memo.get(key)
    if got is None:
        ctext = doc.text[cs:ce]
        got = doc.memo[key] = (bool(_HEARSAY.search(ctext)), _complement(ctext),
                               bool(_FUTURE.search(ctext) and _FUTURE_END.search(ctext)))
    return got


_COMPLEMENT_HEAD = re.compile(r"^\W*(?:dass|ob|damit|um)\b|\bzu\s+[a-zäöüß]+(?:en|ern|eln)\b", re.IGNORECASE)
_LETTERS = re.compile(r"[a-zäöüß]+", re.IGNORECASE)
_ZU = re.compile(r"zu", re.IGNORECASE)
_EN = re.compile(r"en", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def _complement(ctext: str) -> bool:
    """Whether ``_COMPLEMENT`` finds something in the clause. Its last branch (a zu-infinitive such as
    "auszubauen") backtracks quadratically inside a word of thousands of letters; in a clause with a
    chunk of over 200 characters that branch is decided word by word in linear time instead: a whole
    word of those letters, ending in "en", with "zu" after its first letter and a letter before "en"."""
    if max(map(len, ctext.split()), default=0) <= 200:
        return _COMPLEMENT.search(ctext) is not None
    if _COMPLEMENT_HEAD.search(ctext):
        return True
    for m in _WORD.finditer(ctext):
        w = m.group()
        if len(w) >= 6 and _EN.fullmatch(w, len(w) - 2) and _LETTERS.fullmatch(w):
            z = _ZU.search(w, 1)
            if z is not None and z.start() <= len(w) - 5:
                return True
    return False


@lru_cache(maxsize=1)
def modality_rules() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Clause-level modality patterns (``data/figure_modality.jsonl``): (id, kind, compiled regex)."""
    out = []
    for i, r in enumerate(load_jsonl("figure_modality.jsonl"), 1):
        try:
            out.append((str(r["id"]), str(r["kind"]), re.compile(str(r["regex"]))))
        except (KeyError, re.error) as exc:
            raise ValueError(f"figure_modality.jsonl:{i}: needs id, kind and a valid regex ({exc})") from exc
    return tuple(out)


_MODALITY_MAX = 2000  # longer clauses (tables flattened into text) are not searched: the patterns can backtrack


def _modality(doc: FigureDoc, cs: int, ce: int) -> str | None:
    key = ("modality", cs, ce)
    if key not in doc.memo:
        found = None
        if ce - cs <= _MODALITY_MAX:
            found = next((kind for _, kind, rx in modality_rules() if rx.search(doc.text, cs, ce)), None)
        doc.memo[key] = found
    return doc.memo[key]


def _per_year(doc: FigureDoc, cs: int, ce: int) -> bool:
    key = ("per_year", cs, ce)
    if key not in doc.memo:
        doc.memo[key] = _PER_YEAR.search(doc.text, cs, ce) is not None
    return bool(doc.memo[key])


def _kind(doc: FigureDoc, d: _Draft, clauses: list[tuple[int, int]], ci: int) -> tuple[str, Hit | None]:
    cs, ce = clauses[ci]
    hearsay, complement, future = _clause_flags(doc, cs, ce)
    # "soll um 5 % gestiegen sein": reported, not planned
    def governs(x: Hit) -> bool:  # "beim Jahressoll von $8,5 Mio.": the noun's own number, not its neighbours
        m = _OF_NUMBER.match(doc.text, x.wend)
        return m is None or abs(m.end() - d.core[0]) <= 2

    h = doc.nearest(cs, ce, ("kind", "need"), *d.core,
                    lambda x: governs(x) and not (hearsay and x.cue.pattern in ("soll", "sollen")))
    if h is not None and h.cue.value == "actual":
        # "derzeit werden sieben Anlagen geplant": a plan or forecast word outweighs a time marker
        # (a verb or modal word, not a noun stem inside a compound: "Mechanisierungsprogramm")
        modal = doc.nearest(cs, ce, ("kind=target", "kind=forecast", "need"), *d.core,
                            lambda x: x.cue.match == "word" and governs(x)
                            and not (hearsay and x.cue.pattern in ("soll", "sollen")))
        h = modal or h
    if h is not None:
        return h.cue.value, h
    mod = _modality(doc, cs, ce)
    if mod is not None:
        return mod, None
    if ci > 0 and complement:  # "Beide Seiten erwarten, dass ..."; "Belarus ist bereit, ... zu liefern"
        mh = doc.last(*clauses[ci - 1], ("kind_matrix",))
        if mh is not None:
            return mh.cue.value, None
    if future:
        return "forecast", None  # "wird ... erreichen"
    return "actual", None


def _stock(d: _Draft) -> bool:
    """A count of firms, agreements or projects: a stock that takes no period from a neighbouring sentence."""
    return d.unit == "units" and d.metric in ("other", "project_count")


def _anaphoric(doc: FigureDoc, si: int, ss: int, se: int) -> bool:
    if doc.first(ss, se, ("anaphor",)) is not None:
        return True
    m = _ECHO.match(doc.text, ss)  # "Das neue Programm umfasst ..." after "... ein Programm ... unterzeichnet"
    if m is None:
        return False
    noun = m.group("noun").lower()
    return any(noun in doc.text[s:e].lower() for s, e in doc.sents[max(0, si - 2):si])


def _period(doc: FigureDoc, d: _Draft, si: int, ss: int, se: int, cs: int, ce: int,
            antecedent: int | None) -> PeriodHit | None:
    found = doc.periods(si, ss, se)
    p = found.nearest(cs, ce, *d.core)
    if p is None:
        p = found.nearest(ss, se, *d.core)
        if p is not None and p.start >= ce and doc.has_number(p.start, d.core[1]):
            p = None  # "10 Objekte ..., davon 4 im Jahr 2024": a later clause's period dates its own number
    if p is None and antecedent is not None:
        prev = doc.periods(antecedent, *doc.sents[antecedent]).last(*doc.sents[antecedent], lambda x: bool(x.period))
        if prev is not None:
            return PeriodHit(-1, -1, prev.period)
    if p is not None and d.timeless and not p.until and ".." not in (p.period or ""):
        return None  # a capacity is timeless; "2019 eröffnet" dates the plant, not the figure (a span of years does)
    return p


def _antecedent(doc: FigureDoc, si: int, ss: int, se: int) -> int | None:
    """For an anaphoric sentence, the earlier sentence (at most two back) it leans on: the nearest one
    with a period phrase, else the previous one. Computed once per sentence."""
    key = ("antecedent", si, ss)
    if key in doc.memo:
        return doc.memo[key]
    out: int | None = None
    if si > 0 and _anaphoric(doc, si, ss, se):
        out = si - 1
        for j in range(si - 1, max(-1, si - 3), -1):
            if any(x.period for x in doc.periods(j, *doc.sents[j])):
                out = j
                break
    doc.memo[key] = out
    return out


def _parties(mentions: list[PartyMention], ss: int, se: int, leaned_on: tuple[int, int] | None,
             defaults: list[str | None], clause: tuple[int, int] | None = None, at: int = -1,
             starts: list[int] | None = None, after: int = -1) -> list[str]:
    """Partners named in the figure's sentence, Belarus side first; a side it leaves open comes from the
    sentence an anaphoric figure leans on ("Das ist ein Plus von 31 %"), then from ``defaults``
    ([Belarus side, main foreign partner or None]). When the sentence names several foreign partners and
    the figure's own clause names some, the clause's are taken ("nach Russland um 5 %, nach China um 7 %"),
    and of those the ones between the previous number (``after``) and the figure (``at``) when there are any
    ("nach China um 7 % und nach Indien um 9 %")."""
    if starts is None:
        starts = [m.start for m in mentions]  # mentions are sorted by start

    def within(s: int, e: int) -> list[PartyMention]:
        return [m for m in mentions[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)] if m.end <= e]

    by: list[str] = []
    fo: list[str] = []
    for m in within(ss, se):
        if m.name not in by and m.name not in fo:
            (by if m.is_belarus_side else fo).append(m.name)
    if clause is not None and len(fo) > 1:
        in_clause = within(*clause)
        own = [m for m in in_clause if after <= m.start and m.end <= at]
        if own:  # "aus Kirgistan um 30 % und aus Belarus um 22,5 %": the mentions since the previous number
            fo = list(dict.fromkeys(m.name for m in own if not m.is_belarus_side))
            by = list(dict.fromkeys(m.name for m in own if m.is_belarus_side)) or by
        elif near := [m for m in in_clause if not m.is_belarus_side]:
            fo = list(dict.fromkeys(m.name for m in near))
    if leaned_on is not None and len(by) + len(fo) < 2:
        for m in within(*leaned_on):
            side = by if m.is_belarus_side else fo
            if not side and m.name not in by and m.name not in fo:
                side.append(m.name)
    d_by = defaults[0] if defaults else None
    d_fo = defaults[1] if len(defaults) > 1 else None
    if not by and d_by and d_by not in fo:
        by.append(d_by)
    if not fo and d_fo and d_fo not in by:
        fo.append(d_fo)
    return by + fo


def _quote(doc: FigureDoc, d: _Draft, cs: int, ce: int, extra: list[tuple[int, int]]) -> tuple[int, int]:
    text = doc.text
    s, e = d.core
    hm = _HEDGE.search(text, max(cs, s - 25), s)
    if hm:
        s = hm.start()
    after = doc.first(e, ce, ("verb", "metric", "sign", "kind"))
    anchors = [a for a in d.anchors + extra + _span(after) if cs <= a[0] and a[1] <= ce]
    for a0, a1 in sorted(anchors, key=lambda a: _dist(s, e, *a)):
        ns, ne = min(s, a0), max(e, a1)
        if a0 < s:
            dm = _DETERMINER.search(text, max(cs, ns - 8), ns)
            ns = dm.start() if dm else ns
        if ne - ns <= _MAX_QUOTE_CHARS and len(text[ns:ne].split()) <= MAX_QUOTE_WORDS:
            s, e = ns, ne
    am = _AUX.match(text, e, ce)
    if am and len(text[s:am.end()].split()) <= MAX_QUOTE_WORDS:
        e = am.end()
    return s, e


def find_figures(text: str, sentences: list[tuple[int, int]], article_date: str | None,
                 mentions: list[PartyMention], default_parties: list[str | None],
                 lead: tuple[int, int] | None = None) -> list[Figure]:
    """Economic figures of one article (see the module docstring); at most one per distinct
    (value, unit, metric, kind, period), in text order. ``lead`` (headline and first lines): its first
    period phrase dates the article's flows that no nearer phrase dates ("Exporte im Januar-September
    um ein Viertel gewachsen ... Die Dienstleistungsexporte übertrafen 18 %")."""
    quantities = find_quantities(text)
    if not quantities:
        return []
    doc = FigureDoc(text, sentences, article_date, [q.start for q in quantities])
    adjectives = sorted((m for m in mentions if m.adjective), key=lambda m: m.start)
    doc.adjectives, doc.adj_starts = adjectives, [m.start for m in adjectives]
    ments = sorted((m for m in mentions if not m.adjective), key=lambda m: m.start)
    mstarts = [m.start for m in ments]
    prev_end = -1  # end of the previous number
    lead_period = plan_period = None
    if lead is not None:
        lp = SpanIndex(find_periods(text, max(0, lead[0]), min(len(text), lead[1]), doc.year, doc.month)).first(
            *lead, lambda x: bool(x.period) and not x.until and (not _BARE_YEAR.fullmatch(text, x.start, x.end)
                                                             or _FOR_BEFORE.search(text, max(0, x.start - 6), x.start) is not None))
        lead_period = lp.period if lp is not None else None
        # "der Haushalt für 2026": the lead names the year a plan is for - its targets are for that year
        plan_period = lead_period if lp is not None and _FOR_BEFORE.search(text, max(0, lp.start - 6), lp.start) \
            else None
    out: list[Figure] = []
    seen: set[tuple[Any, ...]] = set()
    amounts: set[tuple[float, str]] = set()
    last_period: dict[int, str] = {}  # sentence index -> period of its last figure
    for q in quantities:
        after_q, prev_end = prev_end, q.end
        si, ss, se = doc.sentence(q.start)
        clauses, cstarts = doc.clauses(ss, se)
        ci = max(0, bisect.bisect_right(cstarts, q.start) - 1)
        cs, ce = clauses[ci]
        ce = max(ce, min(se, q.end))
        if _excluded(doc, q, cs, ce):
            continue
        d = _classify(doc, q, si, ss, se, cs, ce)
        if d is None:
            continue
        kind, kind_hit = _kind(doc, d, clauses, ci)
        ante = _antecedent(doc, si, ss, se)
        lean = doc.sents[ante] if ante is not None and doc.first(ss, se, ("anaphor",)) is not None else None
        p = _period(doc, d, si, ss, se, cs, ce, ante)
        period = p.period if p else None
        if kind == "actual" and period and (p is not None and p.until or (doc.year and int(period[:4]) > doc.year)):
            kind = "target"  # "bis 2026 weitere 600 Aufzüge", "im kommenden Jahr 300 Traktoren"
        if period and len(period) == 10 and d.metric != "growth" and _AUF_LEVEL.search(text, max(cs, q.start - 30),
                                                                                       q.start):
            period = period[-4:]  # "von 2009 bis 2015 ... auf $250 Mio. vergrößert": the level at the span's end
        if kind_hit is not None and kind_hit.cue.pattern.startswith("jahres"):
            # "beim Jahressoll von $8,5 Mio." in a January-September report: the year's goal
            period = period[:4] if period else (str(doc.year) if doc.year else None)
        if p is None and period is None and kind == "target" and plan_period and not _stock(d):
            period = plan_period
        if p is None and kind == "actual" and not d.timeless and si > 0 and not _stock(d) \
                and doc.first(ss, se, ("no_inherit",)) is None:
            if last_period.get(si - 1):
                period = last_period[si - 1]  # "... exportierte 2024 ... nach Georgien. Die Lieferungen nach Moldau ..."
            else:  # "Die Hauptwerte im Januar-April zeigen Wachstum. Der Warenumsatz betrug $50 Mio."
                # (a period phrase, not a bare year: "Das Abkommen wurde 2019 unterzeichnet" dates an event)
                prev = doc.periods(si - 1, *doc.sents[si - 1]).last(
                    *doc.sents[si - 1], lambda x: bool(x.period) and not x.until
                    and not _BARE_YEAR.fullmatch(doc.text, x.start, x.end))
                period = prev.period if prev is not None else lead_period
        if period and si >= 0:
            last_period[si] = period
        key = (d.value, d.unit, d.metric, kind, period)
        if key in seen or (not d.local and (d.value, d.unit) in amounts):
            continue  # a repeat, or a bare restatement ("Daher ist eine Milliarde Dollar ...")
        seen.add(key)
        amounts.add((d.value, d.unit))
        extra = _span(kind_hit) + ([(p.start, p.end)] if p is not None and p.start >= 0 else [])
        qs, qe = _quote(doc, d, cs, ce, extra)
        lo, hi = bisect.bisect_left(mstarts, ss), bisect.bisect_left(mstarts, se)
        pkey = ("parties", ss, se, lean, cs, ce, hi - lo > 1 and (after_q, q.start))
        if pkey not in doc.memo:
            doc.memo[pkey] = _parties(ments, ss, se, lean, default_parties, (cs, ce), q.start, mstarts, after_q)
        out.append(Figure(start=qs, end=qe, extractor=EXTRACTOR, rule=d.rule, metric=d.metric, value=d.value,
                          unit=d.unit, period=period, kind=kind, parties=list(doc.memo[pkey]),
                          quote=text[qs:qe]))
    return out
