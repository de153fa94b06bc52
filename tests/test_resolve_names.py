"""The person and organization rules read only the per-name summaries (``NameKey``), and a summary is the
same whatever split and order its mentions come in: what lets the Spark job reduce the mentions of a name
on the cluster and resolve a block from its names' summaries alone. Mentions written for this test: a pool
of name variants (transliterations, initials, surname alone, acronyms) with countries that tie."""
from __future__ import annotations

import random

from coopgraph.extract.text import name_key
from coopgraph.resolve import Mention
from coopgraph.resolve_names import (
    NameKey,
    resolve_org_nodes,
    resolve_organizations,
    resolve_person_keys,
    resolve_persons,
)

PEOPLE = ["Iwan Petrow", "Ivan Petrov", "I. Petrow", "Petrow", "Olga Petrowa", "Oleg Nikolajew",
          "Aisen Nikolajew", "Nikolajew", "Alexander Lukaschenko", "Lukaschenko", "Rustam Minnichanow",
          "Minnikhanov", "Anna Smirnowa", "Smirnowa"]
ORGS = ["Europäische Union", "EU", "Gemeinschaft Unabhängiger Staaten", "GUS", "Belarussische Eisenbahn",
        "Belarussischen Eisenbahn", "BelAZ", "Gazprom"]
COUNTRIES = [None, "BY", "RU", "KZ"]


def _mentions(rng: random.Random, table: str, names: list[str], n: int) -> list[Mention]:
    return [Mention(table, i + 1, rng.randint(1, n // 3), rng.choice(names), rng.choice(COUNTRIES),
                    f"s{rng.randint(1, n // 5)}", rng.choice([None, None, "org:gazprom"]) if table != "persons"
                    and i % 7 == 0 else None) for i in range(n)]


def _reduced(mentions: list[Mention], key: object, rng: random.Random) -> dict[str, NameKey]:
    """Each mention's summary, summed in a random order of random chunks, as a reduce on a cluster."""
    shuffled = mentions[:]
    rng.shuffle(shuffled)
    out: dict[str, NameKey] = {}
    for m in shuffled:
        part = NameKey.of(m.fact_id, m.name, m.country)
        k = key(m)  # type: ignore[operator]
        out[k] = part.add(out[k]) if k in out and rng.random() < 0.5 else out[k].add(part) if k in out else part
    return out


def test_person_rules_over_reduced_summaries_give_the_local_entities() -> None:
    rng = random.Random(7)
    for _ in range(30):
        mentions = _mentions(rng, "persons", PEOPLE, rng.randint(10, 80))
        local = resolve_persons(mentions)
        summary = _reduced(mentions, lambda m: name_key(m.name), rng)
        for k in summary:  # the full names with that surname that share a story with a surname alone
            if len(k.split()) == 1:
                stories = {m.story for m in mentions if name_key(m.name) == k}
                summary[k].cooccur = {name_key(m.name) for m in mentions if m.story in stories
                                      and len(name_key(m.name).split()) >= 2 and name_key(m.name).split()[-1] == k}
        groups = {g.id: g for g in resolve_person_keys(summary)}
        assert {(e.id, e.name, e.country) for e in local.entities.values()} == \
            {(g.id, g.name, g.country) for g in groups.values()}
        assert local.merges == [(g.id, *member) for g in resolve_person_keys(summary) for member in g.members]
        assert len(local.entities) < len({name_key(m.name) for m in mentions})  # variants were merged
        assert any(rule == "surname" for _, _, rule, _ in local.merges)


def test_organization_rules_over_reduced_summaries_give_the_local_entities() -> None:
    rng = random.Random(11)

    def node(m: Mention) -> str:
        from coopgraph.resolve_names import _org_stem

        return "gaz:" + m.canonical_id if m.canonical_id else "stem:" + _org_stem(m.name)

    acronyms = 0
    for _ in range(30):
        mentions = _mentions(rng, "organizations", ORGS, rng.randint(10, 80))
        local = resolve_organizations(mentions)
        groups = resolve_org_nodes(_reduced(mentions, node, rng))
        assert {(e.id, e.name, e.country) for e in local.entities.values()} == \
            {(g.id, g.name, g.country) for g in {g.id: g for g in groups}.values()}
        assert local.merges == [(g.id, *member) for g in groups for member in g.members]
        acronyms += sum(rule == "acronym" for _, _, rule, _ in local.merges)
    assert acronyms > 10


def test_a_summary_is_the_same_whatever_the_split_and_order_of_its_mentions() -> None:
    rng = random.Random(3)
    mentions = _mentions(rng, "persons", ["Iwan Petrow", "Ivan Petrov", "IWAN PETROW"], 60)
    whole = NameKey.of(mentions[0].fact_id, mentions[0].name, mentions[0].country)
    for m in mentions[1:]:
        whole.add(NameKey.of(m.fact_id, m.name, m.country))
    for _ in range(20):
        assert _reduced(mentions, lambda m: "k", rng)["k"] == whole
    assert NameKey.of_mentions(sorted(mentions, key=lambda m: m.fact_id)) == whole  # the local resolver's way
    assert NameKey.counts(whole.countries)[0][0] == next(m.country for m in mentions if m.country)


def test_a_tie_between_countries_goes_to_the_first_mention_also_across_names() -> None:
    """The acronym's node sorts first, the full name was mentioned first: the entity takes the country of
    the first mention, from the summaries as from the mentions."""
    mentions = [Mention("organizations", 1, 1, "Europäische Union", "RU"), Mention("organizations", 2, 2, "EU", "BY")]
    (ent,) = resolve_organizations(mentions).entities.values()
    summary = {"stem:eu": NameKey.of(2, "EU", "BY"), "stem:europajsh union": NameKey.of(1, "Europäische Union", "RU")}
    (group,) = resolve_org_nodes(summary)
    assert ent.country == group.country == "RU" and group.id == ent.id == "org:eu"
