"""RawDoc -> Article: main text, boilerplate and repeated paragraphs out, whitespace and quotation
marks normalized with an exact offset map, title / dateline / body split, language, date."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from .dates import Dateline, infer_date, parse_dateline, parse_header, title_place
from .errors import NoArticle
from .htmltext import html_to_text, looks_like_html
from .ingest.decode import scrub_surrogates
from .models import Article, RawDoc
from .resources import load_jsonl

# Inside a paragraph: whitespace runs -> one space; invisible characters -> nothing;
# rare double-quote look-alikes -> '"'. Directional marks („ “ ” « » ‹ ›) are kept as written.
_NORMALIZE = re.compile(r"(?P<ws>\s{2,}|[^\S ])|(?P<inv>[\u00ad\u200b\u200c\u200d\u2060\ufeff])|(?P<q>[″＂〃‟〝〞])")
# Every character _NORMALIZE can start a match at is a space or not printable (str.isprintable: whitespace
# other than " " and the invisible characters are in Unicode's Other and Separator categories), except the
# quote look-alikes: a span that is printable, holds no two spaces in a row and no look-alike has nothing
# to normalize (tests/test_clean_normalize.py checks this on every code point and against the plain scan).
_QUOTE_LOOKALIKE = re.compile(r"[″＂〃‟〝〞]")
_TERMINAL = tuple('.!?:;"“”»«)…')
PARAGRAPH_SEP = "\n\n"
SOURCE_URL = re.compile(r"^(?:Quelle|Source|URL|Link)?\s*:?\s*(https?://\S+)\s*$", re.IGNORECASE)


@dataclass
class _Rules:
    drop: list[tuple[str, str, re.Pattern[str]]] = field(default_factory=list)  # (id, kind, regex)
    truncate: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    any_rule: re.Pattern[str] | None = None  # all patterns at once: most lines match none, so test that first


@lru_cache(maxsize=1)
def boilerplate_rules() -> _Rules:
    rules = _Rules()
    for row in load_jsonl("boilerplate.jsonl"):
        rx = re.compile(row["pattern"], re.IGNORECASE)
        if row.get("action") == "truncate":
            rules.truncate.append((row["id"], rx))
        else:
            rules.drop.append((row["id"], row["kind"], rx))
    patterns = [rx.pattern for _, _, rx in rules.drop] + [rx.pattern for _, rx in rules.truncate]
    rules.any_rule = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    return rules


@lru_cache(maxsize=1)
def _agencies() -> tuple[dict[str, str], list[tuple[str, str]]]:
    names: dict[str, str] = {}
    credits: list[tuple[str, str]] = []
    for row in load_jsonl("agencies.jsonl"):
        for alias in row["aliases"]:
            names[alias.lower()] = row["name"]
        for pat in row.get("credit_patterns", []):
            credits.append((pat.lower(), row["name"]))
    return names, credits


def normalize_agency(raw: str | None) -> str | None:
    if not raw:
        return None
    names, _ = _agencies()
    key = raw.strip().lower()
    return names.get(key) or names.get(key.split("/")[0].strip()) or raw.strip()


@lru_cache(maxsize=1)
def _credit_phrase() -> re.Pattern[str]:
    """A sentence that credits a known agency: "Das berichtet die amtliche Telegrafenagentur BelTA",
    "teilt BELTA unter Berufung auf ... mit", "berichtet der Nachrichtendienst AIZ", "wie ein
    AZERTAC-Sonderkorrespondent mitteilte"."""
    names, _ = _agencies()
    alias = "|".join(sorted((re.escape(a) for a in names if len(a) >= 3), key=len, reverse=True))
    return re.compile(
        r"(?:\b(?:[Nn]achrichten|[Tt]elegrafen|[Tt]elegraphen|[Ii]nformations|[Pp]resse)?[Aa]gentur\s+"
        r"|\b[Nn]achrichtendienst\s+"
        r"|\b(?:berichtet|berichtete|meldet|meldete|teilt|teilte)\s+(?:(?:die|der|das)\s+(?:\w+\s+){0,2})?"
        r"|\bunter\s+Berufung\s+auf\s+(?:die\s+(?:\w+\s+){0,2})?)"
        r"(?P<name>" + alias + r")(?![\w])"
        r"|\b(?P<name2>" + alias + r")-(?:[Ss]onder)?[Kk]orrespondent", re.IGNORECASE)


def credited_agency(raw_text: str, url: str | None) -> str | None:
    """An agency credited outside the dateline: 'Quelle: BelTA', 'www.belta.by', the page URL, or a
    crediting phrase ("berichtet die Nachrichtenagentur BelTA")."""
    names, credits = _agencies()
    low = raw_text.lower()
    for pat, name in credits:
        if pat.startswith("quelle:"):
            if re.search(r"(?m)^\s*" + re.escape(pat) + r"\b", low):
                return name
        elif re.search(r"(?<![\w.])" + re.escape(pat) + r"(?!\w)", low):
            return name
    if url:
        host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0]
        for pat, name in credits:
            if "." in pat and " " not in pat and "/" not in pat and host.endswith(pat.removeprefix("www.")):
                return name
    m = _credit_phrase().search(raw_text)
    if m:
        return names.get((m.group("name") or m.group("name2")).lower())
    return None


