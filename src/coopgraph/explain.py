"""`coopgraph explain FACT_ID`: where a fact comes from and how its raw text became the stored values."""
from __future__ import annotations

import json
import re
import sqlite3
from functools import lru_cache
from typing import Any

from . import comparison
from .query import facts as q
from .query import names
from .query.articles import get_article_row
from .resources import load_jsonl

_NUMBER = re.compile(r"\d[\d.,]*\s*(?:Mrd\.|Mlrd\.|Mio\.|Milliarden?|Millionen|Tsd\.|Tausend|%|Prozent)?", re.IGNORECASE)


@lru_cache(maxsize=1)
def _relative_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r["pattern"], re.IGNORECASE) for r in load_jsonl("relative_periods.jsonl"))


def _relative(text: str) -> str | None:
    """A relative time expression ("im vergangenen Jahr") in ``text``, as written."""
    for rx in _relative_patterns():
        m = rx.search(text)
        if m:
            return m.group(0)
    return None


def _place_name(name: str) -> str:
    place = names.find_place(name)
    return names.canonical_name(place.code) if place else name


def explain(conn: sqlite3.Connection, fact_id: str) -> dict[str, Any]:
    fact, row = q.fact(conn, fact_id)
    art = get_article_row(conn, fact.article_id)
    text = q.article_text(conn, fact.article_id)
    lo, hi = q.sentence_around(text, fact.start, fact.end)
    marked = " ".join((text[lo:fact.start] + "[[" + text[fact.start:fact.end] + "]]" + text[fact.end:hi]).split())
    steps: list[str] = []
    if art["date"]:
        steps.append(f"article date {art['date']}: {art['year_evidence'] or 'printed'}")
    else:
        meta = q.article_meta(conn, [fact.article_id])[fact.article_id]
        steps.append(f"article date {art['date_partial'] or 'unknown'} (no year printed: {art['year_evidence']})"
                     + (f"; inferred {meta.inferred_date} from the periods it reports" if meta.inferred_date else ""))
    if fact.table == "figures":
        quote = row["quote"] or ""
        num = _NUMBER.search(quote)
        steps.append(f"value: '{num.group(0).strip() if num else quote}' -> {row['value']:,.10g} {row['unit']}")
        sentence = text[lo:fact.end]
        _, _, label, basis = comparison.period_span(row["period"], quote, row["unit"], sentence + " " + quote)
        rel = _relative(sentence)
        day = art["date"] or q.article_meta(conn, [fact.article_id])[fact.article_id].when
        if rel and row["period"]:
            steps.append(f"period: '{rel}' relative to the article date {day or '?'} -> {row['period']}")
        steps.append(f"period: {row['period'] or 'none stored'} -> {label} ({basis})")
        h = comparison.hedge(quote)
        if h:
            steps.append(f"hedge: '{h[0]}' -> qualifier '{h[1]}' (the value is a {h[2]} bound)")
        parties = json.loads(row["parties"] or "[]")
        steps.append("parties: " + ", ".join(f"{p} -> {_place_name(p)}" for p in parties) if parties
                     else "parties: none stated")
        steps.append(f"kind: {row['kind']}; metric: {row['metric']}")
    elif fact.table in ("partners", "places"):
        code = row["iso3166_2"] or row["country"]
        steps.append(f"'{row['name']}' -> {code} ({names.canonical_name(code, row['name'])})")
    if fact.entity_id:
        steps.append(f"resolved to entity {fact.entity_id} ({fact.canonical})")
    return {"fact": fact.fact_id, "article": {"id": art["id"], "doc_id": art["doc_id"], "title": art["title"],
                                              "url": art["url"], "date": art["date"] or art["date_partial"]},
            "sentence": marked, "span": fact.span, "start": fact.start, "end": fact.end,
            "extractor": fact.extractor, "rule_id": fact.rule_id, "summary": fact.summary, "steps": steps}
