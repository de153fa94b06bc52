"""Issue 8 item 9 (input side): articles read from stdin get distinct ids (a content hash), and
Russian or English articles are reported as "language not supported yet" instead of being stored
silently as irrelevant."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.ingest import iter_documents
from coopgraph.models import Extraction, RawDoc, Reject
from coopgraph.pipeline import process
from coopgraph.store import connect

GERMAN = ("MINSK, 12. März (BelTA) - Belarus und Usbekistan wollen die gemeinsame Montage von Traktoren in "
          "Taschkent ausbauen. Das teilte das Industrieministerium nach einem Treffen der Regierungskommission mit.")
GERMAN_2 = ("GRODNO, 3. Juni (BelTA) - Das Gebiet Grodno und die Region Kaliningrad wollen mehr Milchprodukte "
            "und Baustoffe austauschen, hieß es nach einem Treffen der Gouverneure in Grodno.")
RUSSIAN = ("Белорусская делегация обсудила в Ташкенте поставки тракторов и комбайнов. Товарооборот между "
           "странами в прошлом году заметно вырос, сообщили в министерстве промышленности.")
ENGLISH = ("Belarus and Uzbekistan plan to expand the joint assembly of tractors in Tashkent, the industry "
           "ministry said after a meeting of the intergovernmental commission on Tuesday.")


def from_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> list[RawDoc | Reject]:
    from coopgraph.settings import Settings

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    return list(iter_documents(["-"], Settings()))


def test_two_different_articles_on_stdin_get_different_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    (a,) = from_stdin(monkeypatch, GERMAN.encode())
    (b,) = from_stdin(monkeypatch, GERMAN_2.encode())
    (a_again,) = from_stdin(monkeypatch, GERMAN.encode())
    assert isinstance(a, RawDoc) and isinstance(b, RawDoc)
    assert a.id.startswith("stdin:") and a.id != b.id and a.id == a_again.id


def test_jsonl_records_on_stdin_without_id_get_content_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join(json.dumps({"text": t}) for t in (GERMAN, GERMAN_2)).encode()
    docs = from_stdin(monkeypatch, lines)
    again = from_stdin(monkeypatch, json.dumps({"text": GERMAN_2}).encode())
    assert len({d.id for d in docs}) == 2 and all(d.id.startswith("stdin:") for d in docs)
    assert again[0].id == docs[1].id  # the same record on another line is the same article


def test_two_stdin_ingests_store_two_articles(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    for text in (GERMAN, GERMAN_2):
        result = CliRunner().invoke(cli, ["ingest", "-", "--db", db, "--quiet"], input=text.encode(),
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
    assert connect(db).execute("SELECT count(DISTINCT doc_id) FROM articles").fetchone()[0] == 2


@pytest.mark.parametrize("text, name, code", [(RUSSIAN, "Russian", "ru"), (ENGLISH, "English", "en")])
def test_russian_and_english_articles_are_not_supported_yet(text: str, name: str, code: str) -> None:
    result = process(RawDoc(id="x", source="x.txt", fmt="text", content=text))
    assert isinstance(result, Reject) and result.stage == "language"
    assert result.reason.startswith(f"language not supported yet: {name} ({code},")


def test_a_german_article_is_processed() -> None:
    assert isinstance(process(RawDoc(id="x", source="x.txt", fmt="text", content=GERMAN)), Extraction)


def test_the_language_reject_is_a_rejects_row_and_a_stderr_line(tmp_path: Path) -> None:
    folder = tmp_path / "sprachen"
    folder.mkdir()
    for name, text in (("de.txt", GERMAN), ("ru.txt", RUSSIAN), ("en.txt", ENGLISH)):
        (folder / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "l.db")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", db, "--quiet"], catch_exceptions=False)
    assert result.exit_code == 1
    lines = sorted(result.stderr.splitlines())
    assert len(lines) == 2
    assert lines[0].startswith(f"rejected {folder / 'en.txt'} [language]: language not supported yet: English")
    assert lines[1].startswith(f"rejected {folder / 'ru.txt'} [language]: language not supported yet: Russian")
    conn = connect(db)
    assert [tuple(r) for r in conn.execute("SELECT stage FROM rejects ORDER BY source")] == [("language",)] * 2
    assert [r[0] for r in conn.execute("SELECT doc_id FROM articles")] == ["de.txt"]
