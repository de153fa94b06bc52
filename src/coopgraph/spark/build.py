"""Write a run's tables and compute the corpus graph on the cluster: stories, entities, roles, projects, matches.

The articles and facts are written first (with the earlier output's rows when the run is incremental); every
later step reads the columns it needs back from that Parquet, so the whole corpus is one set of tables
whether it came from this run or an earlier one. What reaches the driver is bounded: counts, the matches' few rows
per vocabulary, a candidate graph of at most graph.LOCAL_LINKS links."""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from ..graph import DERIVED_COLUMNS
from ..store.rows import ARTICLE_COLUMNS, FACT_COLUMNS, PROVENANCE_COLUMNS
from . import derived, entities
from . import graph as sgraph
from . import tables as row_tables
from .matches import first_stories

DERIVED_INTS = {"size", "representative", "mention_id", "article_id", "offer_id", "need_id"}


def derived_schema(table: str) -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField(c, T.LongType() if c in DERIVED_INTS else T.DoubleType() if c == "score"
                                       else T.StringType()) for c in DERIVED_COLUMNS[table]])


def _schemas() -> dict[str, Any]:
    """The schema of every table a run writes from its records: articles, fact tables, rejects, signatures."""
    from pyspark.sql import types as T

    from .job import article_schema, fact_schema

    out = {"articles": article_schema(), **{t: fact_schema(t) for t in FACT_COLUMNS}}
    out["rejects"] = T.StructType([T.StructField(c, T.StringType()) for c in ("key", "source", "stage", "reason")])
    out["signatures"] = T.StructType([
        T.StructField("article_id", T.LongType(), False), T.StructField("minhash", T.BinaryType()),
        T.StructField("fingerprint", T.StringType()), T.StructField("content_hash", T.StringType()),
        T.StructField("date", T.StringType())])
    return out


def edge_schema() -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField("a", T.LongType()), T.StructField("b", T.LongType()),
                         T.StructField("similarity", T.DoubleType()), T.StructField("rule", T.StringType())])


def table_schema(name: str) -> Any:
    """The schema a table of the output is written with (a year-partitioned table's includes its ``year``).
    Reading a table back with it spares Spark a job per read that opens a file's footer to infer it."""
    if name in entities.ENTITY_TABLES:
        return entities.entity_schema(name)
    if name == "story_edges":
        return edge_schema()
    if name in DERIVED_COLUMNS:
        return derived_schema(name)
    return _schemas()[name]


def read_table(spark: Any, root: Path, name: str) -> Any:
    """A table of an output folder as a DataFrame, read with the schema it is written with."""
    return spark.read.schema(table_schema(name)).parquet(str(root / name))


def _table_rows(item: tuple[int, tuple[int, ...], bytes]) -> list[tuple[str, list[Any]]]:
    """(table, row) of every row one numbered article (article id, id of its first fact per table, payload)
    or reject (0, (), payload) gives."""
    from .job import _coerce

    aid, firsts, payload = item
    r = pickle.loads(payload)
    if r["kind"] == "reject":
        return [("rejects", [r["key"], r["source"], r["stage"], r["reason"]])]
    a, year = r["article"], r["year"]
    out = [("articles", [aid, r["key"], year] + [_coerce(c, a[c]) for c in ARTICLE_COLUMNS]),
           ("signatures", [aid, bytearray(r["minhash"]), r["fingerprint"], a["content_hash"], a["date"]])]
    for first, (table, cols) in zip(firsts, FACT_COLUMNS.items(), strict=True):
        allcols = (*PROVENANCE_COLUMNS, *cols)
        out.extend((table, [aid, year, n, first + n] + [_coerce(c, f[c]) for c in allcols])
                   for n, f in enumerate(r["facts"][table]))
    return out


