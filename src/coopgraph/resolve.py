"""Mentions -> canonical entities; articles -> stories. Pure functions over plain rows.

Every merge is explained: each mention carries the rule that put it into its entity, and
``Resolution.merges`` lists which variant joined which entity and why. The result depends only on
the set of inputs, never on their order, so resolving incrementally gives what a full rebuild gives.

Persons and organizations: ``resolve_names`` (their rules are stated there).
Places: the gazetteer id (ISO 3166-2 code, country:XX, city:CC:slug).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .extract.text import name_key
from .minhash import (  # noqa: F401 (re-exported)
    LSH_PARAMS,
    NUM_PERM,
    SHINGLE,
    _band_keys,
    minhash,
    minhash_bytes,
    minhash_from_bytes,
    shingles,
    signature,
    signature_jaccard,
)


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller key becomes the root: the result does not depend on the order of unions
            if str(rb) < str(ra):
                ra, rb = rb, ra
            self.parent[rb] = ra

    def groups(self) -> dict[Any, list[Any]]:
        out: dict[Any, list[Any]] = defaultdict(list)
        for x in list(self.parent):
            out[self.find(x)].append(x)
        return out


@dataclass(frozen=True)
class Mention:
    """One fact row that names an entity."""

    fact_table: str
    fact_id: int
    article_id: int
    name: str
    country: str | None = None
    story: str | None = None
    canonical_id: str | None = None  # gazetteer id given by the extractor (organizations, places)
    extra: tuple[tuple[str, Any], ...] = ()


@dataclass
class Entity:
    id: str
    kind: str
    name: str
    country: str | None = None
    iso3166_2: str | None = None
    aliases: Counter[str] = field(default_factory=Counter)
    mentions: list[tuple[Mention, str]] = field(default_factory=list)  # (mention, rule)


@dataclass
class Resolution:
    entities: dict[str, Entity] = field(default_factory=dict)
    merges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (entity id, variant, rule, detail)


def _slug(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")


PLACE_ID_PREFIXES = ("country:", "city:", "world:", "place:")  # gazetteer ids that are entity ids as they are


def place_entity(pid: str) -> str:
    """The entity id of a gazetteer place id (or "place:" and a slug): a region's is "region:" and its id."""
    return pid if pid.startswith(PLACE_ID_PREFIXES) else "region:" + pid


def resolve_places(mentions: Iterable[Mention]) -> Resolution:
    """Places are resolved by the extractor's gazetteer already: group by place id."""
    res = Resolution()
    for m in sorted(mentions, key=lambda m: (m.fact_table, m.fact_id)):
        eid = place_entity(m.canonical_id or "place:" + _slug(m.name))
        ent = res.entities.get(eid)
        if ent is None:
            extra = dict(m.extra)
            ent = res.entities[eid] = Entity(id=eid, kind=str(extra.get("kind", "place")), name=str(
                extra.get("canonical", m.name)), country=m.country, iso3166_2=extra.get("iso3166_2"))
        ent.mentions.append((m, "gazetteer"))
        ent.aliases[m.name] += 1
    for eid, ent in res.entities.items():
        for alias in sorted(ent.aliases):
            res.merges.append((eid, alias, "gazetteer", eid))
    return res


# -- stories ------------------------------------------------------------------------------------
NAME_OVERLAP = 0.35  # share of the smaller article's proper names a rewrite keeps
COMMON_KEY = 20  # a person or figure in more articles than this is no blocking key for undated articles
# a proper name inside a sentence: a capitalised word after a lower-case word or a comma. The form of
# ``(?<=[a-zäöüß,;:] )([A-ZÄÖÜ][a-zäöüß]{3,}(?:-[A-ZÄÖÜ][a-zäöüß]+)?)`` that opens with the capital and tests the
# two characters before it then, as NUMBER below (the same matches, tests/test_regex_forms.py)
PROPER_NAME = re.compile(r"([A-ZÄÖÜ](?<=[a-zäöüß,;:] [A-ZÄÖÜ])[a-zäöüß]{3,}(?:-[A-ZÄÖÜ][a-zäöüß]+)?)")
# a number as written: "4,9", "1.200", "320"; years and 1-9 say little about a story. The form of
# ``(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?!\d)`` that opens with its first digit and tests the
# character before it then: ``re`` skips to digits in C instead of trying the lookbehind at every position of the
# text (about eight times faster on an article; the same matches, tests/test_regex_forms.py)
NUMBER = re.compile(r"(\d(?<![\d.,]\d)(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d*(?:,\d+)?))(?!\d)")


@dataclass(frozen=True)
class StoryDoc:
    """What story clustering knows of an article."""

    article_id: int
    content_hash: str
    date: str | None
    persons: frozenset[str]  # person entity ids
    partners: frozenset[str]  # partner codes (ISO 3166-2 or country)
    figures: frozenset[tuple[float, str]]  # (value, unit)
    names: frozenset[str] = frozenset()  # transliteration-folded keys of the proper names in the text
    numbers: frozenset[str] = frozenset()  # distinctive numbers as written ("4,9", "320"; no years, no 1-9)


