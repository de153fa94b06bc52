"""Sound comparisons of figures: which figures may be set against each other, and why.

A target meets an actual only when both have the same metric and unit, the same pair of parties (a region's
figure is not its country's) and comparable periods: a year with a year; a part-year figure is scaled to a year
and says so ("9 months, pro rata"); a multi-year sum or a figure without a stated period is shown but not compared.
Hedges in the quote ("über", "etwa", "bis zu") become a qualifier on the figure. Each comparison carries its
basis, the rule that made the two comparable. Pure functions; the data come from ``query``."""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any

from .query.types import Comparison, Contradiction, FigureRow
from .resources import load_jsonl

CONTRADICTION_TOLERANCE = 0.01  # relative difference below which two values agree (rounding)
ABOUT = 0.05  # "etwa", "rund": within 5 percent
FLOW_METRICS = frozenset({"trade_turnover", "exports", "imports", "investment"})  # sums over a period
STOCK_UNITS = frozenset({"units", "units_per_year"})  # counts and capacities: no period to sum over

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:\.\.(\d{4})(?:-(\d{2}))?)?$")


@lru_cache(maxsize=1)
def _hedges() -> tuple[tuple[re.Pattern[str], dict[str, Any]], ...]:
    numword = _numword_alternation()
    out = []
    for row in sorted(load_jsonl("hedges.jsonl"), key=lambda r: -len(r["words"])):
        words = r"\s+".join(re.escape(w) for w in row["words"].split())
        out.append((re.compile(rf"(?<![\w-]){words}\s+(?=\d|(?:{numword})\b)", re.IGNORECASE), row))
    return tuple(out)


def _numword_alternation() -> str:
    return "|".join(sorted(_number_words(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _hedge_anchor() -> re.Pattern[str]:
    """The tail every hedge pattern ends with - its last word, then space and a number - as one pattern: a quote
    without a match has no hedge, and the twenty lookbehind-led patterns (each tried at every position) are not
    run on it (most quotes; tests/test_comparison_anchors.py compares ``hedge`` with the patterns alone)."""
    lasts = sorted({row["words"].split()[-1] for row in load_jsonl("hedges.jsonl")}, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, lasts))})\s+(?=\d|(?:{_numword_alternation()})\b)",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    return next(r["words"] for r in load_jsonl("durations.jsonl") if r["id"] == "numword:list")


@lru_cache(maxsize=1)
def _durations() -> tuple[tuple[re.Pattern[str], dict[str, Any]], ...]:
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r) for r in load_jsonl("durations.jsonl") if "pattern" in r)


# What every duration pattern of data/durations.jsonl contains, as the patterns read it (IGNORECASE): "Jahr" /
# "jähr" (years, the year so far, half years, per year), "Monat", "Quartal". A text without any has no duration
# phrase, and the seven patterns (several led by \b, tried at every position) are not run on it
# (tests/test_comparison_anchors.py checks every match of every pattern holds one).
_DURATION_ANCHOR = re.compile(r"j[aä]hr|monat|quartal", re.IGNORECASE)


@lru_cache(maxsize=65536)  # pure: every dossier that shows a figure asks again for its quote
def hedge(quote: str) -> tuple[str, str, str] | None:
    """(hedge as written, qualifier, bound) of the first hedge directly before a number in ``quote``."""
    best = None
    if not _hedge_anchor().search(quote or ""):
        return None
    for rx, row in _hedges():
        m = rx.search(quote or "")
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group(0).strip(), row["qualifier"], row["bound"])
    return best[1:] if best else None


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _number_words().get(word.lower())


def _duration(text: str, stated: str | None) -> tuple[str, int | None, str, str] | None:
    """The duration phrase nearest before the end of ``text`` ("in den letzten zwei Jahren", "in den ersten neun
    Monaten", "seit Jahresbeginn"), as a span; per-year phrases only when no period is stated."""
    best: tuple[int, tuple[str, int | None, str, str]] | None = None
    if not _DURATION_ANCHOR.search(text or ""):
        return None
    for rx, row in _durations():
        for d in rx.finditer(text or ""):
            where = f"'{d.group(0)}' in the sentence"
            if row["unit"] == "annual":
                if stated:
                    continue
                found: tuple[str, int | None, str, str] = ("annual", 12, "per year", where + " (a yearly figure)")
            elif row["unit"] == "ytd":
                found = ("ytd", None, "since the start of the year" + (f" ({stated})" if stated else ""), where)
            else:
                n = row.get("n") or _count(d.group("n"))
                if n is None:
                    continue
                if row["unit"] == "years":
                    found = ("years", 12 * n, f"{n} years" if n != 1 else "1 year", where)
                elif n == 12:
                    found = ("annual", 12, "12 months", where)
                else:
                    found = ("months", n, f"{n} months" + (f" ({stated})" if stated else ""), where)
            if best is None or d.end() > best[0]:
                best = (d.end(), found)
    return best[1] if best else None


