"""German datelines and article dates, with the year inferred only from evidence.

Pure functions. ``infer_date`` combines the day/month of the dateline (or of an "am Dienstag,
dem 5. November" phrase) with the strongest year evidence available and says which it used.
Hand-written grammar: dateparser's ``search_dates`` manages about 25 articles/s and guesses a
year where the text gives none, which is exactly what an analyst must not get.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from .resources import load_jsonl

# Month and weekday names, number words and dateline particles are data: data/date_words.jsonl.
_WORDS = load_jsonl("date_words.jsonl")
_MONTH_ROWS = [r for r in _WORDS if r["kind"] == "month"]
MONTHS = {w.lower(): r["value"] for r in _MONTH_ROWS for w in [*r["words"], *r.get("short", [])]}
WEEKDAYS = {w.lower(): r["value"] for r in _WORDS if r["kind"] == "weekday" for w in r["words"]}
# every name before every abbreviation; the lookahead keeps "Jun" from matching inside "Juni"
MONTH_RE = (r"(?:" + "|".join([w for r in _MONTH_ROWS for w in r["words"]] +
                              [w for r in _MONTH_ROWS for w in r.get("short", [])]) + r")(?![A-Za-zäöüß])\.?")
WEEKDAY_RE = r"(?:" + "|".join(w for r in _WORDS if r["kind"] == "weekday" for w in r["words"]) + r")"
MINSK_TZ = timezone(timedelta(hours=3))
YEAR_MIN, YEAR_MAX = 1991, 2035
# A year written in a dateline or header is taken only inside this range: "0023" or "9999" is a typo or noise,
# and a year outside it would make an ISO date other tools cannot read.
PLAUSIBLE_YEARS = range(1900, 2101)

# "MINSK, 13. Februar (BelTA) -", "NISCHNI NOWGOROD, 2. März 2024 (BelTA) –", "Minsk, 5. Mai (Sputnik) —",
# and the TASS style "MOSKAU, 12. September. /TASS/."
DATELINE = re.compile(
    r"^\s*(?P<place>[A-ZÄÖÜ][A-Za-zÄÖÜäöüß.'\- ]{1,40}?),\s*(?P<day>\d{1,2})\.?\s*(?P<month>" + MONTH_RE + r")"
    r"(?:\s+(?P<year>\d{4}))?\s*(?:(?:\((?P<agency>[^()]{2,40})\)\s*)?(?P<dash>[-–—])"
    r"|(?P<slash>\.?\s*/(?P<slash_agency>[A-Za-zÄÖÜ][^/\n]{1,30})/\.?)"
    r"|(?P<comma>,\s*(?P<comma_agency>[A-ZÄÖÜ][A-Za-zÄÖÜ\-]{1,20})\s*$))\s*"  # "Minsk, 19. November, AZERTAC"
)
# "28 Oktober 2022, 09:38", "28. Oktober 2022 09:38", "28.10.2022 09:38"
HEADER = re.compile(
    r"^\s*(?:(?P<wd>" + WEEKDAY_RE + r"),?\s+)?(?P<day>\d{1,2})\.?\s+(?P<month>" + MONTH_RE + r")\s+(?P<year>\d{4})"
    r"(?:\s*,?\s*(?:um\s+)?(?P<time>\d{1,2}:\d{2})(?:\s*Uhr)?)?"
    r"(?:\s*\|?\s*(?:Gelesen|Aufrufe|Ansichten|Views|Kommentare)\s*:?\s*\d+)?\s*$"  # "19 November 2018  Gelesen: 1184"
)
HEADER_NUMERIC = re.compile(r"^\s*(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?:\s*,?\s*(?P<time>\d{1,2}:\d{2}))?\s*$")
RENDER = re.compile(r"^\s*flag\s+" + WEEKDAY_RE + r",?\s+\d{1,2}\.?\s+" + MONTH_RE + r"\s+\d{4}\s*$")
# "am Dienstag, dem 5. November", "am 23. Juni", "Am Mittwoch, 4. Juni" (no year following)
DAY_PHRASE = re.compile(
    r"\b[Aa]m\s+(?:(?P<wd>" + WEEKDAY_RE + r"),?\s+(?:(?:dem|den)\s+)?)?(?P<day>\d{1,2})\.\s*(?P<month>" + MONTH_RE + r")"
    r"(?!\s*\d{4})(?!\s*\d)"
)
# "vom 31. Juli bis 1. August", "vom 3. bis 5. Juni": a visit or fair; its last day dates the report
DAY_RANGE = re.compile(
    r"\b[Vv]om\s+\d{1,2}\.\s*(?:" + MONTH_RE + r"\s*)?(?:bis\s+(?:zum\s+)?|[-–]\s*)(?P<day>\d{1,2})\.\s*"
    r"(?P<month>" + MONTH_RE + r")(?!\s*\d)")
WEEKDAY_DATE = re.compile(
    r"\b(?P<wd>" + WEEKDAY_RE + r"),?\s+(?:(?:dem|den)\s+)?(?P<day>\d{1,2})\.\s*(?P<month>" + MONTH_RE + r")(?!\s*\d)"
)
# 199x or 200x-203x, not inside a longer number. The character before is tested after the first digit is
# consumed: a pattern that opens with a lookbehind makes ``re`` try every position of the text, one that opens
# with a digit skips to the next 1 or 2 in C (about five times faster, the same matches: tests/test_regex_forms.py)
YEAR_IN_TEXT = re.compile(r"((?:1(?<![\d.,/]1)99|2(?<![\d.,/]2)0[0-3])\d)(?![\d.,]\d)")
CURRENT_YEAR_PHRASE = re.compile(  # the first word may open a sentence: "Im laufenden Jahr 2024"
    r"\b(?i:im\s+laufenden|in\s+diesem|des\s+laufenden|dieses|diesen)\s+Jahr(?:es)?\s+(?P<year>(?:19|20)\d{2})\b")
IMAGE_URL = re.compile(r"!\[[^\]]*\]\((?P<url>[^)\s]+)\)|<img[^>]+src=[\"'](?P<src>[^\"']+)")
URL_FULL_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?!\d)")
URL_YEAR = re.compile(r"(?<![\d])((?:19|20)\d{2})(?![\d])")
# BelTA and many CMS slugs end in "-<article id>-<year>": "...-fur-2026-2027-78366-2025" is from 2025, whatever
# other years the slug names
URL_ID_YEAR = re.compile(r"-(?P<id>\d{3,})-(?P<y>(?:19|20)\d{2})/?(?:[?#].*)?$")
TIMESTAMP = re.compile(r"(?<!\d)(1[0-9]{9})(?!\d)")


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


# Lower-case particles inside place names ("Rostow am Don", "Frankfurt an der Oder").
PLACE_PARTICLES = frozenset(w for r in _WORDS if r["id"] == "dateline:place-particles" for w in r["words"])


def title_place(raw: str) -> str:
    """``NISCHNI NOWGOROD`` -> ``Nischni Nowgorod``; ``ROSTOW AM DON`` -> ``Rostow am Don``."""
    small = PLACE_PARTICLES
    words = re.split(r"(\s+|-)", raw.strip())
    out = []
    for i, w in enumerate(words):
        if not w.strip() or w == "-":
            out.append(w)
            continue
        lw = w.lower()
        out.append(lw if (i > 0 and lw in small) else lw[:1].upper() + lw[1:])
    return "".join(out)


@dataclass(frozen=True)
class Dateline:
    place: str
    day: int
    month: int
    year: int | None
    agency: str | None
    start: int
    end: int  # end of the dateline including the dash


def parse_dateline(paragraph: str, offset: int = 0) -> Dateline | None:
    m = DATELINE.match(paragraph)
    if not m:
        return None
    place = m.group("place").strip()
    if len(place.split()) > 4 or place.lower().startswith(("am ", "im ", "seit ")):
        return None
    # A place is capitalised word by word; "Das sagte er, 13. Februar - ..." is a sentence, not a dateline.
    if any(w[:1].islower() and w not in PLACE_PARTICLES for w in re.split(r"[\s\-]+", place) if w):
        return None
    day, month = int(m.group("day")), month_number(m.group("month"))
    if not _valid(None, month, day):
        return None
    year = int(m.group("year")) if m.group("year") else None
    if year is not None and (year not in PLAUSIBLE_YEARS or not _valid(year, month, day)):
        year = None  # "29. Februar 2023" or "0023": the day and month stand, the year is no evidence
    agency = (m.group("agency") or m.group("slash_agency") or m.group("comma_agency") or "").strip() or None
    end = m.end("dash") if m.group("dash") else m.end("slash") if m.group("slash") else m.end("comma")
    return Dateline(title_place(place), day, month, year, agency, offset + m.start("place"), offset + end)


def parse_header(line: str) -> tuple[date, bool] | None:
    """A header date line -> (date, has_time). Render lines (``flag Freitag, ...``) are not headers."""
    if RENDER.match(line):
        return None
    m = HEADER.match(line) or HEADER_NUMERIC.match(line)
    if not m:
        return None
    month = m.group("month")
    mon = int(month) if month.isdigit() else month_number(month)
    y, d = int(m.group("year")), int(m.group("day"))
    if y not in PLAUSIBLE_YEARS or not _valid(y, mon, d):
        return None
    return date(y, mon, d), bool(m.group("time"))


def _valid(y: int | None, m: int, d: int) -> bool:
    try:
        date(y or 2000, m, d)  # 2000 is a leap year, so 29 February passes without a year
        return True
    except ValueError:
        return False


def _closest(day: int, month: int, ref: date) -> date | None:
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        if _valid(y, month, day):
            cand = date(y, month, day)
            if best is None or abs((cand - ref).days) < abs((best - ref).days):
                best = cand
    return best


@dataclass(frozen=True)
class Evidence:
    """A source of the article's date: a full reference date or only a year."""

    what: str
    ref: date | None = None
    year: int | None = None


