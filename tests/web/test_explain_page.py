"""The "Herleitung" link of a fact opens an HTML page of the workbench (the JSON stays under /api/v1/facts)."""
from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from markupsafe import escape

from coopgraph.explain import explain
from coopgraph.query import facts as qf
from coopgraph.query import open_readonly


def test_the_explain_link_of_a_fact_opens_its_derivation_page(web: TestClient, web_db: Path) -> None:
    conn = open_readonly(web_db)
    aid, row = next((a, r) for a in range(1, 50) for r in qf.rows(conn, "figures", [a]))
    fact_id = f"figures:{row['id']}"
    page = web.get(f"/articles/{aid}").text
    card = page.split(f'id="{fact_id}"')[1].split('<div class="fact ')[0]
    assert f'href="/facts/{fact_id}/explain">Herleitung</a>' in card
    assert "/api/v1/facts/" not in card
    r = web.get(f"/facts/{fact_id}/explain")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    want = explain(conn, fact_id)
    assert want["steps"], "a figure has normalization steps"
    steps = r.text.split('<ol id="steps">')[1].split("</ol>")[0]
    assert steps.count("<li>") == len(want["steps"])
    for step in want["steps"]:
        assert f"<li>{escape(step)}</li>" in steps
    assert f"<mark>{escape(want['span'])}</mark>" in r.text
    assert f'href="/articles/{aid}#{fact_id}"' in r.text and f'href="/api/v1/facts/{fact_id}"' in r.text
    assert web.get(f"/api/v1/facts/{fact_id}").json() == want  # the JSON is unchanged
    assert web.get("/facts/figures:987654321/explain").status_code == 404
    assert web.get("/facts/nonsense:1/explain").status_code == 400
    conn.close()
