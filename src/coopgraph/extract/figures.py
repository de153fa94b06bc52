"""Economic figures (stub while the extractor is being written)."""
from __future__ import annotations

from dataclasses import dataclass

from ..models import Figure


@dataclass
class PartyMention:
    name: str
    start: int
    end: int
    is_belarus_side: bool


def find_figures(text: str, sentences: list[tuple[int, int]], article_date: str | None,
                 mentions: list[PartyMention], default_parties: list[str]) -> list[Figure]:
    return []
