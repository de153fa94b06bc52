"""Meetings: talks, visits, sessions and signings between named people, with the place when stated (or
given by the dateline). The cue words are data (``meeting_cues.jsonl``); the rule id of the first cue
travels onto the fact.

Participants are the persons named in the sentences with a cue ("zwischen A und B" narrows a sentence to
the people after it), filled up with the most mentioned people of other sides. One named person is a
meeting too when a sentence names them at a visit, talks or session with a foreign side ("Gouverneur X
besuchte Minsk", "X auf der Sitzung der belarussisch-kirgisischen Kommission"): the counterpart may be
named only by role. The place is a city "in X" of a talks sentence, else the destination of a visit
("Besuch in China", "reist nach Sankt Petersburg", "besucht das Gebiet Omsk"), else the dateline."""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter
from functools import cache
from typing import Any

from ..models import Meeting
from . import lexicon
from .hits import PersonDraft, PlaceHit
from .projects.status import literal_needles
from .text import Spans

MEETING_KINDS = ("talks", "session", "signing", "visit")
BELARUS = "BY"
_BETWEEN = re.compile(r"\b(?:Treffens?|Gespräch\w*|Verhandlungen|Begegnung|Beratungen|Sitzung)\s+zwischen\b")
_MAX_CITY_DISTANCE = 150  # characters between a cue and the city of the talks across an apposition


@cache
def _cue(kinds: tuple[str, ...]) -> re.Pattern[str]:
    alts = [p.pattern for _, k, p in lexicon.meeting_cues() if k in kinds]
    return re.compile("|".join(alts) or r"(?!)")


def _rule_of(match: str) -> str:
    for rid, kind, p in lexicon.meeting_cues():
        if kind in MEETING_KINDS and p.fullmatch(match):
            return rid
    return "meeting:cue"


def _meeting_sentence(text: str, s: int, e: int) -> bool:
    """A sentence that reports this meeting: a cue outside an interview ("in einem Gespräch mit BelTA"), and
    not an earlier or habitual visit ("hatte im Frühjahr Brest besucht", "besuchte Serbien viermal")."""
    cues = _cue(MEETING_KINDS)
    if cues.search(text, s, e) is None:
        return False  # most sentences: no cue at all, and nothing more to scan for
    if _cue(("habitual",)).search(text, s, e):
        return False
    interviews = Spans((m.start(), m.end()) for m in _cue(("interview",)).finditer(text, s, e))
    return any(not interviews.covers(m.start()) for m in cues.finditer(text, s, e))


@cache
def _cue_needles() -> Any:
    """An Aho-Corasick automaton of the cues' needles (lower-case literals of which every match of a cue
    holds one, see projects.status.literal_needles), or None when a cue has none: a sentence without a
    needle has no cue, and is not scanned (tests/test_meeting_needles.py)."""
    words: set[str] = set()
    for _, kind, p in lexicon.meeting_cues():
        if kind in MEETING_KINDS:
            found = literal_needles(p.pattern)
            if found is None:
                return None
            words.update(found)
    return lexicon.keyword_automaton((w, len(w)) for w in sorted(words)) if words else None


def _cue_sentences(text: str, sentences: list[tuple[int, int]], prefilter: bool = True) -> list[tuple[int, int]]:
    """The sentences that report the meeting (``_meeting_sentence``), tested only where a cue's needle lies
    inside the sentence (with ``prefilter``; without it, every sentence: the plain form)."""
    auto = _cue_needles() if prefilter else None
    low = text.lower() if auto is not None else ""
    if auto is None or len(low) != len(text):  # offsets of the lower-cased text are the text's when it keeps
        return [(s, e) for s, e in sentences if _meeting_sentence(text, s, e)]  # its length
    found = sorted((end + 1 - n[0], end + 1) for end, n in auto.iter(low))
    starts = [a for a, _ in found]
    out = []
    for s, e in sentences:
        i = bisect_left(starts, s)
        while i < len(found) and found[i][0] < e and found[i][1] > e:
            i += 1
        if i < len(found) and found[i][1] <= e and _meeting_sentence(text, s, e):
            out.append((s, e))
    return out


def _mention_starts(persons: list[PersonDraft]) -> dict[int, list[int]]:
    """The sorted starts of each person's mentions (by id of the person)."""
    return {id(p): sorted(ms for ms, _, _ in p.mentions) for p in persons}


def _in_sentence(starts: list[int], s: int, e: int, after: int | None = None) -> bool:
    """Whether one of the sorted mention ``starts`` lies in [s, e) (in [after, e) when given)."""
    i = bisect_left(starts, s if after is None else after)
    return i < len(starts) and starts[i] < e


class _Places:
    """Place hits by position: the ones starting in [s, e), in list order (a slice by bisection when the
    list is sorted by start, as the place finder returns it)."""

    def __init__(self, places: list[PlaceHit]) -> None:
        self.places = places
        starts = [h.start for h in places]
        self.starts = starts if all(a <= b for a, b in itertools.pairwise(starts)) else None

    def within(self, s: int, e: int) -> list[PlaceHit]:
        if self.starts is None:
            return [h for h in self.places if s <= h.start < e]
        return self.places[bisect_left(self.starts, s):bisect_left(self.starts, e)]


