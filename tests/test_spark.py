"""The Spark job gives what a local ingest gives: the same articles, fact rows, stories and entities.

The end-to-end test runs `spark run` in local[2] and `load` on the bundled sample corpus plus mirrors
and rewrites of some of its articles, against a local ingest of the same files. It needs pyspark (the
[spark] extra) and Java; CI installs both, elsewhere it skips with the reason."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings
from coopgraph.spark.graph import _pairs
from coopgraph.spark.records import local_path, process_blob, year_of

COMPARED = ["articles", "persons", "organizations", "places", "partners", "figures", "sectors", "meetings", "quotes",
            "offers", "project_mentions", "article_signatures", "stories", "story_members", "entities",
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


def _corpus(tmp: Path) -> Path:
    folder = tmp / "corpus"
    shutil.copytree(sample_corpus_path(), folder)
    texts = sorted(p for p in folder.iterdir() if p.suffix == ".txt")[:4]
    mirrors = []
    for n, p in enumerate(texts):
        text = p.read_text(encoding="utf-8")
        mirrors.append({"id": f"mirror-{n}", "text": text})                          # the same text elsewhere
        paragraphs = [x for x in text.split("\n") if x.strip()]
        mirrors.append({"id": f"rewrite-{n}", "text": "\n".join(paragraphs[:-1])})  # cut at another point
    (folder / "zz_mirrors.jsonl").write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in mirrors) + "\n",
                                             encoding="utf-8")
    return folder


def _rows(db: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in ("ingested_at",)]
    rows = conn.execute(f"SELECT {','.join(cols)} FROM {table} ORDER BY {','.join(cols[:3])}").fetchall()
    conn.close()
    return rows


def test_spark_run_and_load_equal_a_local_ingest(tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime (apt-get install openjdk-17-jre-headless)")
    from coopgraph.cli import main
    from coopgraph.spark.job import run

    folder = _corpus(tmp_path)
    local_db, spark_db, out = tmp_path / "local.db", tmp_path / "spark.db", tmp_path / "out"
    with pytest.raises(SystemExit) as done:
        main(["ingest", str(folder), "--db", str(local_db), "-q"])
    assert done.value.code == 0
    report = run([str(folder)], str(out), master="local[2]", partitions=2)
    assert report.articles == 24 + 8 and report.rejects == 0 and report.edges >= 4
    with pytest.raises(SystemExit) as done:
        main(["load", str(out), "--db", str(spark_db)])
    assert done.value.code == 0
    for table in COMPARED:
        assert _rows(local_db, table) == _rows(spark_db, table), f"{table} differs"
    members = _rows(spark_db, "story_members")
    stories = {sid for sid, _, _ in members}
    assert len(stories) < 32  # the mirrors and rewrites joined the stories of their originals
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["_coopgraph.json", "articles", "persons", "organizations", "places", "partners", "figures", "sectors",
         "meetings", "quotes", "offers", "project_mentions", "rejects", "signatures", "story_edges",
         "story_members"])
    assert any(p.name.startswith("year=") for p in (out / "articles").iterdir())
