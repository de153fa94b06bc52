"""spark/tables.py: a task writes its rows as Parquet files in Spark's year layout, and reading the files back
gives exactly the rows ``build._table_rows`` made (the rows the JVM wrote before). No Spark session needed:
the task function is plain Python; pyspark is needed for the shared schemas."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
import pyarrow as pa
import pyarrow.dataset as ds

from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings
from coopgraph.spark import tables
from coopgraph.spark.build import _schemas, _table_rows
from coopgraph.spark.job import _numbering
from coopgraph.spark.records import pack, process_blob
from coopgraph.store.rows import FACT_COLUMNS

BY_YEAR = {"articles", *FACT_COLUMNS}


def _items() -> list[tuple[int, tuple[int, ...], bytes]]:
    """The sample corpus as numbered records (one partition), with two rejects."""
    records = []
    files = sorted(sample_corpus_path().iterdir())
    for i, f in enumerate(files):
        records.extend(pack(r) for r in process_blob(i, "file:" + str(f), f.read_bytes(), Settings()))
    bad = "\n".join(["{not json", json.dumps({"id": "e", "text": ""})]).encode()
    records.extend(pack(r) for r in process_blob(len(files), "file:/data/bad.jsonl", bad, Settings()))
    base = {"articles": 0, **{t: 0 for t in FACT_COLUMNS}}
    arts = [r for r in records if r[0] == "article"]
    numbered = list(_numbering({0: base})(0, iter(arts)))
    return numbered + [(0, (), r[4]) for r in records if r[0] == "reject"]


def _expected(items: list[Any]) -> dict[str, list[dict[str, Any]]]:
    schemas = _schemas()
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in schemas}
    for item in items:
        for table, row in _table_rows(item):
            cells = [bytes(v) if isinstance(v, bytearray) else v for v in row]
            out[table].append(dict(zip(schemas[table].fieldNames(), cells, strict=True)))
    return out


def _read(root: Path, table: str) -> list[dict[str, Any]]:
    part = ds.partitioning(pa.schema([("year", pa.string())]), flavor="hive") if table in BY_YEAR else None
    return ds.dataset(str(root / table), format="parquet", partitioning=part).to_table().to_pylist()


def _key(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, default=repr)


def _write(root: Path, items: list[Any], index: int = 0, run: str = "r1") -> dict[str, int]:
    schemas = tables.arrow_schemas(_schemas())
    (counts,) = tables.write_partition(str(root), run, schemas, BY_YEAR)(index, iter(items))
    return counts


@pytest.fixture(scope="module")
def items() -> list[Any]:
    return _items()


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_task_writes_the_rows_table_rows_made(tmp_path: Path, items: list[Any],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # small row groups: the flushes in the middle of a partition are exercised too
    monkeypatch.setattr(tables, "HELD", 50)
    expected = _expected(items)
    counts = _write(tmp_path, items)
    assert counts == {t: len(rows) for t, rows in expected.items() if rows}
    assert counts["articles"] > 2 and counts["rejects"] == 2
    for table, rows in expected.items():
        if not rows:
            continue
        got = _read(tmp_path, table)
        assert sorted(map(_key, got)) == sorted(map(_key, rows)), table
    files = _files(tmp_path)
    assert not [f for f in files if Path(f).name.startswith(".")]  # every file renamed when complete
    assert all("/year=" in f for f in files if f.split("/")[0] in BY_YEAR)
    assert not [f for f in files if f.split("/")[0] not in BY_YEAR and "year=" in f]


def test_a_task_run_again_replaces_its_files(tmp_path: Path, items: list[Any]) -> None:
    _write(tmp_path, items)
    first = _files(tmp_path)
    _write(tmp_path, items)  # a task Spark runs again (same partition, same run)
    assert _files(tmp_path) == first
    assert len(_read(tmp_path, "articles")) == len(_expected(items)["articles"])
    _write(tmp_path, items[:1], index=1)  # another partition adds its own files
    assert len(_read(tmp_path, "articles")) == len(_expected(items)["articles"]) + 1


def test_an_empty_table_reads_as_no_rows_and_is_not_copied(tmp_path: Path, items: list[Any]) -> None:
    schemas = tables.arrow_schemas(_schemas())
    old, new = tmp_path / "old", tmp_path / "new"
    tables.write_empty(old, "rejects", schemas["rejects"])
    assert ds.dataset(str(old / "rejects"), format="parquet").to_table().num_rows == 0
    assert not tables.copy_existing(old, new, "rejects")  # only the empty file: nothing to copy
    _write(old, items)
    (old / "articles" / "_SUCCESS").write_text("")
    assert tables.copy_existing(old, new, "articles")
    assert sorted(map(_key, _read(new, "articles"))) == sorted(map(_key, _read(old, "articles")))
    assert not (new / "articles" / "_SUCCESS").exists()
    assert not tables.copy_existing(old, new, "no_such_table")
