"""Head nouns and the phrases around them: which compound is a project head ("Montagewerk", not "Netzwerk"),
its product ("für Traktorkabinen", "zur Herstellung von ..."), its place ("in Kostanai") and its name."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .. import lexicon
from ..persons import OrgHit, PlaceHit
from ..sectors import fold_case
from .model import _is_acronymish, _is_cap, _Loc, _loc_from_hit, _looks_adj, _nominative_item, _Tok
from .status import _Sentence
from .words import (
    _FORM_INFO,
    ABSTRACT,
    ACTION_NOUNS,
    ACTION_SUFFIXES,
    APPROXIMATORS,
    DETS,
    FARM_OK,
    GENITIVE_SG_BEFORE,
    JV_FORMS,
    KOMPLEX_OK,
    LAGER_OK,
    LINIE_OK,
    LINKING_S,
    LOC_PREPS,
    LOCATION_FILLERS,
    NETWORK,
    NON_PRODUCT_MOD,
    NOT_FILLER,
    NOT_PRODUCT,
    NUMBER_WORDS,
    PARK_OK,
    SETUP_NOUNS,
    STAETTE_OK,
    STATION_OK,
    WERK_NOT,
    WERK_OK,
    ZENTRUM_NOT,
)


def _network_before(before: list[str]) -> bool:
    """'ein Netz von (modernen) Servicezentren', '20 Ladestationen', 'drei neue Servicezentren': plural
    infrastructure built as one undertaking (the words before the head, as split from the text)."""
    words = [w.strip(",;:") for w in before]
    if words and _looks_adj(words[-1]):
        words = words[:-1]
    if len(words) >= 2 and words[-1] in ("von", "aus") and words[-2] in NETWORK:
        return True
    return bool(words) and (words[-1].isdigit() or words[-1].lower() in NUMBER_WORDS)


def _classify(base: str, prefix: str, plural: bool, before: list[str]) -> str | None:
    p = prefix.lower().replace("-", "")
    plural_ok = base in ("station", "tankstelle", "säule") or (base == "zentrum" and _network_before(before))
    if plural and not plural_ok:
        return None
    if base == "werkstatt":
        return "werkstatt"
    if base == "werk":
        if p == "ge" or (p.endswith(WERK_NOT) and not p.endswith(WERK_OK)):
            return None
        if p.endswith("kraft"):
            return "kraftwerk"
        return "montagewerk" if p.endswith("montage") else "werk"
    if base == "fabrik":
        return "fabrik"
    if base in ("stätte", "standort"):
        return "produktionsstaette" if p.endswith(STAETTE_OK) else None
    if base in ("produktion", "fertigung"):
        return "montageproduktion" if p.endswith("montage") else "produktion"
    if base == "montage":
        return "montage"
    if base == "betrieb":
        if p.endswith("montage"):
            return "montagewerk"
        if p.endswith("gemeinschafts"):
            return "joint_venture"
        return "werk" if p.endswith(("produktions", "fertigungs")) else None
    if base == "unternehmen":
        if p.endswith("gemeinschafts") or (not p and before and before[-1].lower().startswith("gemeinsam")):
            return "joint_venture"
        return None
    if base == "haus":
        return "handelshaus" if p.endswith("handels") else None
    if base == "gesellschaft":
        if p.endswith(("handels", "vertriebs")):
            return "handelsgesellschaft"
        if p.endswith("produktions") and len(before) >= 2 and before[-1] == "und" and before[-2] == "Handels-":
            return "handelsgesellschaft"
        if not p and before and before[-1].lower().startswith("gemeinsam"):
            return "joint_venture"
        return None
    if base == "drehscheibe":
        return "drehscheibe"
    if base == "zentrum":
        return "zentrum" if p and not p.endswith(ZENTRUM_NOT) else None
    if base == "park":
        return "park" if p.endswith(PARK_OK) else None
    if base == "station":
        return "station" if p.endswith(STATION_OK) else None
    if base == "tankstelle":
        return "station"
    if base == "säule":
        return "station" if p.endswith("lade") else None
    if base == "infrastruktur":
        return "infrastruktur" if p.endswith("lade") else None
    if base == "linie":
        return "linie" if p.endswith(LINIE_OK) or p == "" else None  # "die erste Linie mit Elektrobussen"
    if base == "terminal":
        return "terminal"
    if base == "lager":
        return "lager" if p.endswith(LAGER_OK) else None
    if base == "projekt":
        return "projekt"
    if base == "farm":
        return "farm" if p.endswith(FARM_OK) else None
    if base == "molkerei":
        return "fabrik"
    if base == "komplex":
        return "komplex" if p.endswith(KOMPLEX_OK) else None
    return None


def _compound_product(prefix: str, strip: tuple[str, ...] = NON_PRODUCT_MOD) -> str | None:
    """'Traktoren' of 'Traktorenwerk', 'Mähdrescher' of 'Mähdrescher-Montagewerk', 'Milch' of the action noun
    'Milchverarbeitung' (with ``strip=ACTION_SUFFIXES``)."""
    parts = [x for x in prefix.split("-") if x]
    while parts:
        low = parts[-1].lower()
        cut = next((m for m in strip if low.endswith(m)), None)
        if cut is None:
            break
        rest = parts[-1][: len(parts[-1]) - len(cut)]
        parts = parts[:-1] + ([rest] if rest else [])
    if not parts:
        return None
    word = "-".join(parts)
    if LINKING_S.search(word):
        word = word[:-1]
    if len(word) < 3:
        return None
    return word[:1].upper() + word[1:]


class _Parser:
    def __init__(self, text: str, sent: _Sentence, orgs: list[OrgHit]) -> None:
        self.text, self.sent, self.orgs = text, sent, orgs
        self.toks = sent.toks

    # -- noun phrases ---------------------------------------------------------------------------
    def np(self, k: int, case: str) -> tuple[str, int, str] | None:
        """A product noun phrase from token k: (nominative text, next index, last noun)."""
        toks = self.toks
        det = None
        if k < len(toks) and toks[k].text.lower() in DETS:
            det = toks[k].text.lower()
            k += 1
        while k < len(toks) and (toks[k].text[:1].isdigit() or toks[k].text in APPROXIMATORS):
            k += 1
        adjs: list[str] = []
        while k < len(toks) and _looks_adj(toks[k].text) and len(adjs) < 3:
            adjs.append(toks[k].text)
            k += 1
        nouns: list[str] = []
        while k < len(toks) and len(nouns) < 2:
            t = toks[k]
            if t.start in self.sent.place_at or not _is_cap(t.text) or t.text.lower() in DETS or \
                    t.text in NOT_PRODUCT:
                break
            if nouns and not (_is_acronymish(nouns[-1]) or _is_acronymish(t.text)):
                break
            nouns.append(t.text)
            k += 1
        if not nouns:
            return None
        return _nominative_item(det, adjs, nouns, case), k, nouns[-1]

    def purpose(self, j: int) -> tuple[list[str], int, str] | None:
        """'für Traktorkabinen', 'zur Herstellung von Mähdreschern', 'zur Einführung eines Elektrobusses und
        zum Bau von Ladestationen': (product items in the nominative, next index, first object noun)."""
        toks = self.toks
        if j + 1 >= len(toks):
            return None
        prep, k = toks[j].text, j + 1
        if prep in ("von", "mit"):  # "mit": "die erste Linie mit Elektrobussen" (the caller checks the vehicle)
            case = "dat"
        elif prep in ("eines", "einer", "des", "der"):  # "das Projekt eines Werks für Elektrobusse"
            case, k = "gen", j
        elif prep in ("zur", "zum", "für"):
            k2 = k + 1 if prep == "für" and toks[k].text.lower() in DETS else k
            t = toks[k2].text if k2 < len(toks) else ""
            action = t in ACTION_NOUNS or (prep != "für" and t.endswith("ung") and _is_cap(t))
            own = _compound_product(t, ACTION_SUFFIXES) if action and t not in ACTION_NOUNS else None
            if own is not None and not (k2 + 1 < len(toks) and (toks[k2 + 1].text == "von" or
                                                                toks[k2 + 1].text.lower() in DETS)):
                return [own], k2 + 1, own  # "zur Milchverarbeitung": the compound names the product
            if not action:
                if prep != "für":
                    return None  # "zum Beispiel", "zur Verfügung"
                case = "acc"
            else:
                k = k2 + 1
                if k < len(toks) and toks[k].text == "von":
                    case, k = "dat", k + 1
                elif k < len(toks) and (toks[k].text.lower() in ("des", "eines", "der", "einer", "dieses")
                                        or _looks_adj(toks[k].text) or _is_cap(toks[k].text)):
                    case = "gen"
                else:
                    return None
        else:
            return None
        res = self.np(k, case)
        if res is None:
            return None
        item, k, noun = res
        items = [item]
        while k + 1 < len(toks) and toks[k].text in ("und", "sowie", ",") and len(items) < 4:
            nxt = toks[k + 1].text
            if nxt in ("zur", "zum", "für"):
                more = self.purpose(k + 1)
                if more is None:
                    break
                items += more[0]
                k = more[1]
                continue
            if not (_is_cap(nxt) or _looks_adj(nxt) or nxt.lower() in DETS):
                break
            if toks[k].text == "," and not _is_cap(nxt):
                break  # "ein Werk für Kommunaltechnik, dessen Bau ...", ", die Bauarbeiten laufen": a new clause
            res2 = self.np(k + 1, case)
            if res2 is None or res2[2].lower() in ABSTRACT:
                break
            items.append(res2[0])
            k = res2[1]
        return items, k, noun

    # -- places -----------------------------------------------------------------------------------
    def location_pp(self, j: int) -> tuple[_Loc, int] | None:
        toks = self.toks
        if j >= len(toks) or toks[j].text not in LOC_PREPS:
            return None
        for k in range(j + 1, min(j + 8, len(toks))):
            t = toks[k]
            hit = self.sent.place_at.get(t.start)
            if hit is not None and hit.entry.kind == "world_region":
                return None  # "in Zentralasien": too vague to place a project
            if hit is not None:
                end_k = k
                while end_k < len(toks) and toks[end_k].end <= hit.end:
                    end_k += 1
                prep_start = toks[j].start
                # the nearest locative preposition before the place names it best ("in Kostanaj")
                for q in range(k - 1, j, -1):
                    if toks[q].text in LOC_PREPS:
                        prep_start = toks[q].start
                        break
                return _loc_from_hit(hit, self.text[prep_start:hit.end]), end_k
            low = t.text.lower()
            if low in DETS or low in LOCATION_FILLERS or _looks_adj(t.text) or \
                    (_is_cap(t.text) and t.text not in SETUP_NOUNS and t.text not in NOT_FILLER):
                continue
            return None
        return None

    def name_after(self, j: int) -> tuple[str, int, _Loc | None]:
        """A proper name right after the head: 'MAZ Asia', 'MTZ-Tatarstan', '„Großer Stein“'."""
        toks = self.toks
        if j >= len(toks):
            return "", j, None
        words: list[_Tok] = []
        k = j
        if toks[k].text in ("„", "\"", "«", "»"):
            close = {"„": "“", "\"": "\"", "«": "»", "»": "«"}[toks[k].text]
            m = k + 1
            while m < len(toks) and m - k <= 6 and toks[m].text not in (close, "”", "“", "\""):
                m += 1
            if m < len(toks) and m - k <= 6 and m > k + 1:
                return self.text[toks[k].start:toks[m].end], m + 1, self._inner_place(toks[k + 1:m])
            return "", j, None
        while k < len(toks) and len(words) < 3:
            t = toks[k]
            if t.start in self.sent.place_at:
                break
            if _is_acronymish(t.text) or (words and _is_cap(t.text) and not lexicon.is_german_word(t.text)):
                words.append(t)
                k += 1
                continue
            break
        if not words:
            return "", j, None
        return self.text[words[0].start:words[-1].end], k, self._inner_place(words)

    def _inner_place(self, words: list[_Tok]) -> _Loc | None:
        auto = lexicon.places()
        for t in words:
            for part in re.split(r"[-\s]", t.text.strip("„“\"")):
                if len(part) < 3:
                    continue
                for s, e, values in auto.find(part):
                    if s == 0 and e == len(part):
                        surface, entry = values[0]
                        if entry.form == "adjective":
                            continue
                        off = t.start + t.text.find(part)
                        hit = PlaceHit(off, off + len(part), surface, entry)
                        return _loc_from_hit(hit, "")
        return None


