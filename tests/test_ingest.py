"""Sources -> RawDoc: every format, folders, stdin, legacy encodings, and every kind of bad input."""
from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from conftest import GERMAN_LATIN1, RUSSIAN_CP1251, SMALL_MAX_FILE_BYTES

from coopgraph.errors import DecodeFailure, EmptyInput, UnsupportedFormat
from coopgraph.ingest import iter_documents, iter_paths, read_bytes, sniff_format
from coopgraph.ingest.decode import decode, sniff_binary
from coopgraph.ingest.readers import iso_date
from coopgraph.models import RawDoc, Reject
from coopgraph.settings import Settings


def docs_and_rejects(paths: list[str], settings: Settings | None = None) -> tuple[list[RawDoc], list[Reject]]:
    items = list(iter_documents(paths, settings or Settings()))
    return [i for i in items if isinstance(i, RawDoc)], [i for i in items if isinstance(i, Reject)]


# -- formats ------------------------------------------------------------------------------------
def test_every_format_of_a_folder_is_read(formats_dir: Path) -> None:
    docs, rejects = docs_and_rejects([str(formats_dir)])
    assert rejects == []
    by_id = {d.id: d for d in docs}
    assert set(by_id) == {
        "grodno_no_year.txt", "witebsk_wologda.html", "witebsk_wologda_copy.htm",
        "fx-2024-0905-kirgisistan", "fx-2023-0314-jakutien", "fixtures_feed.jsonl:3",
        "belta-rss-1101", "belta-rss-1102", "urn:belta:atom:2201",
        "https://deu.belta.by/economics/view/belarus-und-vietnam-wollen-lastwagen-montieren-2024-3301/",
        "https://deu.belta.by/regions/view/gomel-und-brjansk-bauen-handel-aus-2024-3302/",
        "kasan_cp1251.txt", "mozyr_latin1.txt",
    }
    assert {d.fmt for d in docs} == {"text", "html", "jsonl", "feed"}  # WARC records are html pages
    assert by_id["witebsk_wologda_copy.htm"].fmt == "html"
    assert by_id["grodno_no_year.txt"].source == str(formats_dir / "grodno_no_year.txt")


def test_folders_are_walked_recursively_sorted_and_hidden_entries_skipped(tmp_path: Path) -> None:
    text = "MINSK, 1. Mai (BelTA) - Ein kurzer Text über Lieferungen von Traktoren nach Serbien, {}."
    for rel in ("b/zwei.txt", "a/tief/drei.txt", "a/eins.txt", ".versteckt/vier.txt", "a/.fuenf.txt"):
        p = tmp_path / "root" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text.format(rel), encoding="utf-8")
    listed = [Path(src).relative_to(tmp_path / "root").as_posix() for src, _, _ in iter_paths([str(tmp_path / "root")])]
    assert listed == ["a/eins.txt", "a/tief/drei.txt", "b/zwei.txt"]


def test_a_missing_path_is_a_reject_not_an_exception(tmp_path: Path) -> None:
    docs, rejects = docs_and_rejects([str(tmp_path / "gibt-es-nicht.txt")])
    assert docs == [] and len(rejects) == 1
    assert rejects[0].stage == "ingest" and "no such file or folder" in rejects[0].reason


def test_jsonl_fields_are_used(articles_dir: Path) -> None:
    docs, rejects = docs_and_rejects([str(articles_dir / "fixtures_feed.jsonl")])
    assert rejects == []
    first, second, third = docs
    assert first.id == "fx-2024-0905-kirgisistan"
    assert first.url.endswith("-2024-5512/")
    assert first.title == "Belarus und Kirgisistan wollen mehr Busse montieren"
    assert (first.date, first.date_source) == ("2024-09-05", "JSONL 'date' field")
    assert first.source.endswith("fixtures_feed.jsonl:1")
    assert second.url is None and second.title is None
    assert third.id == "fixtures_feed.jsonl:3"  # no id: file name and line number
    assert third.date is None