def corpus_graph(spark: Any, numbered: Any, rejects: Any, outdir: Path, existing: str | None,
                 new_from: int, articles: int | None = None) -> dict[str, int]:
    """Write every table of the output to ``outdir``; ``new_from``: the highest article id of ``existing``;
    ``articles``: how many articles the whole output holds (counted when not given)."""
    from pyspark.sql import functions as F

    old = Path(existing) if existing else None

    def write(df: Any, name: str) -> None:
        df.write.mode("overwrite").parquet(str(outdir / name))

    def read(name: str, root: Path = outdir) -> Any:
        return read_table(spark, root, name)

    row_tables.write_tables(numbered, rejects, outdir, old, _schemas(), by_year={"articles", *FACT_COLUMNS})

    # stories: candidates from joins, components of the candidate graph, the local decision loop per component
    docs = read("signatures").select("article_id", "content_hash", "date", "fingerprint", "minhash").rdd.map(
        lambda r: (r[0], (r[1], r[2], r[3], bytes(r[4])))).persist()  # read by five steps of the story graph
    old_edges = old_labels = None
    if old is not None:
        old_edges = read("story_edges", old).rdd.map(lambda r: (r[0], r[1], r[2], r[3]))
        old_labels = read("story_members", old).select("article_id", "story_id").rdd.map(lambda r: (r[0], r[1]))
    result = sgraph.stories(docs, new_from=new_from, old_edges=old_edges, articles=articles)
    write(spark.createDataFrame(result.edges.map(list), edge_schema(), verifySchema=False), "story_edges")
    labels = result.members
    info = read("articles").select("article_id", "date", "doc_id", "content_hash").rdd.map(
        lambda r: (r[0], (r[1], r[2], r[3])))
    stories, members = derived.story_rows(labels, info, result.edges)
    write(spark.createDataFrame(stories, derived_schema("stories"), verifySchema=False), "stories")
    write(spark.createDataFrame(members, derived_schema("story_members"), verifySchema=False), "story_members")
    # what the facts need of their article, joined in the JVM (a join of Python RDDs pickles both sides twice)
    story_of = read("story_members").select("article_id", "story_id")
    art = (read("articles").select("article_id", F.col("date").alias("_date"), F.col("doc_id").alias("_doc_id"),
                                   F.col("content_hash").alias("_content_hash"))
           .join(story_of.withColumnRenamed("story_id", "_story"), "article_id"))

    # entities: blocks on the local resolver's keys, the local merge rules per block
    def mentions(table: str, cols: list[str], extra: list[str]) -> Any:
        """(fact id, article id, name, country, story, extra) of a table's facts; ``extra`` columns of the
        fact or its article (_date)."""
        joined = read(table).select("id", "article_id", *cols).join(art, "article_id")
        return joined.select("id", "article_id", "name", "country", "_story", *extra).rdd.map(
            lambda r: (r[0], r[1], r[2], r[3], r[4], tuple(r[5:])))

    persons = mentions("persons", ["name", "country", "role", "region"], ["role", "region", "_date"])
    orgs = mentions("organizations", ["name", "country", "canonical_id"], ["canonical_id"])
    changed = changed_df = None
    if old is not None and old_labels is not None:  # the new articles and the earlier ones whose story changed
        changed = (labels.filter(lambda kv: kv[0] > new_from).map(lambda kv: (kv[0], None))
                   .union(old_labels.join(labels).filter(lambda kv: kv[1][0] != kv[1][1]).map(lambda kv: (kv[0], None)))
                   .distinct())
        changed_df = spark.createDataFrame(changed.map(lambda kv: (kv[0],)), "article_id long")
    frames, touched, cached = entities.resolve_all(spark, persons, orgs, changed)
    places, place_blocks = entities.place_tables(
        read("places").select(F.col("id"), "article_id", "surface", "country", "place_id", "kind", "name",
                              "iso3166_2"),
        story_of, changed_df)
    blocks: Any = None
    if old is not None:  # the blocks resolved again: the earlier output's rows of every other block are kept
        blocks = (spark.createDataFrame(touched.map(lambda kv: (kv[0],)), "block string").unionByName(place_blocks)
                  .persist())
    tables = {}
    for table in entities.ENTITY_TABLES:
        df = frames[table]
        if table in places:
            df = df.unionByName(places[table])
        if old is not None:
            df = read(table, old).join(blocks, "block", "left_anti").unionByName(df)
        tables[table] = df
    write_all(tables, write)
    for data in [*cached, *([blocks] if blocks is not None else [])]:
        data.unpersist()

    # an alias names the country of the entity seen in the most articles that has it (the local rule)
    ents = read("entities").filter(F.col("country").isNotNull()).select("id", "articles", "country")
    aliases = read("entity_aliases")
    best = (aliases.join(ents, aliases["entity_id"] == ents["id"])
            .groupBy("alias").agg(F.max(F.struct("articles", "id", "country")).alias("best"))
            .select("alias", "best.country"))
    alias_country = best.rdd.map(lambda r: (r[0], r[1]))
    blank = best.filter(F.col("alias") == "").first()  # the filter reaches the Parquet scan: a small job

    pm_cols = ["id", "article_id", *PROVENANCE_COLUMNS, *FACT_COLUMNS["project_mentions"]]
    pms = read("project_mentions").select(*pm_cols).join(art, "article_id").rdd.map(_project_mention)
    projects, events = derived.project_rows(pms)
    write(spark.createDataFrame(projects, derived_schema("projects"), verifySchema=False), "projects")
    write(spark.createDataFrame(events, derived_schema("project_events"), verifySchema=False), "project_events")

    offers = read("offers").select("id", "article_id", "type", "actor", "recipient", "what", "sectors").rdd.map(
        lambda r: (r[1], r.asDict()))
    pt = read("partners").select("article_id", "position", "name", "country", "iso3166_2")
    partners = pt.rdd.map(lambda r: (r[0], r.asDict()))
    parts = (offers.groupWith(partners, labels)
             .flatMap(lambda kv: derived.article_offers(kv[0], next(iter(kv[1][2]), None), list(kv[1][0]),
                                                        list(kv[1][1]))))
    # cooperation (graph._matches' rule): an article with Belarus among its partners shows each other partner
    # (its ISO 3166-2 code, else its country) cooperating in each of the article's sectors - in the JVM
    party = F.when(F.col("iso3166_2").isNotNull() & (F.col("iso3166_2") != ""), F.col("iso3166_2")).otherwise(
        F.col("country"))
    coop = (pt.filter(F.col("country").isNull() | (F.col("country") != "BY"))
            .join(pt.filter(F.col("country") == "BY").select("article_id").distinct(), "article_id")
            .select("article_id", party.alias("party"))
            .join(read("sectors").select("article_id", "sector"), "article_id").join(story_of, "article_id")
            .select("party", "sector", "story_id"))
    matches = derived.match_rows(parts, alias_country, first_stories(coop), blank[1] if blank is not None else None)
    write(spark.createDataFrame(matches, derived_schema("matches")), "matches")
    docs.unpersist()
    return {"candidates": result.candidates, "decisions": result.decisions, "edges": result.edge_count,
            "stories": result.story_count, "rounds": result.rounds}


WRITERS = 4  # tables written at once (write_all)


def write_all(frames: dict[str, Any], write: Any) -> None:
    """Write DataFrames that read one cached dataset: the first alone (it fills the cache), the others from
    WRITERS driver threads at once. A write's job ends in the driver (planning, the commit's renames), with
    no task running: one after the other, 17 tables left the task slots empty for 16 s of a 188 s run
    (n=2,000, local[2], spark_stages). Concurrent jobs fill those gaps; each table is its own folder, so the
    output is the same."""
    from concurrent.futures import ThreadPoolExecutor

    items = list(frames.items())
    if not items:
        return
    write(items[0][1], items[0][0])
    with ThreadPoolExecutor(WRITERS) as pool:
        for done in [pool.submit(write, df, name) for name, df in items[1:]]:
            done.result()


def _project_mention(row: Any) -> dict[str, Any]:
    """A project mention with its article's date, document, content hash and story (the "_" columns)."""
    import json

    d = row.asDict()
    d["sectors"] = json.loads(d["sectors"] or "[]")
    for key in ("date", "doc_id", "content_hash", "story"):
        d[key] = d.pop("_" + key)
    return d
