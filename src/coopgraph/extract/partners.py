"""Places -> cooperating partners. Belarus (or the acting Belarusian region) first, then the
foreign countries, regions and cities named as partners, by first mention."""
from __future__ import annotations

import re
from collections import Counter

from ..models import Partner, Place
from .persons import OrgHit, PlaceHit

COOPERATION = re.compile(
    r"(Zusammenarbeit|Kooperation|kooperier|Partner|Handel|Export|Import|Liefer|liefer|Investi|Projekt|Beziehung|"
    r"Treffen|Delegation|Besuch|Abkommen|Vereinbarung|Unternehmen|Wirtschaft|Umsatz|Produktion|Markt|Gespräch|"
    r"Verhandlung|Joint|Montage|Werk|Forum|Messe|Kommission|bereit|Interesse|Potenzial|Austausch|gemeinsam)")
ADJ_FORM = re.compile(r"^[A-ZÄÖÜ]\w+er\s+(?:Gebiet|Region|Oblast|Provinz)$")
LOCATIVE = re.compile(r"\b(?:in|nach|aus)\s+(?:der\s+|dem\s+|die\s+)?$")
WORLD_TARGET = re.compile(r"(?:\bnach|\bmit|\bLändern?|\bStaaten|\bMärkte[n]?\s+(?:in|von))\s+(?:der\s+|dem\s+)?$")
COORDINATION = re.compile(r"^\s*(?:und|sowie|mit)\s+(?:(?:dem|der|den|die|das)\s+)?$")


def _short_name(h: PlaceHit) -> str:
    """The written name without a 'Republik' prefix: 'Republik Tatarstan' counts as 'Tatarstan'."""
    name = h.entry.alias or h.entry.name
    if h.entry.kind == "region" and name.startswith("Republik ") and len(name.split()) == 2:
        return name[len("Republik "):]
    return name


def place_facts(places: list[PlaceHit]) -> list[Place]:
    return [Place(start=h.start, end=h.end, extractor="places", rule=h.entry.rule, name=h.entry.alias or h.entry.name,
                  surface=h.surface, kind=h.entry.kind, country=h.entry.country,
                  iso3166_2=h.entry.iso3166_2 if h.entry.kind != "country" else None, place_id=h.entry.place_id)
            for h in places]


def find_partners(text: str, places: list[PlaceHit], orgs: list[OrgHit], sentences: list[tuple[int, int]],
                  first_paragraph_end: int) -> list[Partner]:
    nouns = [h for h in places if h.entry.form != "adjective"]

    def sentence(pos: int) -> str:
        for s, e in sentences:
            if s <= pos < e:
                return text[s:e]
        return ""

    def in_org(h: PlaceHit) -> bool:
        return any(o.start <= h.start and h.end <= o.end for o in orgs)

    coordinated: set[int] = set()
    for a, b in zip(nouns, nouns[1:]):
        between = text[a.end:b.start]
        # two places acting together across a border ("Minsk und Moskau"); "in Pinsk und Kobrin" is a route
        if COORDINATION.match(between) and a.entry.country != b.entry.country and \
                not LOCATIVE.search(text[max(0, a.start - 12):a.start]):
            coordinated.update({id(a), id(b)})
    for h in nouns:
        pre = text[max(0, h.start - 40):h.start]
        if re.search(r"zwischen\s+(?:(?:dem|der|den)\s+)?$", pre):
            coordinated.add(id(h))

    qualified: dict[str, list[PlaceHit]] = {}
    counts = Counter(h.entry.place_id for h in nouns)
    for h in nouns:
        e = h.entry
        if e.kind == "city" and (id(h) not in coordinated or LOCATIVE.search(text[max(0, h.start - 12):h.start])):
            continue  # a city is a partner only when it acts with another place ("Minsk und Moskau")
        if in_org(h) and e.kind == "country":
            continue  # "Botschaft Kasachstans": a mission, not a cooperation claim by itself
        ctx = h.start < first_paragraph_end or counts[e.place_id] >= 2 or bool(COOPERATION.search(sentence(h.start)))
        if e.kind == "world_region" and not (COOPERATION.search(sentence(h.start)) and
                                             WORLD_TARGET.search(text[max(0, h.start - 25):h.start])):
            continue
        if not ctx:
            continue
        qualified.setdefault(e.place_id, []).append(h)
    # every mention of a qualified place counts for choosing its written name
    for h in nouns:
        if h.entry.place_id in qualified and h not in qualified[h.entry.place_id]:
            qualified[h.entry.place_id].append(h)

    # a country named only as the location of a partner region ("Partner in Russland", "Gebiet Turkestan in
    # Kasachstan") is not itself a partner
    region_countries = {hits[0].entry.country for hits in qualified.values()
                        if hits[0].entry.kind in ("region", "city")}
    for pid in list(qualified):
        hits = qualified[pid]
        e = hits[0].entry
        if e.kind == "country" and e.country in region_countries and e.country != "BY" and all(
                LOCATIVE.search(text[max(0, h.start - 12):h.start]) or h.entry.form == "genitive" for h in hits):
            del qualified[pid]

    partners: list[tuple[int, Partner]] = []
    for pid, hits in qualified.items():
        hits.sort(key=lambda h: h.start)
        names = Counter(_short_name(h) for h in hits)
        # the most frequent written name; a noun form ("Gebiet Smolensk") before an adjective form
        # ("Smolensker Gebiet") and a full name before a short one ("Emirate")
        best = max(names.items(), key=lambda kv: (kv[1] + (0.5 if not ADJ_FORM.match(kv[0]) else 0), len(kv[0]),
                                                  -min(h.start for h in hits if _short_name(h) == kv[0])))[0]
        first = hits[0]
        e = first.entry
        kind = "region" if e.kind == "world_region" else e.kind
        partners.append((first.start, Partner(start=first.start, end=first.end, extractor="partners",
                                              rule=f"partner:{e.kind}", name=best, kind=kind, country=e.country,
                                              iso3166_2=e.iso3166_2 if e.kind != "country" else None)))
    partners.sort(key=lambda x: x[0])
    ordered = [p for _, p in partners]
    by_region = [p for p in ordered if p.country == "BY" and p.kind in ("region", "city")]
    by_country = [p for p in ordered if p.country == "BY" and p.kind == "country"]
    first_actor = by_region[:1] if by_region and (not by_country or by_region[0].start < by_country[0].start) \
        else by_country[:1]
    rest = [p for p in ordered if p not in first_actor]
    return first_actor + rest


def place_alias_key(name: str) -> str:
    """Gazetteer id of a place name written any way ("Region Tula", "Tulaer Gebiet"), for scoring."""
    from . import lexicon

    hits = lexicon.places().find(name)
    if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(name):
        return hits[0][2][0][1].place_id
    return name
