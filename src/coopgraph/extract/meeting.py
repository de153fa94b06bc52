"""Meetings: talks, visits and signings between named people, with the place when stated (or
given by the dateline)."""
from __future__ import annotations

import re
from collections import Counter

from ..models import Meeting
from .persons import PersonDraft, PlaceHit

CUE = re.compile(
    r"\b(Treffen|Treffens|traf|trafen|getroffen|Gespräch|Gespräche|Gesprächen|Verhandlungen|verhandelt\w*|Besuch\w*|"
    r"besuchte\w*|empfing|empfangen|Arbeitstreffen\w*|Arbeitsbesuch\w*|unterzeichne\w*|Unterzeichnung|"
    r"zusammengekommen|zusammentreffen|erörtert\w*|Sitzung\w*|Konsultationen|Videokonferenz|Telefonat|"
    r"sprachen|sprach|besprochen|besprachen|diskutiert\w*|berieten|Beratung\w*|kamen\s+\w+\s+zusammen)\b")


PLAN = re.compile(r"\b(geplant|soll|sollen|künftig|nächste[nmr]?|kommende[nmr]?|wollen|will|vorgesehen)\b")


def find_meeting(text: str, sentences: list[tuple[int, int]], persons: list[PersonDraft], places: list[PlaceHit],
                 dateline_place: str | None) -> Meeting | None:
    cue_sents = [(s, e) for s, e in sentences if CUE.search(text, s, e)]
    if not cue_sents or len(persons) < 2:
        return None
    involved: list[PersonDraft] = []
    for s, e in cue_sents:
        for p in persons:
            if any(s <= ms < e for ms, _, _ in p.mentions) and p not in involved:
                involved.append(p)
    weight = Counter({p.name: len(p.mentions) for p in persons})
    sides = {p.country for p in involved}
    for p in sorted(persons, key=lambda p: (-weight[p.name], p.start)):
        if len(involved) >= 2 and len(sides) >= 2:
            break
        if p not in involved and (p.country not in sides or len(involved) < 2):
            involved.append(p)
            sides.add(p.country)
    if len(involved) < 2:
        return None
    involved.sort(key=lambda p: p.start)
    place = None
    for s, e in cue_sents:
        cues = [(m.start(), m.end()) for m in CUE.finditer(text, s, e)]
        planned = PLAN.search(text, s, e) is not None
        for h in places:
            if not (s <= h.start < e and h.entry.kind == "city" and h.entry.form != "adjective"
                    and re.search(r"\bin\s+$", text[max(s, h.start - 4):h.start])):
                continue
            # "in Minsk mit dem Gouverneur ... getroffen": the place of the talks wherever the verb stands
            with_whom = re.match(r"\s*,?\s*mit\s+(?:dem|der|den)\b", text[h.end:h.end + 12]) is not None
            # otherwise the city must belong to the meeting: in the cue's clause, right after or before it
            near = any((0 <= h.start - ce <= 60 and "," not in text[ce:h.start]) or
                       (0 <= cs - h.end <= 40 and "," not in text[h.end:cs]) for cs, ce in cues)
            if with_whom or (near and not planned):
                place = h.entry.alias or h.entry.name
                break
        if place:
            break
    place = place or dateline_place
    s, e = cue_sents[0]
    return Meeting(start=s, end=e, extractor="meeting", rule="meeting:cue", participants=[p.name for p in involved],
                   place=place)
