"""The data that flows through coopgraph: RawDoc -> Article -> Extraction.

Everything is a plain dataclass; ``to_dict`` gives JSON-ready dicts. Every fact carries
``start``/``end`` character offsets into ``Article.text`` (``text[start:end]`` is its evidence),
the ``extractor`` that produced it and the ``rule`` id inside that extractor.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PIPELINE_VERSION = "0.1.0"


@dataclass
class RawDoc:
    """One document as read from a source, decoded but not cleaned."""

    id: str
    source: str  # path, path:line, path#entry, or "stdin"
    fmt: str  # text | html | jsonl | feed | warc
    content: str  # decoded text (fmt text/jsonl) or HTML
    url: str | None = None
    title: str | None = None
    date: str | None = None  # ISO date given by the container (JSONL field, feed entry, HTML meta)
    date_source: str | None = None  # what gave ``date``
    encoding: str = "utf-8"


@dataclass
class Reject:
    """An input that did not become an article, and why."""

    source: str
    stage: str
    reason: str

    def line(self) -> str:
        return f"rejected {self.source} [{self.stage}]: {self.reason}"


@dataclass
class Article:
    """A cleaned article. ``text`` is the body (dateline paragraph first) with normalized whitespace
    and quotation marks; ``offset_map`` maps it back to ``raw_text`` as runs of
    ``(clean_start, raw_start, length)``."""

    id: str
    source: str
    fmt: str
    text: str
    raw_text: str
    offset_map: list[tuple[int, int, int]]
    paragraphs: list[tuple[int, int]]
    title: str | None = None
    url: str | None = None
    dateline_place: str | None = None
    dateline_span: tuple[int, int] | None = None
    agency: str | None = None
    date: str | None = None
    date_partial: str | None = None
    year_evidence: str | None = None
    language: str | None = None
    language_score: float | None = None
    encoding: str = "utf-8"
    content_hash: str = ""
    removed: dict[str, int] = field(default_factory=dict)  # what cleaning dropped, by kind

    def raw_offset(self, clean_offset: int) -> int:
        """Position in ``raw_text`` of the character at ``clean_offset`` in ``text``."""
        for cstart, rstart, length in self.offset_map:
            if cstart <= clean_offset < cstart + length:
                return rstart + clean_offset - cstart
        raise IndexError(f"offset {clean_offset} maps to no raw character (inserted separator)")


@dataclass
class Fact:
    start: int
    end: int
    extractor: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Person(Fact):
    name: str = ""
    role: str | None = None
    country: str | None = None
    region: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Organization(Fact):
    name: str = ""
    kind: str | None = None
    country: str | None = None
    canonical_id: str | None = None


@dataclass
class Place(Fact):
    name: str = ""  # canonical German name (nominative)
    surface: str = ""
    kind: str = "country"  # country | region | city | world_region
    country: str | None = None
    iso3166_2: str | None = None
    place_id: str | None = None


@dataclass
class Partner(Fact):
    name: str = ""
    kind: str = "country"
    country: str | None = None
    iso3166_2: str | None = None


@dataclass
class Figure(Fact):
    metric: str = "other"
    value: float = 0.0
    unit: str = ""
    period: str | None = None
    kind: str = "actual"
    parties: list[str] = field(default_factory=list)
    quote: str = ""


@dataclass
class SectorHit(Fact):
    sector: str = ""


@dataclass
class Quote(Fact):
    text: str = ""
    speaker: str | None = None
    speaker_rule: str | None = None


@dataclass
class Meeting(Fact):
    participants: list[str] = field(default_factory=list)
    place: str | None = None


@dataclass
class Offer(Fact):
    type: str = "offer"  # offer | need
    actor: str | None = None
    recipient: str | None = None
    what: str = ""
    sectors: list[str] = field(default_factory=list)


@dataclass
class ProjectMention(Fact):
    """A joint project named in one article (a plant, a joint venture, a hub) with its stated status."""

    name: str = ""
    head: str = ""
    product: str | None = None
    location: str | None = None
    location_id: str | None = None
    country: str | None = None
    iso3166_2: str | None = None
    sectors: list[str] = field(default_factory=list)
    status: str | None = None  # proposed | agreed | under_construction | operating
    status_cue: str | None = None


@dataclass
class Extraction:
    """All facts of one article."""

    article: Article
    relevant: bool | None = None
    relevance_score: float | None = None
    persons: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sectors: list[SectorHit] = field(default_factory=list)
    meeting: Meeting | None = None
    quotes: list[Quote] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    projects: list[ProjectMention] = field(default_factory=list)
    duplicate_of: str | None = None
    dropped_facts: dict[str, int] = field(default_factory=dict)  # facts the final check dropped, by kind
