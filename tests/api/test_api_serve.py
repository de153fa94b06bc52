"""`coopgraph serve`, the packaged API docs (no CDN) and the security headers."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coopgraph.cli import main


def test_serve_binds_to_loopback_by_default_and_serves_the_given_database(sample_db: Path,
                                                                          monkeypatch: pytest.MonkeyPatch,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app} | kw))
    with pytest.raises(SystemExit) as done:
        main(["serve", "--db", str(sample_db), "--port", "8123"])
    assert done.value.code == 0
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123
    assert calls[0]["app"].state.settings.db == str(sample_db)
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out
    with TestClient(calls[0]["app"]) as c:
        assert c.get("/api/v1/stats").json()["articles"] > 0


def test_serve_without_a_database_says_to_ingest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["serve", "--db", str(tmp_path / "missing.db")])
    assert done.value.code == 1
    assert "coopgraph ingest" in capsys.readouterr().err


def test_docs_load_swagger_ui_from_the_package_only(client: TestClient) -> None:
    page = client.get("/docs").text
    urls = [u for u in re.findall(r'(?:src|href)="([^"]+)"', page) if u != "data:,"]  # the empty favicon
    assert urls and all(u.startswith("/static/") for u in urls), urls
    for u in urls:
        r = client.get(u)
        assert r.status_code == 200 and len(r.content) > 100, u
    assert "<script>" not in page  # the CSP forbids inline script: the start-up code is a file
    for lic in ("swagger-ui/LICENSE", "echarts/LICENSE", "cytoscape/LICENSE"):
        assert client.get(f"/static/vendor/{lic}").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/api/v1/articles" in spec["paths"] and "post" in spec["paths"]["/api/v1/articles"]


def test_every_response_carries_a_csp_without_inline_or_foreign_scripts(client: TestClient) -> None:
    for url in ("/api/v1/stats", "/docs", "/api/v1/nothing"):
        csp = client.get(url).headers["content-security-policy"]
        script = re.search(r"script-src ([^;]+)", csp).group(1)  # type: ignore[union-attr]
        assert script.strip() == "'self'"
        assert "http" not in csp and "*" not in csp
        assert "default-src 'self'" in csp and "object-src 'none'" in csp


def test_every_web_asset_is_package_data() -> None:
    """A template or static file that pyproject's package-data misses would be absent from an installed wheel."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parents[2]
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["coopgraph"]
    pkg = root / "src" / "coopgraph"
    files = [p.relative_to(pkg).as_posix() for p in (pkg / "web").rglob("*") if p.is_file() and p.suffix != ".py"
             and "__pycache__" not in p.parts]
    assert files
    missing = [f for f in files if not any(fnmatch.fnmatchcase(f, pat) and f.count("/") == pat.count("/")
                                           for pat in patterns)]
    assert not missing, missing
