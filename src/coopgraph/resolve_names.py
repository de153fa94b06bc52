"""Person and organization mentions -> canonical entities, the rules applied to folded names.

The rules read, of the mentions of one folded name, only what ``NameKey`` keeps (names and countries with
counts and first fact ids, the first mention, for a surname-only name the full names it shares a story with),
so they run the same on the mentions of one database (``resolve_persons``, ``resolve_organizations``) and
on summaries a cluster reduces (``spark.entities``: ``resolve_person_keys``, ``resolve_org_nodes``).

Person rules, in order:
  gazetteer   the name (or its transliteration fold) is an alias of a known person in data/known_persons.jsonl
  fold        names equal after transliteration folding (Lukaschenko = Lukashenko, Minnichanow = Minnikhanov)
  fuzzy       surnames nearly equal (rapidfuzz ratio >= 88 on folded keys) and first names compatible
              (equal fold, one an initial or prefix of the other, or ratio >= 80), sides not contradicting
  surname     a surname-only name joins the one full name with that surname in its story, else in the corpus
Two people who share a surname but not a first name ("Oleg" and "Aisen Nikolajew") are never merged.
Organizations: gazetteer id; else equal stems; an acronym joins the name whose initials it spells.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from .extract.text import fold_word, name_key, strip_ending
from .resolve import Entity, Mention, Resolution, UnionFind, _slug


# -- persons ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _known_index() -> dict[str, tuple[str, str, str | None]]:
    from .extract import lexicon

    index: dict[str, tuple[str, str, str | None]] = {}
    for alias, kp in lexicon.known_persons().items():
        if " " in alias:
            index[name_key(alias)] = (kp.person_id, kp.name, kp.country)
    return index


def _first_names_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if a[:1] != b[:1]:
        return False
    if len(a) <= 2 or len(b) <= 2 or a.startswith(b) or b.startswith(a):
        return True
    return fuzz.ratio(a, b) >= 80


@dataclass
class NameKey:
    """What the person and organization rules read of the mentions of one folded name (a person's
    ``name_key``) or organization node: the names as written and the mentions' countries, each with (count,
    first fact id), the first mention (fact id, name), and, for a surname-only person, the full names with
    that surname that share a story with it. Summed over any split of the mentions in any order (``add``),
    so a cluster builds it with a reduce."""

    names: dict[str, tuple[int, int]] = field(default_factory=dict)
    countries: dict[str, tuple[int, int]] = field(default_factory=dict)
    first: tuple[int, str] = (0, "")
    cooccur: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, fact_id: int, name: str, country: str | None) -> NameKey:
        return cls({name: (1, fact_id)}, {country: (1, fact_id)} if country else {}, (fact_id, name))

    @classmethod
    def of_mentions(cls, mentions: list[Mention]) -> NameKey:
        """``of`` each mention, ``add``ed up, for mentions in fact id order (a value's first sight is its first
        fact id), without an object per mention: the local resolver's path."""
        names: dict[str, tuple[int, int]] = {}
        countries: dict[str, tuple[int, int]] = {}
        for m in mentions:
            n, f = names.get(m.name, (0, m.fact_id))
            names[m.name] = (n + 1, f)
            if m.country:
                n, f = countries.get(m.country, (0, m.fact_id))
                countries[m.country] = (n + 1, f)
        return cls(names, countries, (mentions[0].fact_id, mentions[0].name))

    def add(self, other: NameKey) -> NameKey:
        for mine, theirs in ((self.names, other.names), (self.countries, other.countries)):
            for v, (n, f) in theirs.items():
                n0, f0 = mine.get(v, (0, f))
                mine[v] = (n0 + n, min(f0, f))
        self.first = min(self.first, other.first)
        self.cooccur |= other.cooccur
        return self

    @staticmethod
    def counts(values: dict[str, tuple[int, int]]) -> list[tuple[str, int]]:
        """(value, mentions) in the order the values first appear among the mentions."""
        return [(v, n) for v, (n, _) in sorted(values.items(), key=lambda kv: kv[1][1])]