# a dateline without a date: "PEKING. China und Belarus ...", "BERLIN – Die ..."
BARE_DATELINE = re.compile(r"^\s*(?P<place>[A-ZÄÖÜ]{3,}(?:[ -][A-ZÄÖÜ]{2,}){0,2})(?:\s*\.|\s+[-–—])\s+(?=[A-ZÄÖÜ])")


def bare_dateline_place(paragraph: str) -> str | None:
    """The place of a dateline that gives no date, when the capitalised word is a known place."""
    m = BARE_DATELINE.match(paragraph)
    if not m:
        return None
    from .extract import lexicon

    place = title_place(m.group("place"))
    hits = lexicon.places().find(place)
    if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(place) and hits[0][2][0][1].kind in ("city", "country"):
        return place
    return None


@dataclass
class _Line:
    start: int
    end: int  # raw offsets of the stripped line
    text: str


def _lines(raw: str) -> list[_Line | None]:
    """Stripped lines with raw offsets; None marks a blank line."""
    out: list[_Line | None] = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            out.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        else:
            out.append(None)
        pos += len(piece)
    return out


def _normalize_span(raw: str, start: int, end: int, clean_pos: int,
                    out: list[str], segs: list[tuple[int, int, int]], scan_all: bool = False) -> int:
    """Append the normalized raw[start:end] to ``out``; record offset runs; return new clean_pos.
    ``scan_all`` scans every span, also those the shortcut below skips (the reference its test compares with)."""
    pos = start
    span = raw[start:end]
    if not scan_all and span.isprintable() and "  " not in span and _QUOTE_LOOKALIKE.search(span) is None:
        matches: Iterable[re.Match[str]] = ()  # most paragraphs: nothing to normalize (see _QUOTE_LOOKALIKE)
    else:
        matches = _NORMALIZE.finditer(raw, start, end)
    for m in matches:
        if m.start() > pos:
            out.append(raw[pos:m.start()])
            segs.append((clean_pos, pos, m.start() - pos))
            clean_pos += m.start() - pos
        if m.lastgroup == "ws":
            out.append(" ")
            segs.append((clean_pos, m.start(), 1))
            clean_pos += 1
        elif m.lastgroup == "q":
            out.append('"')
            segs.append((clean_pos, m.start(), 1))
            clean_pos += 1
        pos = m.end()
    if end > pos:
        out.append(raw[pos:end])
        segs.append((clean_pos, pos, end - pos))
        clean_pos += end - pos
    return clean_pos


def _squash(text: str) -> str:
    return " ".join(text.split())


_WORD = re.compile(r"\w+")


def _dedupe_key(text: str) -> str:
    """The lower-cased words of ``text`` joined by single spaces: what replacing every non-word run by a
    space and stripping gives (tests/test_clean_normalize.py compares the two), in one C-level join instead
    of a substitution at every space."""
    return " ".join(_WORD.findall(text.lower()))


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_GERMAN_FUNCTION_WORDS = frozenset(
    "der die das und ist mit von den dem des für im zu auf nicht sich ein eine einer auch wird werden hat haben "
    "sei sind bei über nach wie aus zur zum am als dass".split())


def detect_language(text: str) -> tuple[str | None, float | None]:
    """py3langid on the first 800 characters; a text whose words are mostly German function words
    (over 25 % of the first 150) is German without asking the model, which costs ~1 ms an article."""
    sample = text[:800]
    if len(sample.strip()) < 20:
        return None, None
    words = sample.lower().split()[:150]
    if len(words) >= 40:
        share = sum(w.strip(".,;:!?\"„“()") in _GERMAN_FUNCTION_WORDS for w in words) / len(words)
        if share >= 0.25:
            return "de", 1.0
    lang, prob = _language_identifier().classify(sample)
    return lang, round(float(prob), 4)


