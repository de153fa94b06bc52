"""Candidate mentions of one sentence: a head with its product, place and name, kept or dropped by the
grammar of the package docstring, and the place a mention without one of its own takes from its sentence."""
from __future__ import annotations

import re

from ..persons import OrgHit, PlaceHit
from .model import _Cand, _is_cap, _Loc, _loc_from_hit, _looks_adj, _Tok
from .phrases import _compound_product, _core_word, _head_tokens, _Parser
from .status import _Sentence
from .words import (
    _FORM_INFO,
    ABSTRACT,
    ADMIN_IM,
    ADMIN_IN_DER,
    DEFINITE,
    DETS,
    INFRA_SETUP,
    INHERENTLY_JOINT,
    LOCATIVE_BEFORE,
    MEETING_BEFORE,
    NAMEABLE,
    NAMED_OK,
    NEEDS_SETUP,
    NETWORK,
    NETWORK_START,
    NON_LOCATIVE_PREPS,
    ORDINALS,
    PLANT,
    SETUP_NOUNS,
    SETUP_VERBS,
    VEHICLE,
)


def _infra_setup(text: str, sent: _Sentence, c: _Cand) -> bool:
    """Plural infrastructure is one undertaking only when set up: '20 Ladestationen werden errichtet',
    'Ladestationen aufzubauen', 'wurden zwölf Ladestationen in Betrieb genommen'."""
    ca, cb = sent.clauses[sent._index(sent.clauses, c.head_start)]
    return bool(SETUP_VERBS.search(text, ca, cb) or INFRA_SETUP.search(text, ca, cb))


def _setup_context(text: str, sent: _Sentence, i: int) -> bool:
    """'Produktion'/'Montage' name a project only when set up: 'Aufbau einer Produktion von ...', 'eine
    gemeinsame Montage von ...', '... eine Produktion von Generika zu organisieren'."""
    toks = sent.toks
    back = [t.text for t in toks[max(0, i - 4):i]]
    if any(w in SETUP_NOUNS for w in back):
        return True
    ca, cb = sent.clauses[sent._index(sent.clauses, toks[i].start)]
    return bool(re.search(r"\bgemeinsam", text[ca:cb])) or bool(SETUP_VERBS.search(text, toks[i].end, cb))


