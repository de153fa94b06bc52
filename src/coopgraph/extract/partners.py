"""Places -> cooperating partners. Belarus (or the acting Belarusian region) first, then the
foreign countries, regions and cities named as partners, by first mention."""
from __future__ import annotations

import dataclasses
import itertools
import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from typing import Any

from ..models import Partner, Place
from ..resources import load_jsonl
from . import lexicon
from .lexicon import PlaceEntry
from .persons import OrgHit, PlaceHit
from .text import Positions, Spans

COOPERATION = re.compile(
    r"(Zusammenarbeit|Kooperation|kooperier|Partner|Handel|Export|Import|Liefer|liefer|Investi|Projekt|Beziehung|"
    r"Treffen|Delegation|Besuch|Abkommen|Vereinbarung|Unternehmen|Wirtschaft|Umsatz|Produktion|Markt|Gespräch|"
    r"Verhandlung|Joint|Montage|Werk|Forum|Messe|Kommission|bereit|Interesse|Potenzial|Austausch|gemeinsam|"
    r"[Vv]erbraucher|[Aa]bnehmer|Absatz|[Kk]unde|Kontakt|beteilig|Beteilig|Einsatz|Warenumsatz|Ausfuhr|Einfuhr)")
ADJ_FORM = re.compile(r"^[A-ZÄÖÜ]\w+er\s+(?:Gebiet|Region|Oblast|Provinz)$")
LOCATIVE = re.compile(r"\b(?:in|nach|aus)\s+(?:der\s+|dem\s+|die\s+)?$")
WORLD_TARGET = re.compile(r"(?:\bnach|\bmit|\bLändern?|\bStaaten|\bMärkte[n]?\s+(?:in|von)|\bRichtung|"
                          r"\b(?:unsere[n]?|ihre[n]?|die|den)\s+Partner[n]?\s+in|"
                          r"[Mm]ärkte?n?\b[^.;:]{0,50}\b(?:in|nach))\s+(?:der\s+|dem\s+|den\s+)?$")
# a world-region adjective before a plural of countries: "afrikanische und asiatische Staaten"
WORLD_ADJ_NOUN = re.compile(r"^\s+(?:(?:und|sowie|oder)\s+\w+\s+)?(?:Länder|Ländern|Staaten|Märkte|Märkten|Regionen)\b")
# the venue of an event is not a partner: "..., das in Russland stattfand", "in Minsk und im Gebiet Minsk
# stattfinden soll"
VENUE = re.compile(r"^[^.;:!?]{0,80}?\b(?:stattfand|stattfinden|stattfindet|statt\b|abgehalten|tagte|tagt)")
VENUE_PREP = re.compile(r"\b(?:in|im)\s+(?:der\s+|dem\s+|den\s+)?$")
# a place named as a comparison is no partner: "Er verglich Afrika mit China vor 30 Jahren", "im Vergleich zu
# Polen", "verglichen mit der Türkei"
COMPARED = re.compile(r"(?:\bverglich(?:en)?\b[^.;:!?]{0,40}\bmit|\bim\s+Vergleich\s+(?:zu|mit)|\bverglichen\s+mit)"
                      r"\s+(?:der\s+|dem\s+|den\s+)?$")
# the two states of a bilateral relation: "der Handel zwischen unseren Ländern"
OUR_COUNTRIES = re.compile(r"\bzwischen\s+(?:unseren|beiden|den\s+beiden)\s+(?:Ländern|Staaten)\b")
COORDINATION = re.compile(r"^\s*(?:und|sowie|mit)\s+(?:(?:dem|der|den|die|das)\s+)?$")


# a plural administrative head before a list of names: "in den Gebieten Kaluga, Leningrad und Wladimir"
PLURAL_HEADS = ("Gebiete", "Gebieten", "Regionen", "Oblaste", "Oblasten", "Provinzen", "Republiken", "Städte", "Städten")
PLURAL_HEAD = re.compile(r"\b(" + "|".join(PLURAL_HEADS) + r")\s+")
PLURAL_SINGULAR = {"Gebiete": ("Gebiet", "Region", "Oblast", "Republik"),
                   "Gebieten": ("Gebiet", "Region", "Oblast", "Republik"),
                   "Regionen": ("Region", "Gebiet", "Republik", "Provinz"),
                   "Oblaste": ("Oblast", "Gebiet"), "Oblasten": ("Oblast", "Gebiet"),
                   "Provinzen": ("Provinz", "Gebiet", "Region"), "Republiken": ("Republik", ""),
                   "Städte": ("",), "Städten": ("",)}