@dataclass
class KeyGroup:
    """One entity of ``resolve_person_keys``/``resolve_org_nodes``: its id, name and country, and its keys
    with the rule that joined each (key, rule, detail) in the order the local resolver lists them."""

    id: str
    name: str
    country: str | None
    members: list[tuple[str, str, str]]


def _summaries(mentions: list[Mention], key: Any) -> tuple[dict[str, list[Mention]], dict[str, NameKey]]:
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[key(m)].append(m)
    return by_key, {k: NameKey.of_mentions(ms) for k, ms in by_key.items()}


def _expand(kind: str, groups: list[KeyGroup], by_key: dict[str, list[Mention]]) -> Resolution:
    """The entities of key groups with their mentions (a later group of an id already seen replaces it)."""
    res = Resolution()
    for g in groups:
        ent = Entity(id=g.id, kind=kind, name=g.name, country=g.country)
        for k, rule, detail in g.members:
            for m in by_key[k]:
                ent.mentions.append((m, rule))
                ent.aliases[m.name] += 1
            res.merges.append((g.id, k, rule, detail))
        res.entities[g.id] = ent
    return res


def resolve_persons(mentions: Iterable[Mention]) -> Resolution:
    by_key, summary = _summaries(sorted(mentions, key=lambda m: (m.fact_table, m.fact_id)),
                                 lambda m: name_key(m.name))
    story_full: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    for k, ms in by_key.items():
        if len(k.split()) >= 2:
            for m in ms:
                story_full[(m.story, k.split()[-1])].add(k)
    for k, ms in by_key.items():
        if len(k.split()) == 1:
            for s in {m.story for m in ms}:
                summary[k].cooccur |= story_full.get((s, k), set())
    return _expand("person", resolve_person_keys(summary), by_key)


def resolve_person_keys(summary: dict[str, NameKey]) -> list[KeyGroup]:
    """The person rules over folded names (see the module's text), each summarised by ``NameKey``."""
    known = _known_index()
    uf = UnionFind()
    rule_of: dict[str, tuple[str, str]] = {}  # variant key -> (rule, detail)
    keys = sorted(summary)
    # gazetteer and fold: one node per folded key; known persons anchor their aliases
    for key in keys:
        uf.find(key)
        if key in known:
            anchor = "known:" + known[key][0]
            uf.union(anchor, key)
            rule_of[key] = ("gazetteer", known[key][1])
        else:
            rule_of[key] = ("fold", key)
    full = [k for k in keys if len(k.split()) >= 2]
    # fuzzy: compare full names that share a surname block (first three letters of the folded surname)
    blocks: dict[str, list[str]] = defaultdict(list)
    for k in full:
        blocks[k.split()[-1][:3]].append(k)
    countries = {k: set(summary[k].countries) for k in keys}
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                sa, sb = a.split()[-1], b.split()[-1]
                fa, fb = a.split()[0], b.split()[0]
                if (sa == sb or fuzz.ratio(sa, sb) >= 88) and _first_names_compatible(fa, fb) and \
                        not (countries[a] and countries[b] and not countries[a] & countries[b]):
                    uf.union(a, b)
                    if rule_of[b][0] == "fold":
                        rule_of[b] = ("fuzzy", a)
    # surname-only: join the single full name with that surname in the story, else in the corpus
    root_of = {k: uf.find(k) for k in full}
    surname_index: dict[str, set[Any]] = defaultdict(set)
    for k in full:
        surname_index[k.split()[-1]].add(root_of[k])
    for k in keys:
        if len(k.split()) != 1:
            continue
        in_story = {root_of[f] for f in summary[k].cooccur}
        target = in_story if len(in_story) == 1 else surname_index.get(k, set())
        if len(target) == 1:
            uf.union(next(iter(target)), k)
            rule_of[k] = ("surname", "story" if len(in_story) == 1 else "corpus")
    out = []
    for root, group in sorted(uf.groups().items(), key=lambda kv: str(kv[0])):
        members = [x for x in group if not str(x).startswith("known:")]
        if not members:
            continue
        anchors = sorted(x for x in group if str(x).startswith("known:"))
        known_anchor = anchors[0] if anchors else None
        variants: Counter[str] = Counter()
        for k in members:
            for v, n in NameKey.counts(summary[k].names):
                variants[v] += n
        if known_anchor is not None:
            kid = str(known_anchor)[len("known:"):]
            name = next(v[1] for v in known.values() if v[0] == kid)
            eid = kid if kid.startswith("person:") else "person:" + _slug(kid)
        else:
            multi = [v for v in variants if len(v.split()) >= 2] or list(variants)
            name = max(multi, key=lambda v: (variants[v], len(v), [-ord(c) for c in v]))
            eid = "person:" + _slug(min(k for k in members if len(k.split()) >= 2) if any(
                len(k.split()) >= 2 for k in members) else min(members))
        ctry: Counter[str] = Counter()
        for k in members:
            for c, n in NameKey.counts(summary[k].countries):
                ctry[c] += n
        out.append(KeyGroup(eid, name, ctry.most_common(1)[0][0] if ctry else None,
                            [(k, *rule_of[k]) for k in sorted(members)]))
    return out


