"""PERIOD puts a lookahead for the characters each branch can start with before the branch (``_PERIOD_BRANCHES``).
The lookaheads only skip branches that cannot match where they are tried: the characters each branch can start
with (read from the parsed branch) lie in its set, and PERIOD finds exactly what the grammar without the
lookaheads finds (spans and every group) on the sample corpus, the test fixtures and random phrases built from
the grammar's own words."""
from __future__ import annotations

import random
import re
import re._constants as C
import re._parser as P
from pathlib import Path
from typing import Any

import pytest

from coopgraph.extract import numbers
from coopgraph.extract.numbers import PERIOD, find_periods, period_pattern
from coopgraph.resources import sample_corpus_path

PLAIN = re.compile(period_pattern(prefilter=False))
DIGITS = "".join(chr(c) for c in range(0x110000) if re.fullmatch(r"\d", chr(c)))


def _first(items: Any) -> tuple[set[str], bool]:
    """The characters a parsed sequence can start with, and whether it can match the empty string; a
    category stands for every character it holds (only \\d occurs at the start of a branch)."""
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            return out | {chr(av)}, False
        if op is C.IN:
            for iop, iav in av:
                if iop is C.LITERAL:
                    out.add(chr(iav))
                elif iop is C.RANGE:
                    out |= {chr(c) for c in range(iav[0], iav[1] + 1)}
                elif iop is C.CATEGORY and iav is C.CATEGORY_DIGIT:
                    out |= set(DIGITS)
                else:
                    raise AssertionError(f"unexpected {iop} {iav} at the start of a branch")
            return out, False
        if op is C.SUBPATTERN:
            first, empty = _first(av[-1])
            out |= first
            if not empty:
                return out, False
        elif op is C.BRANCH:
            empty_any = False
            for alt in av[1]:
                first, empty = _first(alt)
                out |= first
                empty_any = empty_any or empty
            if not empty_any:
                return out, False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _, sub = av
            first, empty = _first(sub)
            out |= first
            if lo > 0 and not empty:
                return out, False
        elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # zero width: the next item consumes the first character
        else:
            raise AssertionError(f"unexpected {op} at the start of a branch")
    return out, True


@pytest.mark.parametrize("k", range(len(numbers._PERIOD_BRANCHES)))
def test_each_branch_starts_with_a_character_of_its_set(k: int) -> None:
    first_set, branch = numbers._PERIOD_BRANCHES[k]
    first, empty = _first(P.parse(branch))
    assert not empty and first
    allowed = re.compile(f"[{first_set}]")
    missing = sorted(c for c in first if not allowed.fullmatch(c))
    assert not missing, (branch[:40], missing)


def test_the_plain_form_is_the_grammar_without_lookaheads() -> None:
    assert "(?=[" not in PLAIN.pattern
    assert PLAIN.groupindex == PERIOD.groupindex
    assert PERIOD.pattern.count("(?=[") == len(numbers._PERIOD_BRANCHES) + 1


def _words() -> list[str]:
    """Every word of the grammar, with its other capitalization, plus numbers, years and punctuation."""
    words = set(re.findall(r"[A-Za-zÄÖÜäöüß]+", PLAIN.pattern)) - {"P", "Ww", "Ii", "s", "d", "w"}
    words |= {w[:1].swapcase() + w[1:] for w in words}
    words |= {"1.", "2.", "3.", "4.", "5.", "2", "3", "12", "9", "2019", "2024", "2030", "1999", "24", "٣", "١٢",
              "-", "–", "—", "/", "(", ")", ",", ".", "2024,5", "Mio.", "Prozent", "Handel", "Minsk"}
    return sorted(words)


CORE = ["in", "In", "im", "Im", "den", "der", "des", "die", "dem", "seit", "bis", "Bis", "von", "für", "zum", "Ende",
        "ersten", "zweiten", "letzten", "vergangenen", "laufenden", "kommenden", "neun", "zwei", "drei", "beiden",
        "Monaten", "Monate", "Quartal", "Quartalen", "Halbjahr", "Jahr", "Jahres", "Jahre", "Jahren", "Vorjahr",
        "Januar", "März", "Mai", "August", "2024", "2023", "2019", "21", "1.", "2.", "3", "und", "-"]


def _phrases(n: int, seed: int) -> list[str]:
    """Runs of the grammar's words, half of them drawn from the words most branches are made of."""
    rnd = random.Random(seed)
    words = _words()
    seps = [" ", " ", " ", " ", "  ", "\n", "", "-", "–"]
    out = []
    for _ in range(n):
        k = rnd.randint(1, 9)
        out.append("".join(rnd.choice(CORE if rnd.random() < 0.6 else words) + rnd.choice(seps) for _ in range(k)))
    return out


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample_corpus_path().iterdir()) if p.is_file()]
    fixtures = Path(__file__).parent / "fixtures" / "articles"
    texts += [p.read_text(encoding="utf-8") for p in sorted(fixtures.rglob("*")) if p.is_file()]
    return texts + [
        "in den ersten neun Monaten 2024", "In den letzten zwei Jahren", "im ersten Halbjahr des laufenden Jahres",
        "von Januar bis Mai 2023", "Januar–März", "in den Jahren 2019 bis 2021", "2020-22", "bis Ende 2030",
        "bis zum Jahresende", "seit Jahresbeginn", "über mehreren Jahren", "im vergangenen Jahr 2023",
        "des Vorjahres", "im März 2024", "im Jahr 2024", "Januar-August 2024", "1. Quartal", "4. Quartale",
        "für die Jahre 2025 und 2026", "zwischen 2019-2020", "in ٣ Monaten", "١٢ Monate", "x2024", "_im Jahr 2024",
        "2im März", "binnen zwei Jahren", "in den ersten drei Quartalen 2024", "bis Ende des laufenden Jahres", "Über einigen Jahren", "nächsten Jahres", "Folgenden Jahr",
    ]


def _matches(p: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> list[tuple[Any, ...]]:
    end = len(text) if end is None else end
    return [(m.span(), m.groups(), m.lastgroup) for m in p.finditer(text, start, end)]


def test_period_finds_what_the_plain_grammar_finds() -> None:
    texts = _texts() + _phrases(20000, 11)
    hits = 0
    for t in texts:
        plain = _matches(PLAIN, t)
        assert _matches(PERIOD, t) == plain, t
        hits += len(plain)
    assert hits > 3000  # the phrases exercise the grammar
    for name in (name for name in PERIOD.groupindex if "_" not in name):  # every branch matched somewhere
        assert any(m.group(name) for t in texts for m in PLAIN.finditer(t)), name


def test_period_finds_what_the_plain_grammar_finds_inside_a_range() -> None:
    rnd = random.Random(5)
    for t in _texts()[:40] + _phrases(3000, 12):
        s = rnd.randint(0, len(t))
        e = rnd.randint(s, len(t))
        assert _matches(PERIOD, t, s, e) == _matches(PLAIN, t, s, e), (t, s, e)


def test_find_periods_is_unchanged_on_a_known_phrase() -> None:
    text = "In den neun Monaten des Jahres 2024 und im Vorjahr"
    assert [p.period for p in find_periods(text, 0, len(text), 2025, 3)] == ["2024-01..2024-09", "2024"]