LIST_NAME = re.compile(r"[A-ZÄÖÜ][\w.'’-]*(?:\s+[A-ZÄÖÜ][\w.'’-]*){0,2}")
LIST_SEP = re.compile(r"\s*,\s*|\s+(?:und|sowie|oder)\s+")
# a city name right after a regional-government compound is the region: "Gebietsregierung Kursk",
# "des Gebietsexekutivkomitees Gomel", "Regionalverwaltung Witebsk"
REGIONAL_BODY = re.compile(r"\b(?:Gebiets|Regional|Oblast)[a-zäöüß]{4,}\s+$")
GENITIVE_BODY = re.compile(r"\b(?:des|der|eines|einer)\s+(?:[a-zäöüß]\w*\s+)?(?:Gebiets|Regional|Oblast)[a-zäöüß]{4,}\s+$")
# two countries joined by a hyphen: "Union Belarus-Russland", "Forum der Regionen Belarus-Russland"
# (the character before the pair is tested after its capital: a leading lookbehind would make ``re`` try every
# position instead of skipping to capitals in C; the same matches, tests/test_regex_forms.py)
HYPHEN_PAIR = re.compile(r"([A-ZÄÖÜ](?<![\w-][A-ZÄÖÜ])[a-zäöüß]+)-([A-ZÄÖÜ][a-zäöüß]+)(?![\w-])")


def _exact_place(name: str) -> PlaceEntry | None:
    hits = lexicon.places().find(name)
    if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(name):
        entry: PlaceEntry = hits[0][2][0][1]
        return entry
    return None


def _region_named(stem: str, prefixes: tuple[str, ...]) -> PlaceEntry | None:
    """The region (or, for a bare prefix, any place) a list item names: 'Kaluga' after 'Gebieten' ->
    the entry of 'Gebiet Kaluga'."""
    for prefix in prefixes:
        entry = _exact_place(f"{prefix} {stem}" if prefix else stem)
        if entry is None:
            continue
        if prefix and entry.kind != "region":
            continue
        if not prefix and entry.kind not in ("region", "city"):
            continue
        return entry
    return None


def _region_of(city: PlaceEntry) -> PlaceEntry | None:
    """The region named like a city: Kursk -> Gebiet Kursk (any country)."""
    for prefix in ("Gebiet", "Region", "Oblast", "Provinz"):
        entry = _exact_place(f"{prefix} {city.name}")
        if entry is not None and entry.kind == "region" and entry.country == city.country:
            return entry
    return None


