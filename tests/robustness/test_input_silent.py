"""Issue 11 item 9: wrong data is neither accepted nor lost silently - symlinked folders, a PDF after
whitespace, truncated WARC records, implausible header years, UTF-16 without a BOM, and facts whose
span or value is broken (the final check in ``pipeline.process``)."""
from __future__ import annotations

import io
import json
import math
from pathlib import Path

from coopgraph.dates import parse_header
from coopgraph.ingest import iter_documents
from coopgraph.ingest.decode import decode
from coopgraph.models import Article, Extraction, Figure, Person, Place, Quote, RawDoc, Reject
from coopgraph.pipeline import check_facts, process
from coopgraph.settings import Settings

GOOD = ("MINSK, 12. März (BelTA) - Belarus und Usbekistan wollen die gemeinsame Montage von Traktoren in "
        "Taschkent ausbauen. Das teilte das Industrieministerium nach einem Treffen der Regierungskommission mit.")


def read(paths: list[str]) -> tuple[list[RawDoc], list[Reject]]:
    items = list(iter_documents(paths, Settings()))
    return [i for i in items if isinstance(i, RawDoc)], [i for i in items if isinstance(i, Reject)]


def test_a_symlinked_sub_folder_is_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "woanders"
    elsewhere.mkdir()
    (elsewhere / "innen.txt").write_text(GOOD, encoding="utf-8")
    top = tmp_path / "eingang"
    top.mkdir()
    (top / "aussen.txt").write_text(GOOD, encoding="utf-8")
    (top / "verlinkt").symlink_to(elsewhere, target_is_directory=True)
    docs, rejects = read([str(top)])
    assert rejects == []
    assert sorted(d.source for d in docs) == [str(top / "aussen.txt"), str(top / "verlinkt" / "innen.txt")]


def test_a_symlinked_folder_that_loops_back_is_reported_once(tmp_path: Path) -> None:
    top = tmp_path / "eingang"
    (top / "unten").mkdir(parents=True)
    (top / "unten" / "a.txt").write_text(GOOD, encoding="utf-8")
    (top / "unten" / "zurueck").symlink_to(top, target_is_directory=True)
    docs, rejects = read([str(top)])
    assert [d.source for d in docs] == [str(top / "unten" / "a.txt")]
    assert [r.source for r in rejects] == [str(top / "unten" / "zurueck")]
    assert "already read" in rejects[0].reason


def test_a_pdf_preceded_by_whitespace_is_rejected_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "bericht.txt"
    path.write_bytes(b"\n  \r\n%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + GOOD.encode())
    docs, rejects = read([str(path)])
    assert docs == [] and len(rejects) == 1 and "a PDF document" in rejects[0].reason


def _warc(pages: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for uri, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return buf.getvalue()


def test_a_truncated_warc_record_is_rejected_and_the_complete_one_read(tmp_path: Path) -> None:
    page = f"<html><body><article><p>{GOOD}</p><p>{GOOD}</p></article></body></html>"
    data = _warc([("https://news.example/ganz", page), ("https://news.example/halb", page)])
    path = tmp_path / "abgebrochen.warc"
    path.write_bytes(data[:-120])  # the download stopped inside the second record
    docs, rejects = read([str(path)])
    assert [d.id for d in docs] == ["https://news.example/ganz"]
    assert len(rejects) == 1 and rejects[0].source.endswith("#https://news.example/halb")
    assert "truncated WARC record" in rejects[0].reason


def test_a_header_year_like_0023_is_not_a_year() -> None:
    assert parse_header("12. März 0023") is None
    assert parse_header("12.03.0023 10:15") is None
    assert parse_header("12. März 2023") is not None
    result = process(RawDoc(id="h", source="h.txt", fmt="text", content="12. März 0023\n\n" + GOOD))
    assert isinstance(result, Extraction) and result.article.date is None


def test_a_container_date_with_year_0023_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "d", "date": "0023-05-01", "text": GOOD}) + "\n", encoding="utf-8")
    docs, _ = read([str(path)])
    assert docs[0].date is None


def test_utf16_without_bom_is_decoded_not_called_binary(tmp_path: Path) -> None:
    for enc in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{enc}.txt"
        path.write_bytes(GOOD.encode(enc))
        docs, rejects = read([str(path)])
        assert rejects == [] and docs[0].content == GOOD and docs[0].encoding == enc.replace("-", "_")
    text, _ = decode("Größe und Maß".encode("utf-16-le") * 20)
    assert text.startswith("Größe und Maß")


def test_the_final_check_drops_broken_facts_and_counts_them() -> None:
    text = "Belarus liefert 40 Traktoren nach Taschkent, sagte Petrow: „Das ist ein guter Anfang für uns.“"
    art = Article(id="a", source="a", fmt="text", text=text, raw_text=text, offset_map=[(0, 0, len(text))],
                  paragraphs=[(0, len(text))])
    at = text.index
    ex = Extraction(
        article=art,
        relevance_score=float("nan"),
        figures=[Figure(start=at("40"), end=at("40") + 2, extractor="figures", rule="r", value=40.0, quote="40"),
                 Figure(start=at("40"), end=at("40") + 2, extractor="figures", rule="r", value=math.inf, quote="40"),
                 Figure(start=5, end=2, extractor="figures", rule="r", value=1.0, quote="")],
        places=[Place(start=at("Taschkent"), end=at("Taschkent") + 9, extractor="places", rule="r",
                      surface="Taschkent"),
                Place(start=len(text) - 3, end=len(text) + 6, extractor="places", rule="r", surface="Taschkent")],
        quotes=[Quote(start=at("Das"), end=at("Das") + 5, extractor="quotes", rule="r", text="Das ist")],
        persons=[Person(start=at("Petrow"), end=at("Petrow") + 6, extractor="persons", rule="r", name="Petrow",
                        mentions=[(at("Petrow"), at("Petrow") + 6), (len(text), len(text) + 4)])],
    )
    out = check_facts(ex)
    assert [f.value for f in out.figures] == [40.0]
    assert [p.surface for p in out.places] == ["Taschkent"]
    assert out.quotes == [] and out.relevance_score is None
    assert out.persons[0].mentions == [(at("Petrow"), at("Petrow") + 6)]
    assert out.dropped_facts == {"figures": 2, "places": 1, "quotes": 1, "person_mentions": 1,
                                 "relevance_score": 1}


def test_a_400_digit_number_never_leaves_the_pipeline_as_infinity() -> None:
    text = ("MINSK, 5. Mai (BelTA) - Der Handel zwischen Belarus und Vietnam erreichte im Jahr 2023 "
            + "9" * 400 + " Millionen Dollar, sagte der Minister. Belarus und Vietnam wollen mehr Traktoren liefern.")
    result = process(RawDoc(id="n", source="n.txt", fmt="text", content=text))
    assert isinstance(result, Extraction)
    assert all(math.isfinite(f.value) for f in result.figures)
    json.dumps([f.value for f in result.figures], allow_nan=False)  # strict JSON can carry every value
