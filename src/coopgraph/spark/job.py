"""The Spark driver: read, process in mapPartitions, build the story graph on the cluster, write Parquet.

No step collects the corpus to the driver: articles are numbered by a distributed sort, candidate pairs
come from joins (LSH band buckets; a person shared within a day), stories from label propagation over
the accepted pairs, each round one join. Only counts reach the driver."""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..settings import Settings
from ..store.rows import ARTICLE_COLUMNS, FACT_COLUMNS, PROVENANCE_COLUMNS

# columns that are not strings (everything else is a string, JSON for lists)
INT_COLUMNS = {"dateline_start", "dateline_end", "relevant", "start_char", "end_char", "position"}
FLOAT_COLUMNS = {"language_score", "relevance_score", "value"}


@dataclass
class SparkReport:
    articles: int = 0
    rejects: int = 0
    duplicates_dropped: int = 0
    candidate_pairs: int = 0
    edges: int = 0
    stories: int = 0
    propagation_rounds: int = 0
    tables: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _type(col: str) -> Any:
    from pyspark.sql import types as T

    return T.LongType() if col in INT_COLUMNS else T.DoubleType() if col in FLOAT_COLUMNS else T.StringType()


def article_schema() -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField("article_id", T.LongType(), False), T.StructField("key", T.StringType()),
                         T.StructField("year", T.StringType())]
                        + [T.StructField(c, _type(c)) for c in ARTICLE_COLUMNS])


def fact_schema(table: str) -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField("article_id", T.LongType(), False), T.StructField("year", T.StringType()),
                         T.StructField("fact_index", T.LongType())]
                        + [T.StructField(c, _type(c)) for c in (*PROVENANCE_COLUMNS, *FACT_COLUMNS[table])])


def session(master: str, app: str = "coopgraph", shuffle_partitions: int = 8,
            conf: dict[str, str] | None = None) -> Any:
    """A session whose Python workers run this interpreter (where coopgraph is installed) unless
    PYSPARK_PYTHON says otherwise; on a cluster every executor needs coopgraph[spark] installed."""
    import os
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app)
             .config("spark.ui.enabled", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.driver.memory", "2g")
             # Spark SQL's default of 200 shuffle partitions costs more than the work on small inputs
             .config("spark.sql.shuffle.partitions", str(shuffle_partitions)))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _coerce(col: str, v: Any) -> Any:
    if v is None:
        return None
    if col in INT_COLUMNS:
        return int(v)
    if col in FLOAT_COLUMNS:
        return float(v)
    return v


