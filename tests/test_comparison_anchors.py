"""The anchors of ``comparison.hedge`` and ``comparison._duration`` (one scan that every pattern's match needs, so
that a quote or sentence without it skips the patterns) against the patterns alone: the same hedge and the same
duration on the figure quotes and sentences of the sample corpus and on random phrases built from the patterns'
own words (in any case, with odd spaces and with characters that IGNORECASE folds: long s, Kelvin sign)."""
from __future__ import annotations

import json
import random
import re

import pytest

from coopgraph import comparison
from coopgraph.extract.text import split_sentences
from coopgraph.resources import load_jsonl, sample_corpus_path

ALWAYS = re.compile("")  # an anchor that every text has: the patterns alone decide


def _sample_texts() -> list[str]:
    out = []
    for path in sorted(sample_corpus_path().iterdir()):
        if path.suffix == ".jsonl":
            out += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        elif path.suffix in (".txt", ".html"):
            out.append(path.read_text(encoding="utf-8"))
    return out


def _sentences() -> list[str]:
    return [t[s:e] for t in _sample_texts() for s, e in split_sentences(t)]


def _words() -> list[str]:
    """The words of the hedges, the duration patterns and the number words, and some fillers and digits."""
    words = [w for row in load_jsonl("hedges.jsonl") for w in row["words"].split()]
    words += [w for r in load_jsonl("durations.jsonl") if "pattern" in r for w in re.findall(r"[^\W\d_]{2,}", r["pattern"])]
    words += list(comparison._number_words())
    return words + ["3", "12", "2024", "1,5", "Mio.", "Traktoren", "Dollar", "um", "der", "im", "ca.", "-", "("]


def _phrases(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    words = _words()
    seps = [" ", " ", " ", "  ", "\n", "\u00a0", "-", ""]
    odd = {"s": "ſ", "k": "\u212a", "a": "ä", "A": "Ä"}

    def form(w: str) -> str:
        w = rnd.choice([w, w, w.lower(), w.upper(), w.capitalize()])
        if rnd.random() < 0.1 and w:
            i = rnd.randrange(len(w))
            w = w[:i] + odd.get(w[i], w[i]) + w[i + 1:]
        return w

    out = []
    for _ in range(n):
        k = rnd.randint(1, 12)
        out.append("".join(form(rnd.choice(words)) + rnd.choice(seps) for _ in range(k)))
    return out


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run a function of ``comparison`` with both anchors matching everywhere."""
    def run(fn, *args):  # type: ignore[no-untyped-def]
        with monkeypatch.context() as m:
            m.setattr(comparison, "_hedge_anchor", lambda: ALWAYS)
            m.setattr(comparison, "_DURATION_ANCHOR", ALWAYS)
            return fn(*args)
    return run


@pytest.mark.parametrize("seed", range(3))
def test_hedge_is_the_patterns_alone(plain, seed: int) -> None:  # type: ignore[no-untyped-def]
    texts = _sentences() + _phrases(seed, 3000)
    found = 0
    for t in texts:
        got = comparison.hedge.__wrapped__(t)
        assert got == plain(comparison.hedge.__wrapped__, t), t
        found += got is not None
    assert found > 100  # the phrases hold hedges, not only texts without one


@pytest.mark.parametrize("seed", range(3))
def test_duration_is_the_patterns_alone(plain, seed: int) -> None:  # type: ignore[no-untyped-def]
    texts = _sentences() + _phrases(seed, 3000)
    found = 0
    for t in texts:
        for stated in (None, "2024"):
            got = comparison._duration(t, stated)
            assert got == plain(comparison._duration, t, stated), t
            found += got is not None
    assert found > 100


def test_every_pattern_match_holds_its_anchor() -> None:
    """What makes the anchors safe: each match of each pattern contains a match of the anchor."""
    texts = _sentences() + _phrases(7, 3000)
    hedge_anchor = comparison._hedge_anchor()
    seen = 0
    for t in texts:
        for rx, _ in comparison._hedges():
            for m in rx.finditer(t):
                seen += 1
                tails = (hedge_anchor.match(t, p) for p in range(m.start(), m.end()))
                assert any(a is not None and a.end() == m.end() for a in tails), (rx.pattern, t)
        for rx, _ in comparison._durations():
            for m in rx.finditer(t):
                seen += 1
                assert comparison._DURATION_ANCHOR.search(m.group(0)), (rx.pattern, m.group(0))
    assert seen > 200
