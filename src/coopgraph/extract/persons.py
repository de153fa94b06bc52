"""Persons: names by evidence (known given name, title before it, appositive title after it, speech
verb), their stated role normalized to the nominative, the side (country, region) they represent, and
every later mention (surname, role noun such as "der Staatschef", pronoun) resolved to them."""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from functools import lru_cache

from ..resources import words
from . import lexicon
from .hits import OrgHit, PersonDraft, PlaceHit, Tok
from .lexicon import RoleEntry
from .person_roles import (
    BELARUS,
    DETERMINERS,
    PERSON_WORDS,
    PREPS,
    RoleSideMixin,
    _adj_like,
    _is_cap,
    role_key,
    role_of_token,
)
from .text import Positions, fold_word, name_key

__all__ = ["SPEECH_VERBS", "OrgHit", "PersonDraft", "PersonFinder", "PlaceHit", "Tok", "role_of_token"]

# The word lists are data (data/person_words.jsonl, one row per list with its id and note).
SURNAME_SHAPE = re.compile(r"(?:" + "|".join(words(PERSON_WORDS, "surname:endings")) + r")$")
SPEECH_VERBS = frozenset(words(PERSON_WORDS, "speech:verbs"))
SPEECH_VERB_RULE = "name:speech-verb"  # the row of the other words a speaker's name follows, and the rule id
NAME_CUES = SPEECH_VERBS | frozenset(words(PERSON_WORDS, SPEECH_VERB_RULE))  # "laut Olga Petrowa": a name follows
PATRONYMIC = re.compile(r"(?:" + "|".join(words(PERSON_WORDS, "surname:patronymic-endings")) + r")$")
SLAVIC_SURNAME = re.compile(r"(?:" + "|".join(words(PERSON_WORDS, "surname:slavic-endings")) + r")$")
PRONOUNS_M = frozenset(words(PERSON_WORDS, "pronoun:masculine"))
PARTICLES = frozenset(words(PERSON_WORDS, "name:particles"))
ARABIC_PARTICLES = frozenset(words(PERSON_WORDS, "name:arabic-particles"))
NOT_NAME_WORDS = frozenset(words(PERSON_WORDS, "name:not-name-words"))
GENERIC_HEADS = frozenset(words(PERSON_WORDS, "anaphor:generic-heads"))
NON_TITLE_ANAPHORS = frozenset(words(PERSON_WORDS, "anaphor:non-title"))


def _occurrences(text: str, name: str) -> list[int]:
    r"""Starts of ``name`` in ``text`` as a whole word (no word character on either side), left to right and
    not overlapping: what ``re.finditer(r"(?<!\w)NAME(?!\w)")`` finds, with str.find instead of a compiled
    pattern per name."""
    out: list[int] = []
    n, k = len(text), len(name)
    i = text.find(name)
    while i >= 0:
        j = i + k
        if (i == 0 or not _word_char(text[i - 1])) and (j >= n or not _word_char(text[j])):
            out.append(i)
            i = text.find(name, j if k else j + 1)
        else:
            i = text.find(name, i + 1)
    return out


_NEVER, _NOT_STRICT, _ALWAYS = 0, 1, 2


@lru_cache(maxsize=200_000)
def _name_word(word: str) -> int:
    """Whether a word can be part of a name, by the word alone (the lexicons are fixed for the process, so
    each word is judged once): _NEVER for a stopword, a role noun or a long word with a German noun suffix
    ("...komitees", "...ung", no name even misspelt); _NOT_STRICT for a German word without a surname's
    ending (a name part only where the context vouches for it); _ALWAYS otherwise."""
    if not _is_cap(word) or word in lexicon.name_stopwords() or word in NOT_NAME_WORDS or role_of_token(word):
        return _NEVER
    low = word.lower()
    if len(low) >= 8 and low.endswith(lexicon.name_stop_suffixes()):
        return _NEVER
    return _NOT_STRICT if lexicon.is_german_word(word) and not SURNAME_SHAPE.search(low) else _ALWAYS


@lru_cache(maxsize=200_000)
def _plain_noun(word: str) -> bool:
    """A German noun that is neither a known given name nor the first word of a known person's name: it
    starts no name unless a title stands before it."""
    return word not in lexicon.given_names() and word not in lexicon.known_first_tokens() and \
        lexicon.is_german_word(word) and not SURNAME_SHAPE.search(word.lower())


