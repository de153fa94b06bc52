"""The Spark job gives what a local ingest gives: the same articles, fact rows, stories and entities.

The end-to-end test runs `spark run` in local[2] and `load` on the bundled sample corpus plus mirrors
and rewrites of some of its articles, against a local ingest of the same files. It needs pyspark (the
[spark] extra) and Java; CI installs both, elsewhere it skips with the reason."""
from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings
from coopgraph.spark.graph import _pairs, decide_component
from coopgraph.spark.records import local_path, process_blob, year_of

COMPARED = ["articles", "persons", "organizations", "places", "partners", "figures", "sectors", "meetings", "quotes",
            "offers", "project_mentions", "article_signatures", "story_edges", "stories", "story_members", "entities",
            "entity_aliases", "entity_mentions", "entity_merges", "person_roles", "projects", "project_events",
            "matches"]


def test_process_blob_gives_articles_and_rejects_in_input_order() -> None:
    lines = [json.dumps({"id": "a1", "text": "MINSK, 3. März (BelTA) - Belarus und Kasachstan wollen den "
                         "Handelsumsatz im laufenden Jahr auf 1,5 Milliarden US-Dollar steigern."}),
             "{not json", json.dumps({"id": "a2", "text": ""})]
    out = list(process_blob(3, "file:/data/x.jsonl", "\n".join(lines).encode(), Settings()))
    assert [r["kind"] for r in out] == ["article", "reject", "reject"]
    assert out[0]["key"].split("\t") == ["00003", "/data/x.jsonl", "000000000"]
    assert out[0]["article"]["doc_id"] == "a1" and out[0]["facts"]["figures"][0]["value"] == 1.5e9
    assert len(out[0]["minhash"]) == 64 * 8 and json.loads(out[0]["fingerprint"])["partners"]
    assert out[1]["source"].startswith("/data/x.jsonl")


def test_paths_and_years() -> None:
    assert local_path("file:/a/b.txt") == "/a/b.txt" and local_path("file:///a/b.txt") == "/a/b.txt"
    assert local_path("hdfs://nn/a.warc") == "hdfs://nn/a.warc"
    assert (year_of("2024-05-01"), year_of(None), year_of("--05-01")) == ("2024", "unknown", "unknown")


def test_bucket_pairs_follow_the_local_week_window() -> None:
    # 1 and 2 in the same week, 3 two weeks later, 4 undated: the undated one pairs with everyone
    assert _pairs([(1, 100), (2, 100), (3, 102), (4, None)]) == [(1, 2), (1, 4), (2, 4), (3, 4)]
    assert _pairs([(5, 7), (6, 8)]) == [(5, 6)]


def _local_loop_edges(db: Path) -> tuple[list[tuple], dict[int, tuple]]:
    """The story edges a local ingest stored, and its articles as the cluster's docs."""
    conn = sqlite3.connect(db)
    edges = conn.execute("SELECT a, b, similarity, rule FROM story_edges ORDER BY a, b").fetchall()
    docs = {aid: (h, d, fp, bytes(sig)) for aid, h, d, fp, sig in conn.execute(
        "SELECT a.id, a.content_hash, a.date, s.fingerprint, s.minhash FROM articles a "
        "JOIN article_signatures s ON s.article_id = a.id")}
    conn.close()
    return edges, docs


