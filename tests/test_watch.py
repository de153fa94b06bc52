"""Watchlists (store.watchlists, query.watch, `coopgraph watch`) on a temporary database built from the sample
corpus: after more articles are ingested, "new since your last visit" lists exactly those that match, with their
facts; marking seen moves the watermark up to what was listed, never past articles stored meanwhile."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli, main
from coopgraph.errors import UsageError
from coopgraph.query import NotFound, open_readonly
from coopgraph.query import watch as qw
from coopgraph.query.facts import article_facts
from coopgraph.resources import sample_corpus_path
from coopgraph.store import Store, connect
from coopgraph.store import watchlists as sw

# Fixture articles written for these tests: one on Kazakhstan and tractors, one on Uzbekistan and dairy, one later
# on Kazakhstan and grain.
KZ_TRACTORS = {"id": "watch-kz-traktoren", "title": "Belarus liefert Traktoren nach Kasachstan", "date": "2025-03-04",
               "text": "Minsk, 4. März (BelTA) - Belarus und Kasachstan wollen die Montage von Traktoren in Kostanai "
                       "ausbauen. Der Handelsumsatz zwischen Belarus und Kasachstan belief sich im Jahr 2024 auf "
                       "1,2 Milliarden US-Dollar, sagte der Industrieminister bei einem Treffen in Astana."}
UZ_DAIRY = {"id": "watch-uz-milch", "title": "Milchwerk für Samarkand", "date": "2025-03-05",
            "text": "Minsk, 5. März (BelTA) - Belarus und Usbekistan planen ein gemeinsames Milchwerk in Samarkand. "
                    "Der Handelsumsatz zwischen Belarus und Usbekistan stieg im Jahr 2024 auf 800 Millionen "
                    "US-Dollar, hieß es nach Gesprächen der Regierungskommission in Taschkent."}
KZ_GRAIN = {"id": "watch-kz-getreide", "title": "Getreide aus Kasachstan", "date": "2025-04-10",
            "text": "Minsk, 10. April (BelTA) - Kasachstan und Belarus vereinbarten Lieferungen von Getreide. Die "
                    "Lieferungen sollen im Jahr 2025 auf 300 000 Tonnen steigen, sagte der Landwirtschaftsminister "
                    "bei einem Treffen in Minsk."}


def write_jsonl(path: Path, *records: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def ingest(db: Path, *paths: Path) -> None:
    with pytest.raises(SystemExit) as done:
        main(["ingest", *map(str, paths), "--db", str(db), "-q"])
    assert done.value.code == 0


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("watch") / "sample.db"
    ingest(db, sample_corpus_path())
    return db


@pytest.fixture
def db(base_db: Path, tmp_path: Path) -> Path:
    out = tmp_path / "w.db"
    shutil.copy(base_db, out)
    return out


def ids_of(db: Path, *doc_ids: str) -> list[int]:
    conn = open_readonly(db)
    rows = {r[1]: r[0] for r in conn.execute("SELECT id, doc_id FROM articles")}
    return sorted(rows[d] for d in doc_ids)


def add(db: Path, kind: str, value: str) -> int:
    store = Store.open(db)
    try:
        v, label = qw.resolve(store.conn, kind, value)
        return sw.add(store.conn, kind, v, label)[0]
    finally:
        store.close()


def news(db: Path, watch_id: int, upto: int | None = None) -> qw.WatchNews:
    conn = open_readonly(db)
    return qw.new_since(conn, qw.watchlist(conn, watch_id), upto)


def test_a_new_watchlist_has_nothing_new_until_the_next_ingest(db: Path) -> None:
    wid = add(db, "partner", "Kasachstan")
    n = news(db, wid)
    assert n.articles == [] and n.facts == []
    assert n.upto == qw.latest_article(open_readonly(db)) > 0


def test_new_lists_exactly_the_matching_articles_of_the_ingest_and_their_facts(db: Path, tmp_path: Path) -> None:
    partner, search, entity, other = (add(db, "partner", "KZ"), add(db, "search", "Traktoren"),
                                      add(db, "entity", "country:KZ"), add(db, "search", "Milchwerk"))
    ingest(db, write_jsonl(tmp_path / "more.jsonl", KZ_TRACTORS, UZ_DAIRY))
    (kz,), (uz,) = ids_of(db, KZ_TRACTORS["id"]), ids_of(db, UZ_DAIRY["id"])
    for wid in (partner, search, entity):
        assert [a.id for a in news(db, wid).articles] == [kz], wid
    assert [a.id for a in news(db, other).articles] == [uz]
    conn = open_readonly(db)
    shown = {f.fact_id for f in article_facts(conn, kz) if f.table in qw.FACT_TABLES_SHOWN}
    assert shown and any(f.startswith("figures:") for f in shown)
    assert {f.fact_id for f in news(db, partner).facts} == shown
    mentions = {f"{t}:{i}" for t, i in conn.execute(
        "SELECT fact_table, fact_id FROM entity_mentions WHERE entity_id = 'country:KZ' AND article_id = ?", (kz,))}
    assert mentions and {f.fact_id for f in news(db, entity).facts} == mentions
    assert all(f.evidence and f.article_id == kz for f in news(db, entity).facts)


def test_mark_seen_stops_at_what_was_listed(db: Path, tmp_path: Path) -> None:
    wid = add(db, "partner", "Kasachstan")
    ingest(db, write_jsonl(tmp_path / "a.jsonl", KZ_TRACTORS))
    listed = news(db, wid)
    assert [a.id for a in listed.articles] == ids_of(db, KZ_TRACTORS["id"])
    ingest(db, write_jsonl(tmp_path / "b.jsonl", KZ_GRAIN))  # stored after the user looked
    conn = connect(db)
    assert sw.mark_seen(conn, wid, listed.upto)
    assert [a.id for a in news(db, wid).articles] == ids_of(db, KZ_GRAIN["id"])
    assert sw.mark_seen(conn, wid, 0)  # never moves back
    assert [a.id for a in news(db, wid).articles] == ids_of(db, KZ_GRAIN["id"])
    assert sw.mark_seen(conn, wid)
    assert news(db, wid).articles == [] and news(db, wid).runs == 0
    assert not sw.mark_seen(conn, 9999)


def test_a_partner_is_saved_once_whatever_its_spelling_and_unknown_names_are_refused(db: Path) -> None:
    first = add(db, "partner", "Kazakhstan")
    assert add(db, "partner", "KZ") == first == add(db, "partner", "Казахстан")
    assert [w.value for w in qw.watchlists(open_readonly(db))] == ["Kasachstan"]
    store = Store.open(db)
    with pytest.raises(NotFound):
        qw.resolve(store.conn, "partner", "Atlantis Nirgendwo")
    with pytest.raises(NotFound):
        qw.resolve(store.conn, "entity", "Niemand Unbekanntowitsch")
    with pytest.raises(UsageError):
        qw.resolve(store.conn, "search", "   ")
    with pytest.raises(ValueError):
        sw.add(store.conn, "colour", "rot")
    assert sw.remove(store.conn, first) and not sw.remove(store.conn, first)
    assert qw.watchlists(store.conn) == []
    store.close()


def test_cli_watch_add_list_new_mark_seen(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()

    def run(*args: str) -> str:
        r = runner.invoke(cli, [*args, "--db", str(db)], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return r.stdout

    assert "saved: watchlist 1 (partner Kasachstan)" in run("watch", "add", "partner", "Kazakhstan")
    assert "already saved: watchlist 1" in run("watch", "add", "partner", "KZ")
    assert "saved: watchlist 2" in run("watch", "add", "search", "Milchwerk")
    ingest(db, write_jsonl(tmp_path / "more.jsonl", KZ_TRACTORS, UZ_DAIRY))
    rows = [json.loads(x) for x in run("watch", "list", "--format", "jsonl").splitlines()]
    assert [(r["id"], r["new_articles"]) for r in rows] == [(1, 1), (2, 1)]
    out = [json.loads(x) for x in run("watch", "new", "1", "--format", "jsonl").splitlines()]
    assert [r["doc_id"] for r in out if r["type"] == "article"] == [KZ_TRACTORS["id"]]
    assert {r["fact_id"] for r in out if r["type"] == "fact"} == {f.fact_id for f in news(db, 1).facts}
    table = run("watch", "new", "--mark-seen")
    assert KZ_TRACTORS["title"] in table and UZ_DAIRY["title"] in table
    assert "0 new article(s)" in run("watch", "new")
    bad = runner.invoke(cli, ["watch", "add", "partner", "Atlantis Nirgendwo", "--db", str(db)])
    assert bad.exit_code != 0
    with pytest.raises(SystemExit) as done:
        main(["watch", "new", "77", "--db", str(db)])
    assert done.value.code == 1
