"""Hit types shared by the extractors: tokens, place and organisation hits, person drafts."""
from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import PlaceEntry, RoleEntry

__all__ = ["OrgHit", "PersonDraft", "PlaceHit", "Tok"]


@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int
    i: int


@dataclass
class PlaceHit:
    start: int
    end: int
    surface: str
    entry: PlaceEntry


@dataclass
class OrgHit:
    start: int
    end: int
    name: str
    kind: str
    country: str | None
    org_id: str | None
    rule: str


@dataclass
class PersonDraft:
    name: str
    key: str
    surname: str
    start: int
    end: int
    rule: str
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    role: str | None = None
    role_entry: RoleEntry | None = None
    role_span: tuple[int, int] | None = None
    country: str | None = None
    region: str | None = None
    region_entry: PlaceEntry | None = None
    feminine: bool = False

    @property
    def role_kind(self) -> str | None:
        return self.role_entry.kind if self.role_entry else None