def _core_word(token: str, form_start: int, base: str, plural: bool) -> str:
    """The head word in the nominative singular: 'Montagewerks' -> 'Montagewerk'; plurals stay as written."""
    if plural:
        return token
    prefix = token[:form_start]
    return prefix + (base if prefix else base.capitalize())


@lru_cache(maxsize=1)
def _head_automaton() -> Any:
    """Every head form, lower-cased, in one Aho-Corasick automaton (a regex alternation is ten times slower)."""
    items = [(form, (form, base, plural)) for form, (base, plural) in _FORM_INFO.items()]
    items += [(jv, (jv, "venture", False)) for jv in JV_FORMS]
    return lexicon.keyword_automaton(items)


def _head_hits(text: str) -> list[tuple[int, int, int, str, str]]:
    """(token start, head form start, end, base, normalized head) of the head nouns in ``text``."""
    low = fold_case(text)  # offsets of text: "İ" lowercases to two characters
    n = len(low)
    out = []
    for end_idx, values in _head_automaton().iter(low):
        end = end_idx + 1
        if end < n and (low[end].isalnum() or low[end] == "-"):
            continue
        form, base, plural = values[0]
        start = end - len(form)
        if base == "venture":
            if form.endswith("s") and not GENITIVE_SG_BEFORE.search(text, max(0, start - 60), start):
                continue  # "30 Joint Ventures": a count, not a project ("eines gemeinsamen Joint Ventures" is one)
            if text.startswith("Joint", start) and (start == 0 or not text[start - 1].isalnum()):
                out.append((start, start, end, base, "joint_venture"))
            continue
        ts = start
        while ts > 0 and (text[ts - 1].isalnum() or text[ts - 1] == "-"):
            ts -= 1
        if not text[ts].isupper():
            continue
        if base == "unternehmen" and text.endswith("Venture ", 0, ts):
            continue
        before = text[max(0, ts - 40):ts].split()[-4:]
        norm = _classify(base, text[ts:start], plural, before)
        if norm is not None:
            out.append((ts, start, end, base, norm))
    out.sort()
    return out


def _head_tokens(text: str, sent: _Sentence, hits: list[tuple[int, int, int, str, str]]
                 ) -> list[tuple[int, int, str, str]]:
    """(token index, where the head form starts in the token or -1, base, normalized head)."""
    heads: list[tuple[int, int, str, str]] = []
    for ts, start, end, base, norm in hits:
        i = sent.tok_at.get(ts)
        if i is None:
            continue
        if base == "venture":
            heads.append((i + (1 if text[start + 5] == " " else 0), -1, "venture", norm))
        elif sent.toks[i].end == end:
            heads.append((i, start - ts, base, norm))
    heads.sort()
    return heads

