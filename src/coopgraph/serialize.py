"""Extraction -> the document-facts dict of ../shared/eval/README.md (keys in contract order),
plus provenance keys (spans, extractor, rule) that the contract allows."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .models import Extraction, Reject

if TYPE_CHECKING:
    from .settings import Settings


def _number(v: float) -> float | int:
    """1e9 prints as 1000000000, 1.5 stays 1.5."""
    return int(v) if float(v).is_integer() else v


def _span(f: Any) -> dict[str, Any]:
    return {"start": f.start, "end": f.end, "extractor": f.extractor, "rule": f.rule}


def to_record(ext: Extraction, provenance: bool = True) -> dict[str, Any]:
    a = ext.article
    sectors: list[str] = []
    for s in ext.sectors:
        if s.sector not in sectors:
            sectors.append(s.sector)
    orgs: list[str] = []
    for o in ext.organizations:
        if o.name not in orgs:
            orgs.append(o.name)
    rec: dict[str, Any] = {
        "id": a.id,
        "url": a.url,
        "relevant": ext.relevant,
        "dateline_place": a.dateline_place,
        "date": a.date,
        "date_partial": a.date_partial,
        "year_evidence": a.year_evidence,
        "agency": a.agency,
        "persons": [{"name": p.name, "role": p.role, "country": p.country, "region": p.region}
                    | (_span(p) if provenance else {}) for p in ext.persons],
        "partners": [{"name": p.name, "kind": p.kind, "country": p.country, "iso3166_2": p.iso3166_2}
                     | (_span(p) if provenance else {}) for p in ext.partners],
        "organizations": orgs,
        "figures": [{"metric": f.metric, "value": _number(f.value), "unit": f.unit, "period": f.period, "kind": f.kind,
                     "parties": f.parties, "quote": f.quote} | (_span(f) if provenance else {})
                    for f in ext.figures],
        "sectors": sectors,
        "meeting": None if ext.meeting is None else (
            {"participants": ext.meeting.participants, "place": ext.meeting.place}
            | (_span(ext.meeting) if provenance else {})),
        "quotes": [{"speaker": q.speaker, "starts_with": " ".join(q.text.split()[:6])}
                   | (_span(q) if provenance else {}) for q in ext.quotes],
        "duplicate_of": ext.duplicate_of,
    }
    if provenance:
        rec["title"] = a.title
        rec["language"] = a.language
        rec["relevance_score"] = ext.relevance_score
        rec["organization_spans"] = [{"name": o.name, "kind": o.kind, **_span(o)} for o in ext.organizations]
        rec["sector_evidence"] = [{"sector": s.sector, **_span(s)} for s in ext.sectors]
        rec["offers"] = [{"type": o.type, "actor": o.actor, "recipient": o.recipient, "what": o.what,
                          "sectors": o.sectors, **_span(o)} for o in ext.offers]
    else:
        rec["offers"] = [{"type": o.type, "actor": o.actor, "recipient": o.recipient, "what": o.what,
                          "sectors": o.sectors} for o in ext.offers]
    return rec


def extract_records(paths: Iterable[str], settings: Settings, provenance: bool = True,
                    on_reject: Callable[[Reject], None] | None = None) -> list[dict[str, Any]]:
    """The pipeline without a database, as gold-format records: read and process ``paths``, report
    rejects to ``on_reject`` (skipped), mark mirrors and rewrites with ``duplicate_of`` (the first
    telling of their story), and serialize. The one loop behind ``extract``, ``eval``, the eval gate
    and the baseline script."""
    from .ingest import iter_documents
    from .pipeline import process_many
    from .resolve import duplicates

    results: list[Extraction] = []
    for result in process_many(iter_documents(list(paths), settings), settings):
        if isinstance(result, Reject):
            if on_reject is not None:
                on_reject(result)
            continue
        results.append(result)
    for i, j in duplicates(results).items():
        results[i].duplicate_of = results[j].article.id
    return [to_record(r, provenance=provenance) for r in results]