def _foreign_place_in(places: _Places, s: int, e: int) -> bool:
    return any(h.entry.country and h.entry.country != BELARUS for h in places.within(s, e))


def _place_name(h: PlaceHit) -> str:
    return h.entry.alias or h.entry.name


def find_meeting(text: str, sentences: list[tuple[int, int]], persons: list[PersonDraft], places: list[PlaceHit],
                 dateline_place: str | None) -> Meeting | None:
    if not persons:
        return None  # a meeting needs a person: no sentence scan for cues without one
    starts = _mention_starts(persons)
    cue = _cue(MEETING_KINDS)
    plan = _cue(("plan",))
    cue_sents = _cue_sentences(text, sentences)
    if not cue_sents or not persons:
        return None
    involved: list[PersonDraft] = []
    for s, e in cue_sents:
        between = _BETWEEN.search(text, s, e)
        here = [p for p in persons if _in_sentence(starts[id(p)], s, e)]
        if between:  # "am Rande der Gespräche zwischen A und B": the speaker before it is not a party
            narrowed = [p for p in here if _in_sentence(starts[id(p)], s, e, after=between.end())]
            here = narrowed if len(narrowed) >= 2 else here
        involved += [p for p in here if p not in involved]
    if len(persons) == 1:
        if not involved or not _single_visit(text, cue_sents, involved[0], places, plan):
            return None
    else:
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
    place = _city_of_talks(text, cue_sents, places, persons, cue, plan) or \
        _visit_destination(text, cue_sents, places, dateline_place, plan) or \
        (dateline_place if _dateline_is_place(text, cue_sents, places, dateline_place, involved) else None)
    s, e = cue_sents[0]
    first = cue.search(text, s, e)
    return Meeting(start=s, end=e, extractor="meeting", rule=_rule_of(first.group(0)) if first else "meeting:cue",
                   participants=[p.name for p in involved], place=place)


def _single_visit(text: str, cue_sents: list[tuple[int, int]], p: PersonDraft, places: list[PlaceHit],
                  plan: re.Pattern[str]) -> bool:
    """The only named person meets a foreign side: named in a visit, talks or session sentence that also
    names a foreign place (a signing or a plan alone is no meeting)."""
    cue = _cue(("talks", "session", "visit"))
    starts = _mention_starts([p])[id(p)]
    by_pos = _Places(places)
    for s, e in cue_sents:
        if _in_sentence(starts, s, e) and cue.search(text, s, e) and not plan.search(text, s, e) and (
                _foreign_place_in(by_pos, s, e) or _cue(("bilateral",)).search(text, s, e)):
            return True
    return False


def _dateline_is_place(text: str, cue_sents: list[tuple[int, int]], places: list[PlaceHit],
                       dateline_place: str | None, involved: list[PersonDraft]) -> bool:
    """A dateline away from the agency's home city is where the reporter travelled to: the place. The home
    dateline ("MINSK") says where the news was filed; it is the place only when the meeting is at a seat
    of the capital ("im Palast der Unabhängigkeit", "im Haus der Regierung"), a guest visits Belarus, or
    the head of state (who receives in the capital) or a diplomat accredited there takes part."""
    if not dateline_place or _dateline_conflict(dateline_place, involved):
        return False
    if not _cue(("home",)).fullmatch(dateline_place.strip()):
        return True
    if any(_cue(("capital_venue",)).search(text, s, e) for s, e in cue_sents):
        return True
    if _visit_to_belarus(text, cue_sents, places):
        return True
    return any(p.role_entry is not None and p.role_entry.kind in ("head_of_state", "diplomat") for p in involved)


def _dateline_conflict(dateline_place: str | None, involved: list[PersonDraft]) -> bool:
    """The dateline is no evidence of the place when a Belarusian participant heads another Belarusian
    region than the dateline's ("MINSK – ... der Vorsitzende der Gebietsregierung Brest beim Treffen ...")."""
    if not dateline_place:
        return False
    hits = lexicon.places().find(dateline_place)
    city = next((v[0][1] for _, _, v in hits if v[0][1].kind == "city" and v[0][1].country == BELARUS), None)
    if city is None:
        return False
    oblast = lexicon.region_of_city(city)
    own = {city.iso3166_2, oblast.iso3166_2 if oblast else None}
    return any(p.country == BELARUS and p.region_entry is not None and p.region_entry.country == BELARUS
               and p.region_entry.iso3166_2 not in own for p in involved)


def _near(text: str, a: int, b: int, limit: int, mentions: list[int]) -> bool:
    """Cue and city in one clause: close and no comma between, or, when a participant's apposition lies
    between ("beim Treffen mit X, Oberhaupt der Republik Y, heute in Minsk"), within a longer reach."""
    if not 0 <= b - a <= _MAX_CITY_DISTANCE:
        return False
    if b - a <= limit and "," not in text[a:b]:
        return True
    i = bisect_left(mentions, a)  # a mention starts in [a, b)
    return i < len(mentions) and mentions[i] < b


