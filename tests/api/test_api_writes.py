"""POST /api/v1/articles: only with the server's bearer token, rejects in the response, a body-size limit; and
every CSV cell neutralized against formula injection."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coopgraph.api import create_app
from coopgraph.settings import Settings

TOKEN = "s3cret-token-for-tests"
ARTICLE = {"id": "api-test-1", "title": "=HYPERLINK(\"http://example.invalid\",\"klick\")", "date": "2025-04-02",
           "text": "Minsk, 2. April (BelTA) - Belarus und das Gebiet Tula wollen die Lieferungen von Traktoren "
                   "ausbauen. Der Handelsumsatz zwischen Belarus und dem Gebiet Tula belief sich im Jahr 2024 auf "
                   "250 Millionen US-Dollar, sagte der Gouverneur bei einem Treffen in Minsk."}


@pytest.fixture
def writable(sample_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "w.db"
    shutil.copy(sample_db, db)
    return db


def body(*records: dict) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode() + b"\n"


def test_writes_are_off_without_a_token_and_say_how_to_enable_them(writable: Path) -> None:
    with TestClient(create_app(Settings(db=str(writable)), api_token=""), raise_server_exceptions=False) as c:
        r = c.post("/api/v1/articles", content=body(ARTICLE), headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403
    assert "COOPGRAPH_API_TOKEN" in r.json()["error"]["hint"]


def test_the_token_comes_from_the_environment(writable: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPGRAPH_API_TOKEN", TOKEN)
    app = create_app(Settings(db=str(writable)))
    assert app.state.api_token == TOKEN


def test_a_wrong_or_missing_token_is_refused(writable: Path) -> None:
    with TestClient(create_app(Settings(db=str(writable)), api_token=TOKEN), raise_server_exceptions=False) as c:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                        {"Authorization": f"Basic {TOKEN}"}):
            r = c.post("/api/v1/articles", content=body(ARTICLE), headers=headers)
            assert r.status_code == 401, headers
            assert r.json()["error"]["code"] == "unauthorized"
        assert c.get("/api/v1/articles/api-test-1").status_code == 404


def test_ingest_stores_new_articles_reports_rejects_and_readers_see_them(writable: Path) -> None:
    with TestClient(create_app(Settings(db=str(writable), quiet=True), api_token=TOKEN),
                    raise_server_exceptions=False) as c:
        before = c.get("/api/v1/stats").json()["articles"]
        figures_before = c.get("/api/v1/figures").json()["total"]  # computed once, then kept until a write
        data = body(ARTICLE) + b"{broken json\n" + body({"id": "empty", "text": ""})
        r = c.post("/api/v1/articles", content=data, headers={"Authorization": f"Bearer {TOKEN}",
                                                             "Content-Type": "application/x-ndjson"})
        assert r.status_code == 200, r.text
        rep = r.json()
        assert rep["new"] == 1 and rep["rejected"] == 2
        assert len(rep["rejects"]) == 2 and all(x["reason"] for x in rep["rejects"])
        assert all(str(writable.parent) not in x["source"] for x in rep["rejects"])
        assert c.get("/api/v1/stats").json()["articles"] == before + 1
        assert c.get("/api/v1/figures").json()["total"] > figures_before  # the write ended the cached answer
        art = c.get("/api/v1/articles/api-test-1").json()
        assert art["facts"], "the ingest extracts facts"
        again = c.post("/api/v1/articles", content=body(ARTICLE), headers={"Authorization": f"Bearer {TOKEN}"}).json()
        assert again["new"] == 0 and again["unchanged"] == 1
        # the hostile title comes back in CSV as text, not as a formula
        r = c.get("/api/v1/articles", params={"q": "Traktoren Tula", "format": "csv", "limit": 50})
        rows = list(csv.DictReader(io.StringIO(r.text)))
        titles = [row["title"] for row in rows if row["doc_id"] == "api-test-1"]
        assert titles == ["'" + ARTICLE["title"]]


def test_a_body_over_the_limit_is_a_413_before_the_ingest(writable: Path) -> None:
    with TestClient(create_app(Settings(db=str(writable)), api_token=TOKEN, max_body=1000),
                    raise_server_exceptions=False) as c:
        big = body(ARTICLE | {"text": ARTICLE["text"] * 20})
        r = c.post("/api/v1/articles", content=big, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"

        def chunks():  # no Content-Length: the limit is counted while reading
            yield big[:600]
            yield big[600:]

        r = c.post("/api/v1/articles", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 413
        assert c.get("/api/v1/articles/api-test-1").status_code == 404


def test_readers_use_a_read_only_connection(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coopgraph.api import common

    opened: list[str] = []
    real = common.open_readonly
    monkeypatch.setattr(common, "open_readonly", lambda p: opened.append(str(p)) or real(p))
    with TestClient(create_app(Settings(db=str(sample_db))), raise_server_exceptions=False) as c:
        assert c.get("/api/v1/stats").status_code == 200
        conn = real(sample_db)
        with pytest.raises(Exception, match="readonly"):
            conn.execute("CREATE TABLE x (a)")
    assert opened == [str(sample_db)]


def test_uploaded_files_are_ingested_like_a_folder(writable: Path) -> None:
    text = ("Gebiet Tula und Belarus planen Traktorenwerk\n\nMinsk, 3. April (BelTA) - Belarus und das Gebiet Tula "
            "wollen ein gemeinsames Werk für Traktoren bauen, sagte der Gouverneur bei einem Treffen in Minsk.\n")
    with TestClient(create_app(Settings(db=str(writable), quiet=True), api_token=TOKEN),
                    raise_server_exceptions=False) as c:
        files = [("files", ("../../etc/tula-werk.txt", text.encode(), "text/plain")),
                 ("files", ("bild.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"))]
        r = c.post("/api/v1/articles", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200, r.text
        rep = r.json()
        assert rep["new"] == 1 and rep["rejected"] == 1
        assert rep["rejects"][0]["source"].endswith("bild.png") and "/" not in rep["rejects"][0]["source"]
        hits = c.get("/api/v1/articles", params={"q": "Traktorenwerk"}).json()["items"]
        assert [h["doc_id"] for h in hits] and all("etc" not in h["doc_id"] for h in hits)
        r = c.post("/api/v1/articles", files={"note": (None, "no file")}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 400 and r.json()["error"]["code"] == "no_files"
