"""Issue 11 acceptance, input side: one folder with every class of bad input the probe found, the
inputs it repaired at the root, and one good article. The good and repaired articles are stored;
each bad input is exactly one stderr line and one rejects row; the run ends with exit code 1."""
from __future__ import annotations

import importlib
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SMALL_MAX_FILE_BYTES, write_bad_inputs

from coopgraph.cli import cli
from coopgraph.store import connect

GOOD = ("MINSK, 12. März (BelTA) - Belarus und Usbekistan wollen die gemeinsame Montage von Traktoren in "
        "Taschkent ausbauen. Das teilte das Industrieministerium nach einem Treffen der Regierungskommission mit.")
BODY = GOOD.split(" - ", 1)[1]


def _warc(pages: list[tuple[str | None, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for uri, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(uri or "https://x.example/", "response", payload=io.BytesIO(html.encode()),
                                        http_headers=headers)
        if uri is None:
            rec.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(rec)
    return buf.getvalue()


def _rss(body: str) -> str:
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><title>E</title><guid>g1</guid>"
            f"<description><![CDATA[<p>{body}</p>]]></description></item></channel></rss>")


def write_new_bad_inputs(d: Path) -> dict[str, tuple[str, str]]:
    """The classes issue 11 added to conftest's ``write_bad_inputs``: {source suffix: (stage, reason part)}."""
    page = f"<html><body><article><p>{GOOD}</p><p>{GOOD}</p></article></body></html>"
    (d / "nach_leerzeile.txt").write_bytes(b"\n%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    (d / "abgebrochen.warc").write_bytes(_warc([("https://news.example/halb", page)])[:-100])
    (d / "russisch.txt").write_text("Белорусская делегация обсудила в Ташкенте поставки тракторов и комбайнов. "
                                    "Товарооборот между странами в прошлом году заметно вырос, сообщили в "
                                    "министерстве промышленности.", encoding="utf-8")
    (d / "englisch.txt").write_text("Belarus and Uzbekistan plan to expand the joint assembly of tractors in "
                                    "Tashkent, the industry ministry said after a meeting of the commission.",
                                    encoding="utf-8")
    (d / "schleife").mkdir()
    (d / "schleife" / "zurueck").symlink_to(d, target_is_directory=True)
    (d / "eintrag_gross.rss").write_text(_rss(BODY * 60), encoding="utf-8")
    (d / "datei_gross.xml").write_text(_rss(BODY * 200), encoding="utf-8")
    (d / "zeile_gross.jsonl").write_text(json.dumps({"id": "zu-lang", "text": BODY * 60}) + "\n", encoding="utf-8")
    (d / "endlos.txt").write_text(GOOD + " Eine Endlosschleife.", encoding="utf-8")
    (d / "absturz.txt").write_text(GOOD + " Eine Absturzstelle.", encoding="utf-8")
    (d / "leserfehler.jsonl").write_text(json.dumps({"id": "leserfehler", "text": GOOD}) + "\n", encoding="utf-8")
    (d / "text_zu_lang.txt").write_text("MINSK, 1. Mai (BelTA) - " + BODY * 40, encoding="utf-8")
    return {
        "nach_leerzeile.txt": ("ingest", "a PDF document"),
        "abgebrochen.warc#https://news.example/halb": ("ingest", "truncated WARC record"),
        "russisch.txt": ("language", "language not supported yet: Russian"),
        "englisch.txt": ("language", "language not supported yet: English"),
        "schleife/zurueck": ("ingest", "already read"),
        "eintrag_gross.rss#0": ("ingest", "exceeds max_record_bytes"),
        "datei_gross.xml": ("ingest", "exceeds max_file_bytes"),
        "zeile_gross.jsonl:1": ("ingest", "exceeds max_record_bytes"),
        "endlos.txt": ("budget", "time budget"),
        "absturz.txt": ("extract", "extractor failed: RuntimeError"),
        "leserfehler.jsonl:1": ("ingest", "reading failed (RuntimeError"),
        "text_zu_lang.txt": ("ingest", "exceeds max_article_chars"),
    }


def write_repaired_inputs(d: Path) -> list[str]:
    """Inputs that used to kill the run and are now read as articles. Returns their doc ids."""
    (d / "schaltjahr.txt").write_text("MINSK, 29. Februar 2023 (BelTA) - " + BODY, encoding="utf-8")
    (d / "surrogat.jsonl").write_text(json.dumps({"id": "s-\ud800", "text": GOOD + " \ud800"}) + "\n")
    (d / "ohne_uri.warc").write_bytes(_warc([(None, f"<html><body><p>{GOOD}</p><p>{GOOD}</p></body></html>")]))
    (d / "utf16.txt").write_bytes(GOOD.replace("Taschkent", "Samarkand").encode("utf-16-le"))
    elsewhere = d.parent / "verlinkt_ziel"
    elsewhere.mkdir()
    (elsewhere / "verlinkt.txt").write_text(GOOD.replace("Taschkent", "Buchara"), encoding="utf-8")
    (d / "verlinkt").symlink_to(elsewhere, target_is_directory=True)
    ids = ["schaltjahr.txt", "s-\ufffd", "ohne_uri.warc#0", "utf16.txt", "verlinkt.txt"]
    try:
        with open(os.path.join(os.fsencode(d), b"name-\xff.txt"), "wb") as fh:
            fh.write(GOOD.replace("Taschkent", "Chiwa").encode())
        ids.append("name-\\xff.txt")
    except OSError:
        pass  # a file system that refuses such names
    return ids


@pytest.fixture
def stalls_and_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-ins for a step that goes quadratic, an extractor bug and a reader bug."""
    extract_pkg = importlib.import_module("coopgraph.extract")
    readers = importlib.import_module("coopgraph.ingest.readers")
    real_sectors, real_record = extract_pkg.find_sectors, readers._record_to_doc

    def find_sectors(text, names):  # type: ignore[no-untyped-def]
        while "Endlosschleife" in text:  # burns CPU time, which the document budget counts
            pass
        if "Absturzstelle" in text:
            raise RuntimeError("extractor bug")
        return real_sectors(text, names)

    def record_to_doc(obj, source, fallback_id):  # type: ignore[no-untyped-def]
        if isinstance(obj, dict) and obj.get("id") == "leserfehler":
            raise RuntimeError("reader bug")
        return real_record(obj, source, fallback_id)

    monkeypatch.setattr(extract_pkg, "find_sectors", find_sectors)
    monkeypatch.setattr(readers, "_record_to_doc", record_to_doc)
    monkeypatch.setenv("COOPGRAPH_MAX_RECORD_BYTES", "5000")
    monkeypatch.setenv("COOPGRAPH_MAX_ARTICLE_CHARS", "4000")
    monkeypatch.setenv("COOPGRAPH_DOC_SECONDS", "5")  # ample for every other input, also on a busy machine


@pytest.mark.parametrize("workers", ["1", "2"])
def test_every_bad_input_is_one_line_and_one_row_and_the_rest_is_stored(
        tmp_path: Path, stalls_and_crashes: None, workers: str) -> None:
    folder = tmp_path / "gemischt"
    expected = write_bad_inputs(folder)
    expected |= write_new_bad_inputs(folder)
    repaired = write_repaired_inputs(folder)
    (folder / "gut.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "m.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--quiet", "-j", workers,
                                      "--max-file-bytes", str(SMALL_MAX_FILE_BYTES)], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected), "\n".join(lines)
    conn = connect(db)
    rows = [dict(r) for r in conn.execute("SELECT source, stage, reason FROM rejects")]
    assert len(rows) == len(expected)
    for suffix, (stage, words) in expected.items():
        found = [r for r in rows if r["source"].endswith("/" + suffix)]
        assert len(found) == 1, f"{suffix}: {found}"
        assert found[0]["stage"] == stage and words in found[0]["reason"], found[0]
        line = f"rejected {found[0]['source']} [{stage}]: {found[0]['reason']}"
        assert lines.count(line) == 1
    stored = {r[0] for r in conn.execute("SELECT doc_id FROM articles")}
    assert stored == {"gut.txt", "broken-good-1", *repaired}
