"""The packed records the Spark driver counts, deduplicates, sorts and numbers (records.pack) give the rows
the full record dicts gave: the plain numbering below (the form pack replaced) is the reference. No Spark
needed: the partition functions are plain Python."""
from __future__ import annotations

import json
import pickle
import random
from typing import Any

from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings
from coopgraph.spark.build import _table_rows
from coopgraph.spark.job import _coerce, _counts, _numbering
from coopgraph.spark.records import pack, process_blob
from coopgraph.store.rows import ARTICLE_COLUMNS, FACT_COLUMNS, PROVENANCE_COLUMNS


def _records() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    files = sorted(sample_corpus_path().iterdir())
    for i, f in enumerate(files):
        out.extend(process_blob(i, "file:" + str(f), f.read_bytes(), Settings()))
    bad = "\n".join(["{not json", json.dumps({"id": "e", "text": ""})]).encode()
    out.extend(process_blob(len(files), "file:/data/bad.jsonl", bad, Settings()))
    return out


def _plain_rows(parts: list[list[dict[str, Any]]], base: dict[str, int]) -> list[tuple[str, list[Any]]]:
    """The numbering and rows of the full dicts: articles and facts numbered in partition order."""
    nxt = dict(base)
    rows: list[tuple[str, list[Any]]] = []
    for part in parts:
        for r in part:
            nxt["articles"] += 1
            aid, a, year = nxt["articles"], r["article"], r["year"]
            rows.append(("articles", [aid, r["key"], year] + [_coerce(c, a[c]) for c in ARTICLE_COLUMNS]))
            rows.append(("signatures", [aid, bytearray(r["minhash"]), r["fingerprint"], a["content_hash"],
                                        a["date"]]))
            for t, cols in FACT_COLUMNS.items():
                for n, f in enumerate(r["facts"][t]):
                    nxt[t] += 1
                    rows.append((t, [aid, year, n, nxt[t]] + [_coerce(c, f[c]) for c in (*PROVENANCE_COLUMNS, *cols)]))
    return rows


def _packed_rows(parts: list[list[dict[str, Any]]], base: dict[str, int]) -> list[tuple[str, list[Any]]]:
    packed = [[pack(r) for r in part] for part in parts]
    counts = dict(kv for i, part in enumerate(packed) for kv in _counts(i, iter(part)))
    offsets, running = {}, dict(base)
    for i in sorted(counts):
        offsets[i] = dict(running)
        running = {k: running[k] + counts[i][k] for k in running}
    number = _numbering(offsets)
    return [row for i, part in enumerate(packed) for item in number(i, iter(part)) for row in _table_rows(item)]


def test_packed_fields_are_the_records_fields() -> None:
    records = _records()
    assert {r["kind"] for r in records} == {"article", "reject"}
    for r in records:
        kind, key, ident, counts, payload = pack(r)
        assert (kind, key) == (r["kind"], r["key"]) and pickle.loads(payload) == r
        if kind == "article":
            assert ident == (r["article"]["content_hash"], r["article"]["doc_id"])
            assert counts == tuple(len(r["facts"][t]) for t in FACT_COLUMNS)
        else:
            assert _table_rows((0, (), payload)) == [("rejects", [r["key"], r["source"], r["stage"], r["reason"]])]


def test_packed_numbering_gives_the_plain_rows_for_any_partitioning() -> None:
    arts = [r for r in _records() if r["kind"] == "article"]
    assert sum(len(r["facts"][t]) for r in arts for t in FACT_COLUMNS) > 100
    rng = random.Random(7)
    for trial in range(30):
        cuts = sorted(rng.randint(0, len(arts)) for _ in range(rng.randint(0, 6)))  # empty partitions too
        parts = [arts[a:b] for a, b in zip([0, *cuts], [*cuts, len(arts)], strict=True)]
        base = {"articles": 0, **{t: 0 for t in FACT_COLUMNS}} if trial % 2 else \
            {"articles": rng.randint(1, 900), **{t: rng.randint(0, 5000) for t in FACT_COLUMNS}}
        assert _packed_rows(parts, base) == _plain_rows(parts, base)
