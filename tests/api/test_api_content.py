"""Each route answers what the read layer answers for the same question (the CLI prints the same functions)."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from typing import Any

from fastapi.testclient import TestClient

from coopgraph import comparison, dossier, query
from coopgraph.explain import explain
from coopgraph.export import partner_graph
from coopgraph.query import facts as qf
from coopgraph.query import partners
from coopgraph.query.types import Window


def plain(v: Any) -> Any:
    """What JSON makes of a record: tuples become lists."""
    return json.loads(json.dumps(v.as_dict() if hasattr(v, "as_dict") else v, default=str))


def walk(client: TestClient, url: str, limit: int = 3) -> list[dict[str, Any]]:
    """Every item of a list, page by page through next_cursor."""
    items: list[dict[str, Any]] = []
    sep = "&" if "?" in url else "?"
    cursor = None
    for _ in range(1000):
        r = client.get(f"{url}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert r.status_code == 200, r.text
        body = r.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            assert len(items) == body["total"]
            return items
    raise AssertionError("the cursor never ends")


def test_search_answers_the_query_layers_hits_with_snippets(client: TestClient, conn: sqlite3.Connection) -> None:
    hits = query.search(conn, "Handelsumsatz", 5000)
    assert hits
    items = walk(client, "/api/v1/articles?q=Handelsumsatz")
    assert [i["id"] for i in items] == [h.id for h in hits]
    assert all("[" in i["snippet"] and "]" in i["snippet"] for i in items)


def test_search_without_words_lists_every_article_and_the_date_window_narrows(client: TestClient,
                                                                              conn: sqlite3.Connection) -> None:
    meta = qf.article_meta(conn)
    assert len(walk(client, "/api/v1/articles", limit=7)) == len(meta)
    in_2024 = {m.id for m in meta.values() if Window("2024", "2024").admits(m.when)}
    got = {i["id"] for i in walk(client, "/api/v1/articles?since=2024&until=2024", limit=50)}
    assert got == in_2024 and 0 < len(got) < len(meta)


def test_partner_filter_keeps_the_partners_articles(client: TestClient, conn: sqlite3.Connection) -> None:
    top = dossier.partners(conn)[0]
    ref = dossier.resolve_partner(conn, top.partner)
    want = set(partners.articles_for(conn, ref))
    r = client.get("/api/v1/articles", params={"partner": top.partner, "limit": 500}).json()
    assert {i["id"] for i in r["items"]} == want
    assert r["facets"]["partner"][0]["count"] >= 1


def test_sector_facet_counts_match_the_sector_filter(client: TestClient) -> None:
    body = client.get("/api/v1/articles?limit=500").json()
    facet = body["facets"]["sector"][0]
    narrowed = client.get("/api/v1/articles", params={"sector": facet["value"], "limit": 500}).json()
    assert narrowed["total"] == facet["count"] < body["total"]


def test_article_has_the_facts_of_the_read_layer_with_spans_into_its_text(client: TestClient,
                                                                          conn: sqlite3.Connection) -> None:
    art = client.get("/api/v1/articles/1").json()
    want = [f.as_dict() for f in qf.article_facts(conn, 1)]
    assert art["facts"] == plain(want)
    assert all(art["text"][f["start"]:f["end"]] == f["span"] for f in art["facts"])
    by_doc = client.get(f"/api/v1/articles/{art['doc_id']}").json()
    assert by_doc["id"] == 1


def test_partners_and_dossier_match_the_cli_functions(client: TestClient, conn: sqlite3.Connection) -> None:
    assert walk(client, "/api/v1/partners") == plain([p.as_dict() for p in dossier.partners(conn)])
    name = dossier.partners(conn)[0].partner
    d = dossier.dossier(conn, dossier.resolve_partner(conn, name), Window())
    got = client.get(f"/api/v1/partners/{name}").json()
    assert got.pop("truncated") == {}  # no list of the sample's dossier is longer than the default limit
    assert got == plain(d)
    timeline = dossier.timeline(conn, dossier.resolve_partner(conn, name))
    assert walk(client, f"/api/v1/partners/{name}/timeline", limit=10) == plain([t.as_dict() for t in timeline])


def test_dossier_lists_are_cut_to_the_limit_and_say_how_long_they_are(client: TestClient,
                                                                         conn: sqlite3.Connection) -> None:
    name = dossier.partners(conn)[0].partner
    full = plain(dossier.dossier(conn, dossier.resolve_partner(conn, name), Window()))
    got = client.get(f"/api/v1/partners/{name}", params={"limit": 1}).json()
    cut = got.pop("truncated")
    for section in ("breakdown", "meetings", "persons", "organizations", "sectors", "offers", "targets",
                    "contradictions"):
        assert got[section] == full[section][:1]  # the first item, in the dossier's order
        assert cut.get(section, len(full[section])) == len(full[section])
        assert (section in cut) == (len(full[section]) > 1)
    long = [m for m, series in full["figures"].items() if len(series) > 1]
    assert long, "the sample should have a figure series of more than one figure"
    for m in long:
        assert got["figures"][m] == full["figures"][m][:1] and cut[f"figures.{m}"] == len(full["figures"][m])
    assert set(got) == set(full)
    assert {k: got[k] for k in full if not isinstance(full[k], (list, dict))} == \
        {k: full[k] for k in full if not isinstance(full[k], (list, dict))}  # counts are of the whole dossier


def test_entities_have_aliases_roles_and_mentions_with_sentences(client: TestClient, conn: sqlite3.Connection) -> None:
    items = walk(client, "/api/v1/entities?kind=person", limit=20)
    assert items and all(i["kind"] == "person" for i in items)
    eid = items[0]["id"]
    rec = qf.entity_record(conn, eid)
    got = client.get(f"/api/v1/entities/{eid}").json()
    assert got["aliases"] == rec["aliases"] and got["roles"] == rec["roles"]
    assert len(got["mentions"]) == len(rec["mentions"])
    assert all(m["sentence"] and m["span"] in m["sentence"] for m in got["mentions"])
    found = client.get("/api/v1/entities", params={"q": got["name"]}).json()["items"]
    assert eid in [f["id"] for f in found]


def test_figures_filter_by_metric_and_kind(client: TestClient, conn: sqlite3.Connection) -> None:
    meta = qf.article_meta(conn)
    rows = dossier.figure_rows(conn, sorted(meta), meta)
    assert len(walk(client, "/api/v1/figures", limit=50)) == len(rows)
    metric = rows[0].metric
    want = [f.fact_id for f in rows if f.metric == metric and f.kind == "actual"]
    got = walk(client, f"/api/v1/figures?metric={metric}&kind=actual", limit=50)
    assert [g["fact_id"] for g in got] == want
    targets = walk(client, "/api/v1/targets", limit=50)
    assert len(targets) == sum(1 for f in rows if f.kind == "target")
    want = plain([c.as_dict() for c in comparison.contradictions(rows)])
    assert walk(client, "/api/v1/contradictions", limit=50) == want


def test_projects_matches_stories_graph_stats_and_explain(client: TestClient, conn: sqlite3.Connection) -> None:
    assert walk(client, "/api/v1/projects") == plain(dossier.projects(conn))
    assert walk(client, "/api/v1/matches") == plain([m.as_dict() for m in dossier.matches(conn)])
    stories = walk(client, "/api/v1/stories", limit=10)
    assert sum(s["size"] for s in stories) == len(qf.article_meta(conn))
    g = client.get("/api/v1/graph").json()
    nx_graph = partner_graph(conn)
    assert {n["id"] for n in g["nodes"]} == set(nx_graph.nodes)
    assert len(g["edges"]) == nx_graph.number_of_edges()
    assert client.get("/api/v1/stats").json()["facts"] == query.stats(conn)["facts"]
    assert client.get("/api/v1/facts/figures:1").json() == plain(explain(conn, "figures:1"))


def test_every_list_is_also_csv(client: TestClient) -> None:
    for url in ("/api/v1/articles?q=Handelsumsatz", "/api/v1/partners", "/api/v1/entities", "/api/v1/figures",
                "/api/v1/projects", "/api/v1/matches", "/api/v1/stories", "/api/v1/graph/nodes", "/api/v1/graph/edges",
                "/api/v1/targets", "/api/v1/partners/Russland/timeline"):
        r = client.get(url + ("&" if "?" in url else "?") + "format=csv&limit=5")
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows and len(rows) <= 6, url
        json_total = client.get(url).json()["total"]
        assert len(rows) - 1 == min(5, json_total), url


def test_chunked_reads_cover_every_id_in_slices() -> None:
    from coopgraph.api.articles import chunked

    calls: list[list[int]] = []
    got = chunked(lambda c: calls.append(c) or [x * 2 for x in c], list(range(2000)), size=900)
    assert got == [x * 2 for x in range(2000)] and [len(c) for c in calls] == [900, 900, 200]


def test_partner_articles_are_the_partner_rows_that_belong_to_it(conn: sqlite3.Connection) -> None:
    """The indexed read answers what a scan of every partner row answers, for every partner and its cities."""
    rows = qf.partner_rows(conn)
    checked = 0
    for p in dossier.partners(conn):
        ref = dossier.resolve_partner(conn, p.partner)
        want: dict[int, str] = {}
        for r in rows:
            if partners.belongs(partners.row_code(r), ref) or (ref.kind == "country" and r["country"] == ref.code):
                want.setdefault(r["article_id"], r["name"])
        assert partners.articles_for(conn, ref) == want, p.partner
        checked += 1
    assert checked > 10


def test_search_page_gets_the_snippets_the_query_layer_gives(client: TestClient, conn: sqlite3.Connection) -> None:
    hits = query.search(conn, "Handelsumsatz", 5000)
    page = client.get("/api/v1/articles", params={"q": "Handelsumsatz", "limit": 2}).json()["items"]
    assert [i["snippet"] for i in page] == [h.snippet for h in hits[:2]]
    assert query.snippets(conn, "Handelsumsatz", [h.id for h in hits[2:4]]) == {h.id: h.snippet for h in hits[2:4]}
    assert all(h.snippet == "" for h in query.search(conn, "Handelsumsatz", 5, snippets=False))
