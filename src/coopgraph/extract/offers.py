"""Offers and needs: who offers what to whom ("Belarus ist bereit, Traktoren zu liefern", "Wir haben Obst
zu bieten", "dass die Region Düngemittel liefern kann") and who needs or wants what ("X zeigt Interesse an
...", "X ist an ... interessiert", "Der Bedarf an ... ist hoch").

The cue words, the patterns and the grammar they are checked against are data
(``data/offer_patterns.jsonl``, one row a rule with its id; the id goes onto the fact). Grammar applied:

- a cue inside a reason clause ("weil auch wir etwas zu bieten haben") or a condition ("wenn Sie mehr
  brauchen") states no offer or need; an object that names nothing ("etwas", "mehr") is no product;
- the actor is the party named last before the cue in its clause, a first-person subject ("wir") is the
  speaker's side, a party named right after a modal verb is an inverted subject ("kann Baschkortostan ..."),
  a third-person subject pronoun ("Es ist bereit") is the subject of the sentence before;
- a leading dative object names the receiver ("Belarus ist bereit, Oman Traktoren zu liefern");
- a third-person possessive in a need points to the other party ("BZD zeigt Interesse an seinen Produkten":
  the products of the party named before), in an offer to the actor itself;
- the product phrase is cut to the object: no preposition, article, adverb or reporting clause;
- a statement reported and then quoted (or repeated) in one article is one fact.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import DataError
from ..models import Offer, Partner, Quote
from ..resources import data_path, load_jsonl
from .persons import OrgHit, PersonDraft, PlaceHit
from .projects.status import literal_needles
from .sectors import find_sectors


@dataclass(frozen=True)
class Rule:
    id: str
    type: str  # offer | need
    regex: re.Pattern[str]
    subject: str  # before | clause


@dataclass(frozen=True)
class Grammar:
    cue: re.Pattern[str]
    rules: tuple[Rule, ...]
    words: dict[str, frozenset[str]]
    end: re.Pattern[str]
    time: re.Pattern[str]
    cover_demand: re.Pattern[str]
    inverted_subject: re.Pattern[str]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    rows = load_jsonl("offer_patterns.jsonl")
    rules = tuple(Rule(r["id"], r["type"], re.compile(r["regex"]), r.get("subject", "before"))
                  for r in rows if r["type"] in ("offer", "need"))
    words: dict[str, set[str]] = {}
    for r in rows:
        if "words" in r:
            words.setdefault(r["type"], set()).update(r["words"])
    for kind in ("lead_drop", "article", "preposition", "first_person", "third_person", "possessive",
                 "possessive_own", "recipient_noun", "reason", "condition", "no_offer_verb", "indefinite", "passive",
                 "negation", "non_product", "modal", "generic_noun"):
        if kind not in words:
            raise DataError(f"{data_path('offer_patterns.jsonl')}: no words row of type {kind!r}",
                            f"restore the {kind} row: the offer grammar reads it")
    cue, end, time, cover, inverted = (_pattern(rows, t) for t in ("cue", "end", "time", "cover_demand",
                                                                   "inverted_subject"))
    return Grammar(re.compile(cue), rules, {k: frozenset(v) for k, v in words.items()}, re.compile(end),
                   re.compile(time), re.compile(cover), re.compile(inverted))


@lru_cache(maxsize=1)
def _rule_needles() -> tuple[tuple[str, ...] | None, ...]:
    """Per rule of the grammar: lower-case literals of which every match holds one (None: no pre-test)."""
    return tuple(literal_needles(r.regex.pattern) for r in grammar().rules)


def _pattern(rows: tuple[dict[str, Any], ...], kind: str) -> str:
    found = next((r["regex"] for r in rows if r["type"] == kind), None)
    if found is None:
        raise DataError(f"{data_path('offer_patterns.jsonl')}: no row of type {kind!r}",
                        f"restore the {kind} row: the offer grammar reads it")
    return found


_BOUNDARY = re.compile(r"[,;:–—(„“\"«»]")
_WORD = re.compile(r"[\wÄÖÜäöüß-]+")


@dataclass
class _Party:
    start: int
    end: int
    name: str
    country: str | None
    adjective: bool = False  # "belarussische": names a side, never an antecedent


def _candidate_parties(places: list[PlaceHit], orgs: list[OrgHit], persons: list[PersonDraft],
                       partners: list[Partner]) -> tuple[list[int], list[_Party]]:
    """Every org, place and person mention of the article as a party, sorted by start (the longest first at
    one start), with the list of starts: a sentence's parties are one bisected slice, so an article with
    thousands of mentions stays linear instead of scanning them all per sentence."""
    out = [_Party(o.start, o.end, o.name, o.country) for o in orgs]
    for h in places:
        if h.entry.kind != "world_region":
            name = _partner_name(h.entry.country, h.entry.iso3166_2, partners) or (h.entry.alias or h.entry.name)
            out.append(_Party(h.start, h.end, name, h.entry.country, h.entry.form == "adjective"))
    for person in persons:
        for ms, me, *_ in person.mentions:
            out.append(_Party(ms, me, person.name, person.country))
    out.sort(key=lambda x: (x.start, -(x.end - x.start)))
    return [x.start for x in out], out


def _parties(s: int, e: int, candidates: tuple[list[int], list[_Party]]) -> list[_Party]:
    starts, ordered = candidates
    kept: list[_Party] = []
    for party in ordered[bisect_left(starts, s):bisect_left(starts, e)]:
        # an org name that contains a place ("Exekutivkomitee des Gebiets Grodno") is one party
        if kept and party.start < kept[-1].end:
            if kept[-1].country is None and party.country and not party.adjective:
                kept[-1] = party  # "Stadtverwaltung von Ulan-Bator": the place says the side
            continue
        kept.append(party)
    return kept


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


def _clause_start(text: str, s: int, pos: int) -> int:
    """Where the clause holding ``pos`` begins: after the last comma, colon, dash or quotation mark."""
    last = s
    for m in _BOUNDARY.finditer(text, s, pos):
        last = m.end()
    return last


def _first_word(text: str, start: int, end: int) -> str:
    m = _WORD.search(text, start, end)
    return m.group(0) if m else ""


def _words(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_WORD.finditer(text, start, end))


def _trim_lead(text: str, ws: int, we: int, parties: list[_Party], g: Grammar
               ) -> tuple[int, list[_Party], list[str]]:
    """Move the start of the object past parties named first (inverted subject, dative receiver), adverbs,
    prepositions, articles and possessives. Returns the new start, the parties passed and the possessives."""
    passed: list[_Party] = []
    possessives: list[str] = []
    drop = g.words["lead_drop"] | g.words["article"] | g.words["preposition"] | g.words["first_person"]
    pos = ws
    while pos < we:
        while pos < we and text[pos] in " ,":
            pos += 1
        party = next((p for p in parties if p.start == pos), None)
        if party is not None and party.end < we:
            passed.append(party)
            pos = party.end
            continue
        # an inverted subject "Betriebe aus Grodno": a noun, a preposition of origin, a party
        sub = g.inverted_subject.match(text, pos, we)
        party = next((p for p in parties if sub and p.start == sub.end() and not p.adjective), None)
        if sub and party is not None and party.end < we:
            passed.append(party)
            pos = party.end
            continue
        two = re.match(r"(\S+\s+\S+)", text[pos:we])
        if two and two.group(1) in g.words["lead_drop"]:
            pos += len(two.group(1))
            continue
        m = _WORD.match(text, pos, we)
        if m is None:
            break
        w = m.group(0)
        if w in drop or w.lower() in g.words["article"]:
            pos = m.end()
            continue
        if w in g.words["possessive"] or w in g.words["possessive_own"]:
            possessives.append(w)
            pos = m.end()
            continue
        # a dative receiver: "unseren belarussischen Partnern Busse" -> skip up to the receiver noun
        rest = _words(text, pos, we)[:4]
        recv = next((i for i, x in enumerate(rest) if x.group(0) in g.words["recipient_noun"]), None)
        if recv is not None and recv < len(rest) - 1 and all(x.group(0)[:1].islower() for x in rest[:recv]):
            pos = rest[recv].end()
            continue
        break
    return pos, passed, possessives


def _clean_what(what: str, g: Grammar) -> str:
    what = g.end.sub("", what)
    what = " ".join(what.split()).strip(" ,„“\"«»")
    m = g.time.match(what)
    while m:  # a leading time phrase ("in diesem Jahr weitere 500 Traktoren"); the object stays as written
        what = what[m.end():].strip(" ,")
        m = g.time.match(what)
    what = g.cover_demand.sub("", what)
    while what.split(" ")[0] in g.words["lead_drop"] and " " in what:  # an adverb freed by a time phrase
        what = what.split(" ", 1)[1]
    return what


def find_offers(text: str, sentences: list[tuple[int, int]], places: list[PlaceHit], orgs: list[OrgHit],
                persons: list[PersonDraft], partners: list[Partner], quotes: list[Quote] | None = None
                ) -> list[Offer]:
    g = grammar()
    out: list[tuple[Offer, Any]] = []
    by = next((p.name for p in partners if p.country == "BY"), None)
    foreign = next((p.name for p in partners if p.country != "BY"), None)
    country_of = {p.name: p.country for p in persons}
    prev_parties: list[_Party] = []
    candidates = _candidate_parties(places, orgs, persons, partners)
    for s, e in sentences:
        parties = _parties(s, e, candidates)
        if not g.cue.search(text, s, e):
            prev_parties = parties or prev_parties
            continue  # no offer or need word in this sentence
        low = text[s:e].lower()
        for rule, needles in zip(g.rules, _rule_needles(), strict=True):
            if needles is not None and len(low) == e - s and not any(n in low for n in needles):
                continue  # none of the literals every match of the rule holds (tests/test_offer_needles.py)
            for m in rule.regex.finditer(text, s, e):
                ws, we = m.start("what"), m.end("what")
                cstart = _clause_start(text, s, m.start())
                lead = _first_word(text, cstart, m.start() + 1).lower()
                if rule.subject == "clause":
                    lead = text[m.start():m.start() + 12].split()[0].lower()
                if lead in g.words["reason"] or lead in g.words["condition"]:
                    continue  # "weil auch wir etwas zu bieten haben", "wenn Sie mehr brauchen"
                verb = next((m.group(v) for v in ("verb", "sep") if v in rule.regex.groupindex and m.group(v)), None)
                if verb in g.words["no_offer_verb"]:
                    continue  # "bereit, enger zusammenzuarbeiten": no offer of goods or services
                ws, passed, possessives = _trim_lead(text, ws, we, parties, g)
                what = _clean_what(text[ws:we], g)
                first = what.split(" ")[0] if what else ""
                if not what or what in g.words["indefinite"] or first in g.words["passive"] or \
                        what.lower() in g.words["indefinite"] or first.lower() in g.words["negation"] or \
                        first.lower() in g.words["indefinite"]:
                    continue  # "etwas", "mehr", "keine zusätzliche Werbung": no product named
                nouns = re.findall(r"\b[A-ZÄÖÜ][\wäöüß-]+", what)
                if nouns and all(n in g.words["non_product"] for n in nouns):
                    continue  # "die Türen (öffnen)", "Interesse an der Veranstaltung"
                quote = next((q for q in quotes or [] if q.start <= m.start() < q.end), None)
                # the actor: an inverted subject right after the modal, else the last party of the clause
                # (or of the sentence) before the cue; "wir" is the speaker's side
                before = [p for p in parties if p.end <= m.start("what") and p.start >= cstart] or \
                    [p for p in parties if p.end <= m.start("what")]
                we_subject = any(w.group(0) in g.words["first_person"] for w in _words(text, cstart, m.start("what")))
                if rule.subject == "clause":
                    we_subject = we_subject or any(w.group(0) in g.words["first_person"]
                                                   for w in _words(text, m.start(), ws))
                actor: str | None = None
                country: str | None = None
                recipient_party: _Party | None = None
                subject_first = any(p.start >= cstart and p.end <= m.start() for p in parties)
                inverted = m.group(0).split()[0] in g.words["modal"] or rule.subject == "clause"
                if passed and not subject_first and inverted and not we_subject:
                    actor, country = passed[0].name, passed[0].country  # "kann Baschkortostan Belarus ... anbieten"
                    recipient_party = passed[1] if len(passed) > 1 else None
                else:
                    recipient_party = passed[0] if passed else None
                    if before and not we_subject:
                        actor, country = before[-1].name, before[-1].country
                    elif quote is None and any(w.group(0) in g.words["third_person"]
                                               for w in _words(text, cstart, m.start("what"))):
                        # "Es ist bereit, ...": the subject of the sentence before
                        ante = [p for p in prev_parties if not p.adjective]
                        if ante:
                            actor, country = ante[0].name, ante[0].country
                if "owner" in rule.regex.groupindex and m.group("owner"):  # "den Bedarf der Region an ..."
                    owners = [p for p in parties if m.start("owner") <= p.start < m.end("owner")]
                    if owners:
                        actor, country = owners[0].name, owners[0].country
                    else:
                        actor = foreign
                        country = next((p.country for p in partners if p.name == actor), None)
                if actor is None and quote is not None and quote.speaker and (we_subject or not before):
                    country = country_of.get(quote.speaker)
                    actor = _side_partner(country, partners) or quote.speaker
                if actor is None:  # "benötigt die Region ...": the article's partner on that side
                    actor = foreign if rule.type == "need" else by
                    country = next((p.country for p in partners if p.name == actor), None)
                recipient = by if country not in (None, "BY") else foreign
                if recipient_party is not None:
                    recipient = recipient_party.name
                # a possessive in a need: the products of the party named before the actor
                owner: str | None = None
                if rule.type == "need" and any(p in g.words["possessive"] for p in possessives):
                    others = [p for p in parties if p.end <= m.start() and p.name != actor and not p.adjective] or \
                        [p for p in prev_parties if p.name != actor and not p.adjective]
                    if others:
                        owner = others[-1].name
                        recipient = owner  # the object stays as written; whose it is says the recipient
                if not _content(what, g) and owner is None:
                    continue  # "nicht nur", "die Lieferungen deutlich": no product named
                # a party named inside the object wins: "Interesse an einer Zusammenarbeit mit belarussischen ..."
                inner = [h for h in places if ws <= h.start < we and h.entry.country and h.entry.country != country]
                if inner and recipient_party is None:
                    recipient = _partner_name(inner[0].entry.country, inner[0].entry.iso3166_2, partners) or \
                        (inner[0].entry.alias or inner[0].entry.name)
                sectors = sorted({h.sector for h in find_sectors(what)}) or \
                    sorted({h.sector for h in find_sectors(text[s:e])})
                offer = Offer(start=m.start(), end=m.end(), extractor="offers", rule=rule.id, type=rule.type,
                              actor=actor, recipient=recipient if recipient != actor else None, what=what,
                              sectors=sectors)
                out.append((offer, country or actor))
        prev_parties = parties or prev_parties
    return _one_per_statement(out, g)


def _content(what: str, g: Grammar) -> set[str]:
    """Stems of the nouns of an object, without the generic ones ("Aufbau", "Lieferungen")."""
    out = set()
    for w in re.findall(r"\b[A-ZÄÖÜ][\wäöüß-]{3,}", what):
        low = w.lower()
        if low not in g.words["generic_noun"]:
            out.add(low[:7])
    return out


def _one_per_statement(found: list[tuple[Offer, Any]], g: Grammar) -> list[Offer]:
    """Where patterns overlap, the one that starts first stays; a statement reported and then quoted (or a
    repeated paragraph) by the same side about the same thing is one fact: the first."""
    kept: list[tuple[Offer, Any]] = []
    for o, side in sorted(found, key=lambda x: (x[0].start, -(x[0].end - x[0].start))):
        if any(o.start < k.end and o.end > k.start and o.type == k.type for k, _ in kept):
            continue
        c = _content(o.what, g)
        dup = False
        for k, kside in kept:
            if k.type != o.type or kside != side:
                continue
            kc = _content(k.what, g)
            if (c and kc and len(c & kc) >= max(1, min(len(c), len(kc)) / 2)) or k.what == o.what:
                dup = True
                break
        if not dup:
            kept.append((o, side))
    return [o for o, _ in kept]
