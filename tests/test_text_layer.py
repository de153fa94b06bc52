"""The shared text layer (coopgraph.extract.text): its span and position look-ups answer exactly what a scan
over all spans would, including empty, nested and overlapping spans."""
from __future__ import annotations

import random

from coopgraph.extract.text import Positions, Spans


def _scan(spans: list[tuple[int, int]], a: int, b: int) -> tuple[bool, bool, bool]:
    return (any(s <= a < e for s, e in spans), any(s <= a and b <= e for s, e in spans),
            any(s < b and a < e for s, e in spans))


def test_spans_agree_with_a_scan_on_random_spans() -> None:
    rnd = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rnd.randint(0, 8)):
            s = rnd.randint(0, 40)
            spans.append((s, s + rnd.randint(0, 12)))
        index = Spans(spans)
        for a in range(-2, 55):
            for b in (a, a + 1, a + 3, a + 9):
                assert (index.covers(a), index.contains(a, b), index.overlaps(a, b)) == _scan(spans, a, b), \
                    (spans, a, b)


def test_spans_of_nothing_answer_no() -> None:
    index = Spans([])
    assert not index and not index.covers(0) and not index.contains(0, 0) and not index.overlaps(0, 5)


def test_positions_find_the_sentence_of_an_offset() -> None:
    sents = Positions([(0, 10), (12, 20), (20, 31)])
    assert [sents.index(p) for p in (0, 9, 10, 11, 12, 19, 20, 30, 31, -1)] == [0, 0, -1, -1, 1, 1, 2, 2, -1, -1]
    assert sents.span(15) == (12, 20) and sents.span(11) is None


def test_positions_of_overlapping_spans_take_the_first_that_holds_the_offset() -> None:
    sents = Positions([(0, 10), (5, 20), (3, 4)])
    assert [sents.index(p) for p in (3, 7, 12, 25)] == [0, 0, 1, -1]


def test_word_edges_of_the_figure_scan_agree_with_a_walk() -> None:
    from coopgraph.extract.figure_text import _Words

    rnd = random.Random(5)
    for _ in range(500):
        text = "".join(rnd.choice("ab_ 1.é-") for _ in range(rnd.randint(0, 40)))
        words, n = _Words(text), len(text)
        for p in range(n + 1):
            ws = p
            while ws > 0 and text[ws - 1].isalnum():
                ws -= 1
            we = p
            while we < n and text[we].isalnum():
                we += 1
            assert (words.left(p), words.right(p)) == (ws, we), (text, p)