def test_the_decision_loop_per_component_keeps_the_local_edges(tmp_path: Path) -> None:
    """decide_component over each connected component of the candidate graph keeps exactly the edges the
    local graph's loop over the whole corpus kept: a pair already joined is neither decided nor kept."""
    from coopgraph.cli import main
    from coopgraph.resolve import UnionFind, candidate_pairs, story_doc

    db = tmp_path / "local.db"
    a, b = _corpus(tmp_path)
    with pytest.raises(SystemExit):
        main(["ingest", str(a), str(b), "--db", str(db), "-q"])
    local, docs = _local_loop_edges(db)
    assert local  # the mirrors and rewrites joined their originals
    pairs = candidate_pairs([story_doc(k, v[0], v[1], json.loads(v[2])) for k, v in docs.items()],
                            {k: v[3] for k, v in docs.items()})
    comp = UnionFind()
    for x, y in pairs:
        comp.union(x, y)
    rows: dict[int, list[tuple]] = {}
    for x, y in pairs:
        rows.setdefault(comp.find(x), []).append((1, (x, y), None))
    for aid, v in docs.items():
        if comp.find(aid) in rows:
            rows[comp.find(aid)].append((0, aid, v))
    out = [t for group in rows.values() for t in decide_component(reversed(group))]  # order within: irrelevant
    assert sorted(e for k, e in out if k == "e") == local
    decisions = sum(n for k, n in out if k == "n")
    assert len(local) <= decisions < len(pairs)  # pairs inside a story already joined were skipped
    # its stories: the groups of the kept edges, named by their smallest content hash
    members = dict(e for k, e in out if k == "m")
    conn = sqlite3.connect(db)
    stored = dict(conn.execute("SELECT article_id, story_id FROM story_members").fetchall())
    conn.close()
    assert members and all(stored[aid] == sid for aid, sid in members.items())
    # earlier edges start the union-find: a pair they already join is not decided again, and they are kept
    first = next(t for t in out if t[0] == "e")[1]
    again = decide_component([(0, first[0], docs[first[0]]), (0, first[1], docs[first[1]]),
                              (1, (first[0], first[1]), None), (2, first, None)])
    assert ("n", 0) in again and [e for k, e in again if k == "e"] == [first]


def test_connected_components_of_a_long_chain_and_stars(spark) -> None:  # type: ignore[no-untyped-def]
    from coopgraph.spark.graph import components

    # a chain 1-2-...-40 given in shuffled order, a star around 100, a pair and a triangle
    chain = [(i, i + 1) for i in range(1, 40)]
    links = chain[::2] + chain[1::2] + [(100, n) for n in range(101, 110)] + [(205, 200), (300, 301), (301, 302),
                                                                              (300, 302)]
    want = {**{i: 1 for i in range(1, 41)}, **{n: 100 for n in range(100, 110)}, 200: 200, 205: 200,
            300: 300, 301: 300, 302: 300}
    labels, rounds = components(spark.sparkContext.parallelize(links, 2))  # no count given: the rounds run
    assert dict(labels.collect()) == want
    assert 0 < rounds < 39  # label propagation needs one round per link of the chain
    labels, rounds = components(spark.sparkContext.parallelize(links, 2), count=len(links))  # in the driver
    assert dict(labels.collect()) == want and rounds == 0


def test_components_in_the_driver_are_the_rounds_components(spark) -> None:  # type: ignore[no-untyped-def]
    """local_components gives what the large-star / small-star rounds give on random graphs with self-links,
    repeated links in both directions, isolated pairs and long paths."""
    import random
    from itertools import pairwise

    from coopgraph.spark.graph import components, local_components

    for seed in range(3):
        rnd = random.Random(seed)
        nodes = rnd.sample(range(10_000), 120)
        links = [(rnd.choice(nodes), rnd.choice(nodes)) for _ in range(90)]
        path = rnd.sample(nodes, 30)
        links += list(pairwise(path)) + [(b, a) for a, b in links[:10]] + [(nodes[0], nodes[0])]
        found, _ = components(spark.sparkContext.parallelize(links, 3), count=len(links), local_links=0)
        rounds = dict(found.collect())
        assert dict(local_components(links)) == rounds and len(rounds) > 30


