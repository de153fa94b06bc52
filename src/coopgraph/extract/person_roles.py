"""Roles and sides of persons: the title phrase around a name (before it, or as an apposition after
it), normalised to the nominative; the region in its genitive complement; the side (country) a person
represents, from the nationality adjective in the role, a place or organisation in it, or the region."""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from ..resources import words
from . import lexicon
from .hits import OrgHit, PersonDraft, PlaceHit, Tok
from .lexicon import KnownPerson, PlaceEntry, RoleEntry
from .text import Spans, genitive_stems

PERSON_WORDS = "person_words.jsonl"  # the word lists of persons and roles: one row per list, id and note
DETERMINERS = frozenset(words(PERSON_WORDS, "phrase:determiners"))
PREPS = frozenset(words(PERSON_WORDS, "phrase:prepositions"))

BELARUS = "BY"
LIST_JOINER = re.compile(r",\s*|\s+und\s+|,\s*und\s+|\s+sowie\s+")
CHAMBER = re.compile(r"(?:des|der)\s+Rat(?:e?s)?\s+der\s+Republik\b")  # the upper house, not a region
HONORIFICS = frozenset(words(PERSON_WORDS, "title:honorifics"))
POSTMODIFIERS = frozenset(words(PERSON_WORDS, "title:postmodifiers"))
COUNTERPART_ROLE = "role:amtskollege"
NOT_OFFICES = {COUNTERPART_ROLE, "role:gast", "role:gespraechspartner"}  # words for a person, not an office
RELATIVE = frozenset(words(PERSON_WORDS, "phrase:relative-pronouns"))
ORIGIN = re.compile(r"\s+aus\s+(?:der\s+|dem\s+|den\s+)?")
ADJECTIVAL_TITLES = frozenset(words(PERSON_WORDS, "title:adjectival"))


@lru_cache(maxsize=200_000)
def _is_cap(t: str) -> bool:
    """A capitalized word ('Lukaschenko', 'Nordossetien-Alanien', 'Sadık'), not an acronym or number."""
    return len(t) >= 2 and t.istitle() and t.replace("-", "").replace("'", "").replace("’", "").isalpha() \
        and not t.startswith("-") and "--" not in t


@lru_cache(maxsize=1)
def _compound_heads() -> tuple[dict[str, tuple[RoleEntry, str]], list[int]]:
    """lexicon.role_suffixes as a table: lower-case head -> (the first entry listed for it, the first role form
    spelt like it), and the head lengths, longest first. A word is then looked up by its own endings (one dict
    probe per length) instead of testing every head with endswith."""
    table = lexicon.roles()
    heads: dict[str, tuple[RoleEntry, str]] = {}
    for suffix, entry in lexicon.role_suffixes():
        if suffix in heads:
            continue  # the first one listed wins, as in a scan of the list
        head_form = next((f for f in table if f.lower() == suffix), None)
        if head_form is not None:
            heads[suffix] = (entry, head_form)
    return heads, sorted({len(k) for k in heads}, reverse=True)


@lru_cache(maxsize=200_000)
def role_of_token(word: str) -> RoleEntry | None:
    """A role noun, also as the head of a compound ('Industrieminister', 'Vizepremierministers'). Cached: every
    extractor asks this of the same words many times (RoleEntry is frozen, so sharing one is safe)."""
    table = lexicon.roles()
    if word in table:
        return table[word]
    for stem in genitive_stems(word):  # genitive: "des Akims", "des Gouverneurs"
        if stem in table:
            return table[stem]
    lw = word.lower()
    if not word[:1].isupper():
        return None
    heads, lengths = _compound_heads()
    for size in lengths:  # longest head first, as lexicon.role_suffixes is ordered
        if len(lw) - size < 3:
            continue
        suffix = lw[-size:]
        found = heads.get(suffix)
        if found is not None:
            entry, head_form = found
            # keep the compound as the title: Industrieminister(s) -> Industrieminister
            prefix = word[: len(word) - len(suffix)]
            title_head = entry.title if not entry.feminine else head_form
            title = prefix + title_head.lower() if not prefix.endswith("-") else prefix + title_head
            return RoleEntry(entry.role_id, title, entry.kind, entry.anaphor, entry.feminine)
    return None