# -- organizations ------------------------------------------------------------------------------
def _org_stem(name: str) -> str:
    return " ".join(strip_ending(fold_word(w)) for w in name.split())


def _initials(name: str) -> str:
    parts = [p for w in name.replace("-", " ").split() for p in [w] if p[:1].isupper()]
    return "".join(p[0] for p in parts).upper()


def resolve_organizations(mentions: Iterable[Mention]) -> Resolution:
    def node(m: Mention) -> str:
        return "gaz:" + m.canonical_id if m.canonical_id else "stem:" + _org_stem(m.name)

    by_node, summary = _summaries(sorted(mentions, key=lambda m: (m.fact_table, m.fact_id)), node)
    return _expand("organization", resolve_org_nodes(summary), by_node)


def resolve_org_nodes(summary: dict[str, NameKey]) -> list[KeyGroup]:
    """The organization rules over nodes ("gaz:" and the gazetteer id, or "stem:" and the name's stem), each
    summarised by ``NameKey``."""
    uf = UnionFind()
    rule_of: dict[str, tuple[str, str]] = {}
    nodes = sorted(summary, key=lambda n: summary[n].first)  # in the order of their first mentions
    for node in nodes:
        uf.find(node)
        rule_of[node] = ("gazetteer", node[len("gaz:"):]) if node.startswith("gaz:") else ("stem", node[len("stem:"):])
    names = {node: summary[node].first[1] for node in nodes}
    initials = defaultdict(list)
    for node, name in names.items():
        if not name.isupper() and len(name.split()) >= 2:
            initials[_initials(name)].append(node)
    for node, name in sorted(names.items()):
        if name.isupper() and node.startswith("stem:") and len(initials.get(name, [])) == 1:
            uf.union(initials[name][0], node)
            rule_of[node] = ("acronym", names[initials[name][0]])
    out = []
    for root, members in sorted(uf.groups().items()):
        variants: Counter[str] = Counter()
        ctry: Counter[str] = Counter()
        for n in members:
            for v, k in NameKey.counts(summary[n].names):
                variants[v] += k
            for c, k in NameKey.counts(summary[n].countries):
                ctry[c] += k
        gaz = sorted(n for n in members if n.startswith("gaz:"))
        eid = gaz[0][len("gaz:"):] if gaz else "org:" + _slug(min(n[len("stem:"):] for n in members))
        if not eid.startswith("org:"):
            eid = "org:" + eid
        name = max(variants, key=lambda v: (not v.isupper(), variants[v], len(v)))
        out.append(KeyGroup(eid, name, ctry.most_common(1)[0][0] if ctry else None,
                            [(n, rule_of[n][0], str(rule_of[n][1])) for n in sorted(members)]))
    return out