def image_evidence(raw_text: str) -> list[Evidence]:
    found: list[Evidence] = []
    for m in IMAGE_URL.finditer(raw_text):
        url = m.group("url") or m.group("src") or ""
        for ts in TIMESTAMP.finditer(url):
            value = int(ts.group(1))
            when = datetime.fromtimestamp(value, MINSK_TZ).date()
            if YEAR_MIN <= when.year <= YEAR_MAX:
                found.append(Evidence(f"image URL timestamp {value} = {when.isoformat()}", ref=when))
        years = {int(y) for y in re.findall(r"/((?:19|20)\d{2})/", url) if YEAR_MIN <= int(y) <= YEAR_MAX}
        if len(years) == 1:
            y = years.pop()
            found.append(Evidence(f"image URL path '/{y}/'", year=y))
    return found


def url_evidence(url: str | None) -> list[Evidence]:
    if not url:
        return []
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    m = URL_FULL_DATE.search(path)
    if m and _valid(int(m.group("y")), int(m.group("m")), int(m.group("d"))):
        when = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return [Evidence(f"URL date '{m.group(0)}'", ref=when)]
    m = URL_ID_YEAR.search(path)
    if m and YEAR_MIN <= int(m.group("y")) <= YEAR_MAX:
        return [Evidence(f"URL slug ends '-{m.group('id')}-{m.group('y')}'", year=int(m.group("y")))]
    years = {int(y) for y in URL_YEAR.findall(path) if YEAR_MIN <= int(y) <= YEAR_MAX}
    if len(years) == 1:
        y = years.pop()
        return [Evidence(f"URL slug year '{y}'", year=y)]
    return []