@lru_cache(maxsize=200_000)
def _token_flags(word: str) -> tuple[bool, bool, bool]:
    """What PersonFinder asks of every token, by the word alone: a capitalized word or a masculine pronoun
    (where a name, title or anaphor may start), ``_is_cap``, and a capitalized role noun."""
    upper = word[:1].isupper()
    return upper or word in PRONOUNS_M, _is_cap(word), upper and role_of_token(word) is not None


class _Latest:
    """Mention starts of the persons, by gender, sorted: the person named last before a position in
    O(log n), kept current as mentions are added (what a scan of every mention of every person finds:
    the latest start, the earlier person on a tie)."""

    def __init__(self, persons: list[PersonDraft]) -> None:
        self.persons = persons
        self.order = {id(p): i for i, p in enumerate(persons)}
        self.keys: dict[bool, list[tuple[int, int]]] = {}
        for i, p in enumerate(persons):
            self.keys.setdefault(p.feminine, []).extend((s, -i) for s, _, _ in p.mentions)
        for keys in self.keys.values():
            keys.sort()

    def add(self, p: PersonDraft, start: int) -> None:
        insort(self.keys.setdefault(p.feminine, []), (start, -self.order[id(p)]))

    def before(self, pos: int, feminine: bool) -> PersonDraft | None:
        keys = self.keys.get(feminine, [])
        j = bisect_left(keys, (pos, -len(self.persons) - 1))  # the first start at or after pos
        return self.persons[-keys[j - 1][1]] if j > 0 and keys[j - 1][0] >= 0 else None


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _plural_noun(det: str, word: str, entry: RoleEntry) -> bool:
    """'die Premierminister', 'den Vizepremierministern', 'die Biathletinnen': a group, not one person."""
    if word.endswith("innen"):
        return True
    if det.lower() == "den" and word.endswith("n") and not word.endswith(("en", "in")) and \
            role_of_token(word[:-1]) is not None:
        return True  # dative plural of an -er title
    return det.lower() == "die" and not entry.feminine and not word.endswith(("in", "e"))


