"""Sectors from the schema vocabulary, each with the span that evidences it; and the article's
relevance (economic cooperation or not) from cue densities in ``relevance.jsonl``."""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from ..models import SectorHit
from ..resources import load_jsonl
from . import lexicon


def fold_case(text: str) -> str:
    """Lower case with the offsets of ``text``: a character whose lower case is longer ("İ" -> "i̇") keeps
    one character (its first), so every match position in the result is a position in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower()[:1] or ch for ch in text)


def find_sectors(text: str, exclude: list[tuple[int, int]] | None = None) -> list[SectorHit]:
    """Sector evidence; ``exclude`` holds spans (person names) where a stem match means nothing."""
    hits = []
    low = fold_case(text)
    n = len(low)
    for end_idx, values in lexicon.sector_automaton().iter(low):
        end = end_idx + 1
        for key, rule, sector, whole_word in values:
            start = end - len(key)
            if whole_word and ((start > 0 and low[start - 1].isalnum()) or (end < n and low[end].isalnum())):
                continue
            if exclude and any(s < end and start < e for s, e in exclude):
                continue
            hits.append((start, end, sector, rule))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, str, str]] = []
    for h in hits:  # overlapping patterns: the one that starts first (the compound's modifier) wins, then length
        if kept and h[0] < kept[-1][1]:
            continue
        kept.append(h)
    blocked = _blocked_spans(low)
    kept = [h for h in kept if not any(s <= h[0] and h[1] <= e and h[2] == sector for s, e, sector in blocked)]
    labels = {h[2] for h in kept}
    for generic, beside, unless in _redundancy():
        if labels & beside:
            kept = [h for h in kept if h[2] != generic or h[3] in unless]
    out: list[SectorHit] = []
    seen: set[str] = set()
    for s, e, sector, rule in kept:
        if sector in seen:
            continue
        seen.add(sector)
        out.append(SectorHit(start=s, end=e, extractor="sectors", rule=rule, sector=sector))
    return out


@lru_cache(maxsize=1)
def _redundancy() -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """(generic label, labels that make it redundant, rule ids that keep it) from ``sector_conventions.jsonl``."""
    out = []
    for row in load_jsonl("sector_conventions.jsonl"):
        missing = {"id", "sector", "beside", "unless_rules"} - set(row)
        if missing:
            raise ValueError(f"sector_conventions.jsonl: {row.get('id')}: missing {sorted(missing)}")
        out.append((row["sector"], frozenset(row["beside"]), frozenset(row["unless_rules"])))
    return tuple(out)


@lru_cache(maxsize=1)
def _block_automaton() -> Any:
    """Phrases in which a sector word names something else (``sector_blocks.jsonl``): "Bildung einer
    Kommission" (a formation), "Industrie- und Handelskammer" (a chamber)."""
    keys = ((" ".join(row["pattern"].lower().split()), row["sector"]) for row in load_jsonl("sector_blocks.jsonl"))
    return lexicon.keyword_automaton((key, (len(key), sector)) for key, sector in keys)


def _blocked_spans(low: str) -> list[tuple[int, int, str]]:
    return [(end_idx + 1 - length, end_idx + 1, sector)
            for end_idx, values in _block_automaton().iter(low) for length, sector in values]


@lru_cache(maxsize=1)
def _relevance_automaton() -> Any:
    return lexicon.keyword_automaton((row["pattern"].lower(), (row["topic"], float(row["weight"])))
                                     for row in load_jsonl("relevance.jsonl"))


def relevance(text: str, n_partners: int, n_figures: int) -> tuple[bool, float]:
    """Economy cue density against the strongest off-topic (sport, culture, weather, election)."""
    scores: dict[str, float] = {}
    for _, values in _relevance_automaton().iter(text.lower()):
        for topic, weight in values:
            scores[topic] = scores.get(topic, 0.0) + weight
    econ = scores.get("economy", 0.0) + 2.0 * min(n_figures, 3) + 1.0 * min(n_partners, 2)
    other = max((v for k, v in scores.items() if k != "economy"), default=0.0)
    score = 1 / (1 + math.exp(-(econ - 1.3 * other - 3.0) / 3.0))
    return score >= 0.5, round(score, 3)