def refine_place_hits(text: str, hits: list[PlaceHit]) -> list[PlaceHit]:
    """Readings the gazetteer scan alone cannot make, from the words around the names:
    plural heads with a list of names ("den Gebieten Kaluga, Leningrad und Wladimir"), a city after a
    regional-government compound ("Gebietsregierung Kursk" is the region), and hyphenated pairs of
    countries ("Belarus-Russland")."""
    out = list(hits)
    # plural heads
    # (the \b-led scan is slow at every position: it runs only on a text that holds one of the heads)
    for m in PLURAL_HEAD.finditer(text) if any(w in text for w in PLURAL_HEADS) else ():
        prefixes = PLURAL_SINGULAR[m.group(1)]
        pos = m.end()
        found: list[PlaceHit] = []
        while True:
            nm = LIST_NAME.match(text, pos)
            if not nm:
                break
            words = nm.group(0).split()
            entry, end = None, nm.start()
            # the longest run of capitalised words that names a place ("Nischni Nowgorod")
            for k in range(len(words), 0, -1):
                cand = " ".join(words[:k])
                entry = _region_named(cand.rstrip(".,"), prefixes)
                if entry is not None:
                    end = nm.start() + len(cand.rstrip(".,"))
                    break
            if entry is None:
                break
            alias = f"{prefixes[0]} {text[nm.start():end]}" if prefixes[0] and entry.kind == "region" \
                and not text[nm.start():end].startswith(prefixes[0]) else ""
            e = PlaceEntry(entry.place_id, entry.name, entry.kind, entry.country, entry.iso3166_2, "noun",
                           "partner:plural-list", alias if _exact_place(alias) else entry.alias)
            found.append(PlaceHit(nm.start(), end, text[nm.start():end], e))
            sep = LIST_SEP.match(text, end)
            if not sep:
                break
            pos = sep.end()
        if len(found) >= 1:
            out = [h for h in out if not any(f.start <= h.start < f.end for f in found)] + found
    # regional-government compounds
    refined = []
    for h in out:
        pre = text[max(0, h.start - 50):h.start]
        if h.entry.kind == "city" and REGIONAL_BODY.search(pre):
            region = _region_of(h.entry)
            if region is not None:
                rule = "partner:regional-body-gen" if GENITIVE_BODY.search(pre) else "partner:regional-body"
                h = PlaceHit(h.start, h.end, h.surface, PlaceEntry(
                    region.place_id, region.name, "region", region.country, region.iso3166_2, "noun",
                    rule, region.alias or region.name))
        refined.append(h)
    out = refined
    # hyphenated country pairs: "Belarus-Russland" (the scan rejects names glued to a hyphen)
    taken = [(h.start, h.end) for h in out]
    extra = []
    for m in HYPHEN_PAIR.finditer(text):
        parts = [(m.start(1), m.end(1)), (m.start(2), m.end(2))]
        entries = [_exact_place(text[ps:pe]) for ps, pe in parts]
        if not all(x is not None and x.kind == "country" and x.form != "adjective" for x in entries):
            continue
        for (ps, pe), entry in zip(parts, entries):
            if entry is not None and not any(ts < pe and ps < te for ts, te in taken):
                extra.append(PlaceHit(ps, pe, text[ps:pe], dataclasses.replace(entry, rule="partner:hyphen-pair")))
    out += extra
    out.sort(key=lambda h: h.start)
    return out


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


@lru_cache(maxsize=1)
def _gazetteer_rows() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """places.jsonl rows by id, and region rows by ISO 3166-2 code."""
    by_id, regions = {}, {}
    for row in load_jsonl("places.jsonl"):
        by_id[row["id"]] = row
        if row["kind"] == "region" and row.get("iso3166_2"):
            regions[row["iso3166_2"]] = row
    return by_id, regions


def _city_code(e: PlaceEntry) -> str | None:
    """A city's own ISO 3166-2 code when the city is itself a subdivision (Minsk BY-HM, Moskau RU-MOW,
    a capital whose code has no region row of its own: Belgrad RS-00), else None: the code of the
    region around a city (Kaluga in RU-KLU) does not name the city."""
    if not e.iso3166_2:
        return None
    by_id, regions = _gazetteer_rows()
    region = regions.get(e.iso3166_2)
    if region is not None:
        return e.iso3166_2 if region["name"].startswith("Stadt ") else None
    return e.iso3166_2 if by_id.get(e.place_id, {}).get("capital") else None


