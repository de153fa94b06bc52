"""The per-word judgements that extraction caches for the process (role compound heads, name parts, company
rule starts), the month words read from data, and the date evidence that is scanned only when needed: each
gives what the plain rule gives."""
from __future__ import annotations

from datetime import date

import pytest

from coopgraph.dates import infer_date, parse_dateline
from coopgraph.extract import lexicon
from coopgraph.extract.lexicon import RoleEntry
from coopgraph.extract.numbers import find_periods
from coopgraph.extract.org_names import _inert
from coopgraph.extract.person_roles import role_of_token
from coopgraph.extract.persons import _ALWAYS, _NEVER, _NOT_STRICT, _name_word, _plain_noun
from coopgraph.extract.text import genitive_stems
from coopgraph.resources import load_jsonl


def _role_by_scan(word: str) -> RoleEntry | None:
    """The compound rule written as a scan of every role head, longest first (what the table replaces)."""
    table = lexicon.roles()
    if word in table:
        return table[word]
    for stem in genitive_stems(word):
        if stem in table:
            return table[stem]
    lw = word.lower()
    if not word[:1].isupper():
        return None
    for suffix, entry in lexicon.role_suffixes():
        if lw.endswith(suffix) and len(lw) - len(suffix) >= 3:
            head_form = next(f for f in table if f.lower() == suffix)
            prefix = word[: len(word) - len(suffix)]
            title_head = entry.title if not entry.feminine else head_form
            title = prefix + title_head.lower() if not prefix.endswith("-") else prefix + title_head
            return RoleEntry(entry.role_id, title, entry.kind, entry.anaphor, entry.feminine)
    return None


def test_role_compounds_by_table_match_the_scan_of_every_head() -> None:
    forms = sorted(f for f in lexicon.roles() if " " not in f)
    words = [p + f for p in ("Industrie", "Vize", "Außen", "Agrar-", "Ex") for f in forms]
    words += [w + "s" for w in words[:200]] + ["Haus", "Ministerium", "Petrow", "Min", "Landwirtschaftsministerin"]
    assert words
    for w in words:
        assert role_of_token.__wrapped__(w) == _role_by_scan(w), w


def test_a_compound_keeps_its_modifier_in_the_title() -> None:
    entry = role_of_token("Industrieministers")
    assert entry is not None and entry.title == "Industrieminister"
    assert role_of_token("Haustür") is None


def test_name_words_are_judged_by_the_word() -> None:
    assert _name_word("Gouverneur") == _NEVER  # a role noun
    assert _name_word("Exekutivkomitees") == _NEVER  # a long word with a noun suffix
    assert _name_word("haus") == _NEVER  # not capitalized
    assert _name_word("Kowaljow") == _ALWAYS  # unknown word with a surname ending
    assert _name_word("Brücke") == _NOT_STRICT  # a German noun: a name part only when the context vouches
    assert _plain_noun("Brücke") and not _plain_noun("Alexander") and not _plain_noun("Kowaljow")


def test_company_rule_starts() -> None:
    assert _inert("Brücke") and _inert("Minsk")
    assert not _inert("Unternehmen")  # a type noun
    assert not _inert("Maschinenbauunternehmen")  # a compound ending in one
    assert not _inert("Belpromprojekt")  # company morphology


@pytest.mark.parametrize("row", [r for r in load_jsonl("date_words.jsonl") if r["kind"] == "month"],
                         ids=lambda r: r["id"])
def test_every_month_word_of_the_data_names_its_month_in_a_period(row: dict) -> None:
    for word in row["words"]:
        text = f"Im {word} 2024 stieg der Handel."
        assert [p.period for p in find_periods(text, 0, len(text), 2025, 3)] == [f"2024-{row['value']:02d}"]


def _date(text: str, header: tuple[date, str] | None = None, url: str | None = None):
    return infer_date(dateline=parse_dateline(text), text=text, raw_text=text, url=url, header=header, given=None)


def test_the_strongest_evidence_decides_and_the_text_counts_only_without_it() -> None:
    text = "MINSK, 12. Mai (BelTA) - Im laufenden Jahr 2019 wuchs der Handel, teilte das Ministerium mit."
    by_text = _date(text)
    assert by_text.date == "2019-05-12" and "laufenden Jahr" in by_text.year_evidence
    by_header = _date(text, header=(date(2023, 5, 12), "12.05.2023"))
    assert by_header.date == "2023-05-12" and "header" in by_header.year_evidence
    by_url = _date(text, url="https://example.org/2021/05/12/handel.html")
    assert by_url.date == "2021-05-12"