@lru_cache(maxsize=65536)  # pure, as hedge
def period_span(period: str | None, quote: str, unit: str,
                context: str | None = None) -> tuple[str, int | None, str, str]:
    """(span kind, months, label, basis). Kinds: annual, months, month, years, ytd, count, none.

    ``context`` is the figure's sentence up to the figure. A duration phrase there ("in den letzten zwei
    Jahren") outranks a single year or month in ``period`` that the sentence does not name (inherited from an
    earlier sentence); a year named in the sentence and a range in ``period`` are taken as they stand."""
    m = _PERIOD.match(period or "")
    text = context if context is not None else quote
    if m and not m.group(3) and m.group(1) not in text:
        # a single year or month the sentence does not name (inherited or resolved from a relative phrase):
        # a duration phrase of the figure's own sentence wins
        d = _duration(text, period)
        if d and d[0] in ("years", "months", "ytd"):
            return d
    if m:
        y1, m1, y2, m2 = m.groups()
        if not y2 and not m1:
            return "annual", 12, y1, f"period {y1} (a calendar year)"
        if not y2:
            return "month", 1, period or "", f"period {period} (one month)"
        n = (int(y2) - int(y1)) * 12 + int(m2 or 12) - int(m1 or 1) + 1
        if m1 and m2 and n == 12 and m1 == "01":
            return "annual", 12, y1, f"period {period} (January to December)"
        if m1 and m2 and n < 12:
            return "months", n, f"{n} months ({period})", f"period {period} ({n} months)"
        return "years", n, f"{math.ceil(n / 12)} years ({period})", f"period {period} (several years)"
    d = _duration(text, None)
    if d:
        return d
    if unit in STOCK_UNITS:
        return "count", None, "-", f"a count in {unit}: no period needed"
    return "none", None, "period not stated", "no period in the figure or its quote"


def _year(f: FigureRow) -> int | None:
    return _period_year(f.period or "")


def _end_key(f: FigureRow) -> tuple[int, int]:
    return _period_end(f.period or "")


@lru_cache(maxsize=4096)  # periods recur: a target is compared with every actual of its series
def _period_year(period: str) -> int | None:
    m = _PERIOD.match(period)
    return int(m.group(3) or m.group(1)) if m else None


@lru_cache(maxsize=4096)
def _period_end(period: str) -> tuple[int, int]:
    m = _PERIOD.match(period)
    if not m:
        return (0, 0)
    y1, m1, y2, m2 = m.groups()
    return (int(y2 or y1), int((m2 if y2 else m1) or 12))


def _pair_label(f: FigureRow) -> str:
    return " – ".join(f.pair_names)


def compare(target: FigureRow, actuals: Iterable[FigureRow]) -> Comparison:
    """Set ``target`` against the latest comparable actual among ``actuals`` (any: the rules filter)."""
    same = [a for a in actuals if a.kind == "actual" and a.metric == target.metric and a.unit == target.unit
            and a.pair == target.pair]
    pair = f"same metric ({target.metric}), same pair ({_pair_label(target)})"
    if not same:
        return Comparison(target, None, None, None, f"no actual of {target.metric} for {_pair_label(target)}")
    t_span = target.span
    assumed = ""
    if t_span == "none" and target.metric in FLOW_METRICS:
        t_span, assumed = "annual", "; the target states no period and is read as a yearly figure"
    ok: list[tuple[FigureRow, float, str]] = []  # the basis is a rule name here, worded for the best one only
    excluded: list[FigureRow] = []
    ty = _year(target)
    for a in same:
        if t_span == "count" or target.unit in STOCK_UNITS:
            if a.span in ("count", "none", "annual"):
                ok.append((a, a.value, "count"))
                continue
        elif t_span == "annual":
            ay = _year(a)
            if a.span == "annual" and (ty is None or ay is None or ay <= ty):
                ok.append((a, a.value, "annual"))
                continue
            if a.span in ("months", "month") and a.span_len and (ty is None or (_year(a) or 0) <= ty) \
                    and target.unit not in ("percent", "times"):
                ok.append((a, a.value * 12 / a.span_len, "pro_rata"))
                continue
        elif target.period and a.period == target.period:
            ok.append((a, a.value, "period"))
            continue
        excluded.append(a)
    if not ok:
        why = "; ".join(sorted({f"{a.span_label}" for a in excluded}))
        return Comparison(target, None, None, None,
                          f"{pair}: no actual with a comparable period (found: {why})", None, tuple(excluded))
    best = max(ok, key=lambda x: (_end_key(x[0]), x[0].span == "annual", x[0].date or "", x[0].fact_id))
    a, value, rule = best
    if rule == "count":
        basis = f"{pair}, counts compared as they stand"
    elif rule == "annual":
        same_year = ty is not None and _year(a) == ty
        basis = f"{pair}, annual vs annual ({a.span_label}" + (", the target's year)" if same_year else ")") + assumed
    elif rule == "pro_rata":
        basis = f"{pair}, {a.span_len} months, pro rata to a year ({a.span_label}){assumed}"
    else:
        basis = f"{pair}, same period ({target.period})"
    pro = value if value != a.value else None
    return Comparison(target, a, target.value - value, round(value / target.value, 3) if target.value else None,
                      basis, pro, tuple(excluded))


