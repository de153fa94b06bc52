"""Extraction -> the rows of the store's tables, as plain dicts (no I/O).

The one definition of what an article and its facts look like as rows: ``Store`` inserts them into
SQLite, the Spark job writes them as Parquet and ``coopgraph load`` reads them back, so a local ingest
and a cluster run store the same columns with the same values."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..models import PIPELINE_VERSION, Extraction

ARTICLE_COLUMNS = ("doc_id", "source", "fmt", "url", "title", "dateline_place", "dateline_start", "dateline_end",
                   "agency", "date", "date_partial", "year_evidence", "language", "language_score", "encoding",
                   "text", "raw_text", "offset_map", "paragraphs", "removed", "content_hash", "relevant",
                   "relevance_score", "duplicate_of", "pipeline_version")
PROVENANCE_COLUMNS = ("start_char", "end_char", "extractor", "rule_id", "pipeline_version")
# fact table -> its own columns after the provenance columns (partners also keep their position)
FACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "persons": ("name", "role", "country", "region", "mentions"),
    "organizations": ("name", "kind", "country", "canonical_id"),
    "places": ("name", "surface", "kind", "country", "iso3166_2", "place_id"),
    "partners": ("position", "name", "kind", "country", "iso3166_2"),
    "figures": ("metric", "value", "unit", "period", "kind", "parties", "quote"),
    "sectors": ("sector",),
    "meetings": ("participants", "place"),
    "quotes": ("text", "speaker", "speaker_rule"),
    "offers": ("type", "actor", "recipient", "what", "sectors"),
    "project_mentions": ("name", "head", "product", "location", "location_id", "country", "iso3166_2", "sectors",
                         "status", "status_cue"),
}


def article_row(ext: Extraction) -> dict[str, Any]:
    a = ext.article
    return {
        "doc_id": a.id, "source": a.source, "fmt": a.fmt, "url": a.url, "title": a.title,
        "dateline_place": a.dateline_place,
        "dateline_start": a.dateline_span[0] if a.dateline_span else None,
        "dateline_end": a.dateline_span[1] if a.dateline_span else None,
        "agency": a.agency, "date": a.date, "date_partial": a.date_partial, "year_evidence": a.year_evidence,
        "language": a.language, "language_score": a.language_score, "encoding": a.encoding,
        "text": a.text, "raw_text": a.raw_text, "offset_map": json.dumps(a.offset_map),
        "paragraphs": json.dumps(a.paragraphs), "removed": json.dumps(a.removed), "content_hash": a.content_hash,
        "relevant": None if ext.relevant is None else int(ext.relevant), "relevance_score": ext.relevance_score,
        "duplicate_of": ext.duplicate_of, "pipeline_version": PIPELINE_VERSION,
    }


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(v, ensure_ascii=False) builds per call


def _value(v: Any) -> Any:
    return _ENCODE(v) if isinstance(v, (list, dict)) else v


def fact_rows(ext: Extraction) -> dict[str, list[dict[str, Any]]]:
    """Fact table -> rows in insertion order (without article_id: the store assigns it)."""
    def rows(table: str, facts: Iterable[Any]) -> list[dict[str, Any]]:
        out = []
        for pos, f in enumerate(facts):
            row = {"start_char": f.start, "end_char": f.end, "extractor": f.extractor, "rule_id": f.rule,
                   "pipeline_version": PIPELINE_VERSION}
            for col in FACT_COLUMNS[table]:
                row[col] = pos if col == "position" else _value(getattr(f, col, None))
            out.append(row)
        return out

    return {table: rows(table, facts) for table, facts in _fact_lists(ext).items()}


def _fact_lists(ext: Extraction) -> dict[str, list[Any]]:
    """The facts of each fact table, in insertion order (what ``fact_rows`` and ``fact_values`` read)."""
    return {
        "persons": ext.persons, "organizations": ext.organizations, "places": ext.places, "partners": ext.partners,
        "figures": ext.figures, "sectors": ext.sectors, "meetings": [ext.meeting] if ext.meeting else [],
        "quotes": ext.quotes, "offers": ext.offers, "project_mentions": ext.projects,
    }


def fact_values(ext: Extraction, article_id: int) -> dict[str, list[list[Any]]]:
    """Fact table -> the INSERT parameters of its rows: ``[article_id, *PROVENANCE_COLUMNS, *FACT_COLUMNS[table]]``
    with the values of ``fact_rows`` (the store's path: no dict per row; tests/test_store.py pins it to
    ``fact_rows``)."""
    out: dict[str, list[list[Any]]] = {}
    for table, facts in _fact_lists(ext).items():
        cols = FACT_COLUMNS[table]
        values = []
        for pos, f in enumerate(facts):
            row = [article_id, f.start, f.end, f.extractor, f.rule, PIPELINE_VERSION]
            for col in cols:
                if col == "position":
                    row.append(pos)
                else:
                    v = getattr(f, col, None)
                    row.append(_ENCODE(v) if isinstance(v, (list, dict)) else v)
            values.append(row)
        out[table] = values
    return out
