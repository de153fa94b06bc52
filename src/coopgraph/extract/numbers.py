"""German quantity grammar: digits, number words, scales, currencies, percent, multipliers, tonnes -
and the period phrases that date them ("in den ersten neun Monaten 2024", "im vergangenen Jahr").

``find_quantities(text)`` returns every number the grammar recognises, with its absolute value and
unit, and leaves the question "is this an economic figure?" to ``figures.py``. Everything is compiled
once at import; two cheap scans find candidate positions (digit runs, possible number words) and the
full grammar (``MASTER``) is only tried there. ``find_periods`` resolves period phrases against the
article date.

    >>> [(q.value, q.unit) for q in find_quantities("$1,5 Mlrd. und 12.500 Tonnen, ein Plus von 37 %")]
    [(1500000000.0, 'USD'), (12500.0, 'tonnes'), (37.0, 'percent')]
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..resources import load_jsonl

# ------------------------------------------------------------------------------------------ words

_ONES = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}
_TEENS = {"zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16,
          "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}
_TENS = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
         "achtzig": 80, "neunzig": 90}
#: forms of "ein" that are usually the article; they count only before a scale word ("eine Milliarde")
ARTICLE_ONE = frozenset({"ein", "eine", "einen", "einem", "einer", "eines"})
HALF = frozenset({"halbe", "halben", "halber"})


@lru_cache(maxsize=1)
def number_words() -> dict[str, int]:
    """Lower-case German number words 1..999 and their thousands ("zweitausend"), plus article forms of 1."""
    below100: dict[str, int] = {"eins": 1, **_ONES, **_TEENS, **_TENS}
    for ten_word, ten in _TENS.items():
        for one_word, one in _ONES.items():
            below100[f"{one_word}und{ten_word}"] = ten + one
    words = dict(below100)
    for h_word, h in [("", 1), *[(w, v) for w, v in _ONES.items()]]:
        base = h * 100
        words[f"{h_word}hundert"] = base
        for w, v in below100.items():
            words[f"{h_word}hundert{w}"] = base + v
    for w, v in list(words.items()):
        if v < 1000 and w != "eins":
            words[f"{w}tausend"] = v * 1000
    words["tausend"] = 1000
    for form in ARTICLE_ONE:
        words[form] = 1
    words.update({"anderthalb": 1.5, "eineinhalb": 1.5, "zweieinhalb": 2.5})  # type: ignore[dict-item]
    for form in HALF:  # "eine halbe Milliarde": only before a scale word
        words[form] = 0.5  # type: ignore[assignment]
    return words


def parse_number_word(word: str) -> float | None:
    """"zwölf" -> 12, "fünfundzwanzig" -> 25, "Sieben" -> 7; None if the word is no number."""
    v = number_words().get(word.lower())
    return None if v is None else float(v)


# ----------------------------------------------------------------------------------------- digits

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _decimal(s: str) -> Decimal:
    t = _SPACES.sub("", s)
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif _THOUSANDS.fullmatch(t):
        t = t.replace(".", "")
    try:
        return Decimal(t)
    except InvalidOperation as exc:
        raise ValueError(f"not a German number: {s!r}") from exc


def parse_german_number(s: str) -> float:
    """German digit string -> float: "10.000" = 10000, "1,2" = 1.2, "3.100" = 3100, "10 000" = 10000,
    "1.234.567,5" = 1234567.5; a lone dot before 1-2 digits is a decimal point ("2.5" = 2.5)."""
    return float(_decimal(s))


SCALES = {"tausend": 10**3, "tsd": 10**3, "million": 10**6, "millionen": 10**6, "mio": 10**6,
          "milliarde": 10**9, "milliarden": 10**9, "mrd": 10**9, "mlrd": 10**9, "mld": 10**9,
          "billion": 10**12, "billionen": 10**12}


def scale_factor(word: str | None) -> int:
    return SCALES[word.lower().rstrip(".")] if word else 1


CURRENCIES = {"dollar": "USD", "us-dollar": "USD", "us-dollars": "USD", "usd": "USD", "us$": "USD", "us-$": "USD", "$": "USD",
              "euro": "EUR", "eur": "EUR", "€": "EUR", "rubel": "RUB", "rub": "RUB", "byn": "BYN",
              "yuan": "CNY", "cny": "CNY", "renminbi": "CNY"}


def currency_code(surface: str) -> str:
    """"US-Dollar" -> USD, "belarussische Rubel" -> BYN, "russischen Rubel" -> RUB, "€" -> EUR."""
    s = " ".join(surface.lower().split())
    if s.endswith("rubel"):
        return "BYN" if ("belaruss" in s or "weißruss" in s) else "RUB"
    return CURRENCIES[s]


MULTIPLIER_WORDS = {"doppelt": 2, "zweifach": 2, "dreifach": 3, "vierfach": 4, "fünffach": 5, "sechsfach": 6,
                    "siebenfach": 7, "achtfach": 8, "neunfach": 9, "zehnfach": 10, "anderthalbfach": 1.5,
                    "eineinhalbfach": 1.5, "zweimal": 2, "dreimal": 3, "viermal": 4, "fünfmal": 5, "zehnmal": 10}
VER_WORDS = {"doppel": 2, "dreifach": 3, "vierfach": 4, "fünffach": 5, "sechsfach": 6, "zehnfach": 10}

# ---------------------------------------------------------------------------------------- grammar

_DIGITS = (r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?"             # 10.000 / 1.234,5
           r"|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?(?![.,]?\d)"  # 10 000
           r"|\d+,\d+"                                    # 1,2
           r"|\d+\.\d{1,2}(?=\s?(?:Mio|Mrd|Mlrd|Mill|Milliard|Tsd|Prozent|%))"  # 2.5 Mio (English decimal)
           r"|\d+)")
_NUMWORD = (r"(?i:\b(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|vierzig"
            r"|fünfzig|sechzig|siebzig|achtzig|neunzig|hundert|tausend|anderthalb|halbe)[a-zäöüß]*\b)")
_SCALE = (r"(?:Tausend|Tsd\.?|Millionen|Million|Mio\.?|Milliarden|Milliarde|Mrd\.?|Mlrd\.?|Mld\.?"
          r"|Billionen|Billion)(?![A-Za-zäöüß])")
_CUR = (r"(?:US-Dollars?|Dollar|USD|US-?\$(?!\s?\d)|\$(?!\s?\d)|Euro|EUR|€(?!\s?\d)|(?:(?:bela|weiß)russische[nr]?|russische[nr]?)\s+Rubel"
        r"|Rubel|BYN|RUB|Yuan|CNY|Renminbi)(?![A-Za-zäöüß])")
_PCT = r"(?:%|Prozent(?:punkte[n]?)?(?![A-Za-zäöüß])|v\.\s?H\.)"
_TONNES = r"(?:Tonnen|Tonne|t(?=[\s.,;:)]|$))(?![A-Za-zäöüß])"
_TIMES = r"(?:-?\s?(?:mal|Mal|fache[nrs]?|Fache[nrs]?|fach)(?![A-Za-zäöüß]))"

MASTER = re.compile(
    # prefix currency: "$53 Mrd.", "US$ 1,5 Mlrd.", "€ 20 Mio."
    r"(?P<pre>US\$|\$|€|USD|EUR)\s?(?P<pnum>" + _DIGITS + r")(?![.,]?\d)(?:(?:\s?|-)(?P<pscale>" + _SCALE + r"))?"
    # plain number, optional scale and unit
    r"|(?<![\w.,/:\-])(?:(?<=\s)(?P<minus>[-−])\s?)?(?P<num>" + _DIGITS + r")(?![.,]?\d)(?!:\d)"
    r"(?:(?:\s?|-)(?P<scale>" + _SCALE + r"))?"
    r"(?:\s?(?P<cur>" + _CUR + r")|\s?(?P<pct>" + _PCT + r")|\s?(?P<t>" + _TONNES + r")|(?P<times>" + _TIMES + r"))?"
    # multiplier words: "um das Dreifache", "das Doppelte", "zweimal", "verdoppelt", "Verdreifachung"
    r"|(?P<mword>(?i:\b(?:das\s+)?(?:doppelte|(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|anderthalb"
    r"|eineinhalb)fach(?:e[nrs]?)?|zweimal|dreimal|viermal|fünfmal|zehnmal)\b))"
    r"|(?P<ver>(?i:\bver(?P<verstem>doppel|dreifach|vierfach|fünffach|sechsfach|zehnfach)[a-zäöüß]*))"
    # number words: "eine Milliarde Dollar", "zwölf gemeinsame Projekte", "Sieben davon"
    r"|(?P<word>" + _NUMWORD + r")(?:\s(?P<wscale>" + _SCALE + r"))?"
    r"(?:\s(?P<wcur>" + _CUR + r")|\s(?P<wpct>" + _PCT + r")|\s(?P<wt>" + _TONNES + r")|(?P<wtimes>" + _TIMES + r"))?"
)


@dataclass(slots=True)
class Quantity:
    """One recognised number. ``start``/``end`` span number + scale + unit; ``num_start``/``num_end`` the
    number itself. ``unit`` is USD/EUR/RUB/BYN/CNY/percent/times/tonnes, or None for a bare count."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    unit: str | None
    rule: str
    is_word: bool = False
    scaled: bool = False
    negative: bool = False  # written with a minus sign
    scale: int = 1  # the scale word's factor (10**6 for "Mio.")
    joined: str = ""  # "range" / "alternative" / "compound" when two written numbers make this one


