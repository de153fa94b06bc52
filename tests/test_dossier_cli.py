"""The graph commands through the CLI: dossier, partners, entity, projects, matches, export, graph."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.resources import sample_corpus_path

GRAPH = Path(__file__).parent / "corpus" / "graph"


def _ingest(runner: CliRunner, db: Path, *paths: str) -> None:
    result = runner.invoke(cli, ["ingest", *paths, "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output


def test_tula_dossier_from_the_seeds_and_the_sample(runner: CliRunner, seeds_dir: Path, db_path: Path) -> None:
    _ingest(runner, db_path, str(seeds_dir), str(sample_corpus_path()))
    for spelling in ("Gebiet Tula", "Region Tula", "Tulaer Gebiet", "RU-TUL", "Tula Oblast", "Тульская область"):
        out = runner.invoke(cli, ["dossier", spelling, "--db", str(db_path)])
        assert out.exit_code == 0, out.output
        text = out.output
        assert "target 1,00 Mrd. USD, period not stated (trade_turnover, Belarus – Gebiet Tula" in text
        assert "not compared: 500,00 Mio. USD, 2 years" in text and "50% reached" not in text
        assert "basis: " in text
        assert "Alexander Lukaschenko, Dmitri Miljajew  in Minsk  [001_db02c26120b9ea17.txt]" in text
        assert "Sectors (stories with evidence)" in text and "ev_charging 1" in text
        assert "Weißrussland ->" not in text  # canonical names, not the surface form
    data = json.loads(runner.invoke(cli, ["dossier", "Gebiet Tula", "--db", str(db_path), "--format", "jsonl"]).output)
    assert data["partner"]["code"] == "RU-TUL"
    tula = [t for t in data["targets"] if t["target"]["value"] == 1e9]
    assert tula and tula[0]["actual"] is None and tula[0]["gap"] is None


def test_belarus_dossier_on_the_seeds_compares_no_different_pairs(runner: CliRunner, seeds_dir: Path,
                                                                 db_path: Path) -> None:
    _ingest(runner, db_path, str(seeds_dir))
    text = runner.invoke(cli, ["dossier", "Belarus", "--db", str(db_path)]).output
    assert "47% reached" not in text and "latest actual 7 units" not in text
    assert "basis: no actual of project_count for Belarus – Russland" in text
    assert "über 19,00 Mrd. USD, 2021" in text  # the hedge is shown
    assert "Breakdown" in text and "Gebiet Grodno (region, BY-HR)" in text
    ru = runner.invoke(cli, ["dossier", "Russia", "--db", str(db_path)]).output
    for region in ("Gebiet Tula", "Tatarstan", "Nordossetien-Alanien"):
        assert f"  {region} (region" in ru
    for spelling in ("Kazakhstan", "Казахстан", "KZ"):
        out = runner.invoke(cli, ["dossier", spelling, "--db", str(db_path)])
        assert out.exit_code == 0 and out.output.startswith("Kasachstan (country, KZ)"), out.output
    for spelling, want in (("Kazakhstan", "Kasachstan"), ("RU-TUL", "Gebiet Tula"), ("Lukashenko", "Lukaschenko"),
                           ("Лукашенко", "Lukaschenko"), ("MAZ", "Minsker Automobilwerk")):
        out = runner.invoke(cli, ["entity", spelling, "--db", str(db_path)])
        assert out.exit_code == 0 and want in out.output.splitlines()[0], (spelling, out.output)
    assert "KAMAZ" not in runner.invoke(cli, ["entity", "MAZ", "--db", str(db_path)]).output.splitlines()[0]


def test_graph_commands(runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    _ingest(runner, db_path, str(GRAPH))
    partners = runner.invoke(cli, ["partners", "--db", str(db_path), "--format", "jsonl"])
    rows = [json.loads(line) for line in partners.output.splitlines()]
    assert rows and all(r["country"] != "BY" for r in rows)
    assert rows == sorted(rows, key=lambda r: (-r["stories"], -r["meetings"], -r["figures"], r["partner"]))
    ent = runner.invoke(cli, ["entity", "Minnikhanov", "--db", str(db_path)])
    assert ent.exit_code == 0 and "Rustam Minnichanow" in ent.output and "Rustam Minnikhanov" in ent.output
    proj = runner.invoke(cli, ["projects", "Kasachstan", "--db", str(db_path)])
    assert "Traktorkabinen" in proj.output and "operating" in proj.output
    proj_ev = runner.invoke(cli, ["projects", "Kasachstan", "--evidence", "--db", str(db_path)]).output
    assert "project_mentions:" in proj_ev and len(proj_ev.splitlines()) > len(proj.output.splitlines())
    ent_ev = runner.invoke(cli, ["entity", "Minnikhanov", "--evidence", "--db", str(db_path)]).output
    assert "persons:" in ent_ev and "Minnichanow" in ent_ev.split("persons:", 1)[1]
    matches = runner.invoke(cli, ["matches", "--db", str(db_path), "--format", "jsonl"])
    assert len(matches.output.splitlines()) >= 4
    graph = runner.invoke(cli, ["graph", "--db", str(db_path), "--rebuild"])
    assert graph.exit_code == 0 and "stories" in graph.output
    for fmt in ("jsonl", "csv"):
        exp = runner.invoke(cli, ["export", "--format", fmt, "--out", str(tmp_path / fmt), "--db", str(db_path)])
        assert exp.exit_code == 0 and (tmp_path / fmt / f"entities.{fmt}").is_file()
    missing = runner.invoke(cli, ["dossier", "Atlantis", "--db", str(db_path)])
    assert missing.exit_code != 0


def test_partners_accepts_english_russian_and_iso_spellings(runner: CliRunner, seeds_dir: Path,
                                                            db_path: Path) -> None:
    _ingest(runner, db_path, str(seeds_dir))
    outputs = []
    for spelling in ("Russland", "Russia", "Россия", "RU"):
        out = runner.invoke(cli, ["partners", spelling, "--db", str(db_path), "--format", "jsonl"])
        assert out.exit_code == 0, out.output
        rows = [json.loads(line) for line in out.output.splitlines()]
        assert {r["code"] for r in rows} >= {"RU", "RU-TUL", "RU-TA", "RU-SE"}
        outputs.append(rows)
    assert all(o == outputs[0] for o in outputs)
    kz = runner.invoke(cli, ["partners", "Kazakhstan", "--db", str(db_path), "--format", "jsonl"]).output
    assert [json.loads(line)["partner"] for line in kz.splitlines()] == ["Kasachstan"]
    window = runner.invoke(cli, ["partners", "--since", "2025", "--db", str(db_path), "--format", "jsonl"]).output
    assert {json.loads(line)["code"] for line in window.splitlines()} == {"RU-SE", "KZ"}


def test_evidence_flags_and_timeline(runner: CliRunner, db_path: Path) -> None:
    _ingest(runner, db_path, str(Path(__file__).parent / "corpus" / "dossier"))
    out = runner.invoke(cli, ["dossier", "Tatarstan", "--evidence", "--db", str(db_path)])
    assert out.exit_code == 0
    assert "figures:" in out.output and "In den ersten neun Monaten 2024 belief sich der Handelsumsatz" in out.output
    assert "basis: same metric (trade_turnover), same pair (Belarus – Tatarstan), 9 months, pro rata" in out.output
    tl = runner.invoke(cli, ["timeline", "Gebiet Tula", "--db", str(db_path), "--format", "jsonl"])
    events = [json.loads(line) for line in tl.output.splitlines()]
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert {e["date"] for e in events} == {"2024-03-06", "2025-02-12"}
    fact = next(e["fact"] for e in events if e["kind"] == "figure (actual)" and e["date"] == "2025-02-12")
    ex = runner.invoke(cli, ["explain", fact, "--db", str(db_path)])
    assert ex.exit_code == 0 and "[[" in ex.output and "inferred 2025-02-12" in ex.output
    assert "period: 2024 -> 2024 (period 2024 (a calendar year))" in ex.output
