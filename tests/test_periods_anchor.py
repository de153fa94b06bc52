"""``find_periods`` skips a text range without any of ``PERIOD_ANCHOR``'s literals: every branch of the PERIOD
grammar must contain one, or a period phrase would be lost. Checked on a phrase of every branch and on every
period the bundled sample corpus names."""
from __future__ import annotations

import pytest

from coopgraph.extract.numbers import PERIOD, PERIOD_ANCHOR, find_periods
from coopgraph.resources import sample_corpus_path

BRANCHES = {  # a phrase of each top-level branch of PERIOD
    "mn": "in den ersten neun Monaten", "qn": "in den ersten drei Quartalen", "h": "im ersten Halbjahr",
    "q": "im dritten Quartal", "mr": "von Januar bis Mai", "yr": "in den Jahren 2019 bis 2021",
    "un": "bis 2030", "unr": "bis Ende des laufenden Jahres", "none": "in den letzten zwei Wochen",
    "rel": "im Vorjahr", "ms": "im März", "y": "im Jahr 2024",
}


def test_the_branches_are_the_ones_checked() -> None:
    top = {name for name in PERIOD.groupindex if "_" not in name}
    assert top == set(BRANCHES)  # a new branch needs a phrase here (and a literal in PERIOD_ANCHOR)


@pytest.mark.parametrize("branch", sorted(BRANCHES))
def test_every_branch_contains_an_anchor(branch: str) -> None:
    phrase = BRANCHES[branch]
    m = PERIOD.search(phrase)
    assert m is not None and m.lastgroup is not None
    assert PERIOD_ANCHOR.search(m.group(0))


def test_every_period_of_the_sample_corpus_contains_an_anchor() -> None:
    n = 0
    for path in sorted(sample_corpus_path().iterdir()):
        text = path.read_text(encoding="utf-8")
        for m in PERIOD.finditer(text):
            assert PERIOD_ANCHOR.search(m.group(0)), m.group(0)
            n += 1
    assert n > 20


def test_a_range_without_an_anchor_has_no_period_and_one_with_it_keeps_its_periods() -> None:
    text = "Die Lieferungen wuchsen deutlich. Im ersten Halbjahr 2024 stiegen sie um 12 Prozent."
    cut = text.index("Im")
    assert find_periods(text, 0, cut, 2024, 7) == []
    assert [p.period for p in find_periods(text, cut, len(text), 2024, 7)] == ["2024-01..2024-06"]
