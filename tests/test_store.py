"""SQLite store: named migrations, articles keyed by content, fact rows with provenance, rejects,
FTS5 search, and batches as transactions (an interrupted run is finished by a rerun)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coopgraph import pipeline, query
from coopgraph.clean import clean
from coopgraph.errors import StoreError, UsageError
from coopgraph.models import Extraction, Person, RawDoc, Reject, SectorHit
from coopgraph.settings import Settings
from coopgraph.store import FACT_TABLES, Store, connect
from coopgraph.store.migrations import MIGRATIONS


def extraction(text: str, doc_id: str = "a.txt") -> Extraction:
    return Extraction(article=clean(RawDoc(id=doc_id, source=doc_id, fmt="text", content=text)))


TEXT_A = ("KASAN, 22. Mai (BelTA) - Das Handelshaus MTZ-Tatarstan hat seit Jahresbeginn mehr als 300 "
          "belarussische Traktoren verkauft. Das teilte die Vertretung des Minsker Traktorenwerks mit.")
TEXT_B = ("JEREWAN, 1. Juni (BelTA) - Das Minsker Aufzugswerk wird im Sommer weitere Aufzüge nach Armenien "
          "liefern. Ein Vertrag darüber wurde in Jerewan unterzeichnet.")


@pytest.fixture
def store(db_path: Path):  # type: ignore[no-untyped-def]
    s = Store.open(db_path)
    yield s
    s.close()


def count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- migrations ---------------------------------------------------------------------------------
def test_migrations_are_named_applied_once_and_idempotent(db_path: Path) -> None:
    names = [name for name, _ in MIGRATIONS]
    assert names == sorted(names) and len(set(names)) == len(names)
    assert all(n[:4].isdigit() and "_" in n for n in names)
    s = Store.open(db_path)
    assert s.applied_migrations() == names
    assert s.migrate() == []  # nothing left to apply
    s.close()
    s = Store.open(db_path)  # reopen: nothing applied again, nothing recorded twice
    assert s.migrate() == []
    rows = s.conn.execute("SELECT name, count(*) FROM migrations GROUP BY name").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(n, 1) for n in names]
    s.close()


def test_pending_migrations_are_applied_on_open(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coopgraph.store as store_mod

    monkeypatch.setattr(store_mod, "MIGRATIONS", MIGRATIONS[:1])
    Store.open(db_path).close()
    monkeypatch.setattr(store_mod, "MIGRATIONS", MIGRATIONS)
    s = Store.open(db_path)
    assert s.applied_migrations() == [n for n, _ in MIGRATIONS]
    s.close()


def test_a_failing_migration_leaves_nothing_behind(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coopgraph.store as store_mod

    broken = [*MIGRATIONS, ("9999_broken", "CREATE TABLE half (x INTEGER);\nTHIS IS NOT SQL;")]
    monkeypatch.setattr(store_mod, "MIGRATIONS", broken)
    with pytest.raises(StoreError):
        Store.open(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM migrations WHERE name = '9999_broken'").fetchone()[0] == 0


def test_schema(store: Store) -> None:
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")}
    assert {"migrations", "articles", "rejects", "runs", "articles_fts", *FACT_TABLES} <= tables
    for table in FACT_TABLES:
        cols = {r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")}
        assert {"article_id", "start_char", "end_char", "extractor", "rule_id", "pipeline_version"} <= cols, table
    rejects_sql = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'rejects'").fetchone()[0]
    assert "UNIQUE (source, stage, reason)" in rejects_sql


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    p = tmp_path / "kein.db"
    p.write_bytes(b"Das ist keine Datenbank, sondern ein Brief an den Minister." * 20)
    with pytest.raises(StoreError) as err:
        Store.open(p)
    assert "new --db path" in str(err.value)


def test_missing_database_for_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        connect(tmp_path / "fehlt.db", readonly=True)
    assert "coopgraph ingest" in str(err.value)


# -- articles and facts -------------------------------------------------------------------------
def test_articles_are_keyed_by_their_clean_text_and_document(store: Store) -> None:
    a, b = extraction(TEXT_A, "a.txt"), extraction(TEXT_B, "b.txt")
    assert store.save_batch([a, b]) == (2, 0)
    assert store.save_batch([extraction(TEXT_A, "a.txt"), b]) == (0, 2)  # the same documents again
    # The same text under another document id is a mirror: stored, and clustered into one story.
    assert store.save_batch([extraction(TEXT_A, "kopie.txt")]) == (1, 0)
    c = extraction(TEXT_A.replace("300", "400"), "c.txt")
    assert store.save_batch([c, extraction(c.article.text, "c.txt")]) == (1, 1)  # twice in one batch: once
    assert count(store.conn, "articles") == 4
    store.update_graph()
    stories = dict(store.conn.execute("SELECT a.doc_id, m.story_id FROM story_members m JOIN articles a "
                                      "ON a.id = m.article_id").fetchall())
    assert stories["a.txt"] == stories["kopie.txt"] != stories["b.txt"]


def test_article_row_keeps_text_raw_text_and_offset_map(store: Store) -> None:
    import json

    ext = extraction("Projekte\nWirtschaft\n22 Mai 2024, 09:15\n\nTitel über Traktoren\n\n" + TEXT_A, "a.txt")
    store.save_batch([ext])
    row = store.conn.execute("SELECT * FROM articles").fetchone()
    assert row["doc_id"] == "a.txt" and row["text"] == ext.article.text
    assert row["raw_text"] == ext.article.raw_text
    assert [tuple(x) for x in json.loads(row["offset_map"])] == [tuple(x) for x in ext.article.offset_map]
    assert (row["date"], row["date_partial"], row["dateline_place"], row["agency"]) == (
        "2024-05-22", "--05-22", "Kasan", "BelTA")
    assert row["text"][row["dateline_start"]:row["dateline_end"]] == "KASAN, 22. Mai (BelTA) -"
    assert row["pipeline_version"] and row["ingested_at"] and row["content_hash"] == ext.article.content_hash


def test_fact_rows_carry_article_id_span_and_extractor(store: Store) -> None:
    ext = extraction(TEXT_A)
    start = ext.article.text.index("MTZ-Tatarstan")
    ext.persons.append(Person(start=0, end=5, extractor="test", rule="person:x", name="Iwan Petrow", role="Direktor"))
    ext.sectors.append(SectorHit(start=start, end=start + 13, extractor="test", rule="sector:agri",
                                 sector="agricultural_machinery"))
    store.save_batch([ext])
    art_id = store.conn.execute("SELECT id FROM articles").fetchone()[0]
    row = store.conn.execute("SELECT * FROM sectors").fetchone()
    assert (row["article_id"], row["start_char"], row["end_char"], row["extractor"], row["rule_id"]) == (
        art_id, start, start + 13, "test", "sector:agri")
    text = store.conn.execute("SELECT text FROM articles").fetchone()[0]
    assert text[row["start_char"]:row["end_char"]] == "MTZ-Tatarstan"
    assert count(store.conn, "persons") == 1
    facts = query.get_article(store.conn, str(art_id))["facts"]
    assert len(facts["persons"]) == 1 and facts["persons"][0]["name"] == "Iwan Petrow"


def test_a_fact_needs_a_valid_span(store: Store) -> None:
    ext = extraction(TEXT_A)
    ext.persons.append(Person(start=10, end=5, extractor="test", rule="r", name="Verkehrt"))
    with pytest.raises(sqlite3.IntegrityError):
        store.save_batch([ext])
    assert count(store.conn, "articles") == 0  # the whole batch was rolled back


def test_deleting_an_article_deletes_its_facts_and_search_entry(store: Store) -> None:
    ext = extraction(TEXT_A)
    ext.persons.append(Person(start=0, end=5, extractor="test", rule="r", name="Iwan Petrow"))
    store.save_batch([ext])
    with store.conn:
        store.conn.execute("DELETE FROM articles")
    assert count(store.conn, "persons") == 0
    assert query.search(store.conn, "Traktoren") == []


# -- rejects ------------------------------------------------------------------------------------
def test_rejects_are_unique_per_source_stage_reason(store: Store) -> None:
    r = Reject("bad/leer.txt", "ingest", "empty file - nothing to ingest")
    store.record_reject(r)
    store.record_reject(r)
    store.record_reject(Reject("bad/leer.txt", "clean", "other reason"))
    rows = query.rejects(store.conn)
    assert [(x["source"], x["stage"], x["times"]) for x in rows] == [
        ("bad/leer.txt", "ingest", 2), ("bad/leer.txt", "clean", 1)]


# -- search -------------------------------------------------------------------------------------
@pytest.fixture
def filled(store: Store) -> Store:
    store.save_batch([extraction(TEXT_A, "kasan.txt"), extraction(TEXT_B, "jerewan.txt")])
    return store


@pytest.mark.parametrize("q, doc", [
    ("Traktoren", "kasan.txt"),
    ("MTZ-Tatarstan", "kasan.txt"),
    ("mtz-tatarstan", "kasan.txt"),
    ('"Minsker Aufzugswerk"', "jerewan.txt"),
    ("Aufzug*", "jerewan.txt"),
    ("Aufzuge", "jerewan.txt"),  # diacritics removed
    ("Armenien AND Sommer", "jerewan.txt"),
])
def test_search_finds_words_and_hyphenated_names(filled: Store, q: str, doc: str) -> None:
    rows = query.search(filled.conn, q)
    assert [r["doc_id"] for r in rows] == [doc]


def test_search_snippet_marks_matches_in_brackets(filled: Store) -> None:
    (row,) = query.search(filled.conn, "MTZ-Tatarstan")
    assert "[MTZ-Tatarstan]" in row["snippet"]
    (row,) = query.search(filled.conn, "Traktoren")
    assert "[Traktoren]" in row["snippet"]


def test_search_both_and_none(filled: Store) -> None:
    assert {r["doc_id"] for r in query.search(filled.conn, "Minsker")} == {"kasan.txt", "jerewan.txt"}
    assert query.search(filled.conn, "Mähdrescher") == []
    assert len(query.search(filled.conn, "Minsker", limit=1)) == 1


@pytest.mark.parametrize("q", ['foo"bar', "a:b", "(Minsk", "NOT", "Minsk-", "*"])
def test_odd_queries_do_not_crash(filled: Store, q: str) -> None:
    try:
        query.search(filled.conn, q)
    except UsageError as exc:
        assert exc.hint  # a refusal is fine, as long as it says what to do


def test_empty_query_is_a_usage_error(filled: Store) -> None:
    with pytest.raises(UsageError):
        query.search(filled.conn, "   ")


def test_get_article_by_numeric_id_and_doc_id(filled: Store) -> None:
    by_doc = query.get_article(filled.conn, "jerewan.txt")
    by_id = query.get_article(filled.conn, str(by_doc["id"]))
    assert by_doc["id"] == by_id["id"] and by_id["doc_id"] == "jerewan.txt"
    assert isinstance(by_id["offset_map"], list) and set(by_id["facts"]) == set(FACT_TABLES)
    assert query.get_article(filled.conn, "gibt-es-nicht") is None
    assert query.get_article(filled.conn, "99999") is None


def test_stats(filled: Store) -> None:
    s = query.stats(filled.conn)
    assert s["articles"] == 2 and s["with_date"] == 0 and s["date_partial_only"] == 2
    assert s["agencies"] == {"BelTA": 2} and s["languages"] == {"de": 2}
    assert set(s["facts"]) == set(FACT_TABLES)


# -- batches, interruption, rerun ---------------------------------------------------------------
def test_interrupted_run_is_finished_by_a_rerun(articles_dir: Path, db_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(db=str(db_path), batch_size=2, quiet=True)
    real_process = pipeline.process
    calls = {"n": 0}

    def crash_on_fifth(raw, s=None):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        return real_process(raw, s)

    monkeypatch.setattr(pipeline, "process", crash_on_fifth)
    store = Store.open(db_path)
    with pytest.raises(KeyboardInterrupt):
        pipeline.ingest([str(articles_dir)], store, settings, progress=False)
    assert count(store.conn, "articles") == 4  # two whole batches of two
    run = store.conn.execute("SELECT * FROM runs").fetchone()
    assert run["finished_at"] is not None and run["new"] == 4
    store.close()

    monkeypatch.setattr(pipeline, "process", real_process)
    store = Store.open(db_path)
    report = pipeline.ingest([str(articles_dir)], store, settings, progress=False)
    assert (report.new, report.unchanged, report.rejected) == (5, 4, 0)
    assert count(store.conn, "articles") == 9
    dupes = store.conn.execute("SELECT doc_id FROM articles GROUP BY doc_id HAVING count(*) > 1").fetchall()
    assert dupes == []
    report = pipeline.ingest([str(articles_dir)], store, settings, progress=False)
    assert (report.new, report.unchanged) == (0, 9)
    store.close()


def test_crash_inside_a_batch_write_rolls_the_batch_back(articles_dir: Path, db_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(db=str(db_path), batch_size=2, quiet=True)
    real_insert = Store._insert
    calls = {"n": 0}

    def fail_on_third(self, ext):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk on fire")
        return real_insert(self, ext)

    monkeypatch.setattr(Store, "_insert", fail_on_third)
    store = Store.open(db_path)
    with pytest.raises(RuntimeError):
        pipeline.ingest([str(articles_dir)], store, settings, progress=False)
    assert count(store.conn, "articles") == 2  # the second batch left nothing behind
    assert count(store.conn, "articles_fts") == 2
    monkeypatch.setattr(Store, "_insert", real_insert)
    report = pipeline.ingest([str(articles_dir)], store, settings, progress=False)
    assert report.new == 7 and count(store.conn, "articles") == 9
    store.close()


def test_ingest_records_rejects_once_per_rerun(bad_dir, db_path: Path) -> None:
    folder, expected = bad_dir
    from conftest import SMALL_MAX_FILE_BYTES

    settings = Settings(db=str(db_path), max_file_bytes=SMALL_MAX_FILE_BYTES, quiet=True)
    store = Store.open(db_path)
    seen: list[Reject] = []
    first = pipeline.ingest([str(folder)], store, settings, on_reject=seen.append, progress=False)
    assert first.rejected == len(expected) == len(seen)
    assert (first.new, first.read) == (1, len(expected) + 1)
    second = pipeline.ingest([str(folder)], store, settings, progress=False)
    assert (second.new, second.unchanged, second.rejected) == (0, 1, len(expected))
    assert count(store.conn, "rejects") == len(expected)
    assert {r["times"] for r in query.rejects(store.conn)} == {2}
    assert count(store.conn, "runs") == 2
    store.close()


def test_two_worker_processes_store_the_same_as_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from coopgraph.pipeline import ingest
    from coopgraph.resources import sample_corpus_path
    from coopgraph.settings import Settings

    snapshots = []
    for workers in (1, 2):
        st = Store.open(tmp_path / f"w{workers}.db")
        ingest([str(sample_corpus_path())], st, Settings(quiet=True, workers=workers), progress=False)
        snapshots.append({t: st.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                          for t in ("articles", "persons", "figures", "quotes", "partners", "stories", "entities")}
                         | {"docs": [r[0] for r in st.conn.execute("SELECT doc_id FROM articles ORDER BY id")]})
        st.close()
    assert snapshots[0] == snapshots[1]


def test_opening_a_migrated_database_takes_no_write_lock(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coopgraph.store as store_mod

    Store.open(db_path).close()
    writer = sqlite3.connect(db_path)
    writer.execute("BEGIN IMMEDIATE")  # another process is in the middle of a batch
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_S", 0.2)
    s = Store.open(db_path)  # would fail with "database is locked" if it waited for the lock
    assert s.migrate() == []
    s.close()
    writer.rollback()
    writer.close()


def test_a_migration_applied_by_another_process_while_waiting_for_the_lock_is_not_applied_again(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coopgraph.store as store_mod

    monkeypatch.setattr(store_mod, "MIGRATIONS", MIGRATIONS[:-1])
    Store.open(db_path).close()
    monkeypatch.setattr(store_mod, "MIGRATIONS", MIGRATIONS)
    first, second = Store(connect(db_path)), Store(connect(db_path))
    real = store_mod.write_transaction

    def the_other_one_goes_first(conn: sqlite3.Connection):  # type: ignore[no-untyped-def]
        if conn is second.conn:  # second saw the migration pending, then waited for the lock ...
            monkeypatch.setattr(store_mod, "write_transaction", real)
            assert first.migrate() == [MIGRATIONS[-1][0]]  # ... while first applied it
        return real(conn)

    monkeypatch.setattr(store_mod, "write_transaction", the_other_one_goes_first)
    assert second.migrate() == []  # before: "table ... already exists"
    rows = second.conn.execute("SELECT name, count(*) FROM migrations GROUP BY name").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(n, 1) for n, _ in MIGRATIONS]
    first.close()
    second.close()
