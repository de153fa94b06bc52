"""What one Spark task does with one input file, with no Spark in sight (tested on its own).

``process_blob`` reads a file's bytes with the local ingest's readers, runs ``pipeline.process`` on each
record and returns plain dicts: an ``article`` record (the store's rows, the MinHash signature and the
story fingerprint) or a ``reject`` record. Nothing here raises for bad input."""
from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..models import Extraction, Reject
from ..settings import Settings
from ..store.rows import FACT_COLUMNS

# the order of articles is (input index, path, record index): the order a local ingest reads them in
KEY_FORMAT = "{input:05d}\t{path}\t{record:09d}"


def local_path(uri: str) -> str:
    """Spark names local files "file:/abs/path"; the local ingest names them by path."""
    if uri.startswith("file://"):
        return uri[len("file://"):]
    if uri.startswith("file:"):
        return uri[len("file:"):]
    return uri


def year_of(date: str | None) -> str:
    return date[:4] if date and len(date) >= 4 and date[:4].isdigit() else "unknown"


def article_record(ext: Extraction, key: str) -> dict[str, Any]:
    from ..resolve import fingerprint, minhash, minhash_bytes
    from ..store.rows import article_row, fact_rows

    a = ext.article
    fp = fingerprint((p.name for p in ext.persons), (p.iso3166_2 or p.country for p in ext.partners),
                     ((f.value, f.unit) for f in ext.figures), a.text)
    return {"kind": "article", "key": key, "year": year_of(a.date), "article": article_row(ext),
            "facts": fact_rows(ext), "minhash": minhash_bytes(minhash(a.text)), "fingerprint": json.dumps(fp)}


def reject_record(rej: Reject, key: str) -> dict[str, Any]:
    return {"kind": "reject", "key": key, "source": rej.source, "stage": rej.stage, "reason": rej.reason}


def process_blob(input_index: int, uri: str, data: bytes, settings: Settings) -> Iterator[dict[str, Any]]:
    from ..ingest import _format_for, read_bytes
    from ..pipeline import process

    path = local_path(uri)
    try:
        items = list(read_bytes(path, data, settings, _format_for(Path(path), data[:8192])))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not fail the task: the file becomes a reject
        items = [Reject(path, "ingest", f"reader failed: {type(exc).__name__}: {exc}")]
    for n, item in enumerate(items):
        key = KEY_FORMAT.format(input=input_index, path=path, record=n)
        result = item if isinstance(item, Reject) else process(item, settings)
        yield reject_record(result, key) if isinstance(result, Reject) else article_record(result, key)


def pack(r: dict[str, Any]) -> tuple[str, str, tuple[str, str] | None, tuple[int, ...], bytes]:
    """A record as the driver's steps move it: (kind, key, (content hash, doc id) of an article, its facts
    per table in FACT_COLUMNS' order, the whole record pickled). Counting, deduplicating, sorting and
    numbering read the small fields only; the payload, opaque bytes that pass through Spark's pickling as
    one copy, is unpickled once, where the rows are built. The full dicts (the article's clean text and all
    its facts) were unpickled by each of those passes (the persisted records are pickles)."""
    if r["kind"] != "article":
        return r["kind"], r["key"], None, (), pickle.dumps(r, protocol=5)
    a = r["article"]
    return ("article", r["key"], (a["content_hash"], a["doc_id"]), tuple(len(r["facts"][t]) for t in FACT_COLUMNS),
            pickle.dumps(r, protocol=5))
