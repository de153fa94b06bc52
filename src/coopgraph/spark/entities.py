"""Entity resolution on the cluster: block on the keys the local resolver compares, resolve each block with
``resolve.resolve_persons`` / ``resolve_organizations`` / ``resolve_places`` (the local merge rules, unchanged).

A block holds every mention the local rules could ever put together, so resolving block by block gives the
entities, merges and mention rules of one global resolution (the local functions do not depend on order):

persons        the three first letters of the folded surname (the local fuzzy rule compares full names
               within that block; a surname-only name joins full names with that very surname), blocks
               joined where one known person of data/known_persons.jsonl has aliases in several (computed
               from the gazetteer alone, never from the corpus)
organizations  the acronym a name spells, or the acronym itself (the local acronym rule), else the node
               (gazetteer id or stem); a node's name is its first mention's, found by a reduce
places         the entity id (the gazetteer id or the name's slug); a place's rows are aggregations over its
               mentions, computed in the JVM (``place_tables``)

Every output row carries its block, so an incremental run re-resolves only the blocks its new (or
re-clustered) articles touch and copies the others."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from ..extract.names import name_key
from ..graph import DERIVED_COLUMNS
from ..resolve import (
    PLACE_ID_PREFIXES,
    Mention,
    UnionFind,
    _initials,
    _org_stem,
    resolve_organizations,
    resolve_persons,
)

ENTITY_TABLES = ("entities", "entity_aliases", "entity_mentions", "entity_merges", "person_roles")


@lru_cache(maxsize=1)
def _prefix_blocks() -> dict[str, str]:
    """Surname prefix -> its block, where a known person's aliases span several prefixes (gazetteer only)."""
    from ..extract import lexicon

    by_person: dict[str, set[str]] = defaultdict(set)
    for alias, kp in lexicon.known_persons().items():
        if " " in alias:
            by_person[kp.person_id].add(_prefix(name_key(alias)))
    uf = UnionFind()
    for prefixes in by_person.values():
        first, *rest = sorted(prefixes)
        for p in rest:
            uf.union(first, p)
    return {p: uf.find(p) for p in list(uf.parent)}


def _prefix(key: str) -> str:
    parts = key.split()
    return (parts[-1] if parts else "")[:3]


def person_block(name: str) -> str:
    p = _prefix(name_key(name))
    return "p:" + _prefix_blocks().get(p, p)


def org_node(name: str, canonical_id: str | None) -> str:
    return "gaz:" + canonical_id if canonical_id else "stem:" + _org_stem(name)


def org_block(node: str, first_name: str) -> str:
    """The acronym an organization node takes part in (as the acronym or as the name that spells it)."""
    if first_name.isupper() and node.startswith("stem:"):
        return "o:" + first_name
    if not first_name.isupper() and len(first_name.split()) >= 2:
        return "o:" + _initials(first_name)
    return "o:" + node


# a mention as it travels: (fact_id, article_id, name, country, story, extra) with extra per kind:
# persons (role, region, date), organizations (canonical_id,)
def resolve_blocks(kind: str, blocks: list[tuple[str, list[Any]]]) -> list[tuple[str, tuple[Any, ...]]]:
    """(table, row with the block first) of every entity table for whole blocks of one kind. The blocks do
    not interact, so one call over several of them gives what one call per block gives, and the local
    resolver's fixed cost per call (the gazetteer index) is paid once per partition, not once per block."""
    items = [m for _, ms in blocks for m in ms]
    block_of = {m[0]: b for b, ms in blocks for m in ms}
    if kind == "persons":
        mentions = [Mention("persons", f, a, n, c, s) for f, a, n, c, s, _ in items]
        res = resolve_persons(mentions)
    else:
        mentions = [Mention("organizations", f, a, n, c, s, x[0]) for f, a, n, c, s, x in items]
        res = resolve_organizations(mentions)
    extra = {f: x for f, _, _, _, _, x in items}
    out: list[tuple[str, tuple[Any, ...]]] = []
    roles: dict[tuple[str, Any, Any, Any], list[tuple[int, str | None]]] = defaultdict(list)
    for ent in res.entities.values():
        block = block_of[ent.mentions[0][0].fact_id]
        arts = {m.article_id for m, _ in ent.mentions}
        out.append(("entities", (block, ent.id, ent.kind, ent.name, ent.country, ent.iso3166_2, len(ent.mentions),
                                 len(arts), len({m.story for m, _ in ent.mentions}), None)))
        out.extend(("entity_aliases", (block, ent.id, a, c)) for a, c in sorted(ent.aliases.items()))
        out.extend(("entity_mentions", (block, ent.id, m.fact_table, m.fact_id, m.article_id, rule))
                   for m, rule in ent.mentions)
        if kind == "persons":
            for m, _ in ent.mentions:
                role, region, date = extra[m.fact_id]
                roles[(ent.id, role, m.country, region)].append((m.article_id, date))
    eblock = {ent.id: block_of[ent.mentions[0][0].fact_id] for ent in res.entities.values()}
    out.extend(("entity_merges", (eblock[merge[0]], *merge)) for merge in res.merges)
    for (eid, role, country, region), seen in roles.items():
        dates = sorted(d for _, d in seen if d)
        out.append(("person_roles", (eblock[eid], eid, role, country, region, dates[0] if dates else None,
                                     dates[-1] if dates else None, json.dumps(sorted({a for a, _ in seen})))))
    return out


