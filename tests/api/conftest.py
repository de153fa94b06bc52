"""A database built once from the bundled sample corpus, and TestClients on it (the app needs the `api` extra)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the workbench needs the api extra: pip install -e '.[dev]'")

from fastapi.testclient import TestClient

from coopgraph.api import create_app
from coopgraph.cli import main
from coopgraph.query import open_readonly
from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings


def build_sample_db(folder: Path) -> Path:
    db = folder / "sample.db"
    with pytest.raises(SystemExit) as done:
        main(["ingest", str(sample_corpus_path()), "--db", str(db), "-q"])
    assert done.value.code == 0
    return db


def ingest_text(db: Path, folder: Path, text: str, name: str = "zitronen.txt") -> None:
    """Ingest one article ``text`` (written to ``folder``/``name``) into ``db`` with the CLI; it must succeed."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["ingest", str(folder), "--db", str(db), "-q"])
    assert done.value.code == 0


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_db(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=str(sample_db)), api_token=""), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def conn(sample_db: Path):  # type: ignore[no-untyped-def]
    c = open_readonly(sample_db)
    yield c
    c.close()
