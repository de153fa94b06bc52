"""Exports load as they are: pandas reads every Parquet and CSV file (empty tables too), list columns are
lists, every fact table carries its entity and canonical name, dates are ISO or empty, the GraphML has no
isolated node and the FollowTheMoney entities validate. Also: no CSV cell a spreadsheet would run."""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.export import FACT_TABLES, partner_graph, tables, validate_ftm
from coopgraph.output import write_rows
from coopgraph.resources import sample_corpus_path
from coopgraph.store import Store

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")
nx = pytest.importorskip("networkx")

ENV = {"COOPGRAPH_CONFIG": "/nonexistent/coopgraph-tests/config.toml"}
ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
LIST_COLUMNS = {"entities": ["aliases"], "persons": ["mentions"], "figures": ["parties", "party_ids"],
                "meetings": ["participants", "participant_ids"], "offers": ["sectors"],
                "project_mentions": ["sectors"], "matches": ["products"], "person_roles": ["articles"]}
TABLES = {"articles", "entities", "person_roles", "stories", "projects", "project_events", "matches", *FACT_TABLES}


def _run(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(cli, list(args), env=ENV)
    assert result.exit_code == 0, result.output
    return result


def _export_all(runner: CliRunner, db: Path, out: Path) -> Path:
    import importlib.util

    fmts = ["jsonl", "csv", "parquet", "graphml"]
    if importlib.util.find_spec("followthemoney") is not None:  # in the [dev] and [export] extras
        fmts.append("ftm")
    for fmt in fmts:
        _run(runner, "export", "--format", fmt, "--out", str(out / fmt), "--db", str(db))
    return out


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("sample")
    runner = CliRunner()
    _run(runner, "ingest", str(sample_corpus_path()), "--db", str(tmp / "db.sqlite"), "-q")
    return _export_all(runner, tmp / "db.sqlite", tmp)


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    tmp = tmp_path_factory.mktemp("seeds")
    runner = CliRunner()
    _run(runner, "ingest", str(seeds_dir), str(sample_corpus_path()), "--db", str(tmp / "db.sqlite"), "-q")
    return _export_all(runner, tmp / "db.sqlite", tmp)


@pytest.fixture(scope="module")
def empty_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("empty")
    Store.open(tmp / "db.sqlite").close()
    return _export_all(CliRunner(), tmp / "db.sqlite", tmp)


@pytest.fixture(params=["sample", "seeds", "empty"])
def export_dir(request: pytest.FixtureRequest) -> Path:
    # the seeds export skips ("../shared/seeds not present") where the seeds are absent
    return request.getfixturevalue(f"{request.param}_export")


def test_pandas_reads_every_parquet_and_csv_file_as_it_is(export_dir: Path) -> None:
    parquet = {p.stem: p for p in (export_dir / "parquet").glob("*.parquet")}
    csvs = {p.stem: p for p in (export_dir / "csv").glob("*.csv")}
    assert set(parquet) == set(csvs) == TABLES  # every table, also when it has no rows
    for name in TABLES:
        df = pd.read_parquet(parquet[name])
        dc = pd.read_csv(csvs[name])
        assert list(df.columns) == list(dc.columns) and len(df) == len(dc), name
        assert len(df.columns) > 3, name
        schema = pq.read_schema(parquet[name])
        for col in LIST_COLUMNS.get(name, []):
            assert pa.types.is_list(schema.field(col).type), (name, col)
            for value in df[col]:
                assert hasattr(value, "__len__") and not isinstance(value, str), (name, col, value)


def test_list_and_struct_columns_keep_their_items(sample_export: Path) -> None:
    ents = pd.read_parquet(sample_export / "parquet" / "entities.parquet")
    minsk = ents[ents["id"] == "city:BY:minsk"].iloc[0]
    assert "Minsk" in list(minsk["aliases"]) and minsk["part_of"] == "region:BY-HM"
    persons = pd.read_parquet(sample_export / "parquet" / "persons.parquet")
    spans = persons.iloc[0]["mentions"]
    assert len(spans) >= 1 and set(spans[0]) == {"start", "end"} and spans[0]["end"] > spans[0]["start"]
    meetings = pd.read_parquet(sample_export / "parquet" / "meetings.parquet")
    assert all(len(r["participants"]) == len(r["participant_ids"]) for _, r in meetings.iterrows())
    rows = [json.loads(line) for line in (sample_export / "jsonl" / "meetings.jsonl").open(encoding="utf-8")]
    assert rows and all(isinstance(r["participants"], list) for r in rows)


def test_fact_tables_carry_entity_canonical_name_and_iso_dates(export_dir: Path) -> None:
    for name in FACT_TABLES:
        df = pd.read_parquet(export_dir / "parquet" / f"{name}.parquet")
        assert {"entity_id", "entity_name", "doc_id", "date", "date_partial", "story_id"} <= set(df.columns)
        if name in ("persons", "organizations", "places", "partners", "sectors") and len(df):
            assert df["entity_id"].notna().all() and df["entity_name"].notna().all(), name
    for path in (export_dir / "parquet").glob("*.parquet"):
        df = pd.read_parquet(path)
        if "date" in df.columns:
            assert all(d is None or ISO.match(d) for d in df["date"]), path.name
    arts = pd.read_parquet(export_dir / "parquet" / "articles.parquet")
    assert {"id", "url", "title", "date", "date_partial", "agency", "story_id", "language"} <= set(arts.columns)


def test_places_carry_the_canonical_name_the_dossier_shows(seeds_export: Path) -> None:
    partners = pd.read_parquet(seeds_export / "parquet" / "partners.parquet")
    se = partners[partners["iso3166_2"] == "RU-SE"]
    assert len(se) and set(se["entity_id"]) == {"region:RU-SE"} and set(se["entity_name"]) == {"Nordossetien-Alanien"}
    by = partners[partners["country"] == "BY"]
    assert set(by[by["kind"] == "country"]["entity_name"]) == {"Belarus"}  # also where the text says Weißrussland
    g = nx.read_graphml(seeds_export / "graphml" / "partner_graph.graphml")
    assert g.nodes["region:RU-SE"]["label"] == "Nordossetien-Alanien"


def _graph_checks(path: Path, db: Path) -> None:
    g = nx.read_graphml(path)
    assert g.number_of_nodes() > 10
    assert [n for n in g if g.degree(n) == 0] == []
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    # organizations and persons with a side are connected, not dropped
    for r in conn.execute("SELECT id, kind, country FROM entities WHERE kind IN ('organization', 'person')"):
        if r["country"]:
            assert r["id"] in g, r["id"]
    types = {d["type"] for _, _, d in g.edges(data=True)}
    assert {"part_of", "cooperation", "represents", "based_in", "meeting", "member_of"} <= types
    for a, b, d in g.edges(data=True):
        if d["type"] == "cooperation":  # never a place with its own region or country
            assert g.nodes[a].get("country") != g.nodes[b].get("country"), (a, b)
        if d["type"] == "part_of":
            assert {g.nodes[a]["kind"], g.nodes[b]["kind"]} in ({"city", "region"}, {"region", "country"},
                                                                 {"city", "country"})


def test_graphml_every_node_has_an_edge_sample(sample_export: Path) -> None:
    _graph_checks(sample_export / "graphml" / "partner_graph.graphml", sample_export / "db.sqlite")


def test_graphml_every_node_has_an_edge_seeds(seeds_export: Path) -> None:
    _graph_checks(seeds_export / "graphml" / "partner_graph.graphml", seeds_export / "db.sqlite")


def test_graph_part_of_instead_of_partnership_with_own_region(tmp_path: Path) -> None:
    runner = CliRunner()
    art = tmp_path / "a.jsonl"
    art.write_text(json.dumps({
        "id": "own-region", "date": "2024-05-02", "title": "Gebiet Grodno und Kasachstan",
        "text": "MINSK, 2. Mai (BelTA) - Belarus und Kasachstan wollen die Zusammenarbeit im Maschinenbau "
                "ausbauen. Das Gebiet Grodno will Traktoren nach Kasachstan liefern, sagte der Gouverneur des "
                "Gebiets Grodno Juri Karajew bei einem Treffen mit dem Botschafter Kasachstans."},
        ensure_ascii=False) + "\n", encoding="utf-8")
    _run(runner, "ingest", str(art), "--db", str(tmp_path / "db"), "-q")
    conn = sqlite3.connect(tmp_path / "db")
    conn.row_factory = sqlite3.Row
    g = partner_graph(conn)
    assert g.has_edge("region:BY-HR", "country:BY")
    kinds = {d["type"] for d in g.get_edge_data("region:BY-HR", "country:BY").values()}
    assert kinds == {"part_of"}
    assert "cooperation" in {d["type"] for d in g.get_edge_data("country:BY", "country:KZ").values()}


def test_ftm_entities_validate_with_followthemoney(export_dir: Path) -> None:
    model = pytest.importorskip("followthemoney", reason="followthemoney is in the [export] extra").model
    lines = (export_dir / "ftm" / "entities.ftm.json").read_text(encoding="utf-8").splitlines()
    entities = [json.loads(line) for line in lines]
    assert validate_ftm(entities) == []
    for e in entities:
        schema = model.get(e["schema"])
        assert schema is not None and not schema.abstract
        schema.validate(e)  # raises InvalidData
        proxy = model.get_proxy(e)
        assert proxy.id == e["id"] and proxy.schema.name == e["schema"]
        for name in schema.required:
            assert proxy.get(name), (e["id"], name)
    if export_dir.name.startswith("empty"):
        assert entities == []
        return
    schemata = {e["schema"] for e in entities}
    assert {"Article", "Person", "Territory", "Documentation", "UnknownLink", "Membership"} <= schemata
    assert schemata & {"Company", "PublicBody", "Organization"}


def test_validate_ftm_rejects_bad_entities() -> None:
    pytest.importorskip("followthemoney", reason="followthemoney is in the [export] extra")
    bad = [{"id": "x1", "schema": "Person", "properties": {"name": ["A"], "nationality": ["not-a-country"]}},
           {"id": "x2", "schema": "Person", "properties": {"colour": ["red"], "name": ["B"]}},
           {"id": "x3", "schema": "UnknownLink", "properties": {"subject": ["x1"], "object": ["missing"]}},
           {"id": "x4", "schema": "Territory", "properties": {}}]
    errors = validate_ftm(bad)
    assert any("x1" in e and "nationality" in e for e in errors)
    assert any("x2" in e and "colour" in e for e in errors)
    assert any("x3" in e and "missing" in e for e in errors)
    assert any("x4" in e and "name" in e for e in errors)


# -- CSV injection ------------------------------------------------------------------------------------------
FORMULA = '=HYPERLINK("http://example.invalid/x","Klick")'


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    runner = CliRunner()
    art = tmp_path / "a.jsonl"
    art.write_text(json.dumps({
        "id": FORMULA, "title": "+Traktoren für Kasachstan", "date": "2024-05-02",
        "text": "MINSK, 2. Mai (BelTA) - Belarus ist bereit, Kasachstan Traktoren und Mähdrescher zu liefern. "
                "Das erklärte der Industrieminister Alexander Jefimow bei einem Treffen in Astana. Der Handel "
                "zwischen Belarus und Kasachstan wuchs im vergangenen Jahr um 12 Prozent."},
        ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "db"
    _run(runner, "ingest", str(art), "--db", str(db), "-q")
    _run(runner, "export", "--format", "csv", "--out", str(tmp_path / "csv"), "--db", str(db))
    found = 0
    for path in (tmp_path / "csv").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@")), (path.name, cell)
                    found += cell == "'" + FORMULA
    assert found >= 3  # the id in articles, stories and the fact tables, quoted
    arts = pd.read_csv(tmp_path / "csv" / "articles.csv")
    assert arts.loc[0, "doc_id"] == "'" + FORMULA and arts.loc[0, "title"] == "'+Traktoren für Kasachstan"
    out = _run(runner, "search", "Traktoren", "--db", str(db), "--format", "csv").output
    rows = list(csv.reader(out.splitlines()))
    assert rows[1:] and all(not c.startswith(("=", "+", "-", "@")) or _number(c) for r in rows for c in r)
    assert any(c == "'" + FORMULA for r in rows for c in r)


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_write_rows_csv_quotes_formula_text_but_not_numbers() -> None:
    import io

    buf = io.StringIO()
    write_rows([{"a": "=1+2", "b": -5, "c": "@SUM(A1)", "d": "-x", "e": "ok", "f": 1.5}], "csv", buf)
    lines = buf.getvalue().splitlines()
    assert lines[1] == "'=1+2,-5,'@SUM(A1),'-x,ok,1.5"


def test_tables_builds_schema_for_an_empty_database(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "db")
    data = tables(store.conn)
    assert set(data) == TABLES
    assert all(not t.rows and len(t.columns) > 3 for t in data.values())


def test_values_follow_the_column_type_and_never_write_infinity(tmp_path: Path) -> None:
    from coopgraph.export import FLOAT, INT, SPANS, STR, Table, write_table

    t = Table("t", [("v", FLOAT), ("n", STR), ("i", INT), ("spans", SPANS)],
               [{"v": float("inf"), "n": 5, "i": "7", "spans": "[[1, 4]]"}, {"v": 2.5, "n": None, "i": None}])
    line = (write_table(t, "jsonl", tmp_path)).read_text(encoding="utf-8").splitlines()[0]
    assert json.loads(line, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}")) == \
        {"v": None, "n": "5", "i": 7, "spans": [{"start": 1, "end": 4}]}
    df = pd.read_parquet(write_table(t, "parquet", tmp_path))
    assert df["i"].tolist()[0] == 7 and list(df["spans"][1]) == []
