"""The web UI on a database built once from the sample corpus plus one hostile article written here."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the workbench needs the api extra: pip install -e '.[dev]'")

from fastapi.testclient import TestClient

from coopgraph.api import create_app
from coopgraph.cli import main
from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings

# A plain-text article (the .txt reader keeps angle brackets as text, as a news site's plain text can have them).
HOSTILE = ("Belarus und Kasachstan <script>alert('t')</script> vereinbaren Lieferungen\n\n"
           "Minsk, 5. Mai (BelTA) - Belarus und Kasachstan wollen die Lieferungen von Traktoren ausbauen "
           "<script>alert('x')</script>. Ein Bild <img src=x onerror=alert('y')> stand im Text. "
           "Ein Link <a href=\"javascript:alert('z')\">hier</a> auch. Der Handelsumsatz zwischen Belarus und "
           "Kasachstan belief sich im Jahr 2024 auf 900 Millionen US-Dollar, sagte der Minister Iwan Testow "
           "bei einem Treffen in Minsk.\n")


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    db = folder / "web.db"
    with pytest.raises(SystemExit) as done:
        main(["ingest", str(sample_corpus_path()), str(hostile), "--db", str(db), "-q"])
    assert done.value.code == 0
    return db


@pytest.fixture(scope="module")
def web(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=str(web_db)), api_token=""), raise_server_exceptions=False) as c:
        yield c


def serve_app(app: object) -> Iterator[str]:
    """Run ``app`` under uvicorn on a free loopback port in a thread; yields its base URL, stops it after."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(10)
