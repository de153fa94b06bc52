"""The Spark driver: read, process in mapPartitions, build the story graph on the cluster, write Parquet.

No step collects the corpus to the driver: articles are numbered by a distributed sort, candidate pairs
come from joins (LSH band buckets; a person shared within a day), the connected components of the
candidate graph from large-star / small-star rounds, and each component's pairs are decided in one task
by the local graph's loop. Only counts reach the driver."""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
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
    pairs_checked: int = 0  # candidate pairs decided (a pair already joined in a story is not)
    edges: int = 0
    stories: int = 0
    component_rounds: int = 0
    shuffle_partitions: int = 0  # of the steps after the extraction (grow_shuffle_partitions)
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
                         T.StructField("fact_index", T.LongType()), T.StructField("id", T.LongType())]
                        + [T.StructField(c, _type(c)) for c in (*PROVENANCE_COLUMNS, *FACT_COLUMNS[table])])


def cores_of(master: str) -> int | None:
    """The task slots a local master gives (local, local[N], local[*], local[N,F]); None for a cluster."""
    import os

    if master == "local":
        return 1
    if master.startswith("local[") and master.endswith("]"):
        n = master[len("local["):-1].split(",")[0]
        return os.cpu_count() or 1 if n == "*" else int(n) if n.isdigit() else None
    return None


def shuffle_partitions_for(master: str, partitions: int | None) -> int:
    """Partitions of every shuffle after the extraction (the story graph, entities, projects, matches).

    Those steps move signatures, keys and fact columns, a small share of what the extraction reads, and
    at a few thousand articles each of their tasks costs more in Spark's fixed cost per task than in work:
    two per core of a local master (never more than the input's ``partitions``), 8 on a cluster unless
    ``partitions`` says otherwise. At n=200, local[1]: 587 tasks in 104 stages with 4 partitions."""
    cores = cores_of(master)
    if cores is None:
        return partitions or 8
    return max(1, min(partitions or 2 * cores, 2 * cores))


ARTICLES_PER_SHUFFLE_PARTITION = 5_000


