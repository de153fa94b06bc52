"""A project status cue is tried only in a sentence holding one of its needles. The needles present in a sentence
come from one Aho-Corasick pass (``_Patterns.needles_in``): for every cue, that set meets the cue's needles
exactly when one of them is a substring of the sentence (the plain test it replaces), also for needles inside
other needles and overlapping ones."""
from __future__ import annotations

import random

from coopgraph.extract.projects.status import patterns
from coopgraph.extract.text import split_sentences
from coopgraph.resources import sample_corpus_path


def _sentences() -> list[str]:
    out = []
    for path in sorted(sample_corpus_path().iterdir()):
        text = path.read_text(encoding="utf-8")
        out += [text[s:e].lower() for s, e in split_sentences(text)]
    return out


def _random(n: int, seed: int) -> list[str]:
    pats = patterns()
    needles = sorted({x for c in pats.cues for x in c.needles or ()})
    pieces = needles + [x[:k] for x in needles for k in (1, 2, 3)] + [x[-3:] for x in needles] + [" ", "-", "a", "ä"]
    rnd = random.Random(seed)
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6))) for _ in range(n)]


def test_needles_in_gives_the_plain_substring_test_for_every_cue() -> None:
    pats = patterns()
    cues = [c for c in pats.cues if c.needles is not None]
    assert len(cues) > 20
    texts = _sentences() + _random(20000, 4)
    hits = 0
    for low in texts:
        found = pats.needles_in(low)
        assert found == {x for c in cues for x in c.needles or () if x in low}, low
        for c in cues:
            plain = any(x in low for x in c.needles or ())
            assert (not found.isdisjoint(c.needles or ())) == plain, (low, c.id)
            hits += plain
    assert hits > 10000  # the texts hold needles, and not everywhere
    assert pats.needles_in("") == set()