def _unit_rule(cur: str | None, pct: str | None, t: str | None, times: str | None) -> tuple[str | None, str]:
    if cur:
        return currency_code(cur), "num:currency"
    if pct:
        return "percent", "num:percent"
    if t:
        return "tonnes", "num:tonnes"
    if times:
        return "times", "num:times"
    return None, "num:count"


_DIGIT_RUN = re.compile(r"\d+")
_INFLECTION = re.compile(r"e[nrs]?$")  # "dreifachen" -> "dreifach"
_VAGUE_BEFORE = re.compile(r"\b(?:mehrere|mehreren|einige|einigen|viele|vielen|ein\s+paar)\s+$", re.IGNORECASE)
_PRE_BEFORE = re.compile(r"(?:US\$|\$|€|USD|EUR)\s?$|(?<=\s)[-−]\s?$")
# a word start that may open a number word or a multiplier; led by a whitespace/punctuation class so
# that ``re`` skips through the text in C (an IGNORECASE or ``\b``-led pattern is ten times slower)
_WORD_START = re.compile(
    r"[\s„“\"'(\[/](?P<w>[EeZzDdVvFfSsAaNnHhTt](?:in|wei|rei|ier|ünf|echs|ieben|cht|eun|ehn|lf|wölf|wanzig"
    r"|reißig|ierzig|ünfzig|echzig|iebzig|chtzig|eunzig|undert|albe|ausend|nderthalb|ineinhalb|oppelt|as\s+[Dd]oppelt"
    r"|erdoppel|erdreifach|ervierfach|erfünffach|ersechsfach|erzehnfach))")


