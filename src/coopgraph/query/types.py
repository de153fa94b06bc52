"""Typed results of the read layer. Each is a frozen dataclass; ``rec["field"]`` reads a field too, and
``as_dict()`` gives plain JSON-ready data (what the CLI prints and the coming REST API will send)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


class Record:
    """Mapping-style read access and conversion to plain data for the result dataclasses."""

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)

    def keys(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self)]  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)


_SCALARS = (str, int, float, type(None))
_SCALAR_TYPES = frozenset(_SCALARS)  # exactly these types (a subclass such as bool or an enum takes the full path)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(v: Any) -> Any:
    if isinstance(v, _SCALARS):  # most values: answered before the dataclass checks
        return v
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        names = _FIELD_NAMES.get(type(v))
        if names is None:
            names = _FIELD_NAMES[type(v)] = tuple(f.name for f in dataclasses.fields(v))
        # the scalar test inline, here and below: a dossier holds tens of thousands of strings and numbers
        # (fact ids, figure fields), one call each otherwise
        return {n: x if type(x := getattr(v, n)) in _SCALAR_TYPES else _plain(x) for n in names}
    if isinstance(v, dict):
        return {k: x if type(x) in _SCALAR_TYPES else _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [x if type(x) in _SCALAR_TYPES else _plain(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return sorted(_plain(x) for x in v)
    return v


@dataclass(frozen=True)
class PartnerRef(Record):
    code: str  # ISO 3166-2 code, or the alpha-2 country code, or a city/world place id
    kind: str
    name: str  # the canonical name
    country: str | None


@dataclass(frozen=True)
class ArticleMeta(Record):
    id: int
    doc_id: str
    url: str | None
    title: str | None
    date: str | None  # ISO date, or None
    date_partial: str | None  # "--MM-DD" when the year is not printed
    story: str  # story id, or "a<id>" when the graph has not clustered it
    inferred_date: str | None = None  # a full date inferred from the periods it reports ("2025-02-12?")

    @property
    def source(self) -> str:
        return self.url or self.doc_id

    @property
    def when(self) -> str | None:
        """The date to sort and filter by: the printed date, else the inferred one, else the partial one."""
        return self.date or self.inferred_date or self.date_partial


@dataclass(frozen=True)
class Window(Record):
    """A time window over article dates (inclusive, ISO prefixes: 2024, 2024-05, 2024-05-01)."""
    since: str | None = None
    until: str | None = None

    def __bool__(self) -> bool:
        return bool(self.since or self.until)

    def admits(self, when: str | None) -> bool:
        if not self:
            return True
        if not when or when.startswith("--"):
            return False  # no year known: outside every window
        if self.since and when[:len(self.since)] < self.since:
            return False
        return not (self.until and when[:len(self.until)] > self.until)


@dataclass(frozen=True)
class Fact(Record):
    """One stored fact with its evidence span."""
    fact_id: str  # "table:id", what `coopgraph explain` takes
    table: str
    article_id: int
    start: int
    end: int
    extractor: str
    rule_id: str
    summary: str
    evidence: str  # the sentence the fact comes from
    span: str  # text[start:end]
    entity_id: str | None = None
    canonical: str | None = None


@dataclass(frozen=True)
class SearchHit(Record):
    id: int
    doc_id: str
    title: str | None
    date: str | None
    date_partial: str | None
    dateline_place: str | None
    snippet: str
    score: float


@dataclass(frozen=True)
class FigureRow(Record):
    """A figure as the dossier reads it: normalized period, hedge, the pair of parties as codes."""
    fact_id: str
    metric: str
    value: float
    unit: str
    period: str | None
    kind: str
    quote: str
    parties: tuple[str, ...]  # the party names as written
    pair: tuple[str, ...]  # partner codes, sorted
    pair_names: tuple[str, ...]  # canonical names of the pair
    pair_basis: str
    span: str  # "annual", "months", "years", "month", "none", "count"
    span_len: int | None  # months in the period (12 for a year), None when not stated
    span_label: str  # "2024", "9 months (2024-01..2024-09)", "2 years", "period not stated"
    span_basis: str
    qualifier: str | None  # "more than", "about", "up to", ...
    hedge: str | None  # the hedge as written ("über")
    date: str | None
    source: str
    doc_id: str
    story: str


@dataclass(frozen=True)
class Comparison(Record):
    target: FigureRow
    actual: FigureRow | None
    gap: float | None
    reached: float | None
    basis: str  # which rule made them comparable, or why nothing was
    pro_rata: float | None = None  # the actual scaled to a year, when it is a part-year figure
    not_compared: tuple[FigureRow, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Contradiction(Record):
    metric: str
    unit: str
    period: str
    kind: str
    pair_names: tuple[str, ...]
    a: FigureRow
    b: FigureRow
    basis: str


@dataclass(frozen=True)
class PartnerActivity(Record):
    """One partner's activity; every count is per story (mirrors of one article count once)."""
    partner: str  # canonical name
    kind: str
    code: str
    country: str | None
    stories: int
    meetings: int
    figures: int
    as_written: tuple[str, ...]


@dataclass(frozen=True)
class TimelineEvent(Record):
    date: str | None
    kind: str  # meeting, figure (actual|target|forecast), project, offer, need
    what: str
    source: str
    fact: str  # the fact id for `coopgraph explain`


@dataclass(frozen=True)
class MatchSide(Record):
    actor: str | None  # canonical name
    what: str
    source: str
    date: str | None
    fact: str


@dataclass(frozen=True)
class Match(Record):
    sector: str | None
    products: list[str]
    score: float | None
    offer: MatchSide
    need: MatchSide
