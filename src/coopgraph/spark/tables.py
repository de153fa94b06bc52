"""The article and fact tables of a run, written as Parquet by the Python tasks that build their rows.

Each task turns its numbered records into rows (``build._table_rows``) and writes them with pyarrow into
``OUT/<table>/[year=<year>/]part-<partition>-<run>.parquet``, the layout Spark's ``partitionBy("year")`` gives
(the year is the folder, not a column of the file; Spark and ``load`` read it back from the folder). Before,
the rows crossed to the JVM as pickles (Pyrolite unpickles them a byte at a time), were cached there as one
tagged DataFrame and written by 17 filtered Spark writes: about a third of the JVM's CPU of a run (20,000
articles, local[2]: 20 s of the task threads' 46 s, and most of the garbage collection).

A file is written under a hidden name (".", which Spark and pyarrow skip) and renamed when it is complete; its
name is the same in every attempt of a task, so a task Spark runs again replaces its files instead of adding
to them. The output folder is a path the driver and the executors share: the driver already writes
``_coopgraph.json`` and removes an earlier output there."""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# a task's buffered rows are written (one row group per table and year) when their weight reaches HELD: an
# article row (with its text) weighs ARTICLE_WEIGHT, any other row 1 - what a task holds stays bounded
HELD = 20_000
ARTICLE_WEIGHT = 20
EMPTY = "part-00000-empty.parquet"  # the file of a table with no rows (not copied into a later run's output)


def arrow_schemas(schemas: dict[str, Any]) -> dict[str, Any]:
    """Spark schemas -> pyarrow schemas (the types Spark reads back as the same Spark types)."""
    from pyspark.sql.pandas.types import to_arrow_schema

    return {name: to_arrow_schema(schema) for name, schema in schemas.items()}


class _Writer:
    """One task's Parquet files, one per (table, year): rows buffered, written in row groups."""

    def __init__(self, outdir: str, part: str, schemas: dict[str, Any], by_year: set[str]) -> None:
        self.outdir, self.part = outdir, part
        # per table: where its rows hold the year (None: not written by year) and the schema of its files
        self.year_at = {t: schemas[t].get_field_index("year") if t in by_year else None for t in schemas}
        self.schemas = {t: schemas[t].remove(at) if at is not None else schemas[t] for t, at in self.year_at.items()}
        self.buffers: dict[tuple[str, str | None], list[list[Any]]] = {}
        self.files: dict[tuple[str, str | None], tuple[Any, str, str]] = {}
        self.counts: dict[str, int] = {}
        self.held = 0

    def add(self, table: str, row: list[Any]) -> None:
        year, at = None, self.year_at[table]
        if at is not None:
            year = row[at]
            row = row[:at] + row[at + 1:]
        self.buffers.setdefault((table, year), []).append(row)
        self.counts[table] = self.counts.get(table, 0) + 1
        self.held += ARTICLE_WEIGHT if table == "articles" else 1
        if self.held >= HELD:
            self._flush_all()

    def _flush_all(self) -> None:
        for table, year in list(self.buffers):
            self._flush(table, year)
        self.held = 0

    def _flush(self, table: str, year: str | None) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = self.buffers.pop((table, year), [])
        if not rows:
            return
        schema = self.schemas[table]
        columns = [pa.array(col, type=field.type) for col, field in zip(zip(*rows, strict=True), schema, strict=True)]
        batch = pa.RecordBatch.from_arrays(columns, schema=schema)
        if (table, year) not in self.files:
            folder = os.path.join(self.outdir, table, *([f"year={year}"] if year is not None else []))
            os.makedirs(folder, exist_ok=True)
            final = os.path.join(folder, f"{self.part}.parquet")
            hidden = os.path.join(folder, f".{self.part}.parquet.tmp")
            self.files[(table, year)] = (pq.ParquetWriter(hidden, schema, compression="snappy"), hidden, final)
        self.files[(table, year)][0].write_batch(batch)

    def close(self) -> None:
        self._flush_all()
        for writer, hidden, final in self.files.values():
            writer.close()
            os.replace(hidden, final)


def write_partition(outdir: str, run: str, schemas: dict[str, Any], by_year: set[str]) -> Any:
    """The task function (for ``mapPartitionsWithIndex``) that writes a partition's numbered records and
    yields how many rows it wrote per table."""
    def write(index: int, items: Iterator[Any]) -> Iterator[dict[str, int]]:
        from .build import _table_rows

        out = _Writer(outdir, f"part-{index:05d}-{run}", schemas, by_year)
        for item in items:
            for table, row in _table_rows(item):
                out.add(table, row)
        out.close()
        yield out.counts
    return write


def write_empty(outdir: Path, table: str, schema: Any) -> None:
    """A table with no rows: one file with its columns (the year as a column, there being no year folders),
    so that reading it gives an empty table, as Spark's write of an empty DataFrame does."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (outdir / table).mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_batches([], schema=schema), str(outdir / table / EMPTY))


def copy_existing(old: Path, outdir: Path, table: str) -> bool:
    """An earlier output's files of ``table`` into the new output (file names never collide: each run's have
    its own id); False when the earlier output has none."""
    src = old / table
    if not src.is_dir():
        return False
    found = False
    for path in sorted(src.rglob("*.parquet")):
        rel = path.relative_to(src)
        if any(part.startswith((".", "_")) for part in rel.parts) or path.name == EMPTY:
            continue
        dest = outdir / table / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
        found = True
    return found


def write_tables(numbered: Any, rejects: Any, outdir: Path, old: Path | None, schemas: dict[str, Any],
                 by_year: set[str]) -> dict[str, int]:
    """Write the run's article, fact, reject and signature tables into ``outdir`` (with an earlier output's
    rows when ``old`` is given); the rows written per table by this run."""
    run = uuid.uuid4().hex[:12]
    aschemas = arrow_schemas(schemas)
    # a union adds the partitions of both sides: coalesced back, each task reads one of each (no shuffle)
    records = numbered.union(rejects).coalesce(max(1, numbered.getNumPartitions()))
    totals: dict[str, int] = {}
    for counts in records.mapPartitionsWithIndex(write_partition(str(outdir), run, aschemas, by_year)).collect():
        for table, n in counts.items():
            totals[table] = totals.get(table, 0) + n
    for table in schemas:
        copied = old is not None and copy_existing(old, outdir, table)
        if not totals.get(table) and not copied:
            write_empty(outdir, table, aschemas[table])
    return totals