def _interval(f: FigureRow) -> tuple[float, float]:
    v = f.value
    lo, hi = v * (1 - CONTRADICTION_TOLERANCE), v * (1 + CONTRADICTION_TOLERANCE)
    if v < 0:
        lo, hi = hi, lo
    bound = {"more than": "lower", "at least": "lower", "about": "about", "up to": "upper", "less than": "upper",
             "at most": "upper", "almost": "upper"}.get(f.qualifier or "")
    if bound == "lower":
        return lo, math.inf
    if bound == "upper":
        return -math.inf, hi
    if bound == "about":
        return min(v * (1 - ABOUT), v * (1 + ABOUT)), max(v * (1 - ABOUT), v * (1 + ABOUT))
    return lo, hi


def _contradiction_groups(rows: Iterable[FigureRow]) -> list[tuple[tuple[Any, ...], list[FigureRow]]]:
    """The figures that may contradict each other: same metric, unit, stated period, kind and pair; by key."""
    groups: dict[tuple[Any, ...], list[FigureRow]] = defaultdict(list)
    for f in rows:
        if f.period and f.span in ("annual", "months", "month", "years"):
            period = f.span_label if f.span == "annual" else f.period  # "2023-01..2023-12" is the year 2023
            groups[(f.metric, f.unit, period, f.kind, f.pair)].append(f)
    return sorted(groups.items(), key=lambda kv: tuple(str(x) for x in kv[0]))


def _group_contradictions(key: tuple[Any, ...], fs: list[FigureRow]) -> Iterator[Contradiction]:
    spans = [_interval(f) for f in fs]  # once per figure, not once per pair
    for i, a in enumerate(fs):
        alo, ahi = spans[i]
        for j in range(i + 1, len(fs)):
            b = fs[j]
            if a.story == b.story:
                continue
            blo, bhi = spans[j]
            if alo <= bhi and blo <= ahi:
                continue  # the values agree within rounding or their hedges
            yield Contradiction(key[0], key[1], key[2], key[3], a.pair_names, a, b,
                                f"same metric, pair ({_pair_label(a)}) and period ({key[2]}), "
                                "different stories, values beyond rounding and hedges")


def _disagreeing(spans: list[tuple[float, float]]) -> int:
    """How many pairs of intervals do not overlap: each such pair once, at the one whose upper end lies below the
    other's lower end (every interval has lo <= hi)."""
    los = sorted(lo for lo, _ in spans)
    return sum(len(los) - bisect_right(los, hi) for _, hi in spans)


def _count_contradictions(fs: list[FigureRow]) -> int:
    """``len(list(_group_contradictions(key, fs)))`` without making the pairs: the disagreeing pairs of the group
    minus those within one story."""
    spans = [_interval(f) for f in fs]
    by_story: dict[Any, list[tuple[float, float]]] = defaultdict(list)
    for f, sp in zip(fs, spans, strict=True):
        by_story[f.story].append(sp)
    return _disagreeing(spans) - sum(_disagreeing(v) for v in by_story.values() if len(v) > 1)


def contradictions(rows: Iterable[FigureRow]) -> list[Contradiction]:
    """Two stories that give incompatible values for the same metric, unit, kind, pair and stated period."""
    return [c for key, fs in _contradiction_groups(rows) for c in _group_contradictions(key, fs)]


def first_contradictions(rows: Iterable[FigureRow], limit: int) -> tuple[list[Contradiction], int]:
    """The first ``limit`` of ``contradictions(rows)`` and how many there are in all, without making the others
    (a partner with thousands of figures has hundreds of thousands of contradicting pairs)."""
    out: list[Contradiction] = []
    total = 0
    for key, fs in _contradiction_groups(rows):
        n = _count_contradictions(fs)
        total += n
        if n and len(out) < limit:
            out += islice(_group_contradictions(key, fs), limit - len(out))
    return out, total