def _candidates(text: str, sent: _Sentence, orgs: list[OrgHit], hits: list[tuple[int, int, int, str, str]]
                ) -> list[_Cand]:
    parser = _Parser(text, sent, orgs)
    toks = sent.toks
    parsed: list[tuple[int, _Cand, bool]] = []  # (head token index, candidate, named?)
    for i, form_start, base, norm in _head_tokens(text, sent, hits):
        tok = toks[i]
        plural = form_start >= 0 and _FORM_INFO[tok.text[form_start:].lower()][1]
        if form_start == -1:
            first = i - 1 if i > 0 and toks[i].text.startswith("Venture") and toks[i - 1].text == "Joint" else i
            start, core = toks[first].start, "Joint Venture"
        else:
            start, core = tok.start, _core_word(tok.text, form_start, base, plural)
            if norm == "handelsgesellschaft" and i >= 3 and toks[i - 1].text == "und" and toks[i - 2].text == "-":
                start = toks[i - 3].start
                core = text[start:tok.start] + core
            elif norm == "joint_venture" and base in ("unternehmen", "gesellschaft") and not form_start:
                start = toks[i - 1].start
                core = "gemeinsames Unternehmen" if base == "unternehmen" else "gemeinsame Gesellschaft"
        # existing enterprises named after their city ("Minsker Traktorenwerk") or inside an org name
        if i > 0 and any(h.entry.form == "adjective" and h.entry.kind == "city" and h.end == toks[i - 1].end
                         for h in sent.places):
            continue
        if i > 1 and norm != "joint_venture" and _is_cap(toks[i - 1].text) and toks[i - 1].text.isalpha() and \
                toks[i - 1].text.endswith(("e", "en", "er", "es", "em")) and toks[i - 2].text.lower() in DETS:
            continue  # "das Belarussische Automobilwerk": an enterprise's name
        if norm == "linie" and i > 0 and toks[i - 1].text in ORDINALS:
            continue  # "in erster Linie"
        if norm not in INHERENTLY_JOINT and norm != "park" and any(o.start <= tok.start < o.end for o in orgs):
            continue
        if norm in NEEDS_SETUP and not _setup_context(text, sent, i):
            continue
        if plural and norm in ("station", "zentrum"):
            # "ein Netz von (modernen) Ladestationen": the network is the undertaking
            k = i - 1
            if k > 0 and _looks_adj(toks[k].text):
                k -= 1
            if k > 0 and toks[k].text in ("von", "aus") and toks[k - 1].text in NETWORK:
                start, core = toks[k - 1].start, text[toks[k - 1].start:tok.end]
        cand = _Cand(start, tok.end, norm, core, (sent.s, sent.e), tok.start, plural=plural,
                     definite=_definite(toks, i))
        j = i + 1
        named = False
        if norm in NAMEABLE:
            name, j2, inner = parser.name_after(j)
            if name:
                cand.core, j, named = f"{core} {name}", j2, True
                cand.loc = inner
        for _ in range(3):
            got = False
            if cand.loc is None or cand.loc.pp == "":
                lp = parser.location_pp(j)
                if lp is not None:
                    cand.loc, j = lp
                    got = True
            if cand.product is None and j < len(toks) and (toks[j].text in ("für", "zur", "zum") or (
                    toks[j].text == "von" and norm in ("produktion", "montage", "montageproduktion")) or (
                    norm == "projekt" and toks[j].text in ("eines", "einer", "des", "der")) or (
                    norm == "linie" and toks[j].text == "mit")):
                pur = parser.purpose(j)
                if pur is not None:
                    items, k, noun = pur
                    if toks[j].text == "mit" and not VEHICLE.search(noun):
                        break  # "eine Linie mit einer Kapazität von ...": only vehicles serve a line
                    if noun.lower() in ABSTRACT or items[0].lower() in ABSTRACT:
                        break  # "für den Export", "zur Entwicklung der Zusammenarbeit": no concrete object
                    cand.product = " und ".join(items)
                    cand.purpose = text[toks[j].start:toks[k - 1].end]
                    cand.product_span = (toks[j].start, toks[k - 1].end)
                    j = k
                    got = True
            if not got:
                break
        cand.end = max(cand.end, toks[j - 1].end)
        if cand.product is None and norm in PLANT and form_start > 0:
            cand.product = _compound_product(tok.text[:form_start])
            cand.compound_product = cand.product is not None
        parsed.append((i, cand, named))
    by_index = {i: c for i, c, _ in parsed}
    out: list[_Cand] = []
    for i, c, named in parsed:
        if c.loc is None and c.product is None and not named:
            # "eines Servicezentrums und eines Ersatzteillagers in Karaganda": coordinated heads share the place
            k = i + 1
            if k < len(toks) and toks[k].text in ("und", "sowie", ","):
                k += 1
                if k < len(toks) and toks[k].text.lower() in DETS:
                    k += 1
                other = by_index.get(k)
                if other is not None and other.loc is not None and c.head != "projekt":
                    c.loc = other.loc
        if c.head == "projekt" and c.product is None:
            c.anaphor = _definite(toks, i)
            if c.anaphor:
                out.append(c)
            continue  # "ein gemeinsames Projekt", "neue Projekte": no concrete object
        if c.loc is None and c.product is None and not (named and c.head in NAMED_OK):
            if c.head not in NEEDS_SETUP and (not c.plural or (c.head in ("station", "zentrum") and (
                    c.core.startswith(NETWORK_START) or _infra_setup(text, sent, c)))):
                # "das Werk" after "ein Werk für Traktorkabinen in Kostanai"; a bare "ein Logistikzentrum"
                # counts only with a place in the sentence and a status cue about it
                c.anaphor = _definite(toks, i)
                c.weak = True
                out.append(c)
            continue
        if c.plural and c.loc is None:
            c.weak = True  # "Ladestationen für Elektrofahrzeuge" in general; "im Gebiet Tula 20 Ladestationen"
        out.append(c)
    # "Das Joint Venture hat die Produktion von Käse aufgenommen": the production is what the project does
    others = [c for c in out if c.head not in NEEDS_SETUP]
    for c in [c for c in out if c.head in NEEDS_SETUP]:
        clause = sent._index(sent.clauses, c.head_start)
        same = [o for o in others if sent._index(sent.clauses, o.head_start) == clause]
        if same:
            near = min(same, key=lambda o: abs(o.head_start - c.head_start))
            if near.product is None:
                near.product = c.product
            out.remove(c)
    # a project whose object is itself a plant ("Projekt zum Bau eines Milchwerks in Samarkand"): the plant
    keep = []
    for c in out:
        plant = next((o for o in out if o is not c and o.head != "projekt" and not o.anaphor and not o.weak and
                      c.product_span and c.product_span[0] <= o.head_start < c.product_span[1]), None) \
            if c.head == "projekt" else None
        if plant is not None:
            if plant.loc is None:
                plant.loc = c.loc
            continue
        # a bare head inside another phrase's object ("zum Bau von Ladestationen") is part of that project
        if c.weak and any(o.product_span and o.product_span[0] <= c.head_start < o.product_span[1]
                          for o in out if o is not c):
            continue
        keep.append(c)
    return keep


