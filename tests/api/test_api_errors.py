"""One error shape on every route: {"error": {"status", "code", "message", "hint"}} for each 4xx and 5xx."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import routing
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from coopgraph.api import create_app
from coopgraph.settings import Settings

BAD_QUERY = {"limit": "0", "cursor": "not-a-cursor!", "since": "yesterday", "until": "13-2024", "q": '"unclosed',
             "partner": "Atlantis-Nirgendwo", "type": "x" * 60, "kind": "x" * 60, "metric": "x" * 120,
             "format": "xml"}


def assert_shape(r: Any, status: int | None = None) -> dict[str, Any]:
    assert r.status_code >= 400, (r.request.url, r.status_code)
    if status is not None:
        assert r.status_code == status, (r.request.url, r.status_code, r.text)
    body = r.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert set(err) == {"status", "code", "message", "hint"}, err
    assert err["status"] == r.status_code
    assert isinstance(err["code"], str) and re.fullmatch(r"[a-z_]+", err["code"])
    assert isinstance(err["message"], str) and err["message"]
    return err


def routes(app: Any) -> list[Any]:
    """Every route of the app, included routers flattened (FastAPI keeps them nested in ``app.routes``)."""
    return [rc for rc in routing.iter_route_contexts(app.routes) if isinstance(rc.route, APIRoute)]


def test_every_route_answers_a_bad_request_or_an_unknown_id_in_the_error_shape(client: TestClient) -> None:
    seen = 0
    for rc in routes(client.app):
        route, path = rc.route, rc.path_format
        names = re.findall(r"{(\w+)}", path)
        for method in rc.methods - {"HEAD"}:
            url = path
            for n in names:
                url = url.replace("{" + n + "}", "zz-unknown-404" if n != "fact_id" else "figures:999999999")
            if method == "GET":
                r = client.get(url, params=BAD_QUERY if not names else None)
                if names or any(p.name in BAD_QUERY for p in route.dependant.query_params) or any(
                        p.name in BAD_QUERY for d in route.dependant.dependencies for p in d.query_params):
                    err = assert_shape(r)
                    assert err["status"] in (400, 404, 422), (url, err)
                    seen += 1
            # every route also answers a method it does not have in the shape
            other = "DELETE" if method != "DELETE" else "PUT"
            if other not in rc.methods:
                assert_shape(client.request(other, path.replace("{", "").replace("}", "")), 405)
    assert seen >= 15


def test_validation_errors_name_the_parameter(client: TestClient) -> None:
    err = assert_shape(client.get("/api/v1/partners?limit=0"), 422)
    assert "limit" in err["message"] and err["code"] == "validation_error"


def test_a_malformed_search_is_a_400_that_says_how_to_quote(client: TestClient) -> None:
    err = assert_shape(client.get("/api/v1/articles", params={"q": '"Region Tula'}), 400)
    assert err["code"] == "bad_query" and "quoted" in err["hint"]


def test_unknown_ids_and_paths_are_404s(client: TestClient) -> None:
    for url in ("/api/v1/articles/987654", "/api/v1/entities/person:nobody", "/api/v1/stories/none",
                "/api/v1/partners/Atlantis", "/api/v1/facts/figures:987654", "/api/v1/nothing", "/static/none.js"):
        assert_shape(client.get(url), 404)
    assert assert_shape(client.get("/api/v1/facts/nonsense"), 400)["code"] == "bad_request"
    assert assert_shape(client.get("/api/v1/articles?cursor=Zm9vOmJhcg"), 400)["code"] == "bad_cursor"


def test_a_crash_is_a_500_in_the_shape_and_a_missing_database_a_503(sample_db: Path, tmp_path: Path) -> None:
    app = create_app(Settings(db=str(sample_db)))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret detail")

    with TestClient(app, raise_server_exceptions=False) as c:
        err = assert_shape(c.get("/boom"), 500)
        assert "secret" not in err["message"]
    with TestClient(create_app(Settings(db=str(tmp_path / "none.db"))), raise_server_exceptions=False) as c:
        err = assert_shape(c.get("/api/v1/stats"), 503)
        assert "ingest" in err["hint"]