def test_jsonl_with_html_field_is_read_as_html(tmp_path: Path) -> None:
    rec = {"id": "h1", "text": "Kurzfassung", "html": "<html><body><article><p>MINSK, 2. Mai (BelTA) - "
           "Belarus und Laos wollen die Montage von Traktoren in Vientiane beginnen, hieß es.</p></article></body></html>"}
    (tmp_path / "h.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    docs, _ = docs_and_rejects([str(tmp_path / "h.jsonl")])
    assert docs[0].content.startswith("<html>")


def test_json_file_with_a_list_of_records(tmp_path: Path) -> None:
    recs = [{"id": "j1", "text": "Erster Text über Düngemittel und Traktoren aus Belarus für Brasilien."},
            {"text": "Zweiter Text über Milchpulver und Käse aus Belarus für Algerien und Ägypten."}]
    (tmp_path / "liste.json").write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
    docs, rejects = docs_and_rejects([str(tmp_path / "liste.json")])
    assert [d.id for d in docs] == ["j1", "liste.json#1"] and rejects == []


def test_rss_entries(formats_dir: Path) -> None:
    docs, rejects = docs_and_rejects([str(formats_dir / "wirtschaft.rss")])
    assert rejects == []
    assert [d.id for d in docs] == ["belta-rss-1101", "belta-rss-1102"]
    first = docs[0]
    assert first.fmt == "feed"
    assert first.url == "https://deu.belta.by/economics/view/belarus-liefert-traktoren-nach-usbekistan-2024-1101/"
    assert first.title == "Belarus liefert Traktoren nach Usbekistan"
    assert first.date == "2024-03-05" and first.date_source == "feed entry published date"
    assert "TASCHKENT, 5. März (BelTA)" in first.content


def test_atom_entry(formats_dir: Path) -> None:
    docs, rejects = docs_and_rejects([str(formats_dir / "aufzuege.atom")])
    assert rejects == []
    (entry,) = docs
    assert entry.id == "urn:belta:atom:2201"
    assert entry.url.endswith("-2024-2201/")
    assert entry.date == "2024-06-01"
    assert "JEREWAN, 1. Juni (BelTA)" in entry.content


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_response_records(tmp_path: Path, gzip: bool) -> None:
    from conftest import write_warc

    path = write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)
    docs, rejects = docs_and_rejects([str(path)])
    assert rejects == []
    assert [d.url for d in docs] == [
        "https://deu.belta.by/economics/view/belarus-und-vietnam-wollen-lastwagen-montieren-2024-3301/",
        "https://deu.belta.by/regions/view/gomel-und-brjansk-bauen-handel-aus-2024-3302/",
    ]
    assert all(d.fmt == "html" and d.id == d.url for d in docs)
    assert "HANOI, 7. Mai (BelTA)" in docs[0].content


def test_warc_over_record_limit_is_rejected_per_record(tmp_path: Path) -> None:
    from conftest import WARC_PAGES, write_warc

    path = write_warc(tmp_path / "c.warc.gz", [WARC_PAGES[0], (WARC_PAGES[1][0], WARC_PAGES[1][1] * 10)])
    docs, rejects = docs_and_rejects([str(path)], Settings(max_record_bytes=2000))
    assert len(docs) == 1 and len(rejects) == 1
    assert "max_record_bytes" in rejects[0].reason and rejects[0].source.endswith("-3302/")


def test_unknown_extension_is_sniffed(tmp_path: Path, formats_dir: Path) -> None:
    (tmp_path / "feed.data").write_bytes((formats_dir / "wirtschaft.rss").read_bytes())
    (tmp_path / "page.data").write_bytes((formats_dir / "witebsk_wologda.html").read_bytes())
    (tmp_path / "recs.data").write_bytes((formats_dir / "fixtures_feed.jsonl").read_bytes())
    (tmp_path / "crawl.data").write_bytes(b"WARC/1.0\r\n")
    assert sniff_format((tmp_path / "feed.data").read_bytes()) == "feed"
    assert sniff_format((tmp_path / "page.data").read_bytes()) == "html"
    assert sniff_format((tmp_path / "recs.data").read_bytes()) == "jsonl"
    assert sniff_format((tmp_path / "crawl.data").read_bytes()) == "warc"
    assert sniff_format("Nur ein Satz über Traktoren.".encode()) == "text"


@pytest.mark.parametrize("kind", ["text", "jsonl", "html", "feed"])
def test_stdin(monkeypatch: pytest.MonkeyPatch, formats_dir: Path, kind: str) -> None:
    data = {
        "text": (formats_dir / "grodno_no_year.txt").read_bytes(),
        "jsonl": (formats_dir / "fixtures_feed.jsonl").read_bytes(),
        "html": (formats_dir / "witebsk_wologda.html").read_bytes(),
        "feed": (formats_dir / "wirtschaft.rss").read_bytes(),
    }[kind]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    docs, rejects = docs_and_rejects(["-"])
    assert rejects == [] and docs
    assert {d.fmt for d in docs} == {kind}
    assert all(d.source.startswith("stdin") for d in docs)


