"""Sectors from the schema vocabulary, each with the span that evidences it; and the article's
relevance (economic cooperation or not) from cue densities in ``relevance.jsonl``."""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any


from ..models import SectorHit
from ..resources import load_jsonl
from . import lexicon

# Specific manufacturing labels that make the generic "industry" redundant.
SPECIFIC_INDUSTRY = {
    "agricultural_machinery", "automotive", "machine_building", "machine_tools", "metallurgy", "chemicals",
    "petrochemicals", "microelectronics", "mining_equipment", "elevators", "light_industry", "pharmaceuticals",
    "veterinary_pharma", "fertilizers", "forestry_machinery", "shipbuilding", "emergency_vehicles", "aviation",
}


def find_sectors(text: str, exclude: list[tuple[int, int]] | None = None) -> list[SectorHit]:
    """Sector evidence; ``exclude`` holds spans (person names) where a stem match means nothing."""
    hits = []
    low = text.lower()
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
    sectors = {h[2] for h in kept}
    if sectors & SPECIFIC_INDUSTRY:
        kept = [h for h in kept if h[2] != "industry"]
    out: list[SectorHit] = []
    seen: set[str] = set()
    for s, e, sector, rule in kept:
        if sector in seen:
            continue
        seen.add(sector)
        out.append(SectorHit(start=s, end=e, extractor="sectors", rule=rule, sector=sector))
    return out


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