def grow_shuffle_partitions(spark: Any, articles: int, per_partition: int = ARTICLES_PER_SHUFFLE_PARTITION
                            ) -> tuple[int, int]:
    """Give the shuffles after the extraction (the articles' dedupe and sort, story graph, entities, derived
    tables) at least one partition per ``per_partition`` articles, once their number is known, so that what one
    task holds of a shuffle stays about the same however large the input grows (with a fixed count, each of 4
    tasks held a quarter of 100,000 articles' band buckets and candidate pairs: the largest Python worker at
    2.98 GB against 0.65 GB at 20,000). Both the RDD operations' partitions (``spark.default.parallelism``, read
    when each shuffle is planned) and Spark SQL's are raised; never lowered. Returns (before, now); a caller
    whose session is not its own puts the settings back with ``shuffle_settings`` / ``restore_shuffle_settings``."""
    sc = spark.sparkContext
    before = sc.defaultParallelism
    now = max(before, -(-articles // per_partition))
    if now != before:
        sc._conf.set("spark.default.parallelism", str(now))  # the JVM context's own conf, read at each shuffle
        spark.conf.set("spark.sql.shuffle.partitions", str(now))
    return before, now


SHUFFLE_KEYS = ("spark.default.parallelism", "spark.sql.shuffle.partitions")


def shuffle_settings(spark: Any) -> tuple[str | None, str | None]:
    """The two settings grow_shuffle_partitions changes, as they are (None: not set)."""
    return spark.sparkContext._conf.get(SHUFFLE_KEYS[0]), spark.conf.get(SHUFFLE_KEYS[1], None)


def restore_shuffle_settings(spark: Any, saved: tuple[str | None, str | None]) -> None:
    """Put back what shuffle_settings saved (a setting that was not set is unset again)."""
    rdd, sql = saved
    if rdd is None:
        spark.sparkContext._conf._jconf.remove(SHUFFLE_KEYS[0])
    else:
        spark.sparkContext._conf.set(SHUFFLE_KEYS[0], rdd)
    if sql is None:
        spark.conf.unset(SHUFFLE_KEYS[1])
    else:
        spark.conf.set(SHUFFLE_KEYS[1], sql)


LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


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
             # "year=2024" stays the string it was written as when an incremental run reads it back
             .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
             .config("spark.driver.memory", "2g")
             # binaryFiles packs small files into one split up to this size (128 MB by default): 2,000 synthetic
             # articles in 1,756 files were ONE task, so the reading (about 60 s of JVM time on this machine,
             # per-file Hadoop cost) was serial whatever the cores; 1 MB gave 5 splits. A large file (a WARC)
             # stays one split of its own
             .config("spark.files.maxPartitionBytes", str(1 << 20))
             # workers forked with coopgraph and its lexicons loaded (spark/daemon.py)
             .config("spark.python.daemon.module", "coopgraph.spark.daemon")
             # Spark SQL's default of 200 shuffle partitions costs more than the work on small inputs
             .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
             # the RDD joins and reduces too: without it PySpark gives a join the partitions of both sides
             # together, so a label propagation round doubles them (thousands of tasks after a few rounds)
             .config("spark.default.parallelism", str(shuffle_partitions))
             # a worker forked from the daemon holds ~330 MB (coopgraph, spaCy, the lexicons) before its first
             # record: with PySpark's default 512 MB its shuffles and groupings spilled to disk from ~5,000
             # articles on (20,000 articles, local[1]: 13 of 43 busy samples in the spilling merge)
             .config("spark.python.worker.memory", "2g"))
    if cores_of(master) is not None:
        # a local master's executor is the driver JVM, a short-lived one: C2's compilations of Spark's code
        # cost more than they win back (n=2,000 local[1]: the JIT threads took 56 s of the JVM's 107 s). C1
        # only, and the serial collector (no concurrent GC threads on a few cores). A cluster's executors keep
        # their own settings
        builder = builder.config("spark.driver.extraJavaOptions", LOCAL_JVM_OPTIONS)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def local_files(path: str) -> list[str] | None:
    """The files Hadoop's ``binaryFiles`` reads for a local ``path`` (a file, a folder of files, a glob of
    files), as the URIs it names them by ("file:/abs/path"); None when the path is not local or not that
    simple (another file system, a folder with folders in it, a Hadoop glob Python's does not read the same):
    those are left to Hadoop. Names starting with "_" or "." are hidden, as in Hadoop."""
    import glob
    import os

    if path.startswith("file:"):
        path = path[len("file://"):] if path.startswith("file://") else path[len("file:"):]
    elif "://" in path or path.startswith(("hdfs:", "s3a:", "s3:", "gs:", "abfs:", "viewfs:")):
        return None
    if any(ch in path for ch in "{}\\"):
        return None
    if any(ch in path for ch in "*?["):
        found = [f for f in glob.glob(path) if not os.path.basename(f).startswith(("_", "."))]
    elif os.path.isdir(path):
        found = [os.path.join(path, f) for f in os.listdir(path) if not f.startswith(("_", "."))]
    else:
        found = [path] if os.path.isfile(path) else []
    if not found or not all(os.path.isfile(f) for f in found):
        return None
    return sorted("file:" + os.path.abspath(f) for f in found)


def reads_locally(master: str, default_fs: str | None) -> bool:
    """Whether the Python workers may read local input files themselves: only under a local master (its
    workers share the driver's disk) and when a path without a scheme means the local file system. On a
    cluster, or with ``fs.defaultFS`` set to HDFS, "/data/x" names a file the workers cannot see or another
    file system's file: Hadoop reads it."""
    return cores_of(master) is not None and (default_fs or "file:///").startswith("file:")


def local_partitions(sc: Any, local: list[tuple[int, str]], slices: int) -> Any:
    """The (input index, uri) of local files as an RDD of ``slices`` partitions of consecutive files whose
    sizes differ by one at most. ``sc.parallelize(local, slices)`` does not give that: PySpark sends the list
    in batches (of up to 1,024 items) and Spark slices the batches, so 17,538 paths in 8 slices made
    partitions of 2,048, 2,178 and 3,072 paths, and the extraction task of 3,072 ran alone at the end of a
    local[2] run (15 s against 10). One list per partition is one batch per partition."""
    n = len(local)
    k = max(1, min(slices, n))
    return sc.parallelize([local[i * n // k:(i + 1) * n // k] for i in range(k)], k).flatMap(lambda part: part)


def _read_local(kv: tuple[int, str]) -> tuple[int, str, bytes]:
    from .records import local_path

    with open(local_path(kv[1]), "rb") as fh:
        return kv[0], kv[1], fh.read()


def _coerce(col: str, v: Any) -> Any:
    if v is None:
        return None
    if col in INT_COLUMNS:
        return int(v)
    if col in FLOAT_COLUMNS:
        return float(v)
    return v


def _existing(path: str | None) -> dict[str, Any]:
    """What an earlier output says about itself: its inputs and the highest ids it gave."""
    if not path:
        return {"inputs": 0, "ids": {"articles": 0, **{t: 0 for t in FACT_COLUMNS}}}
    meta = Path(path) / "_coopgraph.json"
    if not meta.is_file():
        raise UsageError(f"{path} is not a coopgraph Spark output (no _coopgraph.json)",
                         "give the --out folder of a finished `coopgraph spark run` as --existing")
    data: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
    if "ids" not in data:
        raise UsageError(f"{path} was written by an older coopgraph (no ids in _coopgraph.json)",
                         "run it again with this version")
    return data


STORED = ""  # the sort key of an earlier run's article: before every record key (KEY_FORMAT is never empty)


def _first_per_document(items: Any) -> Any:
    """Items sorted by ((content hash, doc id), record key) -> the record of each document's first key; none
    for a document an earlier run stored (its marker, key STORED, sorts first and carries no record)."""
    last: Any = None
    for (doc, _), r in items:
        if doc != last:
            last = doc
            if r is not None:
                yield r


def _counts(index: int, items: Any) -> Any:
    """Articles and facts per table in one partition of packed records (to number them without another pass)."""
    n = [0] * (1 + len(FACT_COLUMNS))
    for r in items:
        n[0] += 1
        for i, c in enumerate(r[3], start=1):
            n[i] += c
    yield index, dict(zip(("articles", *FACT_COLUMNS), n, strict=True))


def _numbering(offsets: dict[int, dict[str, int]]) -> Any:
    """Packed article records -> (article id, the id of its first fact per table, payload)."""
    def number(index: int, items: Any) -> Any:
        start = offsets[index]
        nxt = [start["articles"], *(start[t] for t in FACT_COLUMNS)]
        for r in items:
            nxt[0] += 1
            yield nxt[0], tuple(n + 1 for n in nxt[1:]), r[4]
            for i, c in enumerate(r[3], start=1):
                nxt[i] += c
    return number


def run(inputs: list[str], out: str, master: str = "local[*]", partitions: int | None = None,
        settings: Settings | None = None, spark: Any = None, conf: dict[str, str] | None = None,
        existing: str | None = None, articles_per_partition: int = ARTICLES_PER_SHUFFLE_PARTITION) -> SparkReport:
    """Process ``inputs`` on Spark and write the Parquet output to ``out`` (replaced). With ``existing`` (the
    output of an earlier run), the new articles are numbered after its articles, their story pairs decided
    against its signatures and their mentions resolved with its entities: ``out`` then holds the whole corpus,
    as a run over the earlier inputs and these would. ``articles_per_partition``: the shuffles after the
    extraction get at least one partition per that many articles (``grow_shuffle_partitions``)."""
    from pyspark import StorageLevel
    from pyspark.rdd import portable_hash

    from .build import corpus_graph, read_table
    from .records import pack, process_blob

    if existing and Path(existing).resolve() == Path(out).resolve():
        raise UsageError("--existing and --out must be different folders", "write the update to a new folder")
    base = _existing(existing)
    settings = settings or Settings()
    own = spark is None
    spark = spark or session(master, shuffle_partitions=shuffle_partitions_for(master, partitions), conf=conf)
    sc = spark.sparkContext
    report = SparkReport()
    saved = shuffle_settings(spark)
    try:
        # local files are read by the Python workers: Hadoop's reader cost about 16 ms of JVM CPU per file
        # (n=1,000, 880 files: 13.8 s of the JVM's 113 s, and a shuffle of every file's bytes to repartition)
        local: list[tuple[int, str]] = []
        blobs = None
        own_reads = reads_locally(sc.master, sc._jsc.hadoopConfiguration().get("fs.defaultFS"))
        for i, path in enumerate(inputs, start=base["inputs"]):
            files = local_files(path) if own_reads else None
            if files is not None:
                local.extend((i, f) for f in files)
                continue
            rdd = sc.binaryFiles(path, minPartitions=partitions).map(lambda kv, i=i: (i, kv[0], kv[1]))
            blobs = rdd if blobs is None else blobs.union(rdd)
        if blobs is not None and partitions:
            blobs = blobs.repartition(partitions)
        if local:  # paths only: the driver lists them (as Hadoop does), the bytes never pass through it
            read = local_partitions(sc, local, partitions or max(sc.defaultParallelism, len(local) // 500))
            read = read.map(_read_local)
            blobs = read if blobs is None else blobs.union(read)
        if blobs is None:
            raise ValueError("no input")
        cfg = settings

        def per_partition(items: Any) -> Any:
            from ..extract import warm_up

            warm_up()  # once per partition: lexicons and the spaCy pipeline
            for index, uri, data in items:
                yield from map(pack, process_blob(index, uri, data, cfg))

        # the extraction runs once: every later step reads these records from memory (or local disk)
        # (records.pack: the small fields these steps read, the record itself as one opaque payload)
        records = blobs.mapPartitions(per_partition).persist(StorageLevel.MEMORY_AND_DISK)
        kinds = records.map(lambda r: r[0]).countByValue()
        # from here on every shuffle (the dedupe and the sort of the articles included: a Python task sorts its
        # partition in memory) gets a partition per articles_per_partition articles
        grown = grow_shuffle_partitions(spark, base["ids"]["articles"] + kinds.get("article", 0),
                                        articles_per_partition)
        report.shuffle_partitions = grown[1]
        report.rejects = kinds.get("reject", 0)
        rejects = records.filter(lambda r: r[0] == "reject").map(lambda r: (0, (), r[4]))
        # a text stored once per document id, as in the local store: the first by input order wins (an
        # earlier run's article comes before every new one). Sorted within hash partitions by (document, key)
        # and read as a stream: a reduceByKey would first combine each input partition's records, text and
        # all, in one Python dict (100,000 articles in 8 input partitions: 12,500 records in one worker)
        arts = records.filter(lambda r: r[0] == "article").map(lambda r: ((r[2], r[1]), r))
        if existing:
            stored = (read_table(spark, Path(existing), "articles").select("content_hash", "doc_id").rdd
                      .map(lambda r: (((r[0], r[1]), STORED), None)))
            arts = arts.union(stored)
        # every record of one document in one partition, whatever its record key
        arts = (arts.repartitionAndSortWithinPartitions(partitionFunc=lambda key: portable_hash(key[0]))
                .mapPartitions(_first_per_document).sortBy(lambda r: r[1]))
        counts = dict(arts.mapPartitionsWithIndex(_counts).collect())  # one small dict per partition
        offsets, running = {}, dict(base["ids"])
        for index in sorted(counts):
            offsets[index] = dict(running)
            running = {k: running[k] + counts[index][k] for k in running}
        numbered = arts.mapPartitionsWithIndex(_numbering(offsets)).persist(StorageLevel.MEMORY_AND_DISK)
        report.articles = running["articles"] - base["ids"]["articles"]
        report.duplicates_dropped = kinds.get("article", 0) - report.articles
        report.tables = {t: running[t] - base["ids"][t] for t in FACT_COLUMNS}

        outdir = Path(out)
        if outdir.exists():
            shutil.rmtree(outdir)
        graph = corpus_graph(spark, numbered, rejects, outdir, existing, base["ids"]["articles"],
                             running["articles"])
        report.candidate_pairs, report.pairs_checked = graph["candidates"], graph["decisions"]
        report.edges = graph["edges"]
        report.stories, report.component_rounds = graph["stories"], graph["rounds"]
        meta = dict(report.as_dict(), inputs=base["inputs"] + len(inputs), ids=running)
        (outdir / "_coopgraph.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        records.unpersist()
        numbered.unpersist()
        return report
    finally:
        if own:
            spark.stop()
        else:
            restore_shuffle_settings(spark, saved)