def test_local_files_are_read_in_partitions_of_equal_size(spark) -> None:  # type: ignore[no-untyped-def]
    """local_partitions cuts the listed files into partitions of consecutive files whose sizes differ by one at
    most, in input order. sc.parallelize slices PySpark's batches of the list instead: 2,100 paths in 8 slices
    gave partitions of 262 and 266, 17,538 gave 2,048, 2,178 and 3,072, 1,001 in 35 gave 28 and 49."""
    from coopgraph.spark.job import local_partitions

    sc = spark.sparkContext
    for n, slices in [(2_100, 8), (17_538, 8), (1_001, 35), (3, 8), (1, 1)]:
        local = [(i % 3, f"file:/in/{i:05d}.txt") for i in range(n)]
        parts = local_partitions(sc, local, slices).glom().collect()
        sizes = [len(p) for p in parts]
        assert len(parts) == min(slices, n) and max(sizes) - min(sizes) <= 1
        assert [kv for p in parts for kv in p] == local


def _corpus(tmp: Path) -> tuple[Path, Path]:
    """The sample corpus plus mirrors and rewrites of four of its texts, in two folders: ``a`` holds the
    first half of the samples, ``b`` the rest and the mirrors (of texts in ``a``: they join stories across
    the two halves, which an incremental run must find) and a copy of one of ``a``'s files."""
    a, b = tmp / "a", tmp / "b"
    a.mkdir()
    b.mkdir()
    files = sorted(sample_corpus_path().iterdir())
    for n, p in enumerate(files):
        shutil.copy(p, (a if n < len(files) // 2 else b) / p.name)
    texts = sorted(p for p in a.iterdir() if p.suffix == ".txt")[:4]
    mirrors = []
    for n, p in enumerate(texts):
        text = p.read_text(encoding="utf-8")
        mirrors.append({"id": f"mirror-{n}", "text": text})                          # the same text elsewhere
        paragraphs = [x for x in text.split("\n") if x.strip()]
        mirrors.append({"id": f"rewrite-{n}", "text": "\n".join(paragraphs[:-1])})  # cut at another point
    # the same file again in b: the same document (name and text), one article whether both halves run
    # together (a duplicate across input partitions) or b runs after a (a document the earlier run stored)
    shutil.copy(texts[0], b / texts[0].name)
    (b / "zz_mirrors.jsonl").write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in mirrors) + "\n",
                                        encoding="utf-8")
    return a, b


def _rows(db: Path, table: str, cols: list[str] | None = None) -> list[tuple]:
    """The rows of ``table`` (``cols``, or every column but the time of the ingest), sorted."""
    conn = sqlite3.connect(db)
    cols = cols or [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in ("ingested_at",)]
    rows = conn.execute(f"SELECT {','.join(cols)} FROM {table} ORDER BY {','.join(cols[:3])}").fetchall()
    conn.close()
    return rows


