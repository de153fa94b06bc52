"""``find_offers`` runs an offer/need rule over a cue sentence only when the lower-cased sentence holds one of the
rule's needles (literals every match holds, ``literal_needles``). Pinned: every rule has needles; wherever the
pre-test skips a rule, the rule has no match (sample corpus, fixtures, random texts of the grammar's words);
the offers of the sample corpus are the same with the pre-test switched off."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from coopgraph.extract import extract, offers
from coopgraph.extract.text import split_sentences
from coopgraph.ingest import iter_documents
from coopgraph.models import Extraction
from coopgraph.pipeline import process
from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings


def _texts() -> list[str]:
    paths = sorted(sample_corpus_path().iterdir()) + sorted((Path(__file__).parent / "fixtures" / "articles").rglob("*"))
    return [p.read_text(encoding="utf-8") for p in paths if p.is_file()]


def _random_texts(n: int, seed: int) -> list[str]:
    words = sorted({w for r in offers.grammar().rules for w in re.findall(r"[A-Za-zÄÖÜäöüß„]+", r.regex.pattern)})
    words += ["Belarus", "Traktoren", "Milch", "wir", "sind", "BEREIT", "Interesse", "und", "zu", ",", ".", "“"]
    rnd = random.Random(seed)
    seps = [" ", " ", " ", ", ", "-", ""]
    return ["".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(2, 16))) for _ in range(n)]


def test_every_rule_has_needles() -> None:
    assert all(offers._rule_needles())
    assert len(offers._rule_needles()) == len(offers.grammar().rules)


def test_a_rule_the_pretest_skips_has_no_match() -> None:
    g = offers.grammar()
    cases = [(t, s, e) for t in _texts() for s, e in split_sentences(t)]
    cases += [(t, 0, len(t)) for t in _random_texts(8000, 2)]
    skipped = matched = 0
    for text, s, e in cases:
        low = text[s:e].lower()
        for rule, needles in zip(g.rules, offers._rule_needles(), strict=True):
            found = any(True for _ in rule.regex.finditer(text, s, e))
            matched += found
            if needles is not None and len(low) == e - s and not any(n in low for n in needles):
                skipped += 1
                assert not found, (rule.id, text[s:e])
    assert matched > 300 and skipped > 10000


def test_offers_of_the_sample_corpus_are_the_same_without_the_pretest(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [x.article for x in (process(r) for r in iter_documents([str(sample_corpus_path())], Settings()))
                if isinstance(x, Extraction)]
    with_pretest = [extract(a).offers for a in articles]
    monkeypatch.setattr(offers, "_rule_needles", lambda: (None,) * len(offers.grammar().rules))
    without = [extract(a).offers for a in articles]
    assert with_pretest == without
    assert sum(map(len, with_pretest)) > 5
