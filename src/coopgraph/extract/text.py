"""The shared text layer of the extractors: position look-ups that every component needs and that must stay
linear in the size of an article (a sentence with thousands of numbers, names or places).

``Spans`` answers "is this position / span inside, around or touching any of these spans?" by bisection
over the spans sorted by start and a running maximum of their ends, instead of a scan over all spans per
question; ``Positions`` answers "which sentence / line holds this offset?" the same way.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import pairwise

__all__ = ["Positions", "Spans"]

_NONE = -(1 << 62)  # "no span": an end before every offset


class Spans:
    """A set of (start, end) spans with O(log n) queries.

    ``covers(pos)``       any span with start <= pos < end
    ``contains(a, b)``    any span with start <= a and b <= end
    ``overlaps(a, b)``    any span with start < b and a < end
    """

    __slots__ = ("reach", "starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        reach: list[int] = []
        best = _NONE
        for _, e in ordered:
            best = max(best, e)
            reach.append(best)  # reach[i]: the furthest end among the first i + 1 spans
        self.reach = reach

    def __bool__(self) -> bool:
        return bool(self.starts)

    def _reach_before(self, i: int) -> int:
        """The furthest end of the spans starting at index < i (below any offset when none)."""
        return self.reach[i - 1] if i > 0 else _NONE

    def covers(self, pos: int) -> bool:
        return self._reach_before(bisect_right(self.starts, pos)) > pos

    def contains(self, a: int, b: int) -> bool:
        return self._reach_before(bisect_right(self.starts, a)) >= b

    def overlaps(self, a: int, b: int) -> bool:
        return self._reach_before(bisect_left(self.starts, b)) > a


class Positions:
    """Sorted, non-overlapping (start, end) spans (sentences, paragraphs): which one holds an offset."""

    __slots__ = ("disjoint", "spans", "starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.disjoint = all(a[1] <= b[0] for a, b in pairwise(spans))

    def index(self, pos: int) -> int:
        """Index of the first span with start <= pos < end, or -1. Sorted, disjoint spans (the usual case)
        have one candidate, the last span starting at or before ``pos``; any others are scanned."""
        if not self.disjoint:
            return next((i for i, (s, e) in enumerate(self.spans) if s <= pos < e), -1)
        i = bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.spans[i][1] else -1

    def span(self, pos: int) -> tuple[int, int] | None:
        i = self.index(pos)
        return self.spans[i] if i >= 0 else None
