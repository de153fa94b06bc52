"""The `spark run` and `load` commands (thin shells over spark.job and spark.load)."""
from __future__ import annotations

import json
from typing import Any

import click

from ..cli_options import db_option
from ..errors import UsageError


@click.group(name="spark")
def spark_group() -> None:
    """Run the pipeline as an Apache Spark job (needs the [spark] extra and Java 17)."""


@spark_group.command(name="run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, help="Output folder (Parquet tables by year); replaced.")
@click.option("--master", default="local[*]", show_default=True, help="local[N], spark://host:port or yarn.")
@click.option("--partitions", type=click.IntRange(1, 100_000), default=None,
              help="Number of partitions of the input (default: Spark's, one per file split). The shuffles after "
                   "the extraction take two per core of a local master, at most this many, or more with "
                   "--articles-per-partition.")
@click.option("--articles-per-partition", type=click.IntRange(1, 10_000_000), default=5_000, show_default=True,
              help="The shuffles after the extraction (story graph, entities) get at least one partition per this "
                   "many articles, so that a task's share stays the same as the input grows; lower it when "
                   "executors have little memory.")
@click.option("--existing", "existing", default=None, type=click.Path(exists=True, file_okay=False),
              help="The output of an earlier run: the new articles join its stories and entities, and --out "
                   "holds the whole corpus (as one run over the earlier inputs and these).")
@click.option("--conf", "confs", multiple=True, metavar="KEY=VALUE",
              help="A Spark setting, as spark-submit's --conf (repeatable); it overrides coopgraph's own, e.g. "
                   "spark.python.worker.memory=512m.")
@click.pass_context
def run_cmd(ctx: click.Context, inputs: tuple[str, ...], out_dir: str, master: str, partitions: int | None,
            articles_per_partition: int, existing: str | None, confs: tuple[str, ...]) -> None:
    """Process INPUT paths or globs (any Hadoop file system: local, hdfs://, s3a://) on Spark.

    JSONL, WARC, HTML, feeds and text files are read by the local ingest's readers, each record goes
    through the same pipeline.process, and the story graph is computed on the cluster. Load the result
    into a database with `coopgraph load OUT`.
    """
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise UsageError("pyspark is not installed", "pip install 'coopgraph[spark]' (and Java 17)") from exc
    from .job import run

    report = run(list(inputs), out_dir, master=master, partitions=partitions, settings=ctx.obj["settings"],
                 existing=existing, articles_per_partition=articles_per_partition, conf=parse_conf(confs))
    click.echo(json.dumps(report.as_dict(), indent=2))
    ctx.exit(1 if report.rejects else 0)


def parse_conf(pairs: tuple[str, ...]) -> dict[str, str]:
    """``--conf`` values as a dict; a pair without "=" or with an empty key is a usage error."""
    conf: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--conf {pair!r} is not KEY=VALUE", "write it as --conf spark.some.key=value")
        conf[key.strip()] = value.strip()
    return conf


@click.command(name="load")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@db_option
@click.pass_context
def load_cmd(ctx: click.Context, out_dir: str, db: str | None) -> None:
    """Load the output of `coopgraph spark run` into the store (then every read command serves it)."""
    from ..store import Store
    from .load import load

    settings: Any = ctx.obj["settings"]
    store = Store.open(db or settings.db)
    try:
        rep = load(out_dir, store)
    finally:
        store.close()
    click.echo(f"loaded {rep.articles} articles ({rep.unchanged} already stored), {rep.rejects} rejects, "
               f"{rep.edges} story edges from the cluster")