# -- encodings ----------------------------------------------------------------------------------
def test_utf8_with_bom() -> None:
    text, enc = decode("\ufeffMINSK, 3. März (BelTA) - Größere Aufträge".encode("utf-8"))
    assert (text, enc) == ("MINSK, 3. März (BelTA) - Größere Aufträge", "utf-8")


def test_cp1251_is_detected_and_decoded(formats_dir: Path) -> None:
    docs, rejects = docs_and_rejects([str(formats_dir / "kasan_cp1251.txt")])
    assert rejects == []
    assert docs[0].encoding == "cp1251"
    assert docs[0].content == RUSSIAN_CP1251


def test_latin1_is_detected_and_decoded_as_a_western_code_page(formats_dir: Path) -> None:
    docs, rejects = docs_and_rejects([str(formats_dir / "mozyr_latin1.txt")])
    assert rejects == []
    assert docs[0].content == GERMAN_LATIN1
    assert docs[0].encoding in {"cp1252", "latin_1", "iso8859_15"}


def test_undecodable_bytes_are_refused_with_a_hint() -> None:
    with pytest.raises(DecodeFailure) as err:
        decode(b"MINSK \x81\x8d\x8f\x90\x9d " * 3 + bytes(range(128, 256)) * 4)
    assert "UTF-8" in str(err.value) and "iconv" in str(err.value)


@pytest.mark.parametrize("data, error, words", [
    (b"", EmptyInput, "empty"),
    (b"  \n\t ", EmptyInput, "empty"),
    (b"%PDF-1.4\n...", UnsupportedFormat, "pdftotext"),
    (b"PK\x03\x04....", UnsupportedFormat, "ZIP"),
    (b"\x89PNG\r\n\x1a\n", UnsupportedFormat, "PNG"),
    (b"Text\x00mit\x00Nullbytes", UnsupportedFormat, "NUL"),
])
def test_sniff_binary(data: bytes, error: type, words: str) -> None:
    with pytest.raises(error) as err:
        sniff_binary(data)
    assert words in str(err.value)


def test_utf16_with_bom_is_decoded() -> None:
    text, enc = decode("MINSK, 3. März (BelTA) - Mähdrescher für Kasachstan".encode("utf-16"))
    assert text == "MINSK, 3. März (BelTA) - Mähdrescher für Kasachstan"
    assert enc.startswith("utf_16")


# -- bad input: one Reject each, nothing raised ------------------------------------------------
def test_every_bad_input_is_one_reject_with_stage_and_reason(bad_dir, find_reject) -> None:
    folder, expected = bad_dir
    docs, rejects = docs_and_rejects([str(folder)], Settings(max_file_bytes=SMALL_MAX_FILE_BYTES))
    # Reading never fails for bad input; "clean" rejects appear later, in the pipeline.
    read_stage = {k: v for k, v in expected.items() if v[0] != "clean"}
    for suffix, (stage, words) in read_stage.items():
        rej = find_reject(rejects, suffix)
        assert rej.stage == stage, suffix
        assert words in rej.reason, (suffix, rej.reason)
        assert " - " in rej.reason, f"{suffix}: the reason should carry a hint: {rej.reason}"
    assert len(rejects) == len(read_stage)
    # What survives reading: the good JSONL line, and the two pages cleaning will refuse.
    assert sorted(d.id for d in docs) == ["broken-good-1", "furniture_only.txt", "navigation_only.html"]


def test_malformed_jsonl_line_keeps_the_other_lines(tmp_path: Path) -> None:
    lines = ['{"id": "a", "text": "Belarus liefert Kalidünger nach Brasilien, teilte Belaruskali mit."}',
             '{"id": "b", "text": ',
             '',
             '{"id": "c", "text": "Belarus und Indien wollen mehr Arzneimittel gemeinsam herstellen."}']
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, rejects = docs_and_rejects([str(tmp_path / "feed.jsonl")])
    assert [d.id for d in docs] == ["a", "c"]
    assert [r.source for r in rejects] == [f"{tmp_path / 'feed.jsonl'}:2"]