def run(inputs: list[str], out: str, master: str = "local[*]", partitions: int | None = None,
        settings: Settings | None = None, spark: Any = None, conf: dict[str, str] | None = None) -> SparkReport:
    """Process ``inputs`` on Spark and write the Parquet output to ``out`` (replaced)."""
    from pyspark import StorageLevel

    from . import graph as sgraph
    from .records import process_blob

    settings = settings or Settings()
    own = spark is None
    spark = spark or session(master, shuffle_partitions=partitions or 8, conf=conf)
    sc = spark.sparkContext
    report = SparkReport()
    try:
        blobs = None
        for i, path in enumerate(inputs):
            rdd = sc.binaryFiles(path, minPartitions=partitions).map(lambda kv, i=i: (i, kv[0], kv[1]))
            blobs = rdd if blobs is None else blobs.union(rdd)
        if blobs is None:
            raise ValueError("no input")
        if partitions:
            blobs = blobs.repartition(partitions)
        cfg = settings

        def per_partition(items: Any) -> Any:
            from ..extract import warm_up

            warm_up()  # once per partition: lexicons and the spaCy pipeline
            for index, uri, data in items:
                yield from process_blob(index, uri, data, cfg)

        records = blobs.mapPartitions(per_partition).persist(StorageLevel.MEMORY_AND_DISK)
        rejects = records.filter(lambda r: r["kind"] == "reject")
        # a text stored once per document id, as in the local store: the first by input order wins
        arts = (records.filter(lambda r: r["kind"] == "article")
                .map(lambda r: ((r["article"]["content_hash"], r["article"]["doc_id"]), r))
                .reduceByKey(lambda a, b: a if a["key"] <= b["key"] else b)
                .map(lambda kv: kv[1])
                .sortBy(lambda r: r["key"])
                .zipWithIndex()
                .map(lambda ri: dict(ri[0], article_id=ri[1] + 1))
                .persist(StorageLevel.MEMORY_AND_DISK))
        report.articles = arts.count()
        report.rejects = rejects.count()
        report.duplicates_dropped = records.filter(lambda r: r["kind"] == "article").count() - report.articles

        outdir = Path(out)
        if outdir.exists():
            shutil.rmtree(outdir)
        write = lambda df, name: df.write.mode("overwrite").partitionBy("year").parquet(str(outdir / name))  # noqa: E731

        art_rows = arts.map(lambda r: [r["article_id"], r["key"], r["year"]]
                            + [_coerce(c, r["article"][c]) for c in ARTICLE_COLUMNS])
        write(spark.createDataFrame(art_rows, article_schema()), "articles")
        for table, cols in FACT_COLUMNS.items():
            allcols = (*PROVENANCE_COLUMNS, *cols)
            rows = arts.flatMap(lambda r, t=table, cs=allcols: [
                [r["article_id"], r["year"], n] + [_coerce(c, f[c]) for c in cs]
                for n, f in enumerate(r["facts"][t])])
            write(spark.createDataFrame(rows, fact_schema(table)), table)
        from pyspark.sql import types as T

        rej_schema = T.StructType([T.StructField(c, T.StringType()) for c in ("key", "source", "stage", "reason")])
        (spark.createDataFrame(rejects.map(lambda r: [r["key"], r["source"], r["stage"], r["reason"]]), rej_schema)
         .write.mode("overwrite").parquet(str(outdir / "rejects")))

        docs = arts.map(lambda r: (r["article_id"], (r["article"]["content_hash"], r["article"]["date"],
                                                     r["fingerprint"], r["minhash"]))).persist()
        sig_schema = T.StructType([T.StructField("article_id", T.LongType(), False),
                                   T.StructField("minhash", T.BinaryType()),
                                   T.StructField("fingerprint", T.StringType())])
        (spark.createDataFrame(docs.map(lambda kv: [kv[0], bytearray(kv[1][3]), kv[1][2]]), sig_schema)
         .write.mode("overwrite").parquet(str(outdir / "signatures")))
        result = sgraph.stories(docs)
        report.candidate_pairs, report.edges = result.candidates, result.edge_count
        report.stories, report.propagation_rounds = result.story_count, result.rounds
        edge_schema = T.StructType([T.StructField("a", T.LongType()), T.StructField("b", T.LongType()),
                                    T.StructField("similarity", T.DoubleType()), T.StructField("rule", T.StringType())])
        spark.createDataFrame(result.edges.map(list), edge_schema).write.mode("overwrite").parquet(
            str(outdir / "story_edges"))
        member_schema = T.StructType([T.StructField("article_id", T.LongType()),
                                      T.StructField("story_id", T.StringType())])
        spark.createDataFrame(result.members.map(list), member_schema).write.mode("overwrite").parquet(
            str(outdir / "story_members"))
        report.tables = arts.map(lambda r: {t: len(r["facts"][t]) for t in FACT_COLUMNS}).fold(
            {t: 0 for t in FACT_COLUMNS}, lambda x, y: {t: x[t] + y[t] for t in FACT_COLUMNS})
        (outdir / "_coopgraph.json").write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
        records.unpersist()
        arts.unpersist()
        docs.unpersist()
        return report
    finally:
        if own:
            spark.stop()