def _resolve_partition(groups: Any) -> Any:
    by_kind: dict[str, list[tuple[str, list[Any]]]] = defaultdict(list)
    for (kind, block), items in groups:
        by_kind[kind].append((block, list(items)))
    for kind, blocks in sorted(by_kind.items()):
        yield from resolve_blocks(kind, blocks)


def entity_schema(table: str) -> Any:
    from pyspark.sql import types as T

    # person_roles.articles is the JSON list of its article ids; in entities it is a count
    ints = {"mentions", "stories", "count", "fact_id", "article_id"} | ({"articles"} if table == "entities" else set())
    return T.StructType([T.StructField("block", T.StringType())] + [
        T.StructField(c, T.LongType() if c in ints else T.StringType()) for c in DERIVED_COLUMNS[table]])


def resolve_all(persons: Any, organizations: Any, changed: Any = None) -> tuple[Any, Any]:
    """RDDs of person and organization mentions -> (RDD of (table, row), RDD of the resolved blocks as
    (block, None) or None).
    ``changed``: an RDD of (article id, None); when given, only the blocks that hold a mention of one of
    those articles are resolved (the rows of the other blocks are kept from the earlier run)."""
    p = persons.map(lambda m: (person_block(m[2]), m))
    # an organization node's name is its first mention's (by fact id), as in the local resolver
    nodes = organizations.map(lambda m: (org_node(m[2], m[5][0]), m))
    first = nodes.mapValues(lambda m: (m[0], m[2])).reduceByKey(min).mapValues(lambda fn: fn[1])
    o = nodes.join(first).map(lambda kv: (org_block(kv[0], kv[1][1]), kv[1][0]))
    keyed = p.map(lambda kv: ("persons", kv)).union(o.map(lambda kv: ("organizations", kv)))
    touched = None
    if changed is not None:
        touched = (keyed.map(lambda t: (t[1][1][1], t[1][0])).join(changed).map(lambda kv: (kv[1][0], None))
                   .distinct().persist())
        keyed = keyed.map(lambda t: (t[1][0], t)).join(touched).map(lambda kv: kv[1][0])
    rows = keyed.map(lambda t: ((t[0], t[1][0]), t[1][1])).groupByKey().mapPartitions(_resolve_partition)
    return rows, touched


# resolve.place_entity's test, as a Spark SQL regular expression: "^(country|city|world|place):"
_PREFIXED = "^(" + "|".join(re.escape(p.rstrip(":")) for p in PLACE_ID_PREFIXES) + "):"


def place_tables(places: Any, stories: Any, changed: Any = None) -> tuple[dict[str, Any], Any]:
    """The entity tables' rows of places as DataFrames, aggregated in the JVM: ``resolve.resolve_places``' rule
    (a place is its gazetteer id, or "place:" and its surface's slug; its kind, name, country and code are its
    first mention's by fact id; its aliases are the surfaces written, counted) as a grouping with partial
    aggregates, so that no task holds a place's mentions together (the block of Belarus holds a mention from
    almost every article: at 100,000 articles about half a million) and no mention passes through Python.

    ``places``: (id, article_id, surface, country, place_id, kind, name, iso3166_2); ``stories``: (article_id,
    story_id); ``changed``: (article_id) of the articles whose blocks are resolved again, or None for all.
    Returns the tables (with "block" first, as ``resolve_blocks``' rows) and the blocks resolved when
    ``changed`` is given."""
    from pyspark.sql import functions as F

    slug = F.expr("trim(BOTH '_' FROM regexp_replace(lower(surface), '[^a-z0-9]+', '_'))")  # resolve._slug
    pid = F.when(F.col("place_id").isNull() | (F.col("place_id") == ""), F.concat(F.lit("place:"), slug))
    m = (places.join(stories, "article_id").withColumn("pid", pid.otherwise(F.col("place_id")))
         .withColumn("block", F.concat(F.lit("l:"), "pid"))
         .withColumn("entity_id", F.when(F.col("pid").rlike(_PREFIXED), F.col("pid"))  # resolve.place_entity
                     .otherwise(F.concat(F.lit("region:"), "pid"))))
    touched = None
    if changed is not None:
        touched = m.join(changed, "article_id", "left_semi").select("block").distinct()
        m = m.join(touched, "block", "left_semi")

    def text(col: str) -> Any:  # str() of the first mention's value, as the local Entity gets it
        return F.coalesce(F.col("first." + col), F.lit("None")).alias(col)

    ents = m.groupBy("block", "entity_id").agg(
        F.min(F.struct("id", "kind", "name", "country", "iso3166_2")).alias("first"), F.count("*").alias("mentions"),
        F.countDistinct("article_id").alias("articles"), F.countDistinct("story_id").alias("stories"))
    aliases = m.groupBy("block", "entity_id", F.col("surface").alias("alias")).agg(F.count("*").alias("count"))
    return {
        "entities": ents.select("block", F.col("entity_id").alias("id"), text("kind"), text("name"),
                                "first.country", "first.iso3166_2", "mentions", "articles", "stories",
                                F.lit(None).cast("string").alias("attrs")),
        "entity_aliases": aliases,
        "entity_mentions": m.select("block", "entity_id", F.lit("places").alias("fact_table"),
                                    F.col("id").alias("fact_id"), "article_id", F.lit("gazetteer").alias("rule")),
        "entity_merges": aliases.select("block", "entity_id", F.col("alias").alias("variant"),
                                        F.lit("gazetteer").alias("rule"), F.col("entity_id").alias("detail")),
    }, touched