def _definite(toks: list[_Tok], i: int) -> bool:
    """'das Werk', 'das neue Werk', 'dieses Joint Venture'."""
    k = i - 1
    if k >= 0 and toks[k].text == "Joint":
        k -= 1
    if k >= 0 and _looks_adj(toks[k].text):
        k -= 1
    return k >= 0 and toks[k].text.lower() in DEFINITE


def _bare_place(sent: _Sentence, h: PlaceHit) -> bool:
    """A place with no preposition of its own: the clause's subject ("Das Gebiet Omsk und Belarus prüfen"),
    an object or a genitive ("der Gouverneur des Gebiets Omsk"), not "aus Omsk", "nach Omsk", "zwischen ...",
    "mit Betrieben des Gebiets Omsk"."""
    toks = sent.toks
    i = sent.tok_at.get(h.start)
    if i is None:
        return False
    ca = sent.clauses[sent._index(sent.clauses, h.start)][0]
    k = i - 1
    crossed = False  # the noun a genitive place belongs to: what governs that noun decides
    while k >= 0 and toks[k].start >= ca:
        t = toks[k].text
        if t.lower() in DETS or t in ("und", "sowie") or (crossed and _looks_adj(t)) or \
                any(p.start <= toks[k].start < p.end for p in sent.places if p.entry.form != "adjective"):
            k -= 1
            continue
        if not crossed and _is_cap(t) and t.isalpha() and toks[k + 1].text in ("des", "der", "eines", "einer"):
            crossed = True
            k -= 1
            continue
        return t.lower() not in NON_LOCATIVE_PREPS
    return True


def _in_phrase(written: str) -> str:
    """'im Gebiet Omsk', 'in der Region Tula', 'in Nowosibirsk'."""
    first = written.split(" ", 1)[0]
    if first in ADMIN_IM:
        return f"im {written}"
    if first in ADMIN_IN_DER:
        return f"in der {written}"
    return f"in {written}"


def _fallback_location(text: str, sent: _Sentence, cand: _Cand, orgs: list[OrgHit]) -> _Loc | None:
    """A place in a locative phrase elsewhere in the sentence ("In Kostanai wurde der Bau ... abgeschlossen");
    for a bare head only in its own or its governing clause."""
    best: tuple[tuple[int, int, int], _Loc] | None = None
    own = sent._index(sent.clauses, cand.head_start)
    allowed = None
    if cand.weak:
        own_spans, governing = sent.scopes(cand.head_start, cand.end)
        allowed = own_spans + ([governing] if governing else [])
    # never a Belarusian place when the sentence names a foreign one ("In Minsk unterzeichneten Belarus und
    # Usbekistan ein Abkommen über ein Joint Venture": the venture is not in Minsk)
    foreign = any(h.entry.country and h.entry.country != "BY" for h in sent.places
                  if h.entry.form != "adjective" and h.entry.kind != "world_region")
    for h in sent.places:
        if h.entry.form == "adjective" or h.entry.kind == "world_region" or cand.start <= h.start < cand.end:
            continue
        if foreign and h.entry.country == "BY":
            continue
        if allowed is not None and not any(a <= h.start < b for a, b in allowed):
            continue
        if any(o.start <= h.start < o.end for o in orgs):
            continue
        pre = text[max(sent.s, h.start - 40):h.start]
        m = LOCATIVE_BEFORE.search(pre)
        if m:
            if MEETING_BEFORE.search(pre[:m.start()]):
                continue
            pp_start = h.start - len(pre) + m.start()
            pp = text[pp_start:h.end]
            loc, kind = _loc_from_hit(h, pp[:1].lower() + pp[1:]), 0
        elif h.entry.kind != "country" and h.end <= cand.start and _bare_place(sent, h):
            # "Das Gebiet Omsk will ein Servicezentrum aufbauen", "Belarus und das Gebiet Omsk prüfen ...": a
            # region or city stated before the head as subject or object, after a locative phrase; not a place
            # of origin or destination ("Unternehmen aus Shandong", "Lieferungen nach Omsk")
            loc = _loc_from_hit(h, "")
            loc.pp = _in_phrase(loc.written)
            kind = 1
        else:
            continue
        dist = cand.start - h.end if h.end <= cand.start else h.start - cand.end
        key = (0 if sent._index(sent.clauses, h.start) == own else 1, kind, dist)
        if best is None or key < best[0]:
            best = (key, loc)
    return best[1] if best else None