def _days_apart(a: str | None, b: str | None) -> int | None:
    from datetime import date

    if not a or not b:
        return None
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared share of the smaller set: an excerpt cut early, or one outlet's merge of two stories, still
    shares most of its names with the full telling."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _person_keys(names: frozenset[str]) -> set[tuple[str, str]]:
    """(first letter, surname) of folded full names: "abdelmadshid teboune" and "abdelmadjid teboune" agree
    where the first names were transliterated differently."""
    return {(n[:1], n.split()[-1]) for n in names if " " in n}


def _shared_people(a: frozenset[str], b: frozenset[str]) -> int:
    return len(_person_keys(a) & _person_keys(b))


def same_story(a: StoryDoc, b: StoryDoc, jaccard: float) -> tuple[str, float] | None:
    """The pairwise decision: (rule, score) when a and b tell the same story, else None.
    Symmetric and independent of any other article.

    Rewrites in other words share no word sequences, so besides the text (MinHash Jaccard) the decision
    reads what a rewrite keeps: the same people, the same foreign partner and most of the proper names
    (folded, so "Aliyev" and "Alijew" agree), or the same people, a figure and its distinctive numbers.
    One shared person alone (the president is in every other article) never makes a story."""
    if a.content_hash == b.content_hash:
        return "exact", 1.0
    days = _days_apart(a.date, b.date)
    if days is not None and days > 3:
        return None  # the same words a week apart are a new event (or a standing paragraph)
    shared_people = _shared_people(a.persons, b.persons)
    shared_figures = len(a.figures & b.figures)
    shared_partners = len(a.partners & b.partners)
    if jaccard >= 0.6:
        return "near-duplicate", jaccard
    if jaccard >= 0.25 and (shared_people or shared_figures) and (days is None or days <= 2):
        return "rewrite", jaccard
    if days is not None and days <= 1 and shared_people and shared_partners and shared_figures:
        return "same-event", round(0.2 + 0.1 * min(shared_figures, 5), 3)
    if days is not None and days > 2:
        return None
    foreign = len((a.partners & b.partners) - {"BY"})
    names = _overlap(a.names, b.names)
    if shared_people and foreign and names >= NAME_OVERLAP and min(len(a.names), len(b.names)) >= 5:
        return "rewrite-names", round(names, 3)
    if shared_people and shared_figures and len(a.numbers & b.numbers) >= 2:
        return "rewrite-figures", round(0.2 + 0.1 * min(len(a.numbers & b.numbers), 5), 3)
    return None


def _week(d: StoryDoc) -> int | None:
    from datetime import date

    return date.fromisoformat(d.date).toordinal() // 7 if d.date else None


def candidate_pairs(docs: list[StoryDoc], signatures: dict[int, Any], new: set[int] | None = None
                    ) -> set[tuple[int, int]]:
    """Pairs worth deciding: similar text (MinHash LSH, looked up in the article's week and the weeks
    beside it, so that a template reused all year does not make every pair a candidate) or a shared
    person within a day. With ``new``, only pairs that involve a new article (the others were decided
    before). Undated articles are looked up in every week. ``signatures``: MinHash objects or their
    stored bytes (``minhash_bytes``).

    The LSH is datasketch's MinHashLSH banding (``LSH_PARAMS``) kept in plain dicts: a bucket is a band's
    hash values, so the candidates are the same, without an index object per week."""
    def pair(a: int, b: int) -> tuple[int, int]:
        return (a, b) if a < b else (b, a)

    weeks = {d.article_id: _week(d) for d in docs}
    bands = {d.article_id: _band_keys(signatures[d.article_id]) for d in docs}
    by_week: dict[tuple[int | None, int, bytes], list[int]] = defaultdict(list)  # (week, band, key) -> articles
    everything: dict[tuple[int, bytes], list[int]] = defaultdict(list)  # (band, key) -> articles, any week
    undated = any(d.date is None for d in docs)
    for d in docs:
        aid, w = d.article_id, weeks[d.article_id]
        for i, key in enumerate(bands[aid]):
            by_week[(w, i, key)].append(aid)
            if undated:
                everything[(i, key)].append(aid)
    pairs: set[tuple[int, int]] = set()
    for d in docs:
        aid = d.article_id
        if new is not None and aid not in new:
            continue
        w = weeks[aid]
        for i, key in enumerate(bands[aid]):
            if w is None:
                found = [everything.get((i, key), ())]
            else:
                found = [by_week.get((wk, i, key), ()) for wk in (w - 1, w, w + 1, None)]
            for members in found:
                for other in members:
                    if other != aid:
                        pairs.add(pair(aid, other))
    days = {d.article_id: _day(d.date) for d in docs}
    by_person: dict[tuple[str, str], list[StoryDoc]] = defaultdict(list)
    for d in docs:
        if d.date:
            for p in _person_keys(d.persons):
                by_person[p].append(d)
    for group in by_person.values():
        group.sort(key=lambda d: (d.date or "", d.article_id))
        for i, d in enumerate(group):
            j = i + 1
            day = days[d.article_id]
            while j < len(group) and days[group[j].article_id] - day <= 1:
                o = group[j]
                if new is None or d.article_id in new or o.article_id in new:
                    pairs.add(pair(d.article_id, o.article_id))
                j += 1
    # an undated article has no week: pair it with the articles that share a person or a figure that is
    # not in every other article (rewrites keep both)
    if undated:
        keys: dict[Any, list[StoryDoc]] = defaultdict(list)
        for d in docs:
            for p in _person_keys(d.persons):
                keys[("p", p)].append(d)
            for f in d.figures:
                keys[("f", f)].append(d)
        for group in keys.values():
            if len(group) > COMMON_KEY or not any(d.date is None for d in group):
                continue
            for i, d in enumerate(group):
                for o in group[i + 1:]:
                    if (d.date is None or o.date is None) and (new is None or d.article_id in new or
                                                               o.article_id in new):
                        pairs.add(pair(d.article_id, o.article_id))
    return pairs


