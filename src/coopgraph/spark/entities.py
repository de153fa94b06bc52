"""Entity resolution on the cluster: block on the keys the local resolver compares, resolve each block with
the local rules (``resolve_names.resolve_person_keys`` / ``resolve_org_nodes``; places: ``resolve.resolve_places``'
rule as aggregations).

A block holds every name the local rules could ever put together, so resolving block by block gives the
entities, merges and mention rules of one global resolution (the local rules do not depend on order). A
block's task holds its names' summaries (``resolve_names.NameKey``, reduced from the mentions), not its
mentions: the mentions meet their name's entity afterwards in the JVM, which counts them (``_kind_tables``).

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

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from ..extract.names import name_key
from ..graph import DERIVED_COLUMNS
from ..resolve import PLACE_ID_PREFIXES, UnionFind
from ..resolve_names import NameKey, _initials, _org_stem, resolve_org_nodes, resolve_person_keys

ENTITY_TABLES = ("entities", "entity_aliases", "entity_mentions", "entity_merges", "person_roles")
ENTITY_KIND = {"persons": "person", "organizations": "organization"}  # fact table -> entities.kind


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
def _resolve_block(kind: str, block: str, items: Any) -> Any:
    """One block's key groups (``resolve_names``) as ("merge", row), ("entity", (block, id, name, country))
    and ("key", (block, key, entity id, rule)); a later group of an id replaces an earlier one, as locally."""
    summary = dict(items)
    groups = resolve_person_keys(summary) if kind == "persons" else resolve_org_nodes(summary)
    for g in groups:
        yield from (("merge", (block, g.id, *member)) for member in g.members)
    for g in {g.id: g for g in groups}.values():
        yield ("entity", (block, g.id, g.name, g.country))
        yield from (("key", (block, key, g.id, rule)) for key, rule, _ in g.members)


def _with_cooccur(summary: NameKey, full_keys: Any) -> NameKey:
    summary.cooccur = set(full_keys or ())
    return summary


def entity_schema(table: str) -> Any:
    """An entity table's columns and types as written (the block, then the store's columns)."""
    from pyspark.sql import types as T

    # person_roles.articles is the JSON list of its article ids; in entities it is a count
    ints = {"mentions", "stories", "count", "fact_id", "article_id"} | ({"articles"} if table == "entities" else set())
    return T.StructType([T.StructField("block", T.StringType())] + [
        T.StructField(c, T.LongType() if c in ints else T.StringType()) for c in DERIVED_COLUMNS[table]])


def resolve_all(spark: Any, persons: Any, organizations: Any, changed: Any = None
                ) -> tuple[dict[str, Any], Any, list[Any]]:
    """RDDs of person and organization mentions -> (DataFrame of each entity table, with the block first; RDD
    of the resolved blocks as (block, None) or None; the datasets the tables read more than once, persisted:
    the caller unpersists them once the tables are written).
    ``changed``: an RDD of (article id, None); when given, only the blocks that hold a mention of one of
    those articles are resolved (the rows of the other blocks are kept from the earlier run)."""
    p = persons.map(lambda m: (person_block(m[2]), name_key(m[2]), m))
    # an organization node's name is its first mention's (by fact id), as in the local resolver
    nodes = organizations.map(lambda m: (org_node(m[2], m[5][0]), m))
    first = nodes.mapValues(lambda m: (m[0], m[2])).reduceByKey(min).mapValues(lambda fn: fn[1])
    o = nodes.join(first).map(lambda kv: (org_block(kv[0], kv[1][1]), kv[0], kv[1][0]))
    touched = None
    if changed is not None:
        touched = (p.union(o).map(lambda t: (t[2][1], t[0])).join(changed).map(lambda kv: (kv[1][0], None))
                   .distinct().persist())
        p = p.map(lambda t: (t[0], t)).join(touched).map(lambda kv: kv[1][0])
        o = o.map(lambda t: (t[0], t)).join(touched).map(lambda kv: kv[1][0])
    from pyspark.sql import functions as F

    cached: list[Any] = []
    people, orgs = _kind_tables(spark, "persons", p, cached), _kind_tables(spark, "organizations", o, cached)
    tables = {}
    for table, df in people.items():
        both = df.unionByName(orgs[table]) if table in orgs else df
        tables[table] = both.select([F.col(f.name).cast(f.dataType) for f in entity_schema(table).fields])
    return tables, touched, cached


def _kind_tables(spark: Any, kind: str, mentions: Any, cached: list[Any]) -> dict[str, Any]:
    """The entity tables of one kind's mentions, (block, key, mention) each. The rules run per block over
    the keys' ``NameKey`` summaries (a reduce), never over a block's mentions; the mentions then meet their
    key's entity in the JVM, which counts them, their articles, stories, aliases and roles."""
    from pyspark.sql import functions as F

    mentions = mentions.persist()
    cached.append(mentions)
    summaries = mentions.map(lambda t: ((t[0], t[1]), NameKey.of(t[2][0], t[2][2], t[2][3]))).reduceByKey(
        NameKey.add)
    if kind == "persons":  # a surname-only name: the full names with that surname in its stories
        full = (mentions.filter(lambda t: len(t[1].split()) >= 2)
                .map(lambda t: ((t[2][4], t[1].split()[-1]), t[1])).distinct())
        alone = mentions.filter(lambda t: len(t[1].split()) == 1).map(lambda t: ((t[2][4], t[1]), t[0])).distinct()
        co = (alone.join(full).map(lambda kv: ((kv[1][0], kv[0][1]), kv[1][1])).distinct().groupByKey())
        summaries = summaries.leftOuterJoin(co).mapValues(lambda v: _with_cooccur(*v))
    out = (summaries.map(lambda kv: (kv[0][0], (kv[0][1], kv[1]))).groupByKey()
           .flatMap(lambda kv: _resolve_block(kind, kv[0], kv[1])).persist())
    cached.append(out)

    def frame(tag: str, schema: str) -> Any:
        return spark.createDataFrame(out.filter(lambda t: t[0] == tag).map(lambda t: t[1]), schema,
                                     verifySchema=False)

    keys = frame("key", "block string, key string, entity_id string, rule string")
    ents = frame("entity", "block string, entity_id string, name string, country string")
    m = spark.createDataFrame(
        mentions.map(lambda t: (t[0], t[1], t[2][0], t[2][1], t[2][2], t[2][3], t[2][4],
                                *(t[2][5] if kind == "persons" else (None, None, None)))),
        "block string, key string, fact_id long, article_id long, name string, country string, story string, "
        "role string, region string, date string", verifySchema=False).join(keys, ["block", "key"]).persist()
    # (read by four tables; verifySchema=False: the rows are built just above with these types, and the check
    # walks every cell of every mention in Python)
    cached.append(m)
    counts = m.groupBy("block", "entity_id").agg(
        F.count("*").alias("mentions"), F.countDistinct("article_id").alias("articles"),
        F.countDistinct("story").alias("stories"))
    none = F.lit(None).cast("string")
    tables = {
        "entities": ents.join(counts, ["block", "entity_id"]).select(
            "block", F.col("entity_id").alias("id"), F.lit(ENTITY_KIND[kind]).alias("kind"), "name", "country",
            none.alias("iso3166_2"), "mentions", "articles", "stories", none.alias("attrs")),
        "entity_aliases": m.groupBy("block", "entity_id", F.col("name").alias("alias")).agg(F.count("*").alias("count")),
        "entity_mentions": m.select("block", "entity_id", F.lit(kind).alias("fact_table"), "fact_id", "article_id",
                                    "rule"),
        "entity_merges": frame("merge", "block string, entity_id string, variant string, rule string, detail string"),
    }
    if kind == "persons":
        seen = F.when(F.col("date") != "", F.col("date"))
        articles = F.array_join(F.transform(F.array_sort(F.collect_set("article_id")), lambda a: a.cast("string")),
                                ", ")
        tables["person_roles"] = m.groupBy("block", "entity_id", "role", "country", "region").agg(
            F.min(seen).alias("first_seen"), F.max(seen).alias("last_seen"),
            F.concat(F.lit("["), articles, F.lit("]")).alias("articles"))
    return tables


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
        return F.coalesce(F.col(col), F.lit("None")).alias(col)

    # counted level by level (an article is in one story), the first mention by its smallest fact id and then
    # joined for its columns: every step a hash aggregate of numbers. min(struct(...)) of the columns and two
    # countDistinct made Spark copy each mention three times (Expand) and sort them all (the step that read the
    # places: 4.7 s of JVM CPU at 20,000 articles; 0.7 s now)
    per_article = m.groupBy("block", "entity_id", "story_id", "article_id").agg(
        F.count("*").alias("n"), F.min("id").alias("first_id"))
    per_story = per_article.groupBy("block", "entity_id", "story_id").agg(
        F.sum("n").alias("n"), F.count("*").alias("articles"), F.min("first_id").alias("first_id"))
    ents = (per_story.groupBy("block", "entity_id").agg(
        F.sum("n").alias("mentions"), F.sum("articles").alias("articles"), F.count("*").alias("stories"),
        F.min("first_id").alias("first_id"))
        .join(m.select(F.col("id").alias("first_id"), "kind", "name", "country", "iso3166_2"), "first_id"))
    aliases = m.groupBy("block", "entity_id", F.col("surface").alias("alias")).agg(F.count("*").alias("count"))
    return {
        "entities": ents.select("block", F.col("entity_id").alias("id"), text("kind"), text("name"),
                                "country", "iso3166_2", "mentions", "articles", "stories",
                                F.lit(None).cast("string").alias("attrs")),
        "entity_aliases": aliases,
        "entity_mentions": m.select("block", "entity_id", F.lit("places").alias("fact_table"),
                                    F.col("id").alias("fact_id"), "article_id", F.lit("gazetteer").alias("rule")),
        "entity_merges": aliases.select("block", "entity_id", F.col("alias").alias("variant"),
                                        F.lit("gazetteer").alias("rule"), F.col("entity_id").alias("detail")),
    }, touched
