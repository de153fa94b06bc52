"""One ProjectMention per project of an article: mentions grouped by kind, place and product, the most
advanced status stated, and the name written from the best described mention."""
from __future__ import annotations

from bisect import bisect_right

from ...models import ProjectMention
from ..persons import OrgHit, PlaceHit
from ..sectors import find_sectors
from .candidates import _candidates, _fallback_location
from .model import _Cand, _Loc
from .phrases import _head_hits
from .status import _Sentence, _status
from .words import FAMILY, INHERENTLY_JOINT, JOINT_MARKER, NEEDS_SETUP, STATUS_RANK, WORD_RX


def _compatible(a: _Cand, b: _Cand, ignore_place: bool = False, ignore_family: bool = False) -> bool:
    if FAMILY.get(a.head, a.head) != FAMILY.get(b.head, b.head) and not ignore_family:
        return False
    if a.loc and b.loc and a.loc.place_id != b.loc.place_id and not ignore_place:
        same_region = bool(a.loc.iso) and a.loc.iso == b.loc.iso  # Kostanai and Gebiet Kostanai
        in_country = (a.loc.iso is None or b.loc.iso is None) and a.loc.country == b.loc.country  # ... Kasachstan
        if not (same_region or in_country):
            return False
    if a.product and b.product:
        wa = [w.lower() for w in WORD_RX.findall(a.product) if w[:1].isupper() and len(w) >= 4]
        wb = [w.lower() for w in WORD_RX.findall(b.product) if w[:1].isupper() and len(w) >= 4]
        if wa and wb and not any(x[:5] in y or y[:5] in x for x in wa for y in wb):
            return False  # "Traktorkabinen" and "Kabinen" are one product, "Kabinen" and "Motoren" are not
    return True


def _name(c: _Cand, product: str | None, loc: _Loc | None) -> str:
    parts = [c.core]
    if c.purpose and (c.head in ("projekt", "produktion", "montage", "montageproduktion") or
                      c.purpose.startswith("mit ")):
        parts.append(c.purpose)
    elif product and not (c.compound_product and c.product == product):
        parts.append(f"für {product}")
    if loc is not None and loc.written not in c.core:
        parts.append(loc.pp or f"in {loc.written}")
    return " ".join(parts)


def find_projects(text: str, sentences: list[tuple[int, int]], places: list[PlaceHit],
                  orgs: list[OrgHit]) -> list[ProjectMention]:
    """Project mentions of one article, one per project, in text order (see the module docstring)."""
    hits = _head_hits(text)
    if not hits:
        return []
    starts = [h[0] for h in hits]
    places = sorted(places, key=lambda h: h.start)
    cands: list[_Cand] = []
    for s, e in sentences:
        a, b = bisect_right(starts, s - 1), bisect_right(starts, e - 1)
        if a == b:
            continue
        sent = _Sentence(text, s, e, places)
        found = _candidates(text, sent, orgs, hits[a:b])
        for c in found:
            c.status, c.cue, c.cue_id, c.tier = _status(sent, c)
            if c.weak or c.anaphor:
                c.weak_loc = _fallback_location(text, sent, c, orgs) if c.weak else None
                continue
            if c.loc is None:
                c.loc_fallback = True
            if c.loc is None or not c.loc.pp:
                near = _fallback_location(text, sent, c, orgs)
                # "In Kasan gibt es die ... MTZ-Tatarstan": the city is more precise than the name's region
                if c.loc is None or (near is not None and near.iso == c.loc.iso and near.place_id != c.loc.place_id
                                     and near.hit is not None and near.hit.entry.kind == "city"):
                    c.loc = near
            c.qualified = c.status is not None or c.head in INHERENTLY_JOINT or bool(JOINT_MARKER.search(text, s, e))
            if c.head in NEEDS_SETUP and c.loc is None and c.status is None:
                c.qualified = False  # "die gemeinsame Fertigung von Traktoren" in general
        cands += found
    groups: list[list[_Cand]] = []
    for c in cands:
        if c.anaphor:
            # the latest project of the same kind ("das Werk"); "das Projekt" takes the latest of any kind
            prior = [g for g in groups if c.head == "projekt" or
                     FAMILY.get(g[0].head, g[0].head) == FAMILY.get(c.head, c.head)]
            if prior:
                max(prior, key=lambda g: max(o.start for o in g)).append(c)
                continue
            if not c.weak:
                continue  # "das Projekt" with nothing before it to refer to
        if c.weak:
            if c.weak_loc is None or c.status is None or c.tier not in (0, 1) or c.head == "projekt":
                continue
            c.loc, c.weak, c.anaphor, c.qualified = c.weak_loc, False, False, True
        if c.definite and c.loc_fallback:
            # "Die Gespräche über das Kabinenwerk hatten in Minsk begonnen": the Kostanai plant, not one in Minsk
            fam = FAMILY.get(c.head, c.head)
            kin = {fam, "jv"} if fam == "plant" else {fam}  # "das gemeinsame Milchwerk" of a joint venture
            prior = [g for g in groups if FAMILY.get(g[0].head, g[0].head) in kin and
                     all(_compatible(c, o, ignore_place=True, ignore_family=True) for o in g if not o.anaphor)]
            if prior:
                c.loc = None
                max(prior, key=lambda g: max(o.start for o in g)).append(c)
                continue
        for g in groups:
            if all(_compatible(c, o) for o in g if not o.anaphor):
                g.append(c)
                break
        else:
            groups.append([c])
    out: list[ProjectMention] = []
    for g in groups:
        if not any(c.qualified for c in g if not c.anaphor) and not any(c.anaphor and c.status for c in g):
            continue
        # the status stated most advanced wins (a plan never counts as done: its cue was demoted already)
        rep = max(g, key=lambda c: (STATUS_RANK.get(c.status or "", 0), -c.start))
        desc = max(g, key=lambda c: ((c.product is not None) + (c.loc is not None) + (c.head != "projekt")
                                     - 3 * c.anaphor, -c.start))
        product = desc.product or next((c.product for c in g if c.product), None)
        loc = desc.loc or next((c.loc for c in g if c.loc), None)
        s, e = rep.sent
        sectors: list[str] = []
        for h in find_sectors(text[s:e]):
            if h.sector not in sectors:
                sectors.append(h.sector)
        rule = f"project:{desc.head}" + (f"/{rep.cue_id}" if rep.cue_id else "")
        out.append(ProjectMention(
            start=s, end=e, extractor="projects", rule=rule, name=_name(desc, product, loc), head=desc.head,
            product=product, location=loc.written if loc else None, location_id=loc.place_id if loc else None,
            country=loc.country if loc else None, iso3166_2=loc.iso if loc else None, sectors=sectors,
            status=rep.status, status_cue=rep.cue))
    out.sort(key=lambda m: m.start)
    return out