def _day(d: str | None) -> int:
    from datetime import date

    return date.fromisoformat(d).toordinal() if d else 0


def story_components(article_ids: Iterable[int], edges: Iterable[tuple[int, int]], hashes: dict[int, str]
                     ) -> dict[int, str]:
    """article id -> story id; a story id is the content hash prefix of its smallest member."""
    uf = UnionFind()
    for a in article_ids:
        uf.find(a)
    for a, b in edges:
        uf.union(a, b)
    out = {}
    for members in uf.groups().values():
        sid = "story:" + min(hashes[m] for m in members)[:16]
        for m in members:
            out[m] = sid
    return out


def text_keys(text: str) -> tuple[list[str], list[str]]:
    """Proper-name keys (capitalised words inside sentences that are not German words, transliteration
    folded) and distinctive numbers of an article text."""
    from .extract.lexicon import german_words

    words = german_words()
    # each distinct word once: a name recurs in an article, and folding is the costly part
    names = {_word_key(w) for w in set(PROPER_NAME.findall(text)) if w.lower() not in words}
    numbers = set()
    for written in set(NUMBER.findall(text)):  # each distinct number once, as the names
        raw = written.replace(".", "")
        if "," not in raw and (int(raw) < 10 or 1990 <= int(raw) <= 2035):
            continue
        numbers.add(raw)
    return sorted(n for n in names if n), sorted(numbers)


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    """``name_key`` of one proper name, remembered: the same names recur across a corpus."""
    return name_key(word)


def fingerprint(person_names: Iterable[str], partner_codes: Iterable[str | None],
                figures: Iterable[tuple[float, str]], text: str | None = None) -> dict[str, list[Any]]:
    """What story decisions compare besides the text: full person names (folded), partner codes, figures;
    with the text, also its proper-name keys and distinctive numbers."""
    fp: dict[str, list[Any]] = {"persons": sorted({name_key(n) for n in person_names if len(n.split()) >= 2}),
                                "partners": sorted({c for c in partner_codes if c}),
                                "figures": sorted({(round(v, 2), u) for v, u in figures})}
    if text is not None:
        fp["names"], fp["numbers"] = text_keys(text)
    return fp


def story_doc(key: int, content_hash: str, date: str | None, fp: dict[str, list[Any]]) -> StoryDoc:
    return StoryDoc(key, content_hash, date, frozenset(fp["persons"]), frozenset(fp["partners"]),
                    frozenset((v, u) for v, u in fp["figures"]), frozenset(fp.get("names", ())),
                    frozenset(fp.get("numbers", ())))


def story_doc_of(ext: Any, key: int) -> StoryDoc:
    """The StoryDoc of an in-memory Extraction (for `coopgraph extract` without a database)."""
    a = ext.article
    fp = fingerprint((p.name for p in ext.persons), (p.iso3166_2 or p.country for p in ext.partners),
                     ((f.value, f.unit) for f in ext.figures), a.text)
    return story_doc(key, a.content_hash, a.date, fp)


def duplicates(exts: list[Any]) -> dict[int, int]:
    """index -> index of the first article of its story in the input (the corpus order), for every later
    member: ``duplicate_of`` names an earlier document of the same corpus."""
    docs = [story_doc_of(e, i) for i, e in enumerate(exts)]
    sigs = {i: minhash(e.article.text) for i, e in enumerate(exts)}
    edges = [(a, b) for a, b in sorted(candidate_pairs(docs, sigs))
             if same_story(docs[a], docs[b], sigs[a].jaccard(sigs[b]))]
    comp = story_components(range(len(exts)), edges, {i: f"{i:012d}" for i in range(len(exts))})
    groups: dict[str, list[int]] = defaultdict(list)
    for i, sid in comp.items():
        groups[sid].append(i)
    out: dict[int, int] = {}
    for members in groups.values():
        members.sort()
        for i in members[1:]:
            out[i] = members[0]
    return out