class PersonFinder(RoleSideMixin):
    def __init__(self, text: str, toks: list[Tok], places: list[PlaceHit], orgs: list[OrgHit],
                 sentences: list[tuple[int, int]]) -> None:
        self.text = text
        self.toks = toks
        self.places = places
        self.orgs = orgs
        self.sentences = sentences
        self._sentence_index = Positions(sentences)
        self.given = lexicon.given_names()
        self.known = lexicon.known_persons()
        self.known_first = lexicon.known_first_tokens()
        self.stop = lexicon.name_stopwords()
        # a city that is also a given name ("Darchan", "Lida") may start a person's name: not covered
        spans = [(p.start, p.end) for p in places if p.entry.form != "adjective" and not (
            p.entry.kind == "city" and p.surface in self.given)] + [(o.start, o.end) for o in orgs]
        self._tok_starts = [t.start for t in toks]
        self._adjective_starts = {p.start for p in places if p.entry.form == "adjective"}  # "Minsker", "Brester"
        self._covered_starts = self.starts_within(spans, whole=True)
        self.persons: list[PersonDraft] = []
        self._title_memo: dict[int, bool] = {}
        self._latest: _Latest | None = None  # the mention index while _anaphora adds mentions
        # the tokens the passes of ``find`` look at, found in two walks over the tokens instead of one per
        # pass: capitalized words and masculine pronouns (names, titles, anaphora), name-like words (surnames)
        # (one walk with the word's three judgements cached for the process: _token_flags)
        self._cued: list[int] = []
        self._caps: list[int] = []
        self._role_positions: list[int] = []
        for k, t in enumerate(toks):
            cued, cap, role = _token_flags(t.text)
            if cued:
                self._cued.append(k)
                if role:
                    self._role_positions.append(k)
            if cap:
                self._caps.append(k)

    # -- token predicates -----------------------------------------------------------------------
    def starts_within(self, spans: list[tuple[int, int]], whole: bool = False) -> set[int]:
        """Start offsets of the tokens that begin (or, with ``whole``, lie entirely) inside ``spans``."""
        out: set[int] = set()
        toks = self.toks
        for s, e in spans:
            i = bisect_left(self._tok_starts, s)
            while i < len(toks) and toks[i].start < e:
                if not whole or toks[i].end <= e:
                    out.add(toks[i].start)
                i += 1
        return out

    def covered(self, t: Tok) -> bool:
        return t.start in self._covered_starts

    def sentence_of(self, pos: int) -> tuple[int, int]:
        return self._sentence_index.span(pos) or (0, len(self.text))

    def name_part(self, t: Tok, strict: bool = True) -> bool:
        kind = _name_word(t.text)  # what the word alone allows; the token's place in the text decides the rest
        if kind == _NEVER or t.start in self._covered_starts or t.start in self._adjective_starts:
            return False
        return kind == _ALWAYS or not strict

    def is_given(self, t: Tok) -> bool:
        row = self.given.get(t.text)
        return row is not None and not self.covered(t)

    # -- detection ------------------------------------------------------------------------------
    def find(self) -> list[PersonDraft]:
        toks = self.toks
        done = 0  # tokens before this index belong to a name found already
        for i in self._cued:  # every rule starts at a capital (_name_at rejects a lower-case pronoun)
            if i < done or (_plain_noun(toks[i].text) and not self._title_before(i)):
                continue  # (the first test of _name_at, here to save a call for most capitalized words)
            span = self._name_at(i)
            if span is None:
                continue
            j, rule = span
            self._add(toks[self._extend_left(i):j], rule)
            done = j
        self.persons = [p for p in self.persons if not self._address_form(p)]
        self._repeated_full_names()
        self._known_surnames()
        self._surname_mentions()
        for p in self.persons:
            self._assign_role(p)
        self._share_in_lists()
        self._anaphora()
        for p in self.persons:
            self._assign_side(p)
        return self.persons

    def _address_form(self, p: PersonDraft) -> bool:
        """'Alexander Grigorjewitsch': a given name and a patronymic alone address someone named elsewhere."""
        parts = p.name.split()
        if len(parts) != 2 or parts[0] not in self.given:
            return False
        m = PATRONYMIC.search(parts[1])
        if not m or not any(parts[1][:m.start()] + end in self.given for end in ("", "i", "j", "ij", "a")):
            return False
        # the person is named in full elsewhere: someone else with this given name ("Alexander Lukaschenko")
        return any(q is not p and q.name.split()[0] == parts[0] and len(q.name.split()) >= 2 for q in self.persons)

    def _known_surnames(self) -> None:
        """A known person named by the surname alone ("Besuch von Lukaschenko in Algerien"), when nobody with
        that surname was found: the name is the surname as written (nominative)."""
        claimed = self.starts_within([(s, e) for p in self.persons for s, e, _ in p.mentions])
        known, toks = self.known, self.toks
        for t in (toks[k] for k in self._caps):
            word = t.text
            kp = known.get(word)
            if kp is None and word.endswith("s"):
                word = word[:-1]
                kp = known.get(word)
            if kp is None:  # nearly every token: the one dict probe first, the checks below only for known names
                continue
            if t.start in claimed or self.covered(t):
                continue
            nxt = self.toks[t.i + 1] if t.i + 1 < len(self.toks) else None
            if nxt is not None and nxt.start == t.end + 1 and self.name_part(nxt, strict=False):
                continue  # "Ortega Murillo": part of a longer name, not the known "Ortega"
            if " " in word or fold_word(kp.name.split()[-1]) != fold_word(word):
                continue
            if any(p.surname == fold_word(word) for p in self.persons):
                continue
            self.persons.append(PersonDraft(name=word, key=name_key(word), surname=fold_word(word), start=t.start,
                                            end=t.end, rule="name:known-surname",
                                            mentions=[(t.start, t.end, "full")]))
        self.persons.sort(key=lambda p: p.start)

    def _repeated_full_names(self) -> None:
        """Every repetition of a found full name is a full mention, also before the one that was found
        ("..., Rajabboy Ahmadzoda, im ..." before "Laut Rajabboy Ahmadzoda")."""
        for p in self.persons:
            if " " not in p.name:
                continue
            have = {s for s, _, _ in p.mentions}
            for s in _occurrences(self.text, p.name):
                if s not in have:
                    p.mentions.append((s, s + len(p.name), "full"))
            first = min(s for s, _, _ in p.mentions)
            if first < p.start:
                p.start, p.end = first, first + len(p.name)
        self.persons.sort(key=lambda p: p.start)

    def _name_at(self, i: int) -> tuple[int, str] | None:
        toks, n = self.toks, len(self.toks)
        t = toks[i]
        if not t.text[:1].isupper() or len(t.text) < 2:
            return None  # every rule below starts a name at a capitalized word
        if _plain_noun(t.text) and not self._title_before(i):
            return None  # a German noun starts no name (every rule needs a given name or an unknown word)
        # known person full names (two or more tokens)
        for length in (3, 2):
            if i + length <= n:
                s = self.text[t.start:toks[i + length - 1].end]
                if s in self.known and " " in s:
                    return self._extend(i + length), "name:known"  # "Mohammed bin Zayed Al Nahyan"
        if i + 1 < n and self.is_given(t) and _is_cap(t.text):
            nxt = toks[i + 1]
            row = self.given[t.text]
            if self.name_part(nxt, strict=row.get("ambiguous") is not False and False) and (
                    not lexicon.is_german_word(nxt.text) or SURNAME_SHAPE.search(nxt.text.lower())):
                if row.get("ambiguous") and lexicon.is_german_word(nxt.text):
                    return None
                return self._extend(i + 2), "name:given"
        # title before the name: "Premierminister Alichan Smailow", "Gouverneur Miljajew"
        if i + 1 < n and self._title_before(i) and _is_cap(t.text) and not (
                not self.is_given(t) and self.is_given(toks[i + 1])) and (
                self.is_given(t) or self.name_part(t, strict=True) or (
                    len(t.text) <= 5 and not self.is_given(toks[i + 1]) and self.name_part(t, strict=False))):
            nxt = toks[i + 1]
            if nxt.start == t.end + 1 and (self.name_part(nxt) or (
                    len(t.text) <= 5 and len(nxt.text) <= 5 and self.name_part(nxt, strict=False))):
                return self._extend(i + 2), "name:title-left"
            if nxt.text in PARTICLES and i + 2 < n and self.name_part(toks[i + 2], strict=False):
                return self._extend(i + 1), "name:title-left"
            if not lexicon.is_german_word(t.text) and (SURNAME_SHAPE.search(t.text.lower())):
                return i + 1, "name:title-left-surname"
        # appositive title after: "Iwan Petrow, Generaldirektor des ..."
        if i + 3 < n and self.name_part(t) and self.name_part(toks[i + 1]) and toks[i + 2].text == ",":
            k = i + 3
            while k < n and (toks[k].text.lower() in DETERMINERS or _adj_like(toks[k].text)):
                k += 1
            if k < n and role_of_token(toks[k].text):
                return i + 2, "name:title-right"
        # speech verb before: "sagte Olga Petrowa"
        if i >= 1 and i + 1 < n and toks[i - 1].text in NAME_CUES and self.name_part(t) and \
                self.name_part(toks[i + 1]) and (SURNAME_SHAPE.search(toks[i + 1].text.lower())):
            return i + 2, SPEECH_VERB_RULE
        return None

    def _extend_left(self, i: int) -> int:
        """'Qais bin Mohammed ...': unknown capitalized words and particles right before a found name."""
        toks = self.toks
        start = i
        while i - 1 >= 0 and start - i < 3:
            prev = toks[i - 1]
            if prev.end + 1 != toks[i].start:
                break
            if prev.text in ARABIC_PARTICLES and i - 2 >= 0 and self.name_part(toks[i - 2]) and \
                    not lexicon.is_german_word(toks[i - 2].text):
                i -= 2
                continue
            before = toks[i - 2].text if i - 2 >= 0 else ""
            if self.name_part(prev) and not lexicon.is_german_word(prev.text) and not role_of_token(prev.text) \
                    and len(prev.text) <= 8 and not (before.lower() in DETERMINERS or _adj_like(before)
                                                     or before.islower()):
                i -= 1  # "die belarussische Biathletin Anna Sola": a noun after an article is no name part
                continue
            break
        return i

    def _extend(self, end: int) -> int:
        """Further name parts: 'Laureano Ortega Murillo', 'Thani bin Ahmed Al Zeyoudi' (at most 5 tokens)."""
        toks, n = self.toks, len(self.toks)
        start = end
        while end < n and end - start < 4:
            t = toks[end]
            if t.start != toks[end - 1].end + 1:
                break
            if t.text in PARTICLES and end + 1 < n and _is_cap(toks[end + 1].text) and \
                    not self.covered(toks[end + 1]) and not (
                        t.text in {"von", "van", "de"} and SLAVIC_SURNAME.search(toks[end - 1].text.lower())):
                # "Wladimir Alistrow von Dinamo": a Slavic surname takes no nobiliary particle
                end += 2
                continue
            if self.name_part(t) and not lexicon.is_german_word(t.text):
                end += 1
                continue
            break
        return end

    def _title_before(self, i: int) -> bool:
        memo = self._title_memo
        if i not in memo:
            # no role noun among the 13 tokens before: no title can govern this token
            k = bisect_left(self._role_positions, i) - 1
            memo[i] = k >= 0 and i - self._role_positions[k] <= 13 and self._title_before_uncached(i)
        return memo[i]

    def _title_before_uncached(self, i: int) -> bool:
        k = i - 1
        if k >= 0 and self.toks[k].text == ",":
            k -= 1
        steps = 0
        while k >= 0 and steps < 12:
            w = self.toks[k].text
            if role_of_token(w):
                return True
            if w in {".", "!", "?", ":", ";", "„", "“", '"'}:
                return False
            if w == "," and not (k + 1 < len(self.toks) and self.toks[k + 1].text[:1].isupper()):
                return False
            if w.islower() and w not in PREPS and w not in DETERMINERS and not _adj_like(w):
                return False
            k -= 1
            steps += 1
        return False

    def _add(self, toks: list[Tok], rule: str) -> None:
        surface = self.text[toks[0].start:toks[-1].end]
        name = surface  # the name as written; a later full mention of the same person replaces a bare surname
        if name.endswith("s") and len(toks) >= 2 and toks[-1].text[:-1] and self._is_genitive(toks[-1]):
            name = name[:-1]
        elif len(toks) == 1 and name.endswith("s") and name[:-1] in self.known:
            name = name[:-1]  # "Lukaschenkos"
        key = name_key(name)
        surname = fold_word(name.split()[-1])
        parts = set(key.split())
        for p in self.persons:
            pparts = set(p.key.split())
            if p.key == key or (p.surname == surname and (len(toks) == 1 or " " not in p.name)) or \
                    (p.surname == surname and p.key.split()[0][:1] == key.split()[0][:1]) or \
                    (len(parts) >= 2 and parts <= pparts):
                p.mentions.append((toks[0].start, toks[-1].end, "full"))
                if " " not in p.name and " " in name and p.surname == surname:
                    p.name, p.key = name, key
                return
        given = self.given.get(toks[0].text)
        self.persons.append(PersonDraft(name=name, key=key, surname=surname, start=toks[0].start,
                                        end=toks[-1].end, rule=rule,
                                        mentions=[(toks[0].start, toks[-1].end, "full")],
                                        feminine=bool(given and given.get("gender") == "f")))

    def _is_genitive(self, t: Tok) -> bool:
        w = t.text
        return w.endswith("s") and not w.endswith(("ss", "us", "as", "is", "os", "es")) and \
            any(p.surname == fold_word(w[:-1]) for p in self.persons)

    def _surname_mentions(self) -> None:
        claimed = self.starts_within([(s, e) for p in self.persons for s, e, _ in p.mentions])
        by_surname: dict[str, list[PersonDraft]] = {}
        for p in self.persons:
            by_surname.setdefault(p.surname, []).append(p)
        if not by_surname:
            return
        toks = self.toks
        for t in (toks[k] for k in self._caps):
            if t.start in claimed:
                continue
            key = fold_word(t.text)
            key_gen = fold_word(t.text[:-1]) if t.text.endswith("s") else None
            if key not in by_surname and key_gen not in by_surname:
                continue
            cands = [p for p in self.persons if p.surname in (key, key_gen)]
            if not cands:
                continue
            # two people with one surname: the one named most recently before this mention
            before = [p for p in cands if p.start < t.start]
            chosen = max(before or cands, key=lambda p: max([s for s, _, k in p.mentions if s < t.start] or [-1]))
            chosen.mentions.append((t.start, t.end, "surname"))

    # -- anaphora --------------------------------------------------------------------------------
    def _known_title(self, p: PersonDraft, entry: RoleEntry) -> str:
        """'das Staatsoberhaupt' for a known president: his known title of the same kind ("Präsident")."""
        kp = self._known_of(p)
        if kp and kp.roles and kp.roles[-1][0]:
            known = lexicon.roles().get(kp.roles[-1][0] or "")
            if known is not None and known.kind == entry.kind:
                return known.title
        return entry.title

    def _anaphora(self) -> None:
        """Role nouns with a definite article and pronouns become mentions of the persons they mean."""
        blocked = self.starts_within([(s, e) for p in self.persons for s, e, _ in p.mentions] +
                                     [p.role_span for p in self.persons if p.role_span])
        toks = self.toks
        latest = self._latest = _Latest(self.persons)
        for idx in self._cued:
            t = toks[idx]
            if t.start in blocked:
                continue
            entry = role_of_token(t.text)
            if entry and entry.anaphor and idx > 0:
                k = idx - 1
                side = None
                adjs: list[str] = []
                while k >= 0 and _adj_like(toks[k].text):
                    side = side or self._adjective_country(toks[k])
                    adjs.append(toks[k].text)
                    k -= 1
                if k >= 0 and toks[k].text.lower() in DETERMINERS and not _plural_noun(toks[k].text, t.text, entry):
                    if t.text in NON_TITLE_ANAPHORS:
                        foreign = [p for p in self.persons if p.start < t.start and self._side_hint(p) not in
                                   (None, BELARUS)] if t.text.startswith("Gast") else []
                        target = foreign[-1] if len(foreign) == 1 else None
                    else:
                        target = self._resolve_role(entry, side, t.start, " ".join([*reversed(adjs), entry.title]))
                    if target is not None:
                        target.mentions.append((toks[k].start, t.end, "role"))
                        latest.add(target, toks[k].start)
                        if target.role is None and t.text not in NON_TITLE_ANAPHORS:
                            target.role, target.role_entry = self._known_title(target, entry), entry
                        continue
            if t.text in PRONOUNS_M:
                sent_start = self.sentence_of(t.start)[0]
                target = self._latest_before(sent_start, feminine=False) or \
                    self._latest_before(t.start, feminine=False)
                if target is not None:
                    target.mentions.append((t.start, t.end, "pronoun"))
                    latest.add(target, t.start)
        self._latest = None

    def _resolve_role(self, entry: RoleEntry, side: str | None, pos: int, phrase: str | None = None
                      ) -> PersonDraft | None:
        cands = [p for p in self.persons if p.start < pos]
        if entry.title in GENERIC_HEADS and not side:
            # "der Staatschef", "der Regierungschef" without a nationality: in this news, the Belarusian one
            kind = [p for p in cands if (p.role_entry.kind if p.role_entry else self._known_role_kind(p)) == entry.kind]
            own = [p for p in kind if self._side_hint(p) in (BELARUS, None) and (
                p.role_entry is None or p.country in (None, BELARUS))]
            if len(own) == 1:
                return own[0]
        key = role_key(phrase or entry.title)
        exact = [p for p in cands if p.role and role_key(p.role) == key and (not side or self._side_hint(p) == side)]
        if exact:
            return max(exact, key=lambda p: max(s for s, _, _ in p.mentions if s < pos))
        if side:
            sided = [p for p in cands if self._side_hint(p) == side]
            if len(sided) == 1:
                return sided[0]
            if sided:
                cands = sided
        same = [p for p in cands if p.role_entry and (p.role_entry.title.lower().endswith(entry.title.lower())
                                                      or p.role_entry.role_id == entry.role_id)]
        if not same:
            same = [p for p in cands if p.role_entry and p.role_entry.kind == entry.kind]
        if not same:
            same = [p for p in cands if p.role_entry is None and self._known_role_kind(p) == entry.kind]
        if not same:
            unroled = [p for p in cands if p.role_entry is None]
            same = unroled if len(unroled) == 1 else []
        if not same:
            return None
        return max(same, key=lambda p: max(s for s, _, _ in p.mentions if s < pos))

    def _known_role_kind(self, p: PersonDraft) -> str | None:
        kp = self._known_of(p)
        if not kp or not kp.roles:
            return None
        role = lexicon.roles().get(kp.roles[-1][0] or "")
        return role.kind if role else None

    def _latest_before(self, pos: int, feminine: bool) -> PersonDraft | None:
        if self._latest is not None:
            return self._latest.before(pos, feminine)
        best, best_pos = None, -1
        for p in self.persons:
            if p.feminine != feminine:
                continue
            for s, _, _ in p.mentions:
                if s < pos and s > best_pos:
                    best, best_pos = p, s
        return best
