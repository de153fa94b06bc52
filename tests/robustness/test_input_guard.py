"""Issue 11 item 1: one bad input never ends a run. Each cause the probe found is fixed at its root,
and a per-record guard turns any other failure of one record into one reject while the rest goes on.
All inputs are written by the tests."""
from __future__ import annotations

import importlib
import io
import json
import os
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.dates import parse_dateline
from coopgraph.ingest import iter_documents
from coopgraph.models import Extraction, RawDoc, Reject
from coopgraph.pipeline import process
from coopgraph.settings import Settings
from coopgraph.store import connect

REPO = Path(__file__).resolve().parents[2]
GOOD = ("MINSK, 12. März (BelTA) - Belarus und Usbekistan wollen die gemeinsame Montage von Traktoren in "
        "Taschkent ausbauen. Das teilte das Industrieministerium nach einem Treffen der Regierungskommission mit.")
GOOD_HTML = ("<html><head><title>Traktoren für Taschkent</title></head><body><article><h1>Traktoren für Taschkent"
             "</h1><p>" + GOOD + "</p><p>Geplant ist auch ein Servicezentrum für Mähdrescher in Samarkand, "
             "hieß es nach den Gesprächen.</p></article></body></html>")


def split(items: list[RawDoc | Reject]) -> tuple[list[RawDoc], list[Reject]]:
    return [i for i in items if isinstance(i, RawDoc)], [i for i in items if isinstance(i, Reject)]


def read(paths: list[str], settings: Settings | None = None) -> tuple[list[RawDoc], list[Reject]]:
    return split(list(iter_documents(paths, settings or Settings())))


def ingest_cli(tmp_path: Path, *paths: str) -> tuple[int, str, Path]:
    db = tmp_path / "guard.db"
    result = CliRunner().invoke(cli, ["ingest", *paths, "--db", str(db), "--quiet"], catch_exceptions=False)
    return result.exit_code, result.stderr, db


# -- the per-record guard -----------------------------------------------------------------------
def test_a_record_whose_reading_raises_is_one_reject_and_the_file_goes_on(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    readers = importlib.import_module("coopgraph.ingest.readers")

    real = readers._record_to_doc

    def record_to_doc(obj, source, fallback_id):  # type: ignore[no-untyped-def]
        if obj.get("id") == "zwei":
            raise RuntimeError("a reader bug")
        return real(obj, source, fallback_id)

    monkeypatch.setattr(readers, "_record_to_doc", record_to_doc)
    path = tmp_path / "drei.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": GOOD}) + "\n" for i in ("eins", "zwei", "drei")))
    docs, rejects = read([str(path)])
    assert [d.id for d in docs] == ["eins", "drei"]
    assert [(r.source, r.stage) for r in rejects] == [(f"{path}:2", "ingest")]
    assert "RuntimeError: a reader bug" in rejects[0].reason