def clean(raw: RawDoc, min_chars: int = 40) -> Article:
    """Turn one RawDoc into an Article, or raise NoArticle."""
    url, title, given = raw.url, raw.title, None
    if raw.date:
        given = (raw.date, raw.date_source or "source metadata date")
    # Readers replace lone surrogates at decode time; a RawDoc built by a caller may still hold one.
    text_in = scrub_surrogates(raw.content)
    if raw.fmt in ("html", "warc") or (raw.fmt in ("feed", "jsonl") and looks_like_html(raw.content)):
        page = html_to_text(text_in, min_chars)
        text_in = page.text
        title = title or page.title
        url = url or page.url
        if given is None and page.date:
            given = (page.date, page.date_source or "HTML metadata")

    rules = boilerplate_rules()
    removed: dict[str, int] = {}
    header: tuple[date, str] | None = None
    credit_line_agency: str | None = None
    content: list[list[_Line]] = [[]]  # groups of consecutive content lines (blank/dropped lines split)
    body_started = False
    for line in _lines(text_in):
        if line is None:
            content.append([])
            continue
        hit = rules.any_rule is not None and rules.any_rule.match(line.text) is not None
        if hit and body_started and any(rx.match(line.text) for _, rx in rules.truncate):
            removed["footer"] = removed.get("footer", 0) + 1
            break
        hdr = parse_header(line.text)
        if hdr is not None:
            if header is None or (hdr[1] and not header[1].count(":")):
                header = (hdr[0], line.text)
            removed["header_date"] = removed.get("header_date", 0) + 1
            content.append([])
            continue
        kind = next((k for _, k, rx in rules.drop if rx.match(line.text)), None) if hit else None
        if kind is None and hit and any(rx.match(line.text) for _, rx in rules.truncate):
            kind = "footer"
        src = SOURCE_URL.match(line.text)
        if kind is None and src:
            url = url or src.group(1)
            kind = "source_url"
        if kind is None and re.match(r"^Quelle\s*:\s*\S", line.text):
            credit_line_agency = normalize_agency(line.text.split(":", 1)[1])
            kind = "source_line"
        if kind is not None:
            removed[kind] = removed.get(kind, 0) + 1
            content.append([])
            continue
        content[-1].append(line)
        if len(line.text) > 80:
            body_started = True

    # Paragraphs: a group is one paragraph per line, except hard-wrapped prose, which is joined.
    paragraphs: list[tuple[int, int, str]] = []
    for group in content:
        i = 0
        while i < len(group):
            j = i
            while (j + 1 < len(group) and len(group[j].text) >= 50 and not group[j].text.endswith(_TERMINAL)
                   and group[j + 1].text[:1].islower()):
                j += 1
            paragraphs.append((group[i].start, group[j].end, text_in[group[i].start:group[j].end]))
            i = j + 1

    # Dateline, title and page furniture before it.
    dateline: Dateline | None = None
    first_body = 0
    for idx, (_, _, ptext) in enumerate(paragraphs[:12]):
        dl = parse_dateline(ptext)
        if dl is not None:
            dateline, first_body = dl, idx
            break
    bare_place = None
    if dateline is None:
        for _, _, ptext in paragraphs[:6]:
            bare_place = bare_dateline_place(ptext)
            if bare_place:
                break
    if dateline is not None:
        before = paragraphs[:first_body]
        if before and title is None and len(before[-1][2]) <= 300:
            title = _squash(before[-1][2])
        if before:
            removed["before_dateline"] = len(before)
        paragraphs = paragraphs[first_body:]
    elif paragraphs and title is None and len(paragraphs) >= 2:
        first = paragraphs[0][2].strip()
        if len(first) <= 200 and not first.endswith(_TERMINAL):
            title = _squash(first)
            paragraphs = paragraphs[1:]
    if title and paragraphs and _dedupe_key(paragraphs[0][2]) == _dedupe_key(title):
        paragraphs = paragraphs[1:]

    # Repeated paragraphs are stored once (the first time they occur).
    seen: set[str] = set()
    kept: list[tuple[int, int, str]] = []
    for p in paragraphs:
        key = _dedupe_key(p[2])
        if len(key) >= 30 and key in seen:
            removed["repeated_paragraph"] = removed.get("repeated_paragraph", 0) + 1
            continue
        seen.add(key)
        kept.append(p)

    out: list[str] = []
    segs: list[tuple[int, int, int]] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for n, (start, end, _) in enumerate(kept):
        if n:
            out.append(PARAGRAPH_SEP)
            pos += len(PARAGRAPH_SEP)
        pstart = pos
        pos = _normalize_span(text_in, start, end, pos, out, segs)
        spans.append((pstart, pos))
    text = "".join(out)
    if len(text.strip()) < min_chars:
        raise NoArticle(f"no article text left after cleaning ({len(text.strip())} characters)",
                        "the input holds only page furniture or is too short to be an article")

    dateline_span = None
    agency = None
    if dateline is not None:
        # The dateline sits at the start of the first kept paragraph.
        dl = parse_dateline(text)
        if dl is not None:
            dateline_span = (dl.start, dl.end)
        agency = normalize_agency(dateline.agency)
    agency = agency or credit_line_agency or credited_agency(text_in, url)
    result = infer_date(dateline=dateline, text=text, raw_text=text_in, url=url, header=header, given=given)
    lang, score = detect_language(text)
    return Article(
        id=raw.id, source=raw.source, fmt=raw.fmt, text=text, raw_text=text_in, offset_map=segs,
        paragraphs=spans, title=_squash(title) if title else None, url=url,
        dateline_place=dateline.place if dateline else bare_place, dateline_span=dateline_span, agency=agency,
        date=result.date, date_partial=result.date_partial, year_evidence=result.year_evidence,
        language=lang, language_score=score, encoding=raw.encoding,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(), removed=removed,
    )
