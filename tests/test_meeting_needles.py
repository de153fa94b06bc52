"""``find_meeting`` tests a sentence for meeting cues only where one of the cues' needles (lower-case literals
every cue match holds) lies inside it. The prefilter must keep every sentence the plain test keeps: pinned on
the sample corpus and fixtures and on random texts of cue words cut into random sentences (cuts inside words
and inside needles included)."""
from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

from coopgraph.extract import lexicon
from coopgraph.extract.meeting import MEETING_KINDS, _cue_needles, _cue_sentences
from coopgraph.extract.projects.status import literal_needles
from coopgraph.extract.text import split_sentences
from coopgraph.resources import sample_corpus_path


def test_every_meeting_cue_has_needles() -> None:
    for rid, kind, p in lexicon.meeting_cues():
        if kind in MEETING_KINDS:
            assert literal_needles(p.pattern), rid
    assert _cue_needles() is not None  # so the prefilter is on


def _texts() -> list[str]:
    paths = sorted(sample_corpus_path().iterdir())
    paths += sorted((Path(__file__).parent / "fixtures" / "articles").rglob("*"))
    return [p.read_text(encoding="utf-8") for p in paths if p.is_file()]


def test_prefilter_keeps_the_sentences_of_the_corpus() -> None:
    kept = 0
    for text in _texts():
        sents = split_sentences(text)
        plain = _cue_sentences(text, sents, prefilter=False)
        assert _cue_sentences(text, sents) == plain
        kept += len(plain)
    assert kept > 30


def _random_text(rnd: random.Random) -> str:
    words = ["Treffen", "treffen", "traf", "trafen", "sich", "zusammen", "Gespräch", "Arbeitsgespräch", "Vize-gespräche",
             "sprach", "besprochen", "Verhandlungen", "erörtert", "Beratungen", "Videokonferenz", "empfing", "Sitzung",
             "unterzeichneten", "Besuch", "besuchte", "weilte", "reiste", "trifft", "heute", "in", "Minsk", "ein",
             "BelTA", "Interview", "mit", "der", "hatte", "mehrfach", "Ministerium", "Handel", "TREFFEN", "İstanbul",
             "GESPRÄCH", "und", "kamen", "die", "Seiten"]
    seps = [" ", " ", " ", ", ", ". ", "-", "", "\n", "„", "“ "]
    return "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 25)))


def test_prefilter_keeps_the_sentences_of_random_texts() -> None:
    rnd = random.Random(9)
    kept = total = 0
    for _ in range(4000):
        text = _random_text(rnd)
        cuts = sorted({0, len(text), *(rnd.randint(0, len(text)) for _ in range(rnd.randint(0, 6)))})
        sents = [(a, b) for a, b in pairwise(cuts) if a < b]
        plain = _cue_sentences(text, sents, prefilter=False)
        assert _cue_sentences(text, sents) == plain, (text, sents)
        kept += len(plain)
        total += len(sents)
    assert 500 < kept < total - 500
