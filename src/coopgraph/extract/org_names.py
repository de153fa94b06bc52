"""Organization names that are not bodies around a head noun: companies after a type noun ("Unternehmen
Brestmasch"), with a legal form ("PT Bukit Asam"), by company morphology ("Belpromprojekt"), clubs in sports
news ("Dinamo Minsk"), a full name before its acronym and acronyms. Word lists in data/org_patterns.jsonl."""
from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .orgs import OPEN_QUOTES, _cap, _head_of, _pat, _Text, nominative_name
from .persons import OrgHit, PlaceHit

ROMAN = re.compile(r"^[IVXLCDM]+$")


@lru_cache(maxsize=100_000)
def _is_type_compound(word: str) -> bool:
    """'Maschinenbauunternehmen', 'Textilbetrieb': a compound ending in a company type noun."""
    return any(word.endswith(t.lower()) and len(word) > len(t) + 2 for t in _pat("company_type_nouns") if " " not in t)


@lru_cache(maxsize=100_000)
def _inert(word: str) -> bool:
    """A word no company rule can start at (no type noun, legal form, foreign company noun or company
    morphology): judged once per word, the patterns being fixed for the process."""
    if word in _pat("company_type_nouns") or _is_type_compound(word) or word in _pat("legal_forms_before") \
            or word in _pat("foreign_company_nouns") or word in _pat("legal_forms_after"):
        return False
    core = word.rstrip("-")
    return len(core) < 6 or not _pat("company_morphology").match(core)


def companies(tx: _Text, text: str) -> list[OrgHit]:
    """Company names the gazetteer does not know: after a type noun, with a legal form, by morphology."""
    hits: list[OrgHit] = []
    types = _pat("company_type_nouns")
    before, after = _pat("legal_forms_before"), _pat("legal_forms_after")
    morph = _pat("company_morphology")
    foreign = _pat("foreign_company_nouns")
    n = len(tx.words)
    for i in range(len(tx.words)):
        w = tx.words[i]
        if not w[0].isupper() or _inert(w):
            continue  # every rule below starts at a capitalized word
        # a name after a type noun: "Maschinenbauunternehmen Brestmasch", "Textilbetrieb „Mogotex“"
        is_type = w in types or _is_type_compound(w)
        if is_type and i + 1 < n:
            k = i + 1
            if tx.t(k) in OPEN_QUOTES:
                close = next((j for j in range(k + 1, min(k + 9, n)) if tx.t(j) in OPEN_QUOTES[tx.t(k)]), None)
                if close is not None and close > k + 1 and _cap(tx.t(k + 1)):
                    s, e = tx.starts[k + 1], tx.ends[close - 1]
                    hits.append(OrgHit(s, e, text[s:e], "company", None, None, "org:typed-name-quoted"))
                continue
            if tx.proper(k) and tx.place(k) is None and not _head_of(tx.t(k)) and tx.t(k) not in before:
                j = k + 1
                while j < k + 3 and ((tx.t(j).isupper() and len(tx.t(j)) >= 2) or (
                        tx.proper(j) and tx.place(j) is None and not _head_of(tx.t(j)))):
                    j += 1  # "Zeitung Sowjetskaja Pravda", "Firma ABC KRAN"
                s, e = tx.starts[k], tx.ends[j - 1]
                hits.append(OrgHit(s, e, text[s:e], "company", None, None, "org:typed-name"))
                continue
        # legal forms: "PT Bukit Asam", "OAO „Naftan“", "Siemens AG"
        if w in before and w.isupper() and i + 1 < n and (tx.proper(i + 1) or tx.t(i + 1) in OPEN_QUOTES):
            k = i + 1
            if tx.t(k) in OPEN_QUOTES:
                close = next((j for j in range(k + 1, min(k + 9, n)) if tx.t(j) in OPEN_QUOTES[tx.t(k)]), None)
                if close is None:
                    continue
                j = close + 1
            else:
                j = k
                while j < k + 3 and tx.proper(j) and tx.place(j) is None:
                    j += 1
            s, e = tx.starts[i], tx.ends[j - 1]
            hits.append(OrgHit(s, e, " ".join(text[s:e].split()), "company", None, None, "org:legal-form"))
            continue
        if w in foreign and i > 0 and tx.proper(i - 1) and tx.place(i - 1) is None and not tx.is_given(i - 2):
            # "Veneminsk Tractores", "X Motors": a foreign company noun after a name
            s = tx.starts[i - 2] if tx.proper(i - 2) and tx.place(i - 2) is None else tx.starts[i - 1]
            hits.append(OrgHit(s, tx.ends[i], text[s:tx.ends[i]], "company", None, None, "org:foreign-company-noun"))
            continue
        if w in after and i > 0 and tx.proper(i - 1) and tx.place(i - 1) is None and not tx.is_given(i - 2):
            s = tx.starts[i - 1]
            hits.append(OrgHit(s, tx.ends[i], text[s:tx.ends[i]], "company", None, None, "org:legal-form-after"))
            continue
        # company morphology: "Belhydromet", "Belpromprojekt", "Mogotex"
        core = w.rstrip("-")
        if len(core) < 6 or not morph.match(core):
            continue
        german = core.lower() in lexicon.german_words() if core.startswith("Bel") else lexicon.is_german_word(core)
        if morph.match(core) and not german and tx.place(i) is None \
                and core not in tx.given and core not in lexicon.name_stopwords():
            hits.append(OrgHit(tx.starts[i], tx.starts[i] + len(core), core, "company", None, None, "org:company-morphology"))
    return hits


