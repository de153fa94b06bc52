"""/api/v1/entities/{id} lists the first ``limit`` mentions (by date) with their sentences and says how many there
are when it cut them; the page is the first part of the full listing."""
from __future__ import annotations

import sqlite3

from fastapi.testclient import TestClient

from coopgraph.api.entities import entity_detail
from coopgraph.query import facts as qf


def test_entity_mentions_are_cut_to_the_limit_and_counted(client: TestClient, conn: sqlite3.Connection) -> None:
    ids = sorted(qf.entity_ids(conn), key=lambda i: -len(qf.entity_record(conn, i)["mentions"]))  # type: ignore[index]
    eid = ids[0]
    full = entity_detail(conn, eid)  # every mention
    n = len(full["mentions"])
    assert n >= 3, "the sample names its most mentioned entity several times"
    whole = client.get(f"/api/v1/entities/{eid}").json()
    assert whole["mentions"] == full["mentions"][:100] and whole["truncated"] == ({"mentions": n} if n > 100 else {})
    for limit in (1, 2, n - 1, n, n + 5):
        got = client.get(f"/api/v1/entities/{eid}", params={"limit": limit}).json()
        assert got["mentions"] == full["mentions"][:limit], limit
        assert got["truncated"] == ({"mentions": n} if n > limit else {}), limit
        assert {k: v for k, v in got.items() if k not in ("mentions", "truncated")} == \
            {k: v for k, v in full.items() if k != "mentions"}
    bad = client.get(f"/api/v1/entities/{eid}", params={"limit": 0})
    assert bad.status_code == 422 and bad.json()["error"]["status"] == 422