def find_partners(text: str, places: list[PlaceHit], orgs: list[OrgHit], sentences: list[tuple[int, int]],
                  first_paragraph_end: int, role_spans: list[tuple[int, int]] | None = None) -> list[Partner]:
    """Partners from the place mentions. ``role_spans`` hold persons' titles: a place named only inside
    a title ("Vorsitzender des Gebietsexekutivkomitees Gomel") says who the person is, not who cooperates."""
    def world_noun(h: PlaceHit) -> bool:
        return h.entry.kind == "world_region" and bool(WORLD_ADJ_NOUN.match(text[h.end:h.end + 40]))

    nouns = [h for h in places if h.entry.form != "adjective" or world_noun(h)]
    roles = Spans(role_spans or [])
    org_spans = Spans((o.start, o.end) for o in orgs)
    sents = Positions(sentences)

    def sentence(pos: int) -> str:
        span = sents.span(pos)
        return text[span[0]:span[1]] if span else ""

    def in_org(h: PlaceHit) -> bool:
        return org_spans.contains(h.start, h.end)

    def in_role(h: PlaceHit) -> bool:
        return roles.contains(h.start, h.end)

    # a title names its place once more ("Gouverneur des Gebiets Kaluga"): such mentions do not make a
    # place frequent, but a place named only in a title still qualifies by position or cue
    def venue(h: PlaceHit) -> bool:
        return bool(VENUE_PREP.search(text[max(0, h.start - 12):h.start]) and VENUE.match(text[h.end:h.end + 90]))

    def world_ok(h: PlaceHit) -> bool:
        """A world region names a partner, not where a named country lies: not in a sentence that names a
        foreign country ("X ist ein wichtiger Partner in Zentralasien"), not as the genitive of a country
        noun ("des größten Landes Zentralasiens"), not as the header of a list ("Ländern Nordafrikas: A, B")."""
        if h.entry.form == "genitive" and re.search(r"\b(?:Land|Landes|Länder|Ländern|Staat|Staates|Staaten)\s+$",
                                                    text[max(0, h.start - 12):h.start]):
            return False
        if re.match(r"\s*:", text[h.end:h.end + 3]):
            return False
        i = sents.index(h.start)
        if i < 0:
            return True
        s, e = sentences[i]
        k = bisect_left(foreign_starts, s)
        return not (k < len(foreign_starts) and foreign_starts[k] < e)

    # where foreign countries are named (noun forms), for world_ok
    foreign_starts = sorted(o.start for o in nouns if o.entry.kind == "country" and o.entry.country != "BY"
                            and o.entry.form != "adjective")

    coordinated: set[int] = set()
    for a, b in itertools.pairwise(nouns):
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
    counts = Counter(h.entry.place_id for h in nouns if not in_role(h))
    by_place: dict[str, list[PlaceHit]] = {}
    for h in nouns:
        by_place.setdefault(h.entry.place_id, []).append(h)
    distinct_memo: dict[str, int] = {}

    def distinct(pid: str) -> int:
        """In how many different sentences a place is named (a repeated paragraph counts once)."""
        if pid not in distinct_memo:
            distinct_memo[pid] = len({sentence(h.start).strip() for h in by_place.get(pid, [])})
        return distinct_memo[pid]

    cues: dict[int, bool] = {}

    def cue(pos: int) -> bool:
        i = sents.index(pos)
        if i < 0:
            return False
        s, e = sentences[i]
        if s not in cues:
            cues[s] = bool(COOPERATION.search(text, s, e))
        return cues[s]
    for h in nouns:
        e = h.entry
        if e.kind == "city" and (id(h) not in coordinated or LOCATIVE.search(text[max(0, h.start - 12):h.start])):
            continue  # a city is a partner only when it acts with another place ("Minsk und Moskau")
        if e.rule == "partner:regional-body-gen":
            continue  # "der Vorsitzende des Gebietsexekutivkomitees Gomel": who someone is, not who acts
        if in_org(h) and e.kind == "country" and e.rule != "partner:hyphen-pair":
            continue  # "Botschaft Kasachstans": a mission, not a cooperation claim by itself
        if venue(h) or COMPARED.search(text[max(0, h.start - 60):h.start]):
            continue
        ctx = h.start < first_paragraph_end or counts[e.place_id] >= 2 or cue(h.start)
        if e.kind == "world_region":
            if not world_ok(h):
                continue
            target = WORLD_TARGET.search(text[max(0, h.start - 70):h.start]) or world_noun(h) or \
                e.name.split()[0] in ("Länder", "Staaten")
            if not (cue(h.start) and (target or h.start < first_paragraph_end or distinct(e.place_id) >= 2)):
                continue
        if not ctx:
            continue
        qualified.setdefault(e.place_id, []).append(h)
    # every mention of a qualified place counts for choosing its written name
    def hit_key(h: PlaceHit) -> tuple[Any, ...]:
        return h.start, h.end, h.surface, h.entry  # PlaceHit equality: by value

    have = {pid: {hit_key(h) for h in hits} for pid, hits in qualified.items()}
    for h in nouns:
        pid = h.entry.place_id
        if pid in qualified and hit_key(h) not in have[pid]:
            qualified[pid].append(h)
            have[pid].add(hit_key(h))

    # a country named only as the location of a partner region ("Partner in Russland", "Gebiet Turkestan in
    # Kasachstan") is not itself a partner -- unless the text speaks of the two states ("zwischen unseren
    # Ländern"), which makes the region's country a party too
    bilateral = "zwischen" in text and OUR_COUNTRIES.search(text) is not None  # (a literal every match holds first)

    def attribute_of_region(h: PlaceHit) -> bool:
        """'die Region Jaroslawl der Russischen Föderation': the country in a genitive attribute."""
        return bool(re.search(r"\b(?:der|des)\s+$", text[max(0, h.start - 5):h.start])) and any(
            o.entry.kind in ("region", "city") and h.start - 40 <= o.end < h.start for o in nouns)

    region_countries = {hits[0].entry.country for hits in qualified.values()
                        if hits[0].entry.kind in ("region", "city")}
    for pid in list(qualified):
        hits = qualified[pid]
        e = hits[0].entry
        if e.kind == "country" and e.country in region_countries and e.country != "BY" and not bilateral and all(
                LOCATIVE.search(text[max(0, h.start - 12):h.start]) or h.entry.form == "genitive" or
                attribute_of_region(h) for h in hits):
            del qualified[pid]
    if bilateral:
        foreign = {hits[0].entry.country for hits in qualified.values()
                   if hits[0].entry.kind in ("region", "city") and hits[0].entry.country not in (None, "BY")}
        if len(foreign) == 1:
            cc = foreign.pop()
            for h in nouns:
                if h.entry.kind == "country" and h.entry.country == cc and h.entry.place_id not in qualified:
                    qualified[h.entry.place_id] = [h]

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
        code = e.iso3166_2 if e.kind == "region" else _city_code(e) if e.kind == "city" else None
        partners.append((first.start, Partner(start=first.start, end=first.end, extractor="partners",
                                              rule=f"partner:{e.kind}", name=best, kind=kind, country=e.country,
                                              iso3166_2=code)))
    partners.sort(key=lambda x: x[0])
    ordered = [p for _, p in partners]
    by_region = [p for p in ordered if p.country == "BY" and p.kind in ("region", "city")]
    by_country = [p for p in ordered if p.country == "BY" and p.kind == "country"]
    if bilateral and by_region and not by_country:
        by_hit = next((h for h in places if h.entry.country == "BY" and h.entry.kind == "country"), None)
        at = by_hit if by_hit is not None and by_hit.start > by_region[0].start else None
        by_country = [Partner(start=at.start if at else by_region[0].end, end=at.end if at else by_region[0].end,
                              extractor="partners", rule="partner:bilateral", name="Belarus", kind="country", country="BY")]
        ordered.insert(ordered.index(by_region[0]) + 1, by_country[0])
    first_actor = by_region[:1] if by_region and (not by_country or by_region[0].start < by_country[0].start) \
        else by_country[:1]
    rest = [p for p in ordered if p not in first_actor]
    return first_actor + rest


def implied_belarus(text: str, places: list[PlaceHit], partners: list[Partner]) -> list[Partner]:
    """Belarus is the party of every article in this corpus: when no Belarusian place acts, the country
    itself comes first (anchored at its first mention, adjective included, else at the start)."""
    if any(p.country == "BY" for p in partners):
        return partners
    h = next((h for h in places if h.entry.country == "BY" and h.entry.kind == "country"), None)
    return [Partner(start=h.start if h else 0, end=h.end if h else 0, extractor="partners",
                    rule="partner:implied-belarus", name="Belarus", kind="country", country="BY"), *partners]


def place_alias_key(name: str) -> str:
    """Gazetteer id of a place name written any way ("Region Tula", "Tulaer Gebiet"), for scoring."""
    from . import lexicon

    hits = lexicon.places().find(name)
    if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(name):
        return hits[0][2][0][1].place_id
    return name