def clubs(tx: _Text) -> list[OrgHit]:
    """'Dinamo Minsk', 'SKA Sankt Petersburg': a club prefix and a city, in a text about sports."""
    cues = _pat("sport_cues")
    if cues.isdisjoint(tx.words):
        return []
    prefixes = _pat("club_prefixes")
    hits = []
    for i in range(len(tx.words)):
        if tx.words[i] in prefixes:
            end = tx.place(i + 1)
            p = tx.place_at.get(tx.starts[i + 1]) if end is not None else None
            if end is not None and p is not None and p.entry.kind in ("city", "region"):
                s, e = tx.starts[i], tx.ends[end - 1]
                hits.append(OrgHit(s, e, " ".join(tx.text[s:e].split()), "association", None, None, "org:club"))
    return hits


# "Kontinentale Hockey-Liga (KHL)": the full name before an acronym in brackets
NAME_BEFORE_ACRONYM = re.compile(
    r"(?P<name>[A-ZÄÖÜ][\w\-]+(?:\s+(?:[A-ZÄÖÜ][\w\-]+|für|der|des|und|von))*?\s+[A-ZÄÖÜ][\w\-]+)"
    r"\s+\((?P<acr>[A-ZÄÖÜ][A-Za-zÄÖÜ]{1,7})\)")
_ACR_IN_BRACKETS = re.compile(r"\((?!BelTA\))[A-ZÄÖÜ][A-Za-zÄÖÜ]{1,7}\)")
_NUMBER_BEFORE = re.compile(r"\d[\d.,]*\s*$")


def acronyms(tx: _Text, text: str, places: list[PlaceHit]) -> list[OrgHit]:
    hits: list[OrgHit] = []
    gazetteer = lexicon.organizations()
    for m in (NAME_BEFORE_ACRONYM.finditer(text) if _ACR_IN_BRACKETS.search(text) else ()):
        words = m.group("name").split()
        acr = m.group("acr")
        if any(h[0] == 0 and h[1] == len(acr) for h in gazetteer.find(acr)):
            continue  # a known organization: the gazetteer names it
        # keep the shortest tail of the phrase that starts with the acronym's first letter
        for k in range(len(words) - 1, -1, -1):
            if words[k][:1] == acr[:1] and words[k][:1].isupper():
                name = " ".join(words[k:])
                if not lexicon.is_german_word(words[k]) or len(words) - k >= 2:
                    start = m.start("name") + len(" ".join(words[:k])) + (1 if k else 0)
                    hits.append(OrgHit(start, m.end(), nominative_name(name), "other", None, None,
                                       "org:name-with-acronym"))
                break
    stop = _pat("acronym_stop")
    agencies = {a.upper() for row in _agencies() for a in row}
    for m in _pat("acronym").finditer(text):
        a = m.group("a")
        if a in stop or a.upper() in stop or a.upper() in agencies or len(a.replace("-", "")) < 2 or ROMAN.match(a):
            continue
        if any(p.start <= m.start() < p.end for p in places) or lexicon.places().find(a.capitalize()):
            continue  # a place in capitals: a dateline ("PEKING.")
        if _NUMBER_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue  # a unit after a number: "100 PS"
        if len(a) >= 3 and a.lower() in lexicon.german_words():
            continue  # a German word in capitals: "VIDEO", "NEU"
        line_start, line_end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
        words = text[line_start:line_end if line_end >= 0 else len(text)].split()
        if len(words) >= 3 and sum(w.isupper() and len(w) >= 3 for w in words) * 2 > len(words):
            continue  # a line in capitals: a headline or caption, not acronyms
        hits.append(OrgHit(m.start("a"), m.end("a"), a, "other", None, None, "org:acronym"))
    return hits


def _agencies() -> list[list[str]]:
    from ..resources import load_jsonl

    return [[r.get("name", ""), *r.get("aliases", [])] for r in load_jsonl("agencies.jsonl")]


_WORD_BEFORE = re.compile(r"(?<![\w-])([A-ZÄÖÜ][a-zäöü]{4,}[a-z]*)$")
_SUBJECT_MORPHOLOGY = re.compile(r"(zh|sh|kh|mash|prom|stroi|tech|agro|neft|gaz|holding)")


def unknown_subjects(text: str, places: list[PlaceHit]) -> list[OrgHit]:
    """An unknown capitalized word with company morphology acting as the subject of an economic verb."""
    hits = []
    for v in _pat("subject_verbs").finditer(text):
        m = _WORD_BEFORE.search(text, max(0, v.start() - 40), v.start())
        if m is None:
            continue
        word = m.group(1)
        if not _SUBJECT_MORPHOLOGY.search(word.lower()) or re.search(r"(ow|ew|in|ko|itsch)$", word):
            continue
        if lexicon.is_german_word(word) or word in lexicon.given_names() or word in lexicon.name_stopwords():
            continue
        if any(p.start <= m.start() < p.end for p in places):
            continue
        hits.append(OrgHit(m.start(1), m.end(1), word, "company", None, None, "org:unknown-subject"))
    return hits
