"""Every fact carries the span of its evidence: text[start:end] is what the fact was read from.
Checked for every fact of the bundled sample corpus, both as emitted by the pipeline and as stored."""
from __future__ import annotations

import json
import re

import pytest

from coopgraph.extract.names import fold_word
from coopgraph.ingest import iter_documents
from coopgraph.models import Extraction
from coopgraph.pipeline import ingest, process_many
from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings
from coopgraph.store import FACT_TABLES, Store


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    settings = Settings()
    out = [r for r in process_many(iter_documents([str(sample_corpus_path())], settings), settings)]
    assert all(isinstance(r, Extraction) for r in out)
    return out  # type: ignore[return-value]


def _squash(s: str) -> str:
    return " ".join(s.split())


def test_every_fact_span_is_inside_the_text(extractions: list[Extraction]) -> None:
    count = 0
    for ext in extractions:
        n = len(ext.article.text)
        facts = [*ext.persons, *ext.organizations, *ext.places, *ext.partners, *ext.figures, *ext.sectors,
                 *ext.quotes, *ext.offers, *([ext.meeting] if ext.meeting else [])]
        for f in facts:
            assert 0 <= f.start < f.end <= n, (ext.article.id, f)
            assert f.extractor and f.rule, f
            assert ext.article.text[f.start:f.end].strip(), (ext.article.id, f)
            count += 1
    assert count > 500  # the sample corpus is full of facts


def test_span_text_is_the_evidence(extractions: list[Extraction]) -> None:
    for ext in extractions:
        text = ext.article.text
        for f in ext.figures:
            assert _squash(text[f.start:f.end]) == _squash(f.quote)
            assert len(f.quote.split()) <= 15
        for q in ext.quotes:
            assert text[q.start:q.end] == q.text
        for p in ext.persons:
            surname = fold_word(p.name.split()[-1])
            assert fold_word(text[p.start:p.end].split()[-1].rstrip("s")).startswith(surname[:4]), p
            for s, e in p.mentions:
                assert 0 <= s < e <= len(text)
        for pl in ext.places:
            assert text[pl.start:pl.end] == pl.surface
        for s in ext.sectors:
            assert re.search(r"\w", text[s.start:s.end])
        for o in ext.offers:
            assert _squash(o.what)[:20] in _squash(text[o.start:o.end])
        if ext.meeting:
            assert ext.meeting.start < ext.meeting.end


def test_stored_facts_keep_their_spans(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "p.db")
    report = ingest([str(sample_corpus_path())], store, Settings(quiet=True), progress=False)
    assert report.new == 24
    conn = store.conn
    texts = {r["id"]: r["text"] for r in conn.execute("SELECT id, text FROM articles")}
    total = 0
    for table in FACT_TABLES:
        for row in conn.execute(f"SELECT * FROM {table}"):
            text = texts[row["article_id"]]
            assert 0 <= row["start_char"] < row["end_char"] <= len(text), (table, dict(row))
            assert row["extractor"] and row["rule_id"] and row["pipeline_version"]
            total += 1
            if table == "figures":
                assert _squash(text[row["start_char"]:row["end_char"]]) == _squash(row["quote"])
                assert isinstance(json.loads(row["parties"]), list)
            if table == "quotes":
                assert text[row["start_char"]:row["end_char"]] == row["text"]
    assert total > 500
    store.close()