def role_key(role: str) -> tuple[bool, str]:
    """(deputy?, head title) of a role string: 'stellvertretender Premierminister' and
    'Vizepremierminister' share ('deputy', 'premierminister')."""
    low = role.lower()
    deputy = bool(re.search(r"\b(stellvertretend\w*|vize)|\bvize|^vize", low)) or "stellvertret" in low
    words = [w for w in re.split(r"\s+", low) if w]
    head = ""
    for w in words:
        entry = role_of_token(w[:1].upper() + w[1:])
        if entry:
            head = entry.title.lower()
            break
    head = re.sub(r"^(vize|stellvertretende[rn]?)", "", head)
    return deputy, head


def nominative_adjective(word: str, feminine: bool) -> str:
    """'stellvertretenden' -> 'stellvertretender' (or 'stellvertretende' for a feminine title)."""
    stem = re.sub(r"(en|em|es|er|e)$", "", word)
    return stem + ("e" if feminine else "er")


ADJ_SHAPE = re.compile(r"(" + "|".join(words(PERSON_WORDS, "adjective:stems")) + r")(e|en|er|es|em)$")
CAPITALIZED_ADJECTIVES = frozenset(words(PERSON_WORDS, "adjective:capitalized"))  # "Außerordentlicher", "Erste"


def _adj_like(word: str) -> bool:
    if word.lower() in DETERMINERS:
        return False
    return bool(ADJ_SHAPE.search(word.lower())) and (word[:1].islower() or word in CAPITALIZED_ADJECTIVES)