def _candidates(text: str) -> list[int]:
    """Start positions worth a ``MASTER.match``: digit runs (moved back over a currency sign or minus)
    and the starts of words that may be number words."""
    starts = []
    for m in _DIGIT_RUN.finditer(text):
        d = m.start()
        if d and text[d - 1].isdigit():
            continue
        pre = _PRE_BEFORE.search(text, max(0, d - 5), d)
        if pre:
            starts.append(pre.start())
        starts.append(d)
    starts.extend(m.start("w") - 1 for m in _WORD_START.finditer(" " + text))
    starts.sort()
    return starts


def find_quantities(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    done = 0
    for pos in _candidates(text):
        if pos < done:
            continue
        m = MASTER.match(text, pos)
        if m is None or m.end() == m.start():
            continue
        done = m.end()
        g = m.group
        if g("pre"):
            value = float(_decimal(g("pnum")) * scale_factor(g("pscale")))
            out.append(Quantity(m.start(), m.end(), m.start("pnum"), m.end("pnum"), value,
                                currency_code(g("pre")), "num:currency", scaled=bool(g("pscale")),
                                scale=scale_factor(g("pscale"))))
        elif g("num"):
            unit, rule = _unit_rule(g("cur"), g("pct"), g("t"), g("times"))
            value = float(_decimal(g("num")) * scale_factor(g("scale")))
            out.append(Quantity(m.start(), m.end(), m.start("num"), m.end("num"), value, unit, rule,
                                scaled=bool(g("scale")), negative=bool(g("minus")), scale=scale_factor(g("scale"))))
        elif g("mword"):
            w = g("mword").lower().split()[-1]
            stem = _INFLECTION.sub("", w) if "fach" in w else w
            value = 2.0 if w.startswith("doppelt") else float(MULTIPLIER_WORDS.get(stem, 0))
            if value:
                out.append(Quantity(m.start(), m.end(), m.start(), m.end(), value, "times", "num:times-word",
                                    is_word=True))
        elif g("ver"):
            out.append(Quantity(m.start(), m.end(), m.start(), m.end(), float(VER_WORDS[g("verstem").lower()]),
                                "times", "num:times-word", is_word=True))
        else:
            word = g("word")
            v = number_words().get(word.lower())
            if v is None or (v in (100, 1000) and _VAGUE_BEFORE.search(text, max(0, pos - 20), pos)):
                continue  # "mehrere hundert Millionen": no number
            scale = g("wscale")
            if (word.lower() in ARTICLE_ONE or word.lower() in HALF) and not scale:
                continue  # "ein Projekt", "eine Reihe": the article, not a number
            unit, rule = _unit_rule(g("wcur"), g("wpct"), g("wt"), g("wtimes"))
            out.append(Quantity(m.start(), m.end(), m.start("word"), m.end("word"),
                                float(Decimal(str(v)) * scale_factor(scale)),
                                unit, rule, is_word=True, scaled=bool(scale), scale=scale_factor(scale)))
    return [q for q in _join(text, out) if math.isfinite(q.value) and abs(q.value) <= MAX_VALUE]


#: larger values are no economic figure but a digit run gone wrong (a 400-digit number is not +inf)
MAX_VALUE = 1e15
_COMPOUND_GAP = re.compile(r"[\s\u00a0\u202f]+(?:und\s+)?$")
_RANGE_GAP = re.compile(r"[\s\u00a0\u202f]*-?[\s\u00a0\u202f]*(?P<w>bis|oder|–|—|-)[\s\u00a0\u202f]*$")
_MONEY = frozenset({"USD", "EUR", "RUB", "BYN", "CNY"})
_CONVERSION_GAP = re.compile(r"\s*\(\s*(?:rund|etwa|ca\.|circa|umgerechnet|knapp|über)?\s*")


def _year_like(text: str, q: Quantity) -> bool:
    digits = text[q.num_start:q.num_end]
    return q.unit is None and not q.scaled and digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2100


def _join(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Two written numbers that make one quantity or share one unit:
    compound amounts "$1 Milliarde 672,3 Mio." / "1 Mrd. 50 Mio. Rubel" -> one value (1.6723e9);
    ranges "200 bis 300 Millionen US-Dollar", "2,5- bis 3-faches" -> the first number takes the second's
    scale and unit and spans both (both numbers stay figures); alternatives "um 5 oder 6 Prozent" -> the
    first number only, with the second's unit."""
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        a = qs[i]
        b = qs[i + 1] if i + 1 < len(qs) else None
        gap = text[a.end:b.start] if b is not None else ""
        if b is not None and a.scale >= 10**6 and b.scale >= 10**3 and b.scale < a.scale and b.value < a.scale \
                and (a.unit is None or b.unit is None or a.unit == b.unit) and _COMPOUND_GAP.fullmatch(gap) \
                and not a.negative and not b.negative:
            out.append(Quantity(a.start, b.end, a.num_start, b.num_end, a.value + b.value, a.unit or b.unit,
                                a.rule if a.unit else b.rule, scaled=True, scale=b.scale, joined="compound"))
            i += 2
            continue
        if b is not None and b.negative and a.unit in (None, b.unit) and not gap.strip() and gap \
                and text[b.start] in "-−" and not a.negative:
            b.negative = False  # "20 - 60 Stück", "2020 - 2022": a range, not a minus
            b.start = b.num_start
            b.value = abs(b.value)
            gap = "-"
        if b is not None and a.unit in _MONEY and b.unit in _MONEY and b.unit != a.unit \
                and _CONVERSION_GAP.fullmatch(gap) and text[b.end:b.end + 1] == ")":
            out.append(a)  # "4,9 Mrd. US-$ (4 Mrd. €)": the same amount converted, not a second figure
            i += 2
            continue
        rm = _RANGE_GAP.fullmatch(gap) if b is not None else None
        if b is not None and rm is not None and a.unit is None and not a.scaled and not a.is_word \
                and not _year_like(text, a) and not _year_like(text, b) and (b.unit is not None or b.scaled
                                                                             or not _year_like(text, b)):
            # "2,5- bis 3-faches": the hyphen after the first number stands for the shared "-fach"
            value = float(_decimal(text[a.num_start:a.num_end]) * b.scale)
            if value < (b.value if b.value > 0 else float("inf")) or rm.group("w") == "oder":
                alt = rm.group("w") == "oder"
                out.append(Quantity(a.start, b.end, a.num_start, a.num_end, value, b.unit, b.rule,
                                    is_word=b.is_word, scaled=b.scaled, negative=a.negative, scale=b.scale,
                                    joined="alternative" if alt else "range"))
                if alt:
                    i += 2
                    continue
                out.append(b)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


# ---------------------------------------------------------------------------------------- periods

# month names as written (no abbreviations) and their numbers: data/date_words.jsonl, shared with dates.py
_MONTH_WORDS = [(w, row["value"]) for row in load_jsonl("date_words.jsonl") if row["kind"] == "month"
                for w in row["words"]]
_MONTHS = {w.lower(): value for w, value in _MONTH_WORDS}
_SMALL = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
          "elf": 11, "zwölf": 12, "ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "beiden": 2}
MONTH_RE = r"(?:" + "|".join(re.escape(w) for w, _ in _MONTH_WORDS) + r")"
_N = r"(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|\d{1,2})"
_NB = r"(?:beiden|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|\d{1,2})"  # "den ersten beiden Monaten"
_Y = r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)"
_REL = (r"(?:des\s+)?(?:laufenden|aktuellen|vergangenen|letzten|vorigen|abgelaufenen|kommenden|nächsten)\s+Jahres"
        r"|dieses\s+Jahres|des\s+Vorjahres")


def _tail(p: str) -> str:  # "... Monaten 2024", "... des Jahres 2024", "... des laufenden Jahres (2024)"
    return (rf"(?:\s+\(?(?:des\s+Jahres\s+|im\s+Jahre?\s+|(?:{_REL})\s+)?(?P<{p}y>{_Y})"
            rf"|\s+(?P<{p}rel>{_REL}))?")


# The branches of PERIOD, each with the characters it can start with. PERIOD puts a lookahead for them before
# each branch: at a word start the engine then skips at once every branch that cannot begin there instead of
# walking its optional prefixes and word lists (a third of the grammar's time; tests/test_period_prefilter.py
# checks the sets against the branches and PERIOD against the grammar without the lookaheads).
_PERIOD_BRANCHES = [
    (r"IiWwFfNnEeLlVvbzdsa\d",
     (rf"(?P<mn>(?:(?:[Ii]n|[Ww]ährend|[Ff]ür|[Nn]ach)\s+(?:den|die|der)\s+|[Ii]nnerhalb\s+(?:von\s+|der\s+)?|[Ii]n\s+)?"
     rf"(?P<mn_first>[Ee]rsten\s+|[Ll]etzten\s+|[Vv]ergangenen\s+)?(?P<mn_n>{_NB})\s+Monate[n]?){_tail('mn_')}")),
    ("IiEe", rf"(?P<qn>(?:[Ii]n\s+den\s+)?[Ee]rsten\s+(?P<qn_n>zwei|drei|2|3)\s+Quartalen){_tail('qn_')}"),
    ("IiFfEeZz12",
     (rf"(?P<h>(?:[Ii]m\s+|[Ii]n\s+der\s+|[Ff]ür\s+das\s+)?(?P<h_w>[Ee]rsten|[Zz]weiten|1\.|2\.)\s+"
     rf"(?:Halbjahr|Jahreshälfte)){_tail('h_')}")),
    ("IiFfEeZzDdVv1-4",
     (rf"(?P<q>(?:[Ii]m\s+|[Ff]ür\s+das\s+)?(?P<q_w>[Ee]rsten|[Zz]weiten|[Dd]ritten|[Vv]ierten|[1-4]\.)\s+Quartal(?!e))"
     rf"{_tail('q_')}")),
    ("IiVvSsJFMAOND",
     (rf"(?P<mr>(?:[Ii]m\s+(?:Zeitraum\s+)?|[Ii]n\s+den\s+Monaten\s+|[Vv]on\s+|[Ss]eit\s+)?(?P<mr_a>{MONTH_RE})"
     rf"\s*(?:-|–|—|/|bis(?:\s+(?:zum|Ende|einschließlich))*)\s*"
     rf"(?P<mr_b>{MONTH_RE})){_tail('mr_')}")),
    ("IiFfZzVv12",
     (rf"(?P<yr>(?:[Ii]n\s+den\s+Jahren\s+|[Ff]ür\s+die\s+Jahre\s+|[Ii]m\s+Zeitraum\s+(?:von\s+)?|[Zz]wischen\s+"
     rf"|[Vv]on\s+)?(?P<yr_a>{_Y})\s*(?:-|–|—|bis|und)\s*(?P<yr_b>(?:19|20)\d\d|\d\d)(?![\d.,]\d))")),
    ("Bb", rf"(?P<un>[Bb]is\s+(?:(?:zum\s+)?(?:Ende|Anfang)\s+(?:des\s+Jahres\s+)?|(?:zum\s+)?Jahre?\s+)?(?P<un_y>{_Y}))"),
    ("Bb",
     (r"(?P<unr>[Bb]is\s+(?:zum\s+)?(?:Jahresende|Ende\s+(?P<unr_rel>(?:des\s+)?(?:laufenden|nächsten|kommenden)\s+"
     r"Jahres|dieses\s+Jahres|des\s+Jahres)))")),
    ("SsIiLlVvKkNnÜüBb",
     (rf"(?P<none>[Ss]eit\s+(?:Jahresbeginn|Jahresanfang|(?:Anfang|Beginn)\s+(?:des|dieses)\s+Jahres"
     rf"|(?:dem\s+Jahre?\s+)?{_Y})|(?:[Ii]n\s+den\s+)?(?:[Ll]etzten|[Vv]ergangenen|[Kk]ommenden|[Nn]ächsten)\s+"
     rf"(?:{_N}|paar|beiden)\s+(?:Jahren?|Monaten?|Wochen)"
     rf"|(?:[Üü]ber|[Ii]n|[Ii]nnerhalb\s+von|[Bb]innen)\s+(?:den\s+)?(?:{_N}|mehreren|einigen)\s+Jahren?(?!\w))")),
    ("IiFfVvLlAaDdKkNn",
     (rf"(?P<rel>(?:(?:[Ii]m|[Ii]n|[Ff]ür)\s+)?(?:(?P<rel_prev>[Vv]ergangene[ns]?|[Ll]etzte[ns]?|[Vv]orige[ns]?"
     rf"|[Aa]bgelaufenen)|(?P<rel_this>[Dd]iese[ms]?|[Ll]aufenden|[Aa]ktuellen)|(?P<rel_next>[Kk]ommenden|[Nn]ächste[ns]?"
     rf"|[Ff]olgenden))\s+Jahr(?:es)?(?!\w)(?:\s+(?P<rel_y>{_Y}))?|[Ii]m\s+Vorjahr(?!\w)|des\s+Vorjahres)")),
    ("Ii", rf"(?P<ms>[Ii]m\s+(?P<ms_m>{MONTH_RE})(?:\s+(?P<ms_y>{_Y}))?)"),
    ("Iid12", rf"(?P<y>(?:(?:[Ii]m|des)\s+Jahr(?:es?)?\s+)?(?P<y_y>{_Y}))"),
]


def period_pattern(prefilter: bool = True) -> str:
    """The PERIOD grammar; without ``prefilter`` its plain form (no first-character lookaheads)."""
    if not prefilter:
        return r"(?<![^\W\d])(?:" + "|".join(branch for _, branch in _PERIOD_BRANCHES) + ")"
    every = "".join(first for first, _ in _PERIOD_BRANCHES)
    return rf"(?<![^\W\d])(?=[{every}])(?:" + "|".join(f"(?=[{first}])" + branch
                                                     for first, branch in _PERIOD_BRANCHES) + ")"


# Case-sensitive on purpose (sentence-initial words spelled [Ii]m); led by "not after a letter", so the
# engine rejects positions inside words at once - an IGNORECASE version is five times slower.
PERIOD = re.compile(period_pattern())
# What every branch of PERIOD contains (a year, a month, "Monat", "Quartal", "Jahr"/"-jahr", "Woche"): a text
# without any of them has no period phrase (tests/test_periods_anchor.py checks the branches).
PERIOD_ANCHOR = re.compile(rf"(?:19|20)\d\d|Monat|Quartal|[Jj]ahr|Woche|{MONTH_RE}")
_BASELINE = re.compile(r"(?:\bgegenüber\b|\bVergleich\b|\bverglichen\b)[^,.;]{0,30}$|\bals\s+(?:im\s+|in\s+|dem\s+)?$"
                       r"|\b(?:gleichen|selben|entsprechenden|vergleichbaren)\s+Zeitraum(?:s|es)?\s+(?:des\s+|im\s+)?$",
                       re.IGNORECASE)
_AMOUNT_AFTER = re.compile(r"\s?(?:" + _SCALE + "|" + _CUR + "|" + _PCT + "|" + _TONNES + ")")
_DATE_BEFORE = re.compile(MONTH_RE + r"\.?\s*$|\d\.\s*$", re.IGNORECASE)


@dataclass(slots=True)
class PeriodHit:
    start: int
    end: int
    period: str | None  # None: an explicit "unspecified" ("in den letzten zwei Jahren")
    until: bool = False  # "bis 2026": also a target cue


def _year_of(rel: str | None, explicit: str | None, year: int | None) -> int | None:
    if explicit:
        return int(explicit)
    if rel is None:
        return year
    r = rel.lower()
    if year is None:
        return None
    if "vorjahr" in r or any(w in r for w in ("vergangen", "letzt", "vorig", "abgelaufen")):
        return year - 1
    if "nächst" in r or "kommend" in r:
        return year + 1
    return year


def _resolve(m: re.Match[str], year: int | None, month: int | None) -> PeriodHit | None:
    """The period a ``PERIOD`` match names, resolved against the article year/month."""
    g = m.group
    kind = "y"
    for name in ("mn", "qn", "h", "q", "mr", "yr", "un", "unr", "none", "rel", "ms", "y"):
        if g(name) is not None:
            kind = name
            break
    span = (m.start(), m.end())
    if kind in ("mn", "qn", "h", "q", "mr"):
        y = _year_of(g(kind + "_rel"), g(kind + "_y"), year)
        if kind == "mn":
            if (g("mn_first") or "").lower().strip() in ("letzten", "vergangenen"):
                return PeriodHit(*span, None)
            n = g("mn_n").lower()
            first, last = 1, int(n) if n.isdigit() else _SMALL[n]
        elif kind == "qn":
            n = g("qn_n").lower()
            first, last = 1, 3 * (int(n) if n.isdigit() else _SMALL[n])
        elif kind == "h":
            first = 1 if g("h_w").lower() in ("ersten", "1.") else 7
            last = first + 5
        elif kind == "q":
            w = g("q_w").lower()
            qn = int(w[0]) if w[0].isdigit() else _SMALL[w]
            first, last = 3 * qn - 2, 3 * qn
        else:
            first, last = _MONTHS[g("mr_a").lower()], _MONTHS[g("mr_b").lower()]
        if y is None or not 1 <= first <= last <= 12:
            return PeriodHit(*span, None)
        return PeriodHit(*span, f"{y}-{first:02d}..{y}-{last:02d}")
    if kind == "yr":
        a, b = g("yr_a"), g("yr_b")
        b = a[:2] + b if len(b) == 2 else b
        return PeriodHit(*span, f"{a}..{b}") if a < b else None
    if kind == "un":
        return PeriodHit(*span, g("un_y"), until=True)
    if kind == "unr":
        y = _year_of(g("unr_rel") or "dieses", None, year)
        return PeriodHit(*span, str(y) if y else None, until=True)
    if kind == "none":
        return PeriodHit(*span, None)
    if kind == "rel":
        rel = "vorjahr" if g("rel_prev") is None and g("rel_this") is None and g("rel_next") is None else (
            g("rel_prev") or g("rel_next") or "dieses")
        y = _year_of(rel, g("rel_y"), year)
        return PeriodHit(*span, str(y) if y else None)
    if kind == "ms":
        mon = _MONTHS[g("ms_m").lower()]
        y = int(g("ms_y")) if g("ms_y") else (None if year is None else year - (month is not None and mon > month))
        return PeriodHit(*span, f"{y}-{mon:02d}" if y else None)
    return PeriodHit(*span, g("y_y"))


def find_periods(text: str, start: int, end: int, year: int | None, month: int | None) -> list[PeriodHit]:
    """Period phrases in ``text[start:end]``, resolved against the article's year and month (relative
    phrases resolve to None without them). Comparison baselines ("gegenüber dem Vorjahr", "als im
    Jahr davor") and the years of dates ("am 5. Juli 2024") are left out.

    >>> [p.period for p in find_periods("In den neun Monaten des Jahres 2024 und im Vorjahr", 0, 50, 2025, 3)]
    ['2024-01..2024-09', '2024']
    """
    if not PERIOD_ANCHOR.search(text, start, end):
        return []  # most sentences name no period: one scan for literals instead of the whole grammar
    found = []
    for m in PERIOD.finditer(text, start, end):
        before = text[max(start, m.start() - 40):m.start()]
        if _BASELINE.search(before):
            continue
        if m.group("y") and _DATE_BEFORE.search(before):
            continue  # the year of a date ("am 5. Juli 2024")
        if m.group("y") and _AMOUNT_AFTER.match(text, m.end()):
            continue  # an amount that looks like a year ("2024 Mio. Dollar", "1995 Tonnen")
        p = _resolve(m, year, month)
        if p is not None:
            found.append(p)
    return found