def test_jsonl_line_over_record_limit(tmp_path: Path) -> None:
    small = {"id": "klein", "text": "Belarus und Oman wollen Bergbautechnik und Lebensmittel handeln."}
    big = {"id": "gross", "text": "Traktoren und Mähdrescher. " * 200}
    (tmp_path / "f.jsonl").write_text(json.dumps(small) + "\n" + json.dumps(big) + "\n", encoding="utf-8")
    docs, rejects = docs_and_rejects([str(tmp_path / "f.jsonl")], Settings(max_record_bytes=1000))
    assert [d.id for d in docs] == ["klein"]
    assert "max_record_bytes" in rejects[0].reason and rejects[0].source.endswith("f.jsonl:2")


def test_file_over_size_limit_is_rejected_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "gross.txt"
    p.write_text("MINSK, 4. April (BelTA) - Belarus und Serbien. " * 100, encoding="utf-8")
    _, rejects = docs_and_rejects([str(p)], Settings(max_file_bytes=1000))
    assert "exceeds max_file_bytes=1000" in rejects[0].reason
    assert "COOPGRAPH_MAX_FILE_BYTES" in rejects[0].reason


def test_stdin_over_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Minsk und Hanoi. " * 200)))
    _, rejects = docs_and_rejects(["-"], Settings(max_file_bytes=1000))
    assert rejects[0].source == "stdin" and "max_file_bytes" in rejects[0].reason


def test_symlink_loop_is_a_reject(tmp_path: Path) -> None:
    loop = tmp_path / "schleife.txt"
    loop.symlink_to(loop)
    _, rejects = docs_and_rejects([str(tmp_path)])
    assert len(rejects) == 1 and rejects[0].source == str(loop)
    assert "cannot read" in rejects[0].reason


def _tree_with_two_entries_to_lock(tmp_path: Path) -> tuple[Path, Path]:
    """ok.txt, gesperrt.txt and gesperrt/innen.txt; returns the file and the folder a test locks."""
    text = "MINSK, 1. Mai (BelTA) - Belarus und Kuba wollen mehr Busse in Havanna montieren, hieß es."
    (tmp_path / "ok.txt").write_text(text, encoding="utf-8")
    locked_file = tmp_path / "gesperrt.txt"
    locked_file.write_text(text, encoding="utf-8")
    locked_dir = tmp_path / "gesperrt"
    locked_dir.mkdir()
    (locked_dir / "innen.txt").write_text(text, encoding="utf-8")
    return locked_file, locked_dir


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files and folders whatever their mode")
def test_unreadable_file_and_folder_are_rejects(tmp_path: Path) -> None:
    locked_file, locked_dir = _tree_with_two_entries_to_lock(tmp_path)
    locked_file.chmod(0)
    locked_dir.chmod(0)
    try:
        docs, rejects = docs_and_rejects([str(tmp_path)])
    finally:
        locked_file.chmod(0o644)
        locked_dir.chmod(0o755)
    assert [d.id for d in docs] == ["ok.txt"]
    assert sorted(r.source for r in rejects) == sorted([str(locked_dir), str(locked_file)])
    assert all("cannot read" in r.reason for r in rejects)


def test_permission_errors_are_rejects_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The chmod case above, for root: the folder listing and the file open raise PermissionError."""
    locked_file, locked_dir = _tree_with_two_entries_to_lock(tmp_path)

    real_scandir, real_open = os.scandir, Path.open

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path) == locked_dir:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def open_(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == locked_file:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "open", open_)
    docs, rejects = docs_and_rejects([str(tmp_path)])
    assert [d.id for d in docs] == ["ok.txt"]
    assert sorted(r.source for r in rejects) == sorted([str(locked_dir), str(locked_file)])
    assert all("cannot read" in r.reason and "Permission denied" in r.reason for r in rejects)


def test_read_bytes_never_raises_for_garbage() -> None:
    for blob in (b"\xff" * 50, b"{", b"<rss>", b"WARC/1.0\r\n\r\n", b"<html><body></body></html>"):
        for fmt in (None, "text", "html", "jsonl", "feed", "warc", "json"):
            items = list(read_bytes("blob", blob, Settings(), fmt))
            assert all(isinstance(i, (RawDoc, Reject)) for i in items)


@pytest.mark.parametrize("value, iso", [
    ("2024-03-05", "2024-03-05"),
    ("2024-03-05T10:00:00Z", "2024-03-05"),
    ("2024-03-05T23:30:00+03:00", "2024-03-05"),
    ("5. März 2024", None),
    ("", None),
    (None, None),
])
def test_iso_date(value: str | None, iso: str | None) -> None:
    assert iso_date(value) == iso