def _parquet(out: Path, table: str) -> list[tuple]:
    import pyarrow.dataset as ds

    rows = ds.dataset(str(out / table), format="parquet", partitioning="hive").to_table().to_pylist()
    return sorted(tuple(sorted((k, repr(v)) for k, v in r.items())) for r in rows)


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    """One local[2] session for the module's runs (starting Spark costs more than a small run)."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime (apt-get install openjdk-17-jre-headless)")
    from coopgraph.spark.job import session

    # two input partitions (numbering and duplicates across partitions), one partition after each shuffle:
    # on 32 articles every further task only adds Spark's fixed cost per task
    s = session("local[2]", shuffle_partitions=1)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def full_run(spark, tmp_path_factory):  # type: ignore[no-untyped-def]
    """One `spark run` over both halves: (folder a, folder b, output, report)."""
    from coopgraph.spark.job import run

    tmp = tmp_path_factory.mktemp("spark")
    a, b = _corpus(tmp)
    out = tmp / "out"
    report = run([str(a), str(b)], str(out), partitions=2, spark=spark)
    return a, b, out, report


def test_spark_run_and_load_equal_a_local_ingest(full_run, tmp_path: Path) -> None:
    from coopgraph.cli import main

    a, b, out, report = full_run
    local_db, spark_db = tmp_path / "local.db", tmp_path / "spark.db"
    with pytest.raises(SystemExit) as done:
        main(["ingest", str(a), str(b), "--db", str(local_db), "-q"])
    assert done.value.code == 0
    assert report.articles == 24 + 8 and report.rejects == 0 and report.edges >= 4
    assert report.duplicates_dropped == 1  # the copy
    with pytest.raises(SystemExit) as done:
        main(["load", str(out), "--db", str(spark_db)])
    assert done.value.code == 0
    for table in COMPARED:
        assert _rows(local_db, table) == _rows(spark_db, table), f"{table} differs"
    # the read answers the API serves without computing them (issue 9) are stored by the load as by the ingest
    for table, cols in (("graph_answers", ["name", "body"]), ("partner_answers", ["partner", "inputs", "body"])):
        got = _rows(spark_db, table, cols)
        assert got == _rows(local_db, table, cols) and got, f"{table} differs"
    # the entities, roles, projects and matches were resolved on the cluster, not again by the loader
    ids = {r[0] for r in _parquet_rows(out, "entities")}
    assert ids == {r[0] for r in _rows(spark_db, "entities")} and any(i.startswith("person:") for i in ids)
    assert len(_parquet_rows(out, "entity_mentions")) == len(_rows(local_db, "entity_mentions")) > 0
    members = _rows(spark_db, "story_members")
    stories = {sid for sid, _, _ in members}
    assert len(stories) < 32  # the mirrors and rewrites joined the stories of their originals
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["_coopgraph.json", "articles", "persons", "organizations", "places", "partners", "figures", "sectors",
         "meetings", "quotes", "offers", "project_mentions", "rejects", "signatures", "story_edges",
         "stories", "story_members", "entities", "entity_aliases", "entity_mentions", "entity_merges",
         "person_roles", "projects", "project_events", "matches"])
    assert any(p.name.startswith("year=") for p in (out / "articles").iterdir())


def test_tables_are_read_back_with_the_schema_their_files_have(full_run, spark) -> None:  # type: ignore[no-untyped-def]
    """build.table_schema, given to every read of the output, is what Spark finds in the files (names, order
    and types of the file columns; a year-partitioned table's folder value read as the string it was)."""
    from coopgraph.spark.build import table_schema

    out = full_run[2]
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        inferred = spark.read.parquet(str(folder)).schema
        given = table_schema(folder.name)
        files = [(f.name, f.dataType) for f in inferred.fields if f.name != "year"]
        assert files == [(f.name, f.dataType) for f in given.fields if f.name != "year"], folder.name
        assert ("year" in inferred.fieldNames()) == ("year" in given.fieldNames()), folder.name
        if "year" in given.fieldNames():
            read = spark.read.schema(given).parquet(str(folder))
            assert sorted(str(r[0]) for r in read.select("year").collect()) == sorted(
                str(r[0]) for r in spark.read.parquet(str(folder)).select("year").collect()), folder.name


def _parquet_rows(out: Path, table: str) -> list[tuple]:
    import pyarrow.dataset as ds

    rows = ds.dataset(str(out / table), format="parquet", partitioning="hive").to_table().to_pylist()
    return [(r.get("id") or r.get("entity_id"), r) for r in rows]


def test_an_incremental_run_equals_a_local_ingest_in_two_steps(full_run, spark, tmp_path: Path) -> None:
    """`spark run a` then `spark run b --existing` gives what `ingest a` then `ingest b` give locally (the
    second graph update starts from the first one's edges), and the stories of the full run."""
    from coopgraph.cli import main
    from coopgraph.spark.job import run

    a, b, full, _ = full_run
    first, second = tmp_path / "first", tmp_path / "second"
    run([str(a)], str(first), partitions=2, spark=spark)
    # the update's graph, entity and derived shuffles in 4 partitions (one per 9 of the 33 articles read, the
    # copy counted) instead of the session's 1: what a large input gets (grow_shuffle_partitions), same tables
    report = run([str(b)], str(second), partitions=2, spark=spark, existing=str(first), articles_per_partition=9)
    assert report.shuffle_partitions == 4 and spark.sparkContext.defaultParallelism == 1  # put back after the run
    assert report.articles == 32 - len(_parquet(first, "articles")) and report.duplicates_dropped == 1
    # the mirrors in b joined stories of a: stories span both runs
    n_first = len(_parquet(first, "articles"))
    spans: dict[str, set[bool]] = {}
    for r in _parquet_rows(second, "story_members"):
        spans.setdefault(r[1]["story_id"], set()).add(r[1]["article_id"] > n_first)
    assert any(len(s) == 2 for s in spans.values())
    local_db, spark_db = tmp_path / "local.db", tmp_path / "spark.db"
    for folder in (a, b):
        with pytest.raises(SystemExit) as done:
            main(["ingest", str(folder), "--db", str(local_db), "-q"])
        assert done.value.code == 0
    with pytest.raises(SystemExit) as done:
        main(["load", str(second), "--db", str(spark_db)])
    assert done.value.code == 0
    for table in COMPARED:
        assert _rows(local_db, table) == _rows(spark_db, table), f"{table} differs"
    for table in ("articles", "persons", "organizations", "offers", "signatures", "stories", "entities",
                  "entity_aliases", "entity_mentions", "entity_merges", "person_roles", "projects", "project_events",
                  "matches"):
        assert _parquet(second, table) == _parquet(full, table), f"{table} differs"
    meta = json.loads((second / "_coopgraph.json").read_text())
    assert meta["inputs"] == 2 and meta["ids"]["articles"] == 32


def test_the_daemon_leaves_what_it_preloads_out_of_the_gc_of_every_task() -> None:
    """PySpark's worker loop runs gc.collect() after each task: every object the daemon made before it forks
    is frozen, so that pass walks only what the task made (run in a child: the freeze is process-wide)."""
    import subprocess

    pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install '.[spark]')")
    code = ("import gc\nfrom coopgraph.spark.daemon import preload\npreload()\n"
            "print(len(gc.get_objects()), gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    unfrozen, frozen = map(int, out.stdout.split())
    assert frozen > 100_000 and unfrozen < frozen // 100, (unfrozen, frozen)


def test_the_collection_after_each_task_takes_the_young_generations_only() -> None:
    """daemon.YoungCollections, the daemon module's gc: its collect() frees young garbage cycles and leaves
    those of the oldest generation to Python's own full collections; other names are the gc module's."""
    import gc
    import weakref

    from coopgraph.spark.daemon import YoungCollections

    class Node:
        pass

    def cycle() -> weakref.ref:  # type: ignore[type-arg]
        a, b = Node(), Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        return weakref.ref(a)

    shim = YoungCollections()
    young = cycle()
    shim.collect()
    assert young() is None
    keep = Node()
    keep.other = Node()  # type: ignore[attr-defined]
    keep.other.other = keep  # type: ignore[attr-defined]
    gc.collect()  # survives: now in the oldest generation
    old = weakref.ref(keep)
    del keep
    shim.collect()
    assert old() is not None
    gc.collect()
    assert old() is None
    assert shim.isenabled is gc.isenabled


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 made zipimporter.invalidate_caches lazy")
def test_zip_importers_read_their_archive_again_only_when_it_changed(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import zipfile
    import zipimport

    from coopgraph.spark.daemon import lazy_zip_invalidation

    class Importer(zipimport.zipimporter):  # the patch goes on this class, not on the interpreter's
        pass

    archive = tmp_path / "lib.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("first.py", "X = 1\n")
    reads = []
    real = zipimport._read_directory  # type: ignore[attr-defined]
    monkeypatch.setattr(zipimport, "_read_directory", lambda path: reads.append(path) or real(path))
    lazy_zip_invalidation(Importer)
    imp = Importer(str(archive))
    imp.invalidate_caches()  # the first one reads it and notes the archive's size and mtime
    seen = len(reads)
    imp.invalidate_caches()  # what every Spark task does: unchanged, not read again
    imp.invalidate_caches()
    assert len(reads) == seen and imp.find_spec("first") is not None
    with zipfile.ZipFile(archive, "a") as z:
        z.writestr("second.py", "Y = 2\n")
    imp.invalidate_caches()
    assert len(reads) == seen + 1 and imp.find_spec("second") is not None
    assert "_coopgraph_lazy" not in zipimport.zipimporter.__dict__


def test_shuffles_after_the_extraction_get_two_partitions_per_local_core() -> None:
    from coopgraph.spark.job import shuffle_partitions_for

    assert shuffle_partitions_for("local[1]", 8) == 2 and shuffle_partitions_for("local[2]", None) == 4
    assert shuffle_partitions_for("local[2]", 1) == 1  # never more than the input's partitions
    assert shuffle_partitions_for("local", None) == 2
    assert shuffle_partitions_for("yarn", None) == 8 and shuffle_partitions_for("spark://h:7077", 64) == 64


def test_shuffles_after_the_extraction_grow_with_the_articles_and_are_put_back(spark) -> None:  # type: ignore[no-untyped-def]
    from coopgraph.spark.job import (
        ARTICLES_PER_SHUFFLE_PARTITION,
        grow_shuffle_partitions,
        restore_shuffle_settings,
        shuffle_settings,
    )

    def shuffled() -> int:
        return int(spark.sparkContext.parallelize(range(50), 2).map(lambda x: (x % 7, x)).groupByKey().getNumPartitions())

    assert shuffled() == 1  # the fixture's session: one partition per shuffle
    saved = shuffle_settings(spark)
    assert saved == ("1", "1")
    assert grow_shuffle_partitions(spark, ARTICLES_PER_SHUFFLE_PARTITION // 2) == (1, 1)  # a small input: as it was
    before, now = grow_shuffle_partitions(spark, 5 * ARTICLES_PER_SHUFFLE_PARTITION + 1)
    try:
        assert (before, now) == (1, 6)
        assert shuffled() == 6
        assert spark.conf.get("spark.sql.shuffle.partitions") == "6"
        assert grow_shuffle_partitions(spark, 10) == (6, 6)  # never lowered
    finally:
        restore_shuffle_settings(spark, saved)
    assert shuffled() == 1 and spark.conf.get("spark.sql.shuffle.partitions") == "1"
    # settings that were not set are unset again (a caller's own session without them)
    restore_shuffle_settings(spark, (None, None))
    try:
        assert shuffle_settings(spark) == (None, None)
        assert shuffled() == 2  # PySpark's rule without spark.default.parallelism: the partitions of the input
    finally:
        restore_shuffle_settings(spark, saved)
    assert shuffled() == 1


def test_local_inputs_are_listed_as_hadoop_lists_them_or_left_to_hadoop(tmp_path: Path) -> None:
    from coopgraph.spark.job import local_files

    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.jsonl").write_text("{}")
    (tmp_path / "_SUCCESS").write_text("")
    (tmp_path / ".hidden.txt").write_text("h")
    uri = f"file:{tmp_path}"
    assert local_files(str(tmp_path)) == [f"{uri}/a.jsonl", f"{uri}/b.txt"]  # hidden names skipped, sorted
    assert local_files(f"file://{tmp_path}/b.txt") == [f"{uri}/b.txt"]
    assert local_files(str(tmp_path / "*.txt")) == [f"{uri}/b.txt"]
    assert local_files(str(tmp_path / "missing.txt")) is None  # Hadoop reports it
    assert local_files(f"{tmp_path}/{{a,b}}.txt") is None  # a Hadoop glob Python's glob reads otherwise
    assert local_files("hdfs://nn/corpus") is None and local_files("s3a://bucket/x.warc") is None
    (tmp_path / "sub").mkdir()
    assert local_files(str(tmp_path)) is None  # a folder of folders: Hadoop's rules


def test_only_a_local_master_on_the_local_file_system_reads_input_files_in_python() -> None:
    from coopgraph.spark.job import reads_locally

    assert reads_locally("local[2]", "file:///") and reads_locally("local", None)
    assert not reads_locally("spark://h:7077", "file:///")  # executors elsewhere cannot see the driver's disk
    assert not reads_locally("yarn", None)
    assert not reads_locally("local[2]", "hdfs://nn:8020")  # "/data/x" is an HDFS path there


def test_matches_on_the_cluster_are_the_local_matches(spark) -> None:  # type: ignore[no-untyped-def]
    """spark.matches (candidate keys, judgement, "already offered" and one pair per two stories as joins) gives
    corpus.match_offers' rows on random inputs of a small vocabulary, in three partitions (few runs of many
    offers: each run is some twenty Spark jobs)."""
    from conftest import offer_case

    from coopgraph.corpus import match_offers
    from coopgraph.spark.matches import matches

    total = 0
    for seed in range(4):
        items, cooperation, story_of = offer_case(seed, 150)
        story = dict(story_of)
        for o in items:
            if o["story"]:
                story.setdefault(o["article_id"], o["story"])
        local = [(m["offer_id"], m["need_id"], m["sector"], json.dumps(m["products"]), m["score"])
                 for m in match_offers(items, cooperation, story_of)]
        rows = [dict(o, story=story.get(o["article_id"])) for o in items]
        coop = [(key, story.get(aid) or f"article:{aid}") for key, aids in cooperation.items() for aid in aids]
        found = matches(spark.sparkContext.parallelize(rows, 3), spark.sparkContext.parallelize(coop, 3)).collect()
        assert sorted(found) == sorted(local), seed
        total += len(local)
    assert total > 100


def test_the_first_stories_of_a_party_and_sector_are_what_the_cap_keeps(spark) -> None:  # type: ignore[no-untyped-def]
    """matches.first_stories (the CAP smallest stories per (party, sector), ranked in the JVM) reduces to what
    reducing every (party, sector, story) row with _capped gives: keys with fewer, as many and more stories
    than the cap, stories that sort differently as strings and as numbers, in several partitions."""
    import random

    from coopgraph.spark.matches import CAP, _capped, first_stories

    rnd = random.Random(7)
    rows = {(rnd.choice(["RU", "CN", "RU-MOW", None]), rnd.choice(["trade", "industry", "energy"]),
             rnd.choice(["story:" + format(rnd.randrange(1 << 20), "x"), f"article:{rnd.randrange(200)}"]))
            for _ in range(400)}
    rows |= {("KZ", "agriculture", "story:ab"), ("KZ", "agriculture", "story:b"), ("UZ", "trade", "article:9")}
    repeated = sorted(rows, key=repr) + sorted(rows, key=repr)[::3]  # as the joins give them: some rows twice
    df = spark.createDataFrame(repeated, "party string, sector string, story_id string").repartition(3)

    def reduced(rdd):  # type: ignore[no-untyped-def]
        return dict(rdd.map(lambda kv: (kv[0], frozenset([kv[1]]))).reduceByKey(_capped).collect())

    plain = reduced(df.rdd.map(lambda r: ((r[0], r[1]), r[2])))
    assert reduced(first_stories(df)) == plain
    assert max(len(v) for v in plain.values()) == CAP and min(len(v) for v in plain.values()) < CAP


def test_place_entities_on_the_cluster_are_the_local_resolvers(spark) -> None:  # type: ignore[no-untyped-def]
    """entities.place_tables' entity rows (its kind, name, country and code from the mention with the smallest
    fact id; mentions, articles and stories counted) are resolve.resolve_places' on random mentions whose
    columns differ from mention to mention of one place, ids in random order, several articles per story."""
    import random

    from coopgraph.resolve import Mention, resolve_places
    from coopgraph.spark.entities import place_tables

    rnd = random.Random(11)
    ids = rnd.sample(range(1, 5000), 300)
    rows, mentions = [], []
    for fid in ids:
        aid = rnd.randrange(40)
        pid = rnd.choice(["country:BY", "city:minsk", "BY-HM", "world:eu", None, ""])
        surface = rnd.choice(["Minsk", "Gebiet Minsk", "Brest", "Zentralasien"])
        kind, name = rnd.choice(["city", "region", None]), rnd.choice(["Minsk", "Brest", None])
        country, iso = rnd.choice(["BY", "RU", None]), rnd.choice(["BY-HM", None])
        rows.append((fid, aid, surface, country, pid, kind, name, iso))
        extra = (("kind", kind), ("canonical", name), ("iso3166_2", iso))  # as the graph's place mentions carry
        mentions.append(Mention("places", fid, aid, surface, country, f"story:{aid // 3}", pid or None, extra))
    places = spark.createDataFrame(rows, "id long, article_id long, surface string, country string, place_id string, "
                                         "kind string, name string, iso3166_2 string").repartition(3)
    stories = spark.createDataFrame([(a, f"story:{a // 3}") for a in range(40)], "article_id long, story_id string")
    tables, _ = place_tables(places, stories)
    got = sorted(tuple(r)[1:] for r in tables["entities"].select(
        "block", "id", "kind", "name", "country", "iso3166_2", "mentions", "articles", "stories").collect())
    want = sorted((e.id, e.kind, e.name, e.country, e.iso3166_2, len(e.mentions),
                   len({m.article_id for m, _ in e.mentions}), len({m.story for m, _ in e.mentions}))
                  for e in resolve_places(mentions).entities.values())
    assert got == want and len(want) > 5


def test_conf_pairs_pass_as_given_and_a_bad_one_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from coopgraph.cli import main
    from coopgraph.errors import UsageError
    from coopgraph.spark.cli import parse_conf

    assert parse_conf(("spark.python.worker.memory=512m", " spark.a = b=c ")) == {
        "spark.python.worker.memory": "512m", "spark.a": "b=c"}
    for bad in ("spark.python.worker.memory", "=512m"):
        with pytest.raises(UsageError):
            parse_conf((bad,))
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
    with pytest.raises(SystemExit) as done:
        main(["spark", "run", str(tmp_path), "--out", str(tmp_path / "out"), "--conf", "512m"])
    assert done.value.code != 0
    err = capsys.readouterr().err.strip()
    assert "'512m' is not KEY=VALUE" in err and len(err.splitlines()) == 1 and not (tmp_path / "out").exists()


def test_offer_lookups_follow_the_local_rule_whatever_the_key(spark) -> None:  # type: ignore[no-untyped-def]
    """The alias lookup of offers whose actor or recipient the article's partners did not name: a name looks up
    its country, a blank name the country of the alias "" (the local ``alias_country.get(name or "")``), a
    named partner keeps what the partners gave - and every offer comes out once."""
    from coopgraph.spark.derived import _with_aliases

    aliases = {"Gomel": "BY", "Tula": "RU", "": "KZ"}
    offers = []
    for i, (actor, rec) in enumerate([(None, None), ("", None), ("Tula", ""), ("Nowhere", "Gomel"), (None, "Tula"),
                                      ("", "")] * 3):
        offers.append({"id": i, "_actor": actor, "_recipient": rec, "side": "given", "party": "given",
                       "recipient_party": "given"})
    for blank in ("KZ", None):
        table = {k: v for k, v in aliases.items() if k or blank}
        got = sorted(_with_aliases(spark.sparkContext.parallelize([dict(o) for o in offers], 3),
                                   spark.sparkContext.parallelize(sorted(table.items()), 2), blank).collect(),
                     key=lambda o: o["id"])
        want = []
        for o in offers:
            o = dict(o)
            if o["_actor"] is not None:
                o["side"] = o["party"] = table.get(o["_actor"] or "")
            if o["_recipient"] is not None:
                o["recipient_party"] = table.get(o["_recipient"] or "")
            want.append(o)
        assert got == want