NUMBER_WORDS = {w: r["value"] for r in _WORDS if r["kind"] == "number" for w in r["words"]}
# statistics of a year still running: "in den ersten sechs Monaten (des Jahres) 2019", "im ersten Halbjahr 2019",
# "im ersten Quartal 2019", "von Januar bis September 2019", "im Januar-Mai 2019"
PARTIAL_YEAR = re.compile(
    r"\b(?:[Ii]n\s+den\s+ersten\s+(?P<n>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+Monaten"
    r"|[Ii]m\s+ersten\s+(?P<half>Halbjahr|Quartal)"
    r"|(?:[Vv]on\s+)?Januar\s*(?:[-–/]|bis(?:\s+zum)?|bis\s+Ende)\s*(?P<to>" + MONTH_RE + r"))"
    r"\s+(?:des\s+(?:Jahres\s+)?)?(?P<year>(?:19|20)\d{2})\b")
COMPARISON = re.compile(r"(?:gegenüber|[Vv]ergleich\s+(?:zu|mit)|verglichen\s+mit|als)\s+(?:\w+\s+){0,3}$")


def partial_year_evidence(text: str, day: int | None, month: int | None) -> list[Evidence]:
    """A year still running when the article was written: figures for "the first six months of 2019" are
    reported after June 2019 -- in 2019 when the article's month comes later, else early the next year.
    Only the latest such year counts, and not one named as a comparison ("gegenüber dem ersten Halbjahr")."""
    if day is None or month is None:
        return []
    best: tuple[int, int, str] | None = None
    for m in PARTIAL_YEAR.finditer(text):
        if COMPARISON.search(text[max(0, m.start() - 40):m.start()]):
            continue
        if m.group("n"):
            n = m.group("n")
            end = int(n) if n.isdigit() else NUMBER_WORDS[n]
        elif m.group("half"):
            end = 6 if m.group("half") == "Halbjahr" else 3
        else:
            end = month_number(m.group("to"))
        year = int(m.group("year"))
        if not (1 <= end <= 11) or not YEAR_MIN <= year <= YEAR_MAX:
            continue
        if best is None or year > best[0]:
            best = (year, end, m.group(0))
    if best is None:
        return []
    year, end, phrase = best
    written = year if month > end else year + 1
    return [Evidence(f"text: figures for '{phrase}' are reported in {written}", year=written)]


