"""coopgraph on Apache Spark: the same ``pipeline.process`` over archives that outgrow one machine.

    coopgraph spark run INPUT... --out DIR [--master local[*]] [--partitions N]
    coopgraph load DIR [--db FILE]

``job.run`` reads any path or glob Spark's Hadoop file systems read (JSONL, WARC, HTML, text, feeds: the
same readers as a local ingest), runs ``pipeline.process`` once per record inside ``mapPartitions`` (each
partition warms the extractors once), and writes Parquet tables partitioned by year: articles, every fact
table (store/rows.py: the columns of the local store, with spans, rule ids and pipeline version), rejects,
signatures, and the story graph computed on the cluster (MinHash in the map step, LSH banding as a join on
band buckets, connected components of the candidate graph, then in each component the local graph's own
decision loop with ``resolve.same_story``: the same edges and stories as a local run). Entities (blocked on the local resolver's keys, each block resolved by its functions), roles, projects and
offer/need matches are computed on the cluster too (spark/build.py); ``load.load`` stores such an output
in the SQLite store as it is, and ``--existing`` updates an earlier output with new inputs.

Needs the ``[spark]`` extra (pyspark) and a Java runtime (Debian: openjdk-17-jre-headless)."""
from __future__ import annotations

from typing import Any

__all__ = ["load", "run"]


def __getattr__(name: str) -> Any:
    if name == "run":
        from .job import run

        return run
    if name == "load":
        from .load import load

        return load
    raise AttributeError(name)
