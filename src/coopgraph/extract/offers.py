"""Offers and needs: who offers what to whom ("Belarus ist bereit, ... zu liefern", "Wir haben ... zu
bieten") and who needs or wants what ("X zeigt Interesse an ...", "Die Region benötigt ...")."""
from __future__ import annotations

import re

from ..models import Offer, Partner, Quote
from .persons import OrgHit, PersonDraft, PlaceHit
from .sectors import find_sectors

OFFER_PATTERNS = [
    ("offer:ready", re.compile(r"\b(?:ist|sind|sei|seien|wäre|wären)\s+(?:(?!und\b|oder\b)\w+\s+){0,2}?bereit,?\s+"
                               r"(?P<what>[^.;!?]{5,220}?)\s+(?:zu\s+(?P<verb>\w+)|(?P<sep>\w+zu\w+en)\b)")),
    ("offer:ready-quoted", re.compile(r"„bereit,?\s+(?P<what>[^.;!?“]{5,220}?)\s+(?:zu\s+(?P<verb>\w+)|"
                                      r"(?P<sep>\w+zu\w+en)\b)")),
    ("offer:to-offer", re.compile(r"\b(?:haben|hat|können|kann|könnten)\s+(?:auch\s+)?(?P<what>[^.;!?]{3,200}?)\s+"
                                  r"(?:zu\s+bieten|anbieten|anzubieten)")),
    ("offer:goods", re.compile(r"\bWir\s+haben\s+(?:hochwertige\s+|gute\s+)?(?P<what>[A-ZÄÖÜ][^.;!?]{3,200})")),
]
NEED_PATTERNS = [
    ("need:interest", re.compile(r"\b(?:zeigt|zeigen|zeigte|zeigten|hat|haben|bekundet\w*|besteht|äußerte\w*)\s+"
                                 r"(?:(?!und\b|oder\b)[a-zäöüß]+\s+){0,2}?Interesse\s+(?P<what>an\s+[^.;!?]{3,160})")),
    ("need:interest-final", re.compile(r"\bInteresse\s+(?P<what>an\s+[^.;!?]{3,160}?)\s+"
                                       r"(?:zeigt|zeigen|zeigte|zeigten|bekundet|bekundete|hat|haben)\b")),
    ("need:interested", re.compile(r"\b(?:ist|sind|zeigt sich)\s+(?:sehr\s+|besonders\s+)?interessiert\s+"
                                   r"(?P<what>an\s+[^.;!?]{3,160})")),
    ("need:needs", re.compile(r"\b(?:benötigt|benötigen|braucht|brauchen)\s+(?P<what>[^.;!?]{3,160})")),
    ("need:demand", re.compile(r"\bBedarf\s+(?P<what>an\s+[^.;!?]{3,160})")),
]


CUE = re.compile(r"bereit|biete|Interesse|interessiert|benötig|brauch|Bedarf")


def _actor(text: str, pos: int, sent_start: int, places: list[PlaceHit], orgs: list[OrgHit],
           persons: list[PersonDraft], partners: list[Partner]) -> tuple[str | None, str | None]:
    """The nearest party named before ``pos`` in the sentence (org, place, or person) and its country."""
    best: tuple[int, str, str | None] | None = None
    for o in orgs:
        if sent_start <= o.start < pos and (best is None or o.start > best[0]):
            best = (o.start, o.name, o.country)
    for h in places:
        if sent_start <= h.start < pos and (best is None or h.start > best[0]):
            name = _partner_name(h.entry.country, h.entry.iso3166_2, partners) or (h.entry.alias or h.entry.name)
            best = (h.start, name, h.entry.country)
    for p in persons:
        for s, _, _ in p.mentions:
            if sent_start <= s < pos and (best is None or s > best[0]):
                best = (s, p.name, p.country)
    return (best[1], best[2]) if best else (None, None)


def _partner_name(country: str | None, iso: str | None, partners: list[Partner]) -> str | None:
    for p in partners:
        if iso and p.iso3166_2 == iso:
            return p.name
    for p in partners:
        if country and p.country == country and p.kind == "country":
            return p.name
    return None


def _side_partner(country: str | None, partners: list[Partner]) -> str | None:
    for p in partners:
        if country and p.country == country:
            return p.name
    return None


def find_offers(text: str, sentences: list[tuple[int, int]], places: list[PlaceHit], orgs: list[OrgHit],
                persons: list[PersonDraft], partners: list[Partner], quotes: list[Quote] | None = None
                ) -> list[Offer]:
    out: list[Offer] = []
    by = next((p.name for p in partners if p.country == "BY"), None)
    foreign = next((p.name for p in partners if p.country != "BY"), None)
    country_of = {p.name: p.country for p in persons}
    for s, e in sentences:
        if not CUE.search(text, s, e):
            continue  # no offer or need word in this sentence
        for kind, patterns in (("offer", OFFER_PATTERNS), ("need", NEED_PATTERNS)):
            for rule, rx in patterns:
                for m in rx.finditer(text, s, e):
                    what = " ".join(m.group("what").split()).strip(" ,„“\"")
                    if not what or re.match(r"(werden|wird|worden|wurden|sind|ist)\b", what):
                        continue  # "... benötigt werden": a passive, not a need
                    actor, country = _actor(text, m.start("what"), s, places, orgs, persons, partners)
                    quote = next((q for q in quotes or [] if q.start <= m.start() < q.end), None)
                    if actor is None and quote is not None and quote.speaker:
                        # "Wir können ... anbieten" inside a quotation: the speaker's side offers
                        country = country_of.get(quote.speaker)
                        actor = _side_partner(country, partners) or quote.speaker
                    if actor is None:  # "benötigt die Region ...": the article's partner on that side
                        actor = foreign if kind == "need" else by
                        country = next((p.country for p in partners if p.name == actor), None)
                    sectors = sorted({h.sector for h in find_sectors(what)}) or \
                        sorted({h.sector for h in find_sectors(text[s:e])})
                    recipient = by if country not in (None, "BY") else foreign
                    # a party named inside the object wins: "Interesse an einer Zusammenarbeit mit belarussischen ..."
                    ws, we = m.start("what"), m.end("what")
                    inner = [h for h in places if ws <= h.start < we and h.entry.country and h.entry.country != country]
                    if inner:
                        recipient = _partner_name(inner[0].entry.country, inner[0].entry.iso3166_2, partners) or \
                            (inner[0].entry.alias or inner[0].entry.name)
                    out.append(Offer(start=m.start(), end=m.end(), extractor="offers", rule=rule, type=kind,
                                     actor=actor, recipient=recipient if recipient != actor else None, what=what,
                                     sectors=sectors))
    # one fact per statement: where matches overlap, the one that starts first stays
    kept: list[Offer] = []
    for o in sorted(out, key=lambda o: (o.start, -(o.end - o.start))):
        if kept and o.start < kept[-1].end and o.type == kept[-1].type:
            continue
        kept.append(o)
    return kept