def text_year_evidence(text: str, day: int | None, month: int | None) -> list[Evidence]:
    """Years from the text count only when a weekday fixes them, or a 'laufenden Jahr 2024' phrase."""
    found: list[Evidence] = []
    years = sorted({int(y) for y in YEAR_IN_TEXT.findall(text) if YEAR_MIN <= int(y) <= YEAR_MAX})
    for m in WEEKDAY_DATE.finditer(text):
        wd, d, mon = WEEKDAYS[m.group("wd").lower()], int(m.group("day")), month_number(m.group("month"))
        fits = [y for y in years if _valid(y, mon, d) and date(y, mon, d).weekday() == wd]
        if len(fits) == 1:
            found.append(Evidence(
                f"weekday: '{m.group(0).strip()}' falls on that weekday in {fits[0]}, a year named in the text",
                ref=date(fits[0], mon, d)))
            break
    for m in CURRENT_YEAR_PHRASE.finditer(text):
        found.append(Evidence(f"text: '{m.group(0)}'", year=int(m.group("year"))))
        break
    return found


def first_day_mention(text: str) -> tuple[int, int] | None:
    """Day and month of the first date the text gives without a year: "am 23. Juni", "Seit Mittwoch, dem
    25. September", the end of "vom 31. Juli bis 1. August"."""
    cands = [m for m in (DAY_PHRASE.search(text), DAY_RANGE.search(text), WEEKDAY_DATE.search(text)) if m]
    for m in sorted(cands, key=lambda m: m.start()):
        day, month = int(m.group("day")), month_number(m.group("month"))
        if _valid(None, month, day):
            return day, month
    return None


@dataclass(frozen=True)
class DateResult:
    date: str | None
    date_partial: str | None
    year_evidence: str


def infer_date(*, dateline: Dateline | None, text: str, raw_text: str, url: str | None,
               header: tuple[date, str] | None, given: tuple[str, str] | None) -> DateResult:
    """Combine day/month with the strongest evidence. Order: container date, article header,
    image timestamp, image year folder, URL date/year, weekday + year in text, 'laufenden Jahr'."""
    day = month = None
    partial = None
    if dateline is not None:
        day, month = dateline.day, dateline.month
        if dateline.year and _valid(dateline.year, month, day):
            return DateResult(date(dateline.year, month, day).isoformat(), None, "dateline gives the year")
    else:
        found = first_day_mention(text)
        if found:
            day, month = found
    if day is not None and month is not None:
        partial = f"--{month:02d}-{day:02d}"

    early: list[Evidence] = []
    if given:
        try:
            early.append(Evidence(given[1], ref=date.fromisoformat(given[0])))
        except ValueError:
            pass
    if header:
        early.append(Evidence(f"article header '{header[1]}'", ref=header[0]))
    # in order of strength, each source scanned only when the stronger ones did not decide
    sources: tuple[Callable[[], list[Evidence]], ...] = (
        lambda: early, lambda: image_evidence(raw_text), lambda: url_evidence(url),
        lambda: text_year_evidence(text, day, month), lambda: partial_year_evidence(text, day, month))
    for ev in (ev for source in sources for ev in source()):
        if ev.ref is not None:
            if day is None or month is None:
                return DateResult(ev.ref.isoformat(), None, ev.what)
            got = _closest(day, month, ev.ref)
            if got is not None and abs((got - ev.ref).days) <= 3:
                return DateResult(got.isoformat(), partial, ev.what)
            continue  # evidence about another day (e.g. an old photo): not this article's date
        if ev.year is not None and day is not None and month is not None and _valid(ev.year, month, day):
            return DateResult(date(ev.year, month, day).isoformat(), partial, ev.what)
    if partial is None:
        return DateResult(None, None, "no date in text or source")
    return DateResult(None, partial, "no year evidence in text or source (day and month only)")