class RoleSideMixin:
    """Role and side assignment for PersonFinder (which provides the attributes below)."""

    text: str
    toks: list[Tok]
    places: list[PlaceHit]
    orgs: list[OrgHit]
    known: dict[str, KnownPerson]
    _feminine: bool
    _tok_starts: list[int]  # start offsets of ``toks`` (sorted)
    persons: list[PersonDraft]
    _origin_memo: dict[int, PlaceEntry] | None = None
    _full_memo: tuple[tuple[tuple[int, int], ...], Spans] | None = None

    # -- lists of names ------------------------------------------------------------------------
    def _name_lists(self) -> list[list[PersonDraft]]:
        """Persons named in one list ("A, B und C"): full mentions joined only by a comma, "und" or "sowie"."""
        mentions = sorted((s, e, p) for p in self.persons for s, e, k in p.mentions if k == "full")
        groups: list[list[tuple[int, int, PersonDraft]]] = []
        for m in mentions:
            if groups and LIST_JOINER.fullmatch(self.text[groups[-1][-1][1]:m[0]]) and \
                    m[2] not in [x[2] for x in groups[-1]]:
                groups[-1].append(m)
            else:
                groups.append([m])
        return [[x[2] for x in g] for g in groups]

    def _share_in_lists(self) -> None:
        """'die Biathletinnen A, B und C', 'die Premierminister beider Länder, A und B': a plural title before
        a list of names is the title of each one in it."""
        for group in self._name_lists():
            head = group[0]
            if len(group) < 2 or head.role is None or head.role_entry is None or head.role_span is None or \
                    head.role_span[1] > head.start or not self._plural_title(head.role_span):
                continue
            for p in group[1:]:
                if p.role is None:
                    p.role, p.role_entry, p.role_span = head.role, head.role_entry, head.role_span
                    p.region_entry = p.region_entry or head.region_entry

    def _plural_title(self, span: tuple[int, int]) -> bool:
        toks = [t for t in self.toks if span[0] <= t.start < span[1]]
        noun = next((t for t in toks if t.text[:1].isupper() and role_of_token(t.text)), None)
        if noun is None:
            return False
        if noun.text.endswith("innen"):
            return True
        before = [t for t in self.toks if t.end <= span[0]][-1:]
        det = before[0].text.lower() if before else ""
        # "die Premierminister": a masculine title after "die" is plural ("die Präsidentin" is not)
        return det in {"die", "beide", "beiden"} and not noun.text.endswith(("in", "e"))

    def _origins(self) -> dict[int, PlaceEntry]:
        """'X, Y und Z aus Russland', 'X aus dem Gebiet Omsk': the place after a list of names is each one's
        side (by id of the person)."""
        if self._origin_memo is None:
            self._origin_memo = {}
            # per person: full mentions sorted by start, and the furthest end from each one on
            full: dict[int, tuple[list[int], list[int]]] = {}
            for p in self.persons:
                spans = sorted((s, e) for s, e, k in p.mentions if k == "full")
                reach = [e for _, e in spans]
                for j in range(len(reach) - 2, -1, -1):
                    reach[j] = max(reach[j], reach[j + 1])
                full[id(p)] = ([s for s, _ in spans], reach)

            def furthest(p: PersonDraft, since: int) -> int | None:
                starts, reach = full.get(id(p)) or ([], [])
                j = bisect_left(starts, since)
                return reach[j] if j < len(reach) else None

            for group in self._name_lists():
                ends = [e for p in group if (e := furthest(p, group[-1].start)) is not None]
                last = max(ends, default=None)
                if last is None:
                    continue
                m = ORIGIN.match(self.text, last)
                if not m:
                    continue
                hit = next((h for h in self.places if h.start == m.end() and h.entry.form != "adjective"
                            and h.entry.kind in ("country", "region") and h.entry.country), None)
                if hit is not None:
                    for p in group:
                        self._origin_memo[id(p)] = hit.entry
        return self._origin_memo

    # -- roles ---------------------------------------------------------------------------------
    def _full_mentions(self) -> Spans:
        """The spans of all full mentions, rebuilt only when a mention was added since the last call."""
        key = tuple((id(p.mentions), len(p.mentions)) for p in self.persons)
        memo = getattr(self, "_full_memo", None)
        if memo is None or memo[0] != key:
            memo = self._full_memo = (key, Spans((s, e) for p in self.persons for s, e, kind in p.mentions
                                                 if kind == "full"))
        return memo[1]

    def _tok_index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos`` (len(toks) when none)."""
        return bisect_left(self._tok_starts, pos)

    def _assign_role(self, p: PersonDraft) -> None:
        for start, end, kind in sorted(p.mentions):
            if kind != "full":
                continue
            self._feminine = p.feminine
            got = self._role_left(self._tok_index(start)) or self._role_right(self._tok_index(end))
            if got:
                p.role, p.role_entry, p.role_span, p.region_entry = got[0], got[1], got[2], got[3]
                p.feminine = p.feminine or got[1].feminine
                return

    def _role_left(self, i: int) -> tuple[str, RoleEntry, tuple[int, int], PlaceEntry | None] | None:
        toks = self.toks
        k = i - 1
        if k >= 1 and toks[k].text in HONORIFICS:
            k -= 1  # "..., Scheich Mohammed": a form of address, not the title
        if k >= 0 and toks[k].text == ",":
            k -= 1
        if k >= 1 and toks[k].text.islower() and toks[k].text in POSTMODIFIERS and toks[k - 1].text[:1].isupper():
            k -= 1  # "Botschafter in Vietnam und Laos nebenamtlich, X": an adverb closing the title
        if k >= 1 and toks[k].text.islower():
            # "Der Leiter des Unternehmens X, das Bauleistungen exportiert, Witali B.": skip the relative clause
            c = k
            while c >= 0 and toks[c].text not in {",", ".", "!", "?", ";", ":"} and k - c <= 10:
                c -= 1
            if c >= 1 and toks[c].text == "," and toks[c + 1].text in RELATIVE:
                k = c - 1
        end_tok = k
        steps = 0
        # full mentions of anyone (the tokens looked at all lie before toks[i], so only earlier ones can hold one)
        others = self._full_mentions() if i < len(toks) else Spans([])
        while k >= 0 and steps < 18:
            if others.covers(toks[k].start):
                return None  # "der Gouverneur A und B": the title belongs to A
            entry = role_of_token(toks[k].text)
            if entry:
                k, entry = self._stacked_title(k, entry)
                return self._role_phrase(k, end_tok, entry)
            w = toks[k].text
            if w in {".", "!", "?", ":", ";", "„", "“", '"'} or (
                    w == "," and k != end_tok and not toks[k + 1].text[:1].isupper()) or (
                    w.islower() and w not in PREPS and w not in DETERMINERS and not _adj_like(w)):
                return None
            k -= 1
            steps += 1
        return None

    def _apposition_place(self, p: PersonDraft) -> PlaceEntry | None:
        """The region or country in a noun phrase set off by a comma right before the name, whose head is no
        known title (misspelt or rare): 'dem Vorsitzenden des Exekutivorgans des Gebiets Sughd, X'."""
        toks = self.toks
        i = next((t.i for t in toks if t.start == p.start), None)
        if i is None or i < 2 or toks[i - 1].text != ",":
            return None
        found = None
        for k in range(i - 2, max(-1, i - 12), -1):
            w = toks[k].text
            hit = next((h for h in self.places if h.start == toks[k].start and h.entry.form != "adjective"
                        and h.entry.kind in ("region", "country") and h.entry.country), None)
            if hit is not None and found is None:
                found = hit.entry
            if w.lower() in ("dem", "den", "der", "des") and found is not None and k >= 1 and \
                    toks[k - 1].text.lower() in ("mit", "von", "vom", "beim", "dem", "den"):
                return found
            if w in {".", "!", "?", ":", ";", ",", "„", "“", '"'} or (
                    w.islower() and w not in PREPS and w not in DETERMINERS and not _adj_like(w)):
                return None
        return None

    def _known_of(self, p: PersonDraft) -> KnownPerson | None:
        """The known person by full name, surname, or a known name that starts the name ("Mohammed bin Zayed"
        in "Mohammed bin Zayed Al Nahyan")."""
        parts = p.name.split()
        for n in range(len(parts), 1, -1):
            kp = self.known.get(" ".join(parts[:n]))
            if kp is not None:
                return kp
        return self.known.get(parts[-1])

    def _stacked_title(self, k: int, entry: RoleEntry) -> tuple[int, RoleEntry]:
        """'dem Generalsekretär der GUS, dem Leiter der Beobachtermission X', 'der Stürmer und ehemalige
        Kapitän X': the first of stacked or coordinated titles heads the role."""
        toks = self.toks
        a = k - 1
        while a >= 0 and toks[a].text in {"„", "“", '"', "«", "»"}:
            a -= 1
        while a >= 0 and _adj_like(toks[a].text):
            a -= 1
        if a >= 1 and toks[a].text == "und" and toks[a - 1].text[:1].isupper():
            first = role_of_token(toks[a - 1].text)
            if first is not None:  # "der Nationalstürmer und ehemalige Spartak-Spieler X": the first title
                return a - 1, first
            return k, entry
        if a >= 1 and toks[a].text == ",":
            a += 1  # "Kronprinz von Abu Dhabi, stellvertretender Oberbefehlshaber ...": no article
        elif a < 2 or toks[a].text.lower() not in DETERMINERS or toks[a - 1].text != ",":
            return k, entry
        c = a - 2
        while c >= 0 and a - c <= 10:
            w = toks[c].text
            first = role_of_token(w) if w[:1].isupper() else None
            if first is not None:
                return c, first
            if w in {".", "!", "?", ":", ";", ",", "„", "“", '"'} or (
                    w.islower() and w not in PREPS and w not in DETERMINERS and not _adj_like(w)):
                break
            c -= 1
        return k, entry

    def _role_right(self, j: int) -> tuple[str, RoleEntry, tuple[int, int], PlaceEntry | None] | None:
        toks, n = self.toks, len(self.toks)
        if j >= n or toks[j].text not in {",", "("}:
            return None
        k = j + 1
        while k < n and (toks[k].text.lower() in DETERMINERS or _adj_like(toks[k].text)):
            k += 1
        if k >= n or not role_of_token(toks[k].text):
            return None
        entry = role_of_token(toks[k].text)
        assert entry is not None
        end = k
        m = k + 1
        while m < n and m - k <= 8 and toks[m].text not in {",", ".", ";", ":", "!", "?", "„", "“", '"', "(", ")",
                                                             "-", "–"}:
            w = toks[m].text
            if w.islower() and w not in PREPS and w not in DETERMINERS and not _adj_like(w):
                break
            m += 1
        end = m - 1
        return self._role_phrase(k, end, entry, start_adj=j + 1)

    def _role_phrase(self, k: int, end_tok: int, entry: RoleEntry, start_adj: int | None = None
                     ) -> tuple[str, RoleEntry, tuple[int, int], PlaceEntry | None]:
        """Role noun at k, complement up to end_tok; collect adjectives before k."""
        toks = self.toks
        if entry.role_id == COUNTERPART_ROLE:
            # "der georgische Premier ... mit seinem belarussischen Amtskollegen X": X holds the same office
            for c in range(k - 1, max(-1, k - 20), -1):
                if toks[c].text in {".", "!", "?", ";"}:
                    break
                other = role_of_token(toks[c].text) if toks[c].text[:1].isupper() else None
                if other is not None and other.role_id not in NOT_OFFICES:
                    entry = RoleEntry(other.role_id, other.title, other.kind, other.anaphor, entry.feminine)
                    break
        a = k - 1
        adjs: list[str] = []
        lo = start_adj if start_adj is not None else 0
        while a >= lo and (_adj_like(toks[a].text) or (toks[a].text == "und" and adjs)):
            adjs.insert(0, toks[a].text)
            a -= 1
        while adjs and adjs[0] == "und":
            adjs.pop(0)
        adj_start = a + 1
        fem = entry.feminine or getattr(self, "_feminine", False)
        adj_norm = [w if w == "und" else nominative_adjective(w, fem) for w in adjs]
        # drop the Belarusian nationality adjective: BelTA's own side needs no label
        adj_norm = [w for w in adj_norm if not w.lower().startswith(("belarussisch", "weißrussisch"))]
        while adj_norm and adj_norm[0] == "und":
            adj_norm.pop(0)
        complement_toks = toks[k + 1:end_tok + 1]
        while complement_toks and complement_toks[-1].text in {",", "und"}:
            complement_toks = complement_toks[:-1]
        comp_text = self.text[complement_toks[0].start:complement_toks[-1].end] if complement_toks else ""
        # a stacked title in the complement: its adjectives in the nominative too ("…, stellvertretender …")
        comp_text = re.sub(r"(?<=, )([a-zäöü]\w+)(?= [A-ZÄÖÜ])",
                           lambda m: nominative_adjective(m.group(1), fem) if _adj_like(m.group(1)) else m.group(1),
                           comp_text)
        region_entry = None
        comp_places = [p for p in self.places if complement_toks and complement_toks[0].start <= p.start
                       and p.end <= complement_toks[-1].end]
        named = [p for p in comp_places if p.entry.form != "adjective"]
        low = comp_text.lower()
        for p in comp_places:
            if p.entry.kind == "region":
                region_entry = p.entry
                break
            if p.entry.kind == "city" and "gebiet" in low:  # "des Minsker Gebietsexekutivkomitees": the oblast
                region_entry = lexicon.region_of_city(p.entry) or p.entry
                break
            if p.entry.kind == "city" and ("stadt" in low or entry.kind == "mayor" or (
                    p.start == complement_toks[0].end + 1 and complement_toks[0].text == "von"
                    and entry.kind not in ("diplomat", "head_of_state", "head_of_government"))):
                # "der Leiter von Jekaterinburg": the city is what the person heads
                region_entry = p.entry  # a city's own government represents the city
                break
        if region_entry is None and not named and re.search(
                r"\b(Region|Gebiets?|Provinz|Republik)\b|[Gg]ebiets(?:exekutivkomitee|regierung|verwaltung|rat)",
                comp_text) and not CHAMBER.match(comp_text):
            # "der Handelsabteilung der Provinz", "des Gebietsexekutivkomitees": the region the article is about
            want = "BY" if re.search(r"xekutivkomitee", comp_text) else None
            region_entry = self._latest_region(want, toks[k].start)
        keep_comp = bool(named) or any(o for o in self.orgs if complement_toks and
                                       complement_toks[0].start <= o.start and o.end <= complement_toks[-1].end) \
            or bool(re.match(r"(von|für|des|der)\b", comp_text) and any(_is_cap(t.text) for t in complement_toks)
                    and not re.match(r"(dieser|diesen|dieses)\b", comp_text))
        if re.match(r"(dieser|diesen|dieses|seiner|ihrer|unserer)\b", comp_text):
            keep_comp = False
        title = entry.title
        if title in ADJECTIVAL_TITLES:  # "der/die Vorsitzende": the ending follows the person
            title = re.sub(r"r$", "", title) + ("" if fem else "r")
        parts = [*adj_norm, title] + ([comp_text] if keep_comp and comp_text else [])
        role = " ".join(parts)
        span_start = toks[adj_start].start if adj_start <= k else toks[k].start
        if adj_start >= 1 and any(h.start == toks[adj_start - 1].start and h.entry.kind == "country" and
                                  h.entry.form == "genitive" for h in self.places):
            span_start = toks[adj_start - 1].start  # "Usbekistans Vizeminister ...": the side
        span_end = complement_toks[-1].end if complement_toks else toks[k].end
        return role, entry, (span_start, span_end), region_entry

    def _adjective_country(self, t: Tok) -> str | None:
        for p in self.places:
            if p.start == t.start and p.entry.form == "adjective":
                return p.entry.country
        return None


    # -- side -----------------------------------------------------------------------------------
    def _side_hint(self, p: PersonDraft) -> str | None:
        if p.country:
            return p.country
        return self._side(p)[0]

    def _side(self, p: PersonDraft) -> tuple[str | None, PlaceEntry | None]:
        """(country, region); country "" when the role serves an international body ("Generalsekretär der
        GUS", "EAWU-Sprecherin"), named before any place in the role."""
        region = p.region_entry
        if p.role_span:
            s, e = p.role_span
            inside = [h for h in self.places if s <= h.start and h.end <= e]
            intl = [o for o in self.orgs if s <= o.start and o.end <= e and (o.org_id or "").startswith("org:int:")]
            if intl and all(h.start > intl[0].start for h in inside):
                return "", None
            for h in inside:  # nationality adjective or the first named place of the complement
                if h.entry.country:
                    if h.entry.kind == "region" and region is None:
                        region = h.entry
                    # "Gouverneur dieser russischen Region": the region is the one the article is about
                    if h.entry.form == "adjective" and h.entry.kind == "country" and region is None and \
                            re.search(r"\b(Region|Gebiet|Republik|Provinz)\b", self.text[s:e]):
                        region = self._latest_region(h.entry.country, s)
                    return h.entry.country, region
            for o in self.orgs:
                if s <= o.start and o.end <= e and o.country:
                    return o.country, region
        kp = self._known_of(p)
        if kp and kp.country:
            return kp.country, region
        if region is not None and region.country:
            return region.country, region
        if p.role_entry is not None and p.role_entry.role_id in lexicon.foreign_office_roles() and \
                p.role_entry.title == lexicon.role_titles().get(p.role_entry.role_id):
            # "Gouverneur der Stadt", "der amtierende Bürgermeister": no such office in Belarus; the foreign
            # city or region named last before the person is theirs
            city_only = p.role_span is not None and "Stadt" in self.text[p.role_span[0]:p.role_span[1]]
            foreign = [h for h in self.places if h.start < p.start and h.entry.country not in (None, BELARUS)
                       and h.entry.form != "adjective" and (h.entry.kind == "city" or
                                                             (h.entry.kind == "region" and not city_only))]
            if foreign:
                return foreign[-1].entry.country, foreign[-1].entry
        return None, region

    def _latest_region(self, country: str | None, pos: int) -> PlaceEntry | None:
        best = None
        for h in self.places:
            if h.entry.kind == "region" and (country is None or h.entry.country == country) and \
                    h.entry.form != "adjective" and \
                    (best is None or (h.start < pos and h.start > best.start) or best.start > pos):
                best = h
        return best.entry if best else None

    def _assign_side(self, p: PersonDraft) -> None:
        country, region = self._side(p)
        if country == "":  # an international body's official represents no country
            p.country, p.region_entry = None, None
            return
        if country is None and p.role_span is None:
            place = self._apposition_place(p)  # "mit dem Vortsitzenden des Gebiets Sughd, X": an unknown title
            if place is not None:
                country, region = place.country, place if place.kind == "region" else region
        if country is None:
            origin = self._origins().get(id(p))  # "X, Y und Z aus Norwegen"
            if origin is not None:
                country = origin.country
                region = origin if origin.kind == "region" else region
        if country is None:
            # news about Belarus's cooperation: a person is Belarusian unless the text marks another side
            country = BELARUS
        p.country = country
        if region is not None and region.country == country:
            p.region_entry = region
        elif region is not None and region.country != country:
            p.region_entry = None