def test_a_reader_that_raises_for_one_file_does_not_stop_the_next_file(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_pkg = importlib.import_module("coopgraph.ingest")  # coopgraph.ingest is also a function name

    real = ingest_pkg.read_text

    def read_text(path, data):  # type: ignore[no-untyped-def]
        if path.endswith("a.txt"):
            raise MemoryError("simulated")
        return real(path, data)

    monkeypatch.setattr(ingest_pkg, "read_text", read_text)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    docs, rejects = read([str(tmp_path)])
    assert [d.id for d in docs] == ["b.txt"]
    assert len(rejects) == 1 and rejects[0].source.endswith("a.txt") and "MemoryError" in rejects[0].reason


def test_any_exception_in_cleaning_is_a_reject(monkeypatch: pytest.MonkeyPatch) -> None:
    from coopgraph import pipeline

    def broken_clean(raw, min_chars=40):  # type: ignore[no-untyped-def]
        raise KeyError("not a CoopgraphError")

    monkeypatch.setattr(pipeline, "clean", broken_clean)
    result = process(RawDoc(id="x", source="x.txt", fmt="text", content=GOOD))
    assert isinstance(result, Reject) and result.stage == "clean" and "KeyError" in result.reason


# -- the causes, each fixed where it arises -----------------------------------------------------
def test_29_february_of_a_common_year_in_a_dateline() -> None:
    text = "MINSK, 29. Februar 2023 (BelTA) - " + GOOD.split(" - ", 1)[1]
    dl = parse_dateline(text)
    assert dl is not None and (dl.day, dl.month, dl.year) == (29, 2, None)  # the year is no evidence
    result = process(RawDoc(id="feb", source="feb.txt", fmt="text", content=text))
    assert isinstance(result, Extraction)
    assert result.article.dateline_place == "Minsk" and result.article.date_partial == "--02-29"
    assert result.article.date is None


def test_29_february_of_a_leap_year_still_gives_the_date() -> None:
    text = "MINSK, 29. Februar 2024 (BelTA) - " + GOOD.split(" - ", 1)[1]
    result = process(RawDoc(id="feb", source="feb.txt", fmt="text", content=text))
    assert isinstance(result, Extraction) and result.article.date == "2024-02-29"


def test_lone_surrogates_in_jsonl_text_and_id_are_replaced_at_decode_time(tmp_path: Path) -> None:
    path = tmp_path / "surrogat.jsonl"
    # json.dumps writes the lone surrogate as the escape "\ud800", as a broken exporter would
    path.write_text(json.dumps({"id": "art-\ud800", "title": "T\udc00", "text": GOOD + " Ende\ud800."}) + "\n")
    docs, rejects = read([str(path)])
    assert rejects == []
    assert docs[0].id == "art-\ufffd" and docs[0].title == "T\ufffd"
    assert docs[0].content.endswith(" Ende\ufffd.")
    code, stderr, db = ingest_cli(tmp_path, str(path))
    assert (code, stderr) == (0, "")
    assert connect(db).execute("SELECT doc_id FROM articles").fetchone()[0] == "art-\ufffd"


@pytest.fixture
def non_utf8_dir(tmp_path: Path) -> tuple[Path, bytes]:
    folder = tmp_path / "namen"
    folder.mkdir()
    name = b"artikel-\xff\xfe.txt"  # Latin-1 bytes in a file name: not UTF-8
    try:
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(GOOD.encode("utf-8"))
    except OSError:
        pytest.skip("the file system refuses file names that are not UTF-8")
    return folder, name


def test_non_utf8_file_name_inside_a_folder(tmp_path: Path, non_utf8_dir: tuple[Path, bytes]) -> None:
    folder, _ = non_utf8_dir
    code, stderr, db = ingest_cli(tmp_path, str(folder))
    assert (code, stderr) == (0, "")
    row = connect(db).execute("SELECT doc_id, source FROM articles").fetchone()
    assert row[0] == "artikel-\\xff\\xfe.txt" and row[1].endswith("artikel-\\xff\\xfe.txt")


def test_non_utf8_file_name_as_an_argument(tmp_path: Path, non_utf8_dir: tuple[Path, bytes]) -> None:
    folder, name = non_utf8_dir
    arg = os.fsdecode(os.path.join(os.fsencode(folder), name))  # as Python hands it over from argv
    code, stderr, db = ingest_cli(tmp_path, arg)
    assert (code, stderr) == (0, "")
    conn = connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert "\\xff\\xfe" in conn.execute("SELECT command FROM runs").fetchone()[0]


def warc_bytes(pages: list[tuple[str | None, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for uri, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(uri or "https://placeholder.example/", "response",
                                        payload=io.BytesIO(html.encode("utf-8")), http_headers=headers)
        if uri is None:
            rec.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(rec)
    return buf.getvalue()


def test_warc_response_record_without_target_uri_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ohne_uri.warc"
    path.write_bytes(warc_bytes([(None, GOOD_HTML), ("https://news.example/zwei", GOOD_HTML)]))
    docs, rejects = read([str(path)])
    assert rejects == []
    assert [d.id for d in docs] == ["ohne_uri.warc#0", "https://news.example/zwei"]
    assert docs[0].url is None and "Taschkent" in docs[0].content


def test_lxml_html_clean_is_a_pinned_dependency_and_html_is_read() -> None:
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(d.startswith("lxml_html_clean==") for d in deps), "trafilatura needs lxml_html_clean: pin it"
    import lxml_html_clean  # noqa: F401 - importable in the installed environment

    result = process(RawDoc(id="seite.html", source="seite.html", fmt="html", content=GOOD_HTML))
    assert isinstance(result, Extraction) and "Taschkent" in result.article.text


def test_a_path_the_system_cannot_even_look_up_is_one_reject(tmp_path: Path) -> None:
    (tmp_path / "gut.txt").write_text(GOOD, encoding="utf-8")
    too_long = str(tmp_path / ("x" * 5000))  # stat() raises ENAMETOOLONG, which Path.exists() passes on
    docs, rejects = read([too_long, str(tmp_path / "gut.txt")])
    assert [d.id for d in docs] == ["gut.txt"]
    assert len(rejects) == 1 and "cannot read" in rejects[0].reason