def _city_of_talks(text: str, cue_sents: list[tuple[int, int]], places: list[PlaceHit], persons: list[PersonDraft],
                   cue: re.Pattern[str], plan: re.Pattern[str]) -> str | None:
    """'beim Treffen mit X, ..., heute in Minsk', 'sind in Minsk ... zusammengetroffen': a city after "in"
    in the clause of a cue, not inside someone's title ("Konsul Kasachstans in Brest")."""
    role_spans = Spans(p.role_span for p in persons if p.role_span)
    mentions = sorted(ms for p in persons for ms, _, _ in p.mentions)
    by_pos = _Places(places)
    for s, e in cue_sents:
        cues = [(m.start(), m.end()) for m in cue.finditer(text, s, e)]
        planned = plan.search(text, s, e) is not None
        for h in by_pos.within(s, e):
            seat_of_region = h.entry.kind == "region" and h.entry.form != "adjective"
            if not (h.entry.kind == "city" and h.entry.form != "adjective") and not seat_of_region:
                continue
            if seat_of_region or not re.search(r"\bin\s+$", text[max(s, h.start - 4):h.start]):
                # "im Gebietsexekutivkomitee Mogiljow besprochen": the authority's seat in that city
                window = text[max(s, h.start - 60):h.start]
                venue = [m for m in _cue(("venue",)).finditer(window) if not window[m.end():].strip()]
                if venue and any(
                        0 <= h.start - ce <= _MAX_CITY_DISTANCE or 0 <= cs - h.end <= _MAX_CITY_DISTANCE
                        for cs, ce in cues) and not planned:
                    # a regional authority named by its city ("Gebietsexekutivkomitee Mogiljow") sits in that city
                    return text[h.start:h.end] if seat_of_region else _place_name(h)
                continue
            if role_spans.covers(h.start):
                continue
            # "in Minsk mit dem Gouverneur ... getroffen": the place of the talks wherever the verb stands
            with_whom = re.match(r"\s*,?\s*mit\s+(?:dem|der|den)\b", text[h.end:h.end + 12]) is not None
            near = any(_near(text, ce, h.start, 60, mentions) or _near(text, h.end, cs, 40, mentions)
                       for cs, ce in cues)
            if with_whom or (near and not planned):
                return _place_name(h)
    return None


# "reist ... nach X" reaches further than "Besuch ... in X"
_DESTINATION = re.compile(r"\s+(?:(?:\S+\s+){0,12}?nach|(?:\S+\s+){0,8}?in)\s+(?:(?:die|der|das|den|dem)\s+)?$")


def _visit_to_belarus(text: str, cue_sents: list[tuple[int, int]], places: list[PlaceHit]) -> bool:
    """'trifft in Belarus zu offiziellem Besuch ein', 'Besuch ... in Belarus': a guest in Belarus."""
    visit = _cue(("visit",))
    for s, e in cue_sents:
        if not visit.search(text, s, e):
            continue
        for h in places:
            if s <= h.start < e and h.entry.kind == "country" and h.entry.country == BELARUS and \
                    h.entry.form != "adjective" and re.search(r"\b(?:in|nach)\s+$", text[max(s, h.start - 6):h.start]):
                return True
    return False


def _visit_destination(text: str, cue_sents: list[tuple[int, int]], places: list[PlaceHit],
                       dateline_place: str | None, plan: re.Pattern[str]) -> str | None:
    """'zu Besuch in China', 'reist zum Arbeitsbesuch nach Sankt Petersburg', 'besucht das russische Gebiet
    Omsk': the place the first visit goes to (a visit to Belarus leaves the place to the other rules). A
    dateline city in the country visited is the more precise place ("ISCHEWSK ... Besuch in Udmurtien")."""
    visit = _cue(("visit",))
    by_pos = _Places(places)
    for s, e in cue_sents:
        if plan.search(text, s, e):
            continue  # "Ein Besuch in Jakarta ist für den Herbst geplant"
        here = by_pos.within(s, e)
        for m in visit.finditer(text, s, e):
            for h in here:
                if not (m.end() <= h.start < e) or h.entry.form == "adjective" or not h.entry.country:
                    continue
                between = text[m.end():h.start]
                direct = m.group(0).startswith("besuch") and re.fullmatch(
                    r"\s+(?:(?:das|den|die|dem)\s+)?(?:[a-zäöüß]+\s+)?", between)
                if not direct and not _DESTINATION.fullmatch(between):
                    continue
                if h.entry.country == BELARUS and h.entry.kind != "city":
                    return None  # a visit to Belarus: the city comes from the talks or the dateline
                dateline = lexicon.places().find(dateline_place) if dateline_place else []
                if any(v[0][1].kind == "city" and v[0][1].country == h.entry.country for _, _, v in dateline):
                    return dateline_place
                return _place_name(h)
    return None
