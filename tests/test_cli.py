"""The command line, run in-process on a temporary database: ingest, search, show, stats, rejects,
extract; exit codes; output formats; settings precedence; the seeds and the sample corpus."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import SMALL_MAX_FILE_BYTES

from coopgraph import __version__
from coopgraph.cli import cli, main
from coopgraph.settings import Settings, load_settings
from coopgraph.store import connect

CONTRACT_KEYS = ["id", "url", "relevant", "dateline_place", "date", "date_partial", "year_evidence", "agency",
                 "persons", "partners", "organizations", "figures", "sectors", "meeting", "quotes", "duplicate_of"]
DATE_FIELDS = ("dateline_place", "date", "date_partial", "agency")
SUMMARY = re.compile(r"^read (\d+), new (\d+), unchanged (\d+), rejected (\d+) -> (.+)$", re.MULTILINE)


def run(runner: CliRunner, *args: str, input: bytes | str | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def summary(result: Result) -> dict[str, int]:
    m = SUMMARY.search(result.stdout)
    assert m, result.stdout
    return dict(zip(("read", "new", "unchanged", "rejected"), map(int, m.groups()[:4])))


def main_exit(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the real entry point (``coopgraph`` script) and return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out = capsys.readouterr()
    return int(exc.value.code or 0), out.out, out.err


def extract_records(runner: CliRunner, *paths: Path) -> dict[str, dict[str, Any]]:
    result = run(runner, "extract", *map(str, paths), "--format", "jsonl")
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    ids = [r["id"] for r in recs]
    assert len(ids) == len(set(ids)), "document ids must be unique"
    return {r["id"]: r for r in recs}


def assert_dates_match(got: dict[str, dict[str, Any]], gold: dict[str, dict[str, Any]], fields=DATE_FIELDS) -> None:
    assert set(got) == set(gold), f"ids differ: extra {set(got) - set(gold)}, missing {set(gold) - set(got)}"
    wrong = [(doc, f, got[doc][f], gold[doc][f]) for doc in sorted(gold) for f in fields if got[doc][f] != gold[doc][f]]
    assert not wrong, "\n".join(f"{d}: {f} = {g!r}, gold {w!r}" for d, f, g, w in wrong)


# -- ingest -------------------------------------------------------------------------------------
def test_ingest_summary_and_rerun_stores_nothing_new(runner: CliRunner, formats_dir: Path, db_path: Path) -> None:
    first = run(runner, "ingest", str(formats_dir), "--db", str(db_path))
    # the Russian (cp1251) article is read and decoded, then refused: only German is supported yet
    assert first.exit_code == 1, first.stderr
    # the .htm copy of the .html is a mirror: its own document, in the same story
    assert summary(first) == {"read": 13, "new": 12, "unchanged": 0, "rejected": 1}
    assert first.stderr.splitlines() == [
        (f"rejected {formats_dir / 'kasan_cp1251.txt'} [language]: language not supported yet: Russian (ru, "
         "detected with 1.00) - coopgraph extracts facts from German articles only")]
    second = run(runner, "ingest", str(formats_dir), "--db", str(db_path))
    assert summary(second) == {"read": 13, "new": 0, "unchanged": 12, "rejected": 1}
    conn = connect(db_path)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 12
    assert conn.execute("SELECT count(DISTINCT story_id) FROM story_members").fetchone()[0] == 11


def test_ingest_summary_as_jsonl_and_csv(runner: CliRunner, articles_dir: Path, db_path: Path) -> None:
    out = run(runner, "ingest", str(articles_dir), "--db", str(db_path), "--format", "jsonl").stdout
    rec = json.loads(out)
    assert rec == {"read": 9, "new": 9, "unchanged": 0, "rejected": 0, "db": str(db_path)}
    out = run(runner, "ingest", str(articles_dir), "--db", str(db_path), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows == [{"read": "9", "new": "0", "unchanged": "9", "rejected": "0", "db": str(db_path)}]


def test_ingest_stdin(runner: CliRunner, fixtures_dir: Path, db_path: Path) -> None:
    data = (fixtures_dir / "articles" / "grodno_no_year.txt").read_bytes()
    result = run(runner, "ingest", "-", "--db", str(db_path), input=data)
    assert summary(result)["new"] == 1
    row = connect(db_path).execute("SELECT doc_id, source, dateline_place FROM articles").fetchone()
    # an article from stdin is named by its content hash, so two different ones never share an id
    assert tuple(row) == ("stdin:" + hashlib.sha256(data).hexdigest()[:16], "stdin", "Grodno")


def test_ingest_jsonl_from_stdin(runner: CliRunner, fixtures_dir: Path, db_path: Path) -> None:
    data = (fixtures_dir / "articles" / "fixtures_feed.jsonl").read_bytes()
    result = run(runner, "ingest", "-", "--db", str(db_path), input=data)
    assert summary(result)["new"] == 3
    ids = {r[0] for r in connect(db_path).execute("SELECT doc_id FROM articles")}
    assert {"fx-2024-0905-kirgisistan", "fx-2023-0314-jakutien"} <= ids


def test_mixed_folder_stores_every_seed_and_rejects_every_bad_file(
        runner: CliRunner, seeds_dir: Path, bad_dir, db_path: Path, find_reject) -> None:
    folder, expected = bad_dir
    for seed in seeds_dir.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    args = ["ingest", str(folder), "--db", str(db_path), "--max-file-bytes", str(SMALL_MAX_FILE_BYTES)]
    first = run(runner, *args)
    assert first.exit_code == 1
    n_seeds = len(list(seeds_dir.glob("*.txt")))
    assert summary(first) == {"read": n_seeds + 1 + len(expected), "new": n_seeds + 1, "unchanged": 0,
                              "rejected": len(expected)}
    # One clear line on stderr per bad input, naming the source, the stage and the reason with a hint.
    lines = first.stderr.strip().splitlines()
    assert len(lines) == len(expected)
    assert all(re.match(r"^rejected \S+ \[(ingest|decode|clean)\]: .+ - .+$", line) for line in lines), lines
    conn = connect(db_path)
    stored = {r[0] for r in conn.execute("SELECT doc_id FROM articles")}
    assert stored == {p.name for p in seeds_dir.glob("*.txt")} | {"broken-good-1"}
    rows = [dict(r) for r in conn.execute("SELECT source, stage, reason, times FROM rejects")]
    assert len(rows) == len(expected)
    for suffix, (stage, words) in expected.items():
        row = find_reject(rows, suffix)
        assert row["stage"] == stage and words in row["reason"], row

    second = run(runner, *args)
    assert second.exit_code == 1
    assert summary(second)["new"] == 0 and summary(second)["unchanged"] == n_seeds + 1
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == n_seeds + 1
    again = [dict(r) for r in conn.execute("SELECT source, stage, reason, times FROM rejects")]
    assert [(r["source"], r["stage"], r["reason"]) for r in again] == [
        (r["source"], r["stage"], r["reason"]) for r in rows]
    assert {r["times"] for r in again} == {2}


def test_rejects_command(runner: CliRunner, bad_dir, db_path: Path) -> None:
    folder, expected = bad_dir
    run(runner, "ingest", str(folder), "--db", str(db_path), "--max-file-bytes", str(SMALL_MAX_FILE_BYTES))
    rows = [json.loads(line) for line in run(runner, "rejects", "--db", str(db_path), "--format", "jsonl")
            .stdout.splitlines()]
    assert len(rows) == len(expected) and set(rows[0]) == {"source", "stage", "reason", "times"}
    table = run(runner, "rejects", "--db", str(db_path)).stdout
    assert table.splitlines()[0].split() == ["source", "stage", "reason", "times"]


# -- exit codes through the real entry point ---------------------------------------------------
def test_exit_code_of_the_script(tmp_path: Path, articles_dir: Path, bad_dir, capsys) -> None:
    db = str(tmp_path / "x.db")
    code, out, err = main_exit(["ingest", str(articles_dir), "--db", db], capsys)
    assert (code, err) == (0, "") and "new 9" in out
    folder, expected = bad_dir
    code, out, err = main_exit(["ingest", str(folder), "--db", db], capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == len(expected) - 1  # too_big.txt passes the default size limit


@pytest.mark.parametrize("argv, words", [
    (["ingest"], "nothing to ingest"),
    (["search", "   ", "--db", "{db}"], "empty search query"),
    (["ingest", "--format", "xml", "x"], "Invalid value"),
    (["frobnicate"], "No such command"),
])
def test_usage_errors_exit_2(argv: list[str], words: str, tmp_path: Path, articles_dir: Path, capsys) -> None:
    db = str(tmp_path / "u.db")
    main_exit(["ingest", str(articles_dir / "kasan_mtz.txt"), "--db", db], capsys)
    code, out, err = main_exit([a.format(db=db) for a in argv], capsys)
    assert code == 2 and words in err and out == ""


@pytest.mark.parametrize("argv, words", [
    (["show", "gibt-es-nicht", "--db", "{db}"], "no article"),
    (["show", "999999999999999999999999", "--db", "{db}"], "no article"),
    (["show", "²", "--db", "{db}"], "no article"),
    (["entity", "Niemandsland", "--db", "{db}"], "no entity"),
    (["dossier", "Atlantis", "--db", "{db}"], "no partner"),
    (["explain", "figures:999999", "--db", "{db}"], "no fact"),
])
def test_not_found_exits_1_with_one_line(argv: list[str], words: str, tmp_path: Path, articles_dir: Path,
                                         capsys) -> None:
    db = str(tmp_path / "n.db")
    main_exit(["ingest", str(articles_dir / "kasan_mtz.txt"), "--db", db], capsys)
    code, out, err = main_exit([a.format(db=db) for a in argv], capsys)
    assert code == 1 and words in err and out == "", (code, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2  # the error, at most a graph note


@pytest.mark.parametrize("argv, words", [
    (["search", "x", "--limit", "-5", "--db", "{db}"], "-5 is not in the range"),
    (["search", "x", "--limit", "0", "--db", "{db}"], "is not in the range"),
    (["explain", "nonsense", "--db", "{db}"], "not a fact id"),
    (["explain", "figures:99999999999999999999999", "--db", "{db}"], "not a fact id"),
    (["dossier", "Belarus", "--since", "2024-13", "--db", "{db}"], "is not a date"),
])
def test_bad_arguments_exit_2_without_traceback(argv: list[str], words: str, tmp_path: Path, articles_dir: Path,
                                                capsys) -> None:
    db = str(tmp_path / "b.db")
    main_exit(["ingest", str(articles_dir / "kasan_mtz.txt"), "--db", db], capsys)
    code, _, err = main_exit([a.format(db=db) for a in argv], capsys)
    assert code == 2 and words in err and "Traceback" not in err, (code, err)


def test_huge_limit_and_like_wildcards_give_correct_results(tmp_path: Path, articles_dir: Path, capsys) -> None:
    db = str(tmp_path / "w.db")
    main_exit(["ingest", str(articles_dir / "kasan_mtz.txt"), "--db", db], capsys)
    code, out, err = main_exit(["search", "Traktoren", "--limit", "99999999999999999999999", "--db", db,
                                "--format", "jsonl"], capsys)
    assert code == 0 and "Traceback" not in err and len(out.splitlines()) >= 1
    for pattern in ("%", "_", "%a%"):
        code, out, err = main_exit(["entity", pattern, "--db", db], capsys)
        assert code == 1 and "no entity" in err, (pattern, out)  # a literal %, not "every entity"


def test_reading_a_missing_database_exits_1_with_a_hint(tmp_path: Path, capsys) -> None:
    code, _, err = main_exit(["stats", "--db", str(tmp_path / "fehlt.db")], capsys)
    assert code == 1 and "coopgraph ingest" in err


def test_version_and_help(capsys) -> None:
    code, out, _ = main_exit(["--version"], capsys)
    assert code == 0 and __version__ in out
    code, out, _ = main_exit(["-h"], capsys)
    assert code == 0
    for command in ("ingest", "search", "show", "stats", "rejects", "extract"):
        assert command in out


# -- search / show / stats in every format --------------------------------------------------------
@pytest.fixture
def filled_db(runner: CliRunner, articles_dir: Path, db_path: Path) -> Path:
    assert run(runner, "ingest", str(articles_dir), "--db", str(db_path)).exit_code == 0
    return db_path


def test_search_formats(runner: CliRunner, filled_db: Path) -> None:
    db = str(filled_db)
    rows = [json.loads(line) for line in run(runner, "search", "MTZ-Tatarstan", "--db", db, "--format", "jsonl")
            .stdout.splitlines()]
    assert [r["doc_id"] for r in rows] == ["kasan_mtz.txt"]
    assert "[MTZ-Tatarstan]" in rows[0]["snippet"]
    assert list(rows[0]) == ["id", "doc_id", "date", "dateline_place", "title", "snippet", "score"]
    table = list(csv.DictReader(io.StringIO(run(runner, "search", "Aufzügen", "--db", db, "--format", "csv").stdout)))
    assert [r["doc_id"] for r in table] == ["mogiljow_kaluga_page.txt"] and "[Aufzügen]" in table[0]["snippet"]
    out = run(runner, "search", "Traktoren", "--db", db).stdout
    assert out.splitlines()[0].split() == ["id", "date", "doc_id", "snippet"]  # the match stays on screen
    assert "kasan_mtz.txt" in out
    assert run(runner, "search", "Nichtvorhandenwort", "--db", db).stdout == "(no rows)\n"


def test_show_by_numeric_id_and_by_doc_id(runner: CliRunner, filled_db: Path) -> None:
    db = str(filled_db)
    by_doc = json.loads(run(runner, "show", "kasan_mtz.txt", "--db", db, "--format", "jsonl").stdout)
    by_id = json.loads(run(runner, "show", str(by_doc["id"]), "--db", db, "--format", "jsonl").stdout)
    assert by_doc == by_id
    assert by_doc["doc_id"] == "kasan_mtz.txt" and by_doc["dateline_place"] == "Kasan"
    assert by_doc["text"].startswith("KASAN, 22. Mai (BelTA) -") and "facts" in by_doc
    table = run(runner, "show", "kasan_mtz.txt", "--db", db).stdout
    assert re.search(r"^doc_id\s+kasan_mtz\.txt$", table, re.MULTILINE)
    assert table.rstrip().endswith("für Landtechnik eröffnet werden.")  # the text follows the fields
    rows = {r["field"]: r["value"] for r in csv.DictReader(io.StringIO(
        run(runner, "show", str(by_doc["id"]), "--db", db, "--format", "csv").stdout))}
    assert rows["doc_id"] == "kasan_mtz.txt" and rows["date"] == "2024-05-22"
    assert json.loads(rows["facts"]).keys() >= {"persons", "figures", "quotes"}


def test_stats_formats(runner: CliRunner, filled_db: Path) -> None:
    db = str(filled_db)
    s = json.loads(run(runner, "stats", "--db", db, "--format", "jsonl").stdout)
    assert s["articles"] == 9 and s["rejects"] == 0
    assert s["with_date"] == 7 and s["date_partial_only"] == 1
    assert (s["first_date"], s["last_date"]) == ("2023-03-14", "2025-03-03")
    rows = {r["field"]: r["value"] for r in csv.DictReader(io.StringIO(
        run(runner, "stats", "--db", db, "--format", "csv").stdout))}
    assert rows["articles"] == "9"
    table = run(runner, "stats", "--db", db).stdout
    assert re.search(r"^articles\s+9$", table, re.MULTILINE)


# -- extract ------------------------------------------------------------------------------------
def test_extract_prints_the_gold_schema_keys_in_order(runner: CliRunner, articles_dir: Path) -> None:
    for rec in extract_records(runner, articles_dir).values():
        assert list(rec)[:len(CONTRACT_KEYS)] == CONTRACT_KEYS
    # Without provenance: exactly the contract, plus nothing that carries spans.
    result = run(runner, "extract", str(articles_dir), "--no-provenance")
    for line in result.stdout.splitlines():
        rec = json.loads(line)
        assert list(rec)[:len(CONTRACT_KEYS)] == CONTRACT_KEYS
        assert "start" not in json.dumps(rec.get("persons"))


def test_extract_ids_are_file_names_and_jsonl_ids(runner: CliRunner, articles_dir: Path, expected) -> None:
    got = extract_records(runner, articles_dir)
    assert_dates_match(got, expected, ("url", *DATE_FIELDS))


def test_extract_table_and_csv(runner: CliRunner, articles_dir: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(runner, "extract", str(articles_dir), "--format", "csv").stdout)))
    assert {r["id"] for r in rows} >= {"kasan_mtz.txt", "fx-2023-0314-jakutien"}
    assert run(runner, "extract", str(articles_dir), "--format", "table").stdout.startswith("id ")


def test_extract_exit_code_and_stderr_for_rejects(tmp_path: Path, articles_dir: Path, capsys) -> None:
    (articles_dir / "leer.txt").write_bytes(b"")
    code, out, err = main_exit(["extract", str(articles_dir)], capsys)
    assert code == 1 and len(out.splitlines()) == 9
    assert err.strip().splitlines() == [(f"rejected {articles_dir / 'leer.txt'} [ingest]: empty file - "
                                         "nothing to ingest; remove the file or fill it")]


def test_seeds_extract_matches_gold_dates_and_agency(runner: CliRunner, seeds_dir: Path, seeds_gold) -> None:
    assert_dates_match(extract_records(runner, seeds_dir), seeds_gold)


def test_seed_gold_uses_the_contract_key_order(seeds_gold) -> None:
    for row in seeds_gold.values():
        assert list(row) == CONTRACT_KEYS, row["id"]


def test_sample_gold_uses_the_contract_key_order(sample_gold) -> None:
    for row in sample_gold.values():
        assert list(row) == CONTRACT_KEYS, row["id"]


def test_sample_corpus_extract_matches_gold(runner: CliRunner, sample_dir: Path, sample_gold) -> None:
    """Every article of the bundled corpus: dateline place, date, partial date and agency as in the gold."""
    assert_dates_match(extract_records(runner, sample_dir), sample_gold, ("url", *DATE_FIELDS))


def test_ingest_seeds_twice_stores_nothing_new(runner: CliRunner, seeds_dir: Path, db_path: Path) -> None:
    first = run(runner, "ingest", str(seeds_dir), "--db", str(db_path))
    n = len(list(seeds_dir.glob("*.txt")))
    assert summary(first) == {"read": n, "new": n, "unchanged": 0, "rejected": 0}
    second = run(runner, "ingest", str(seeds_dir), "--db", str(db_path))
    assert "new 0," in second.stdout and second.exit_code == 0


def test_search_the_seeds_for_a_hyphenated_name(runner: CliRunner, seeds_dir: Path, db_path: Path) -> None:
    run(runner, "ingest", str(seeds_dir), "--db", str(db_path))
    rows = [json.loads(x) for x in run(runner, "search", "MTZ-Tatarstan", "--db", str(db_path), "--format", "jsonl")
            .stdout.splitlines()]
    assert [r["doc_id"] for r in rows] == ["002_24542818cdbb7968.txt"]
    assert "[MTZ-Tatarstan]" in rows[0]["snippet"]


def test_demo_ingests_the_sample_corpus(runner: CliRunner, sample_dir: Path, db_path: Path) -> None:
    result = run(runner, "demo", "--db", str(db_path))
    assert result.exit_code == 0, result.stderr
    assert summary(result)["rejected"] == 0 and summary(result)["new"] >= 20
    assert "try: coopgraph search" in result.stdout


# -- settings: defaults < user file < COOPGRAPH_* < flags ----------------------------------------
def test_settings_precedence(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('db = "aus-datei.db"\nbatch_size = 50\nmax_file_bytes = 1000\n', encoding="utf-8")
    assert load_settings(tmp_path / "fehlt.toml", env={}) == Settings()
    s = load_settings(cfg, env={})
    assert (s.db, s.batch_size, s.max_file_bytes, s.min_text_chars) == ("aus-datei.db", 50, 1000, 40)
    s = load_settings(cfg, env={"COOPGRAPH_DB": "aus-env.db", "COOPGRAPH_BATCH_SIZE": "7", "COOPGRAPH_QUIET": "yes"})
    assert (s.db, s.batch_size, s.max_file_bytes, s.quiet) == ("aus-env.db", 7, 1000, True)
    s = load_settings(cfg, env={"COOPGRAPH_DB": "aus-env.db"}, db="aus-flag.db", batch_size=None)
    assert (s.db, s.batch_size) == ("aus-flag.db", 50)


def test_settings_file_from_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('db = "env-datei.db"\n', encoding="utf-8")
    assert load_settings(None, env={"COOPGRAPH_CONFIG": str(cfg)}).db == "env-datei.db"


@pytest.mark.parametrize("content, words", [
    ('unbekannt = 1\n', "unknown settings"),
    ('db = "x"\n[[kaputt\n', "cannot read settings file"),
    ('batch_size = "200"\n', "batch_size in"),
    ('quiet = 1\n', "must be a bool"),
])
def test_bad_settings_file(tmp_path: Path, content: str, words: str) -> None:
    from coopgraph.errors import UsageError

    cfg = tmp_path / "c.toml"
    cfg.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError) as err:
        load_settings(cfg, env={})
    assert words in str(err.value) and err.value.hint


def test_bad_number_in_environment() -> None:
    from coopgraph.errors import UsageError

    with pytest.raises(UsageError) as err:
        load_settings(None, env={"COOPGRAPH_BATCH_SIZE": "viele"})
    assert "COOPGRAPH_BATCH_SIZE" in str(err.value)


def test_settings_precedence_through_the_cli(runner: CliRunner, tmp_path: Path, articles_dir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'db = "{tmp_path / "datei.db"}"\n', encoding="utf-8")
    src = str(articles_dir / "kasan_mtz.txt")
    run(runner, "--config", str(cfg), "ingest", src)
    assert (tmp_path / "datei.db").exists()
    monkeypatch.setenv("COOPGRAPH_DB", str(tmp_path / "env.db"))
    run(runner, "--config", str(cfg), "ingest", src)
    assert (tmp_path / "env.db").exists()
    run(runner, "--config", str(cfg), "ingest", src, "--db", str(tmp_path / "flag.db"))
    assert (tmp_path / "flag.db").exists()
    # Size limit from the environment, overridden by the flag.
    monkeypatch.setenv("COOPGRAPH_MAX_FILE_BYTES", "100")
    assert run(runner, "ingest", src, "--db", str(tmp_path / "g.db")).exit_code == 1
    assert run(runner, "ingest", src, "--db", str(tmp_path / "g.db"), "--max-file-bytes", "100000").exit_code == 0
    monkeypatch.setenv("COOPGRAPH_CONFIG", str(cfg))  # the user file named by the environment
    monkeypatch.delenv("COOPGRAPH_DB")
    monkeypatch.delenv("COOPGRAPH_MAX_FILE_BYTES")
    assert "datei.db" in run(runner, "ingest", src).stdout


def test_default_database_is_in_the_working_directory(runner: CliRunner, tmp_path: Path, articles_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run(runner, "ingest", str(articles_dir / "kasan_mtz.txt"))
    assert (tmp_path / "coopgraph.db").exists()
    rows = read_jsonl_stdout(run(runner, "search", "Traktoren", "--format", "jsonl").stdout)
    assert rows and rows[0]["doc_id"] == "kasan_mtz.txt"


def read_jsonl_stdout(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]

