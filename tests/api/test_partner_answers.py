"""The stored partner dossiers (store migration 0009, ``query.partner_answers``): every graph update stores each
partner's unfiltered dossier, the API serves it, and it is the dossier the API computes otherwise; a refresh
recomputes only partners whose inputs changed; a stale answer is never served."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coopgraph import dossier
from coopgraph.api import create_app
from coopgraph.query import open_readonly, partner_answers
from coopgraph.query.types import Window
from coopgraph.settings import Settings
from coopgraph.store import connect


def _live(conn: sqlite3.Connection, name: str, window: Window | None = None, limit: int = 100) -> object:
    """The answer computed from the facts, as JSON would carry it."""
    ref = dossier.resolve_partner(conn, name)
    return json.loads(json.dumps(partner_answers.answer(conn, ref, window, limit), ensure_ascii=False))


def test_every_partner_has_a_stored_dossier_and_the_api_serves_it(client: TestClient,
                                                                  conn: sqlite3.Connection) -> None:
    partners = dossier.partners(conn)
    assert len(partners) >= 3, "the sample names several partners"
    for p in partners:
        body = partner_answers.stored(conn, dossier.resolve_partner(conn, p.partner))
        assert body is not None, p.partner
        assert json.loads(body) == _live(conn, p.partner), p.partner
        r = client.get(f"/api/v1/partners/{p.partner}")
        assert r.status_code == 200 and r.content == body
        # another spelling of the same partner (its code) reads the same row
        assert client.get(f"/api/v1/partners/{p.code}").content == body


def test_filters_and_other_limits_are_computed_and_agree(client: TestClient, conn: sqlite3.Connection) -> None:
    name = dossier.partners(conn)[0].partner
    cases = (({"since": "2024"}, Window("2024"), 100), ({"until": "2023"}, Window(None, "2023"), 100),
             ({"limit": 1}, None, 1))
    for params, window, limit in cases:
        r = client.get(f"/api/v1/partners/{name}", params=params)
        assert r.status_code == 200
        assert r.json() == _live(conn, name, window, limit), params
    one = client.get(f"/api/v1/partners/{name}", params={"limit": 1}).json()
    assert one["truncated"], "a limit of 1 cuts some list of the largest partner"
    assert one != client.get(f"/api/v1/partners/{name}").json()


def test_a_stale_stored_dossier_is_not_served(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    ro = open_readonly(db)
    name = dossier.partners(ro)[0].partner
    ref = dossier.resolve_partner(ro, name)
    want = _live(ro, name)
    w = sqlite3.connect(db)
    w.execute("UPDATE partner_answers SET body = ?", (b'{"stale":true}',))
    w.commit()
    assert partner_answers.stored(ro, ref) == b'{"stale":true}'  # the current generation's, as stored
    w.execute("UPDATE graph_state SET articles_version = articles_version + 1")  # an article the graph lacks
    w.commit()
    assert partner_answers.stored(ro, ref) is None
    w.execute("UPDATE graph_state SET graph_version = articles_version, generation = generation + 1")
    w.commit()
    w.close()
    assert partner_answers.stored(ro, ref) is None  # another generation's
    with TestClient(create_app(Settings(db=str(db)), api_token=""), raise_server_exceptions=False) as c:
        assert c.get(f"/api/v1/partners/{name}").json() == want
    ro.close()


def test_refresh_recomputes_only_partners_whose_inputs_changed(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    conn = connect(db)
    stored_before = dict(conn.execute("SELECT partner, body FROM partner_answers").fetchall())
    assert stored_before
    fresh, kept, _ = partner_answers.refresh(conn)
    assert (fresh, kept) == (0, len(stored_before))  # nothing changed: every answer moves on as it is
    # a person named in some partners' articles gets another canonical name (as a later graph update may decide)
    (eid,) = conn.execute("SELECT m.entity_id FROM entity_mentions m JOIN partners p "
                          "ON p.article_id = m.article_id WHERE m.fact_table = 'persons' LIMIT 1").fetchone()
    conn.execute("UPDATE entities SET name = name || ' Testname' WHERE id = ?", (eid,))
    conn.commit()
    fresh, kept, _ = partner_answers.refresh(conn)
    assert fresh >= 1 and fresh + kept == len(stored_before)
    ro = open_readonly(db)
    for p in dossier.partners(ro):
        body = partner_answers.stored(ro, dossier.resolve_partner(ro, p.partner))
        assert body is not None and json.loads(body) == _live(ro, p.partner), p.partner
    assert any(b" Testname" in bytes(b) for (b,) in conn.execute("SELECT body FROM partner_answers"))
    ro.close()
    conn.close()


def test_other_code_or_reference_data_recomputes_every_answer(sample_db: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    conn = connect(db)
    n = conn.execute("SELECT count(*) FROM partner_answers").fetchone()[0]
    assert partner_answers.refresh(conn)[:2] == (0, n)
    monkeypatch.setattr(partner_answers, "code_digest", lambda: "another version")  # as after an upgrade
    assert partner_answers.refresh(conn)[:2] == (n, 0)
    assert partner_answers.refresh(conn)[:2] == (0, n)
    conn.close()


def test_every_dossier_answer_matches_the_schema_the_api_publishes(client: TestClient, conn: sqlite3.Connection
                                                                   ) -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs", reason="installed with schemathesis (the dev extra)")
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/api/v1/partners/{name}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"] == {"$ref": "#/components/schemas/DossierAnswer"}
    model = spec["components"]["schemas"]["DossierAnswer"]
    assert {"partner", "meetings", "figures", "targets", "contradictions", "truncated"} <= set(model["properties"])
    validator = jsonschema_rs.Draft202012Validator({"$ref": "#/components/schemas/DossierAnswer",
                                                    "components": spec["components"]})
    bodies = []
    for p in dossier.partners(conn):
        for params in ({}, {"since": "2024"}, {"limit": 1}):  # stored, and computed per request
            r = client.get(f"/api/v1/partners/{p.partner}", params=params)
            assert r.status_code == 200, (p.partner, params)
            bodies.append(r.json())
    assert any(b["truncated"] for b in bodies) and any(b["targets"] for b in bodies)
    for body in bodies:
        errors = [str(e) for e in validator.iter_errors(body)]
        assert not errors, (body["partner"], errors[:3])
    assert not validator.is_valid(bodies[0] | {"meetings": "none"})  # the schema says what a list holds


def test_bulk_reads_give_every_partner_the_dossier_of_its_own_reads(conn: sqlite3.Connection) -> None:
    """``dossier_reads.Bulk`` (the rows of all partners' articles read once, what a refresh uses) gives each
    partner, in every window and at every limit, the bytes of the dossier read one partner at a time."""
    from coopgraph.dossier_reads import Bulk
    from coopgraph.query.graph_answers import encode
    from coopgraph.query.partners import articles_for

    refs = [(ref, sorted(articles_for(conn, ref))) for ref in partner_answers._refs(conn)]
    refs = [(ref, arts) for ref, arts in refs if arts]
    assert len(refs) >= 3
    bulk = Bulk(conn, {a for _, arts in refs for a in arts})
    windows = (None, Window("2024"), Window(None, "2023"), Window("2023-03", "2024-10"), Window("2099"))
    compared = 0
    for ref, arts in refs:
        assert bulk._known(arts), "the bulk holds every article of every partner"
        for window in windows:
            for limit in (100, 2):
                alone = encode(partner_answers.answer(conn, ref, window, limit))
                shared = encode(partner_answers.answer(conn, ref, window, limit, bulk))
                assert shared == alone, (ref, window, limit)
                compared += len(alone)
    assert compared > 10_000
    # the figures of articles read in bulk are the same objects in every dossier, not made per partner
    ref, arts = max(refs, key=lambda r: len(r[1]))
    meta = bulk.article_meta(arts)
    assert bulk.figure_rows(arts, meta) == dossier.figure_rows(conn, arts, meta)
    # a bulk of some articles answers the others with its own reads
    some = Bulk(conn, arts[: len(arts) // 2])
    assert encode(partner_answers.answer(conn, ref, None, 100, some)) == encode(
        partner_answers.answer(conn, ref, None, 100))


def test_shared_figure_encodings_give_the_bytes_of_each_answer(conn: sqlite3.Connection) -> None:
    """``SharedEncoder`` (each figure encoded once for all the dossiers of a refresh) gives the bytes of
    ``encode(answer(...))`` for every partner, window and limit, and falls back when a string holds its marker."""
    from dataclasses import replace

    from coopgraph.dossier_reads import Bulk
    from coopgraph.query.graph_answers import encode
    from coopgraph.query.partners import articles_for
    from coopgraph.query.shared_encoding import MARK, SharedEncoder
    from coopgraph.query.types import FigureRow

    refs = [ref for ref in partner_answers._refs(conn) if articles_for(conn, ref)]
    bulk = Bulk(conn, {a for ref in refs for a in articles_for(conn, ref)})
    encoder = SharedEncoder(FigureRow)
    for ref in refs:
        for window in (None, Window("2024"), Window(None, "2023")):
            for limit in (100, 2):
                short, cut = dossier.bounded_dossier(conn, ref, window, limit, bulk)
                assert encoder.encode(short, {"truncated": cut}) == encode(
                    partner_answers.answer(conn, ref, window, limit)), (ref, window, limit)
    assert encoder.reused > 100, "figures recur across the dossiers and their lists"
    # a figure whose quote holds the marker (and a marker-like string elsewhere): the whole tree encoded as is
    short, cut = dossier.bounded_dossier(conn, refs[0], None, 100)
    metric, figures = next((m, fs) for m, fs in short.figures.items() if fs)
    odd = replace(figures[0], quote=f"{MARK}0{MARK} und so")
    tricky = replace(short, figures=short.figures | {metric: [odd, *figures[1:]]}, scope=f"{MARK}1{MARK}")
    assert SharedEncoder(FigureRow).encode(tricky, {"truncated": cut}) == encode(
        tricky.as_dict() | {"truncated": cut})
