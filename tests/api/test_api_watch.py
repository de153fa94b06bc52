"""/api/v1/watchlists: writes behind the bearer token (as POST /api/v1/articles), "new since your last visit" after
an ingest through the API lists exactly the matching new articles, and mark-seen moves the watermark; the /watch
page shows the same."""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coopgraph.api import create_app
from coopgraph.settings import Settings

TOKEN = "watch-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# written for these tests
KZ = {"id": "api-watch-kz", "title": "Traktoren für Kostanai", "date": "2025-05-06",
      "text": "Minsk, 6. Mai (BelTA) - Belarus und Kasachstan wollen die Montage von Traktoren in Kostanai ausbauen. "
              "Der Handelsumsatz zwischen Belarus und Kasachstan belief sich im Jahr 2024 auf 1,1 Milliarden "
              "US-Dollar, sagte der Minister bei einem Treffen in Astana."}
OM = {"id": "api-watch-om", "title": "Düngemittel für Oman", "date": "2025-05-07",
      "text": "Minsk, 7. Mai (BelTA) - Belarus und Oman vereinbarten Lieferungen von Düngemitteln nach Maskat. "
              "Der Handelsumsatz zwischen Belarus und Oman soll im Jahr 2025 auf 100 Millionen US-Dollar steigen, "
              "hieß es nach einem Treffen der Regierungskommission."}


@pytest.fixture
def api(sample_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "w.db"
    shutil.copy(sample_db, db)
    with TestClient(create_app(Settings(db=str(db), quiet=True), api_token=TOKEN),
                    raise_server_exceptions=False) as c:
        yield c


def post_articles(c: TestClient, *records: dict[str, str]) -> None:
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    r = c.post("/api/v1/articles", content=body, headers=AUTH | {"Content-Type": "application/x-ndjson"})
    assert r.status_code == 200 and r.json()["new"] == len(records), r.text


def test_writes_need_the_token_reads_do_not(api: TestClient, sample_db: Path) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        assert api.post("/api/v1/watchlists", json={"kind": "partner", "value": "KZ"}, headers=headers
                        ).status_code == 401
    assert api.get("/api/v1/watchlists").json() == {"items": [], "total": 0}
    with TestClient(create_app(Settings(db=str(sample_db)), api_token=""), raise_server_exceptions=False) as off:
        r = off.post("/api/v1/watchlists", json={"kind": "partner", "value": "KZ"}, headers=AUTH)
        assert r.status_code == 403 and "COOPGRAPH_API_TOKEN" in r.json()["error"]["hint"]
        assert off.delete("/api/v1/watchlists/1", headers=AUTH).status_code == 403


def test_save_ingest_new_mark_seen_delete(api: TestClient) -> None:
    r = api.post("/api/v1/watchlists", json={"kind": "partner", "value": "Kazakhstan"}, headers=AUTH)
    assert r.status_code == 201, r.text
    wid = r.json()["id"]
    assert r.json()["value"] == "Kasachstan"
    again = api.post("/api/v1/watchlists", json={"kind": "partner", "value": "KZ"}, headers=AUTH)
    assert again.status_code == 200 and again.json()["id"] == wid
    oman = api.post("/api/v1/watchlists", json={"kind": "search", "value": "Düngemitteln"}, headers=AUTH).json()["id"]
    assert api.get(f"/api/v1/watchlists/{wid}/new").json()["articles"] == []

    post_articles(api, KZ, OM)
    news = api.get(f"/api/v1/watchlists/{wid}/new").json()
    assert [a["doc_id"] for a in news["articles"]] == [KZ["id"]]
    assert news["facts"] and {f["article_id"] for f in news["facts"]} == {news["articles"][0]["id"]}
    assert news["runs"] == 1
    assert [a["doc_id"] for a in api.get(f"/api/v1/watchlists/{oman}/new").json()["articles"]] == [OM["id"]]
    listed = {w["id"]: w for w in api.get("/api/v1/watchlists").json()["items"]}
    assert listed[wid]["new_articles"] == 1 and listed[wid]["new_facts"] == len(news["facts"])

    page = api.get("/watch")
    assert page.status_code == 200 and KZ["title"] in page.text and OM["title"] in page.text

    seen = api.post(f"/api/v1/watchlists/{wid}/seen?upto={news['upto']}", headers=AUTH)
    assert seen.status_code == 200 and seen.json()["last_seen_article"] == news["upto"]
    assert api.get(f"/api/v1/watchlists/{wid}/new").json()["articles"] == []
    assert api.get(f"/api/v1/watchlists/{oman}/new").json()["articles"] != []  # each watchlist has its own mark

    assert api.delete(f"/api/v1/watchlists/{wid}", headers=AUTH).status_code == 204
    assert api.delete(f"/api/v1/watchlists/{wid}", headers=AUTH).status_code == 404
    r = api.get(f"/api/v1/watchlists/{wid}/new")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_bad_input_is_a_clear_4xx(api: TestClient) -> None:
    cases = [({"kind": "colour", "value": "rot"}, 422), ({"kind": "partner", "value": ""}, 422),
             ({"kind": "partner", "value": "Atlantis Nirgendwo"}, 404),
             ({"kind": "entity", "value": "Niemand Unbekanntowitsch"}, 404)]
    for body, status in cases:
        r = api.post("/api/v1/watchlists", json=body, headers=AUTH)
        assert r.status_code == status, (body, r.text)
        assert set(r.json()["error"]) == {"status", "code", "message", "hint"}
    assert api.get("/api/v1/watchlists/0/new").status_code == 422
    assert api.post("/api/v1/watchlists/12/seen", headers=AUTH).status_code == 404
