"""The store writes an extraction's facts from ``fact_values`` (INSERT parameters built straight from the facts)
instead of ``fact_rows`` (a dict per row, the shape the Spark job and ``coopgraph load`` share). Both must give
the same values: pinned here on the sample corpus, and a database filled by ``save_batch`` equals one filled
through ``insert_rows(article_row, fact_rows)`` row for row."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coopgraph.ingest import iter_documents
from coopgraph.models import Extraction
from coopgraph.pipeline import process
from coopgraph.settings import Settings
from coopgraph.store import FACT_TABLES, Store
from coopgraph.store.rows import FACT_COLUMNS, PROVENANCE_COLUMNS, _value, article_row, fact_rows, fact_values


@pytest.fixture(scope="module")
def extractions(sample_dir: Path) -> list[Extraction]:
    out = []
    for raw in iter_documents([str(sample_dir)], Settings()):
        ext = process(raw)
        if isinstance(ext, Extraction):
            out.append(ext)
    assert len(out) >= 20
    return out


def test_fact_values_are_the_fact_rows_as_insert_parameters(extractions: list[Extraction]) -> None:
    seen: set[str] = set()
    for n, ext in enumerate(extractions):
        rows, values = fact_rows(ext), fact_values(ext, 1000 + n)
        assert list(values) == list(rows)  # same tables in the same order
        for table, dict_rows in rows.items():
            cols = (*PROVENANCE_COLUMNS, *FACT_COLUMNS[table])
            assert values[table] == [[1000 + n, *(r[c] for c in cols)] for r in dict_rows], table
            if dict_rows:
                seen.add(table)
    assert {"persons", "organizations", "places", "partners", "figures", "quotes"} <= seen


def test_the_shared_encoder_is_json_dumps() -> None:
    for v in ([], {}, ["Präsident", 1, 2.5, None], {"ä": [1, {"b": "„x“"}]}, [[0, 5], [7, 9]], ["\u2028", "\x00"]):
        assert _value(v) == json.dumps(v, ensure_ascii=False)
    assert _value("text") == "text" and _value(3) == 3 and _value(None) is None


def _dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in ("articles", *FACT_TABLES):
        cols = [r[1] for r in store.conn.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
        out[table] = [tuple(r) for r in store.conn.execute(f"SELECT {','.join(cols)} FROM {table} ORDER BY id")]
    return out


def test_save_batch_stores_what_insert_rows_stores(extractions: list[Extraction], tmp_path: Path) -> None:
    fast = Store.open(tmp_path / "fast.db")
    plain = Store.open(tmp_path / "plain.db")
    try:
        fast.save_batch(extractions[:10])
        fast.save_batch(extractions[10:])
        with plain.conn:
            for ext in extractions:
                plain.insert_rows(article_row(ext), fact_rows(ext))
        a, b = _dump(fast), _dump(plain)
        assert sum(len(rows) for rows in a.values()) > 200
        assert a == b
    finally:
        fast.close()
        plain.close()
