"""The read paths of issue 9 answer what the general paths answer: the stored partner graph, the search page read
from the full-text index with facets counted from the per-article index (below and above the cap of hits), the
bounded dossier that makes only the targets and contradictions it shows."""
from __future__ import annotations

import random
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from coopgraph import comparison, dossier, query
from coopgraph.api import articles as api_articles
from coopgraph.api import create_app
from coopgraph.api.articles import Filters, _facets_of, facets, find_articles
from coopgraph.export import partner_graph
from coopgraph.query import cache, graph_answers, open_readonly, search_facets
from coopgraph.query import facts as qf
from coopgraph.query import partners as qp
from coopgraph.query.types import Window
from coopgraph.settings import Settings

from .conftest import ingest_text

ZITRONEN = """Wirtschaft
5. Mai 2031

Gebiet Brest und Provinz Henan planen Werk für Zitronenpressen

BREST, 5. Mai (BelTA) - Das Gebiet Brest und die chinesische Provinz Henan wollen gemeinsam ein Werk für
Zitronenpressen bauen. Die Zitronenpressen sollen ab 2032 in Brest gefertigt werden.
"""
WORDS = ["Minsk", "Gebiet", "Traktoren", "Lukaschenko", "Kasachstan Traktoren", "Traktor*", '"Gebiet Tula"',
         "Handelsumsatz OR Investitionen", "keinwortdasvorkommt"]


def test_graph_update_stores_the_graph_answer_and_the_api_serves_it(client: TestClient,
                                                                      conn: sqlite3.Connection) -> None:
    g = partner_graph(conn)
    for edge_type in (None, *graph_answers.EDGE_TYPES):
        body = graph_answers.stored(conn, edge_type)
        assert body == graph_answers.encode(graph_answers.graph_dict(g, edge_type)), edge_type
        r = client.get("/api/v1/graph", params={"type": edge_type} if edge_type else {})
        assert r.status_code == 200 and r.content == body
    assert client.get("/api/v1/graph/edges", params={"limit": 500}).json()["items"] == \
        graph_answers.graph_dict(g)["edges"][:500]


def test_a_stored_graph_answer_of_another_generation_is_not_served(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    w = sqlite3.connect(db)
    w.execute("UPDATE graph_answers SET body = ?", (b'{"nodes":[],"edges":[]}',))
    w.commit()
    ro = open_readonly(db)
    assert graph_answers.stored(ro) == b'{"nodes":[],"edges":[]}'  # the current generation's, as stored
    w.execute("UPDATE graph_state SET generation = generation + 1")  # as if another graph write came after it
    w.commit()
    w.close()
    assert graph_answers.stored(ro) is None
    with TestClient(create_app(Settings(db=str(db)), api_token=""), raise_server_exceptions=False) as c:
        got = c.get("/api/v1/graph").content
    assert got == graph_answers.encode(graph_answers.graph_dict(partner_graph(ro)))  # built, not the stale body
    ro.close()


def test_search_page_and_facets_are_those_of_the_full_answer(conn: sqlite3.Connection) -> None:
    everything = find_articles(conn, Filters())
    sector = everything.facets["sector"][0]["value"]
    partner = dossier.partners(conn)[0].partner
    outlet = everything.facets["outlet"][0]["value"]
    filters = [{}, {"since": "2024"}, {"since": "2023-06", "until": "2025"}, {"until": "2024-12-31"},
               {"partner": partner}, {"sector": sector.upper()}, {"outlet": outlet}, {"person": "Lukaschenko"},
               {"partner": partner, "sector": sector, "since": "2024"}]
    seen = 0
    for q in WORDS:
        for extra in filters:
            full = find_articles(conn, Filters(q=q, **extra))  # every hit with every field and its snippet
            seen += bool(full.items) and bool(extra)
            for offset, limit in ((0, 3), (2, 5), (0, 500)):
                page = find_articles(conn, Filters(q=q, **extra), (offset, limit))
                assert len(page.items) == len(full.items), (q, extra)
                assert [it["id"] for it in page.items] == [it["id"] for it in full.items], (q, extra)
                assert page.items[offset:offset + limit] == full.items[offset:offset + limit], (q, extra)
                assert [list(it) for it in page.items[offset:offset + limit]] == \
                    [list(it) for it in full.items[offset:offset + limit]]  # the same fields in the same order
                assert page.facets == full.facets, (q, extra)
    assert seen > 10, "the filters narrow to some hits of the sample"


def reference_facets(conn: sqlite3.Connection, ids: list[int], top: int = 15) -> dict[str, list[dict[str, Any]]]:
    """The facets as the general read functions give them, article by article (``search_facets.counts_per_article``)."""
    counted = search_facets.counts_per_article(conn, ids)
    return {k: [{"value": v, "count": n} for v, n in sorted(counted[k].items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
            for k in search_facets.FACETS}


def test_facets_from_the_index_equal_those_read_per_article(conn: sqlite3.Connection) -> None:
    items = find_articles(conn, Filters()).items  # every article: partners written in several forms among them
    ids = [it["id"] for it in items]
    assert _facets_of(conn, ids, top=1000) == reference_facets(conn, ids, top=1000)
    assert facets(conn, items, top=1000) == reference_facets(conn, ids, top=1000)
    several = [f for f in reference_facets(conn, ids, top=1000)["partner"] if f["count"] > 1]
    assert several, "the sample has partners named in several articles"
    rnd = random.Random(3)
    for _ in range(5):
        some = rnd.sample(ids, max(1, len(ids) // 3))
        assert _facets_of(conn, some, top=1000) == reference_facets(conn, some, top=1000)
        assert _facets_of(conn, some, top=3) == reference_facets(conn, some, top=3)
    assert _facets_of(conn, []) == reference_facets(conn, [])
    gone = max(ids) + 1000  # an id the database does not hold: year and outlet "unknown", as read per article
    assert _facets_of(conn, [gone, ids[0]], top=1000) == reference_facets(conn, [gone, ids[0]], top=1000)


def test_a_search_answer_is_the_straightforward_one_below_and_above_the_cap(
        conn: sqlite3.Connection, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # the cap of hits (5,000) is never reached by the sample: lower it so that it binds
    for cap in (1, 3, 5000):
        monkeypatch.setattr(api_articles, "SEARCH_CAP", cap)
        monkeypatch.setattr(cache, "_RECENT", {})  # the answers kept per query are those of another cap
        for q in [*WORDS, "Belarus", "Zusammenarbeit", "Minsk Gebiet", "Lukashenko"]:
            want = query.search(conn, q, cap, snippets=False)  # bm25 of every match in SQL, then id, cut at the cap
            got = find_articles(conn, Filters(q=q), (0, 20))
            assert [(it["id"], it["score"]) for it in got.items] == [(h.id, h.score) for h in want], (q, cap)
            assert got.facets == reference_facets(conn, [h.id for h in want]), (q, cap)
            full = find_articles(conn, Filters(q=q))  # the general path, every field of every hit
            assert [it["id"] for it in full.items] == [h.id for h in want] and full.facets == got.facets, (q, cap)


def test_the_facet_index_follows_the_articles_written_and_deleted(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    ro = open_readonly(db)
    before = qf.all_article_ids(ro)
    assert _facets_of(ro, before, top=1000) == reference_facets(ro, before, top=1000)
    ingest_text(db, tmp_path / "new", ZITRONEN)
    after = qf.all_article_ids(ro)
    assert len(after) == len(before) + 1
    assert _facets_of(ro, after, top=1000) == reference_facets(ro, after, top=1000)
    assert {"value": "2031", "count": 1} in _facets_of(ro, after, top=1000)["year"]
    w = sqlite3.connect(db)
    w.execute("PRAGMA foreign_keys = ON")
    w.execute("DELETE FROM articles WHERE id = ?", (after[-1],))  # what the index holds of it must go
    w.commit()
    w.close()
    assert _facets_of(ro, after, top=1000) == reference_facets(ro, after, top=1000)
    assert {"value": "2031", "count": 1} not in _facets_of(ro, after, top=1000)["year"]
    ro.close()


def test_bounded_dossier_is_the_dossier_cut_to_the_limit(conn: sqlite3.Connection) -> None:
    for p in dossier.partners(conn)[:6]:
        ref = dossier.resolve_partner(conn, p.partner)
        for w in (Window(), Window("2024")):
            full = dossier.dossier(conn, ref, w)
            for limit in (1, 2, 100):
                short, cut = dossier.bounded_dossier(conn, ref, w, limit)
                assert (short, cut) == dossier.bounded(full, limit), (p.partner, limit)
                assert list(cut) == list(dossier.bounded(full, limit)[1])  # the same order of keys


def test_first_contradictions_and_their_count_are_those_of_all_pairs(conn: sqlite3.Connection) -> None:
    ids = qf.all_article_ids(conn)
    rows = dossier.figure_rows(conn, ids, qf.article_meta(conn, ids))
    assert rows, "the sample has figures"
    rnd = random.Random(9)
    base = [r for r in rows if r.period][:6] or rows[:6]
    for trial in range(40):  # one group with values that agree, differ, are hedged, and stories that repeat
        group = [replace(rnd.choice(base), metric="m", unit="USD", period="2024", span="annual", span_label="2024",
                         kind="actual", pair=("BY", "RU"), value=rnd.choice([100.0, 100.5, 103.0, 90.0, -5.0, 0.0]),
                         qualifier=rnd.choice([None, "more than", "about", "up to"]),
                         story=f"s{rnd.randint(1, 4)}", fact_id=f"figures:{trial}:{i}")
                 for i in range(rnd.randint(0, 12))]
        mixed = group + rows
        every = comparison.contradictions(mixed)
        for limit in (0, 1, 5, 1000):
            assert comparison.first_contradictions(mixed, limit) == (every[:limit], len(every))



def test_entity_summaries_are_the_summaries_of_the_entity_records(conn: sqlite3.Connection) -> None:
    from coopgraph.api.entities import _summary

    want = [_summary(r) for r in (qf.entity_record(conn, i) for i in sorted(qf.entity_ids(conn))) if r]
    assert want and qf.entity_summaries(conn) == want


def test_without_networkx_the_graph_update_stores_no_answer_and_the_api_builds_it(
        sample_db: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # a core install (no api or export extra) has no networkx; ingest must still write its graph
    db = tmp_path / "core.db"
    shutil.copy(sample_db, db)
    with monkeypatch.context() as m:
        m.setitem(__import__("sys").modules, "networkx", None)  # import networkx now raises ImportError
        from coopgraph.store import Store

        store = Store.open(db)
        store.update_graph(None)
        store.close()
    ro = open_readonly(db)
    assert ro.execute("SELECT count(*) FROM graph_answers").fetchone()[0] == 0
    assert graph_answers.stored(ro) is None
    with TestClient(create_app(Settings(db=str(db)), api_token=""), raise_server_exceptions=False) as c:
        got = c.get("/api/v1/graph").content
    assert got == graph_answers.encode(graph_answers.graph_dict(partner_graph(ro)))
    assert b'"nodes":[{' in got  # the sample's graph is not empty
    ro.close()


UNDATED = ("Belarus und Kasachstan steigern Handelsumsatz mit Zitronenpressen\n\n"
           "MINSK, 5. Mai (BelTA) - Der Handelsumsatz zwischen Belarus und Kasachstan belief sich im Jahr 2024 auf "
           "900 Millionen US-Dollar, sagte der Minister bei einem Treffen in Minsk. Die Zitronenpressen sollen bald "
           "geliefert werden.\n")


def test_a_date_window_keeps_the_hits_whose_printed_or_inferred_date_is_in_it(sample_db: Path, tmp_path: Path
                                                                               ) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    ingest_text(db, tmp_path / "new", UNDATED, "undated.txt")  # no year printed: inferred as 2025-05-05
    conn = open_readonly(db)
    undated_kept = 0
    for q in [*WORDS, "Belarus", "Zusammenarbeit", "Zitronenpressen"]:
        every = query.search(conn, q, 1_000_000, snippets=False)  # no window: every hit, best first
        meta = qf.article_meta(conn, [h.id for h in every])
        for since, until in (("2024", None), (None, "2025-06"), ("2023-06", "2025"), ("2025-05-01", "2025-05-31"),
                             ("2025-06", None)):
            window = Window(since, until)
            want = [(h.id, h.score) for h in every if window.admits(h.date or meta[h.id].inferred_date)]
            for cap in (2, 1_000_000):
                got = query.search(conn, q, cap, since, until, snippets=False)
                assert [(h.id, h.score) for h in got] == want[:cap], (q, since, until, cap)
                undated_kept += sum(h.date is None for h in got)
    conn.close()
    assert undated_kept, "an article without a printed year is found in the windows its inferred date is in"


def test_a_filter_narrows_every_hit_before_the_cap(conn: sqlite3.Connection, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # at 20,000 articles "Zusammenarbeit" with a partner filter found nothing: the filter saw only the first 5,000
    # hits. With the cap lowered to bind on the sample, a filtered answer is the straightforward one: every hit
    # of the query (best first) narrowed by the filter, then cut at the cap
    partners = [p.partner for p in dossier.partners(conn)]
    checked = 0
    for cap in (1, 3):
        monkeypatch.setattr(api_articles, "SEARCH_CAP", cap)
        monkeypatch.setattr(cache, "_RECENT", {})
        for q in ("Belarus", "Zusammenarbeit", "Gebiet"):
            every = [h.id for h in query.search(conn, q, 1_000_000, snippets=False)]
            for partner in partners[:6]:
                allowed = set(qp.articles_for(conn, dossier.resolve_partner(conn, partner)))
                want = [a for a in every if a in allowed][:cap]
                got = find_articles(conn, Filters(q=q, partner=partner), (0, 20))
                assert [it["id"] for it in got.items] == want, (q, partner, cap)
                assert got.facets == reference_facets(conn, want), (q, partner, cap)
                full = find_articles(conn, Filters(q=q, partner=partner))
                assert [it["id"] for it in full.items] == want, (q, partner, cap)
                checked += bool(want) and want != [a for a in every[:cap] if a in allowed]
    assert checked, "some partner's hits rank below the first hits of the query, where the old cut lost them"


def test_articles_naming_a_person_or_organization_are_those_of_their_rows_with_entities(
        conn: sqlite3.Connection) -> None:
    # the straightforward answer: every row of the table with its canonical entity, kept when the needle is in the
    # name as written or in the entity's name (case-folded), or is the entity id
    ids = qf.all_article_ids(conn)
    for table in ("persons", "organizations"):
        rows = qf.with_entities(conn, table, ids)
        names = sorted({r["name"] for r in rows})
        entity_names = sorted({r["ename"] for r in rows if r["ename"]})
        eids = sorted({r["eid"] for r in rows if r["eid"]})
        assert entity_names and eids, "the sample database has its graph"
        needles = [*names[:8], *entity_names[:8], *eids[:5], eids[0].upper(), names[0][1:4], names[-1].upper(),
                   "Lukaschenko", "Lukashenko", "werk", "ministerium", "keinnamedervorkommt"]
        found = 0
        for needle in needles:
            n = needle.casefold()
            want = {r["article_id"] for r in rows if n in (r["name"] or "").casefold()
                    or n in (r["ename"] or "").casefold() or n == (r["eid"] or "").casefold()}
            assert qf.articles_naming(conn, table, needle) == want, (table, needle)
            found += bool(want)
        assert found > 10, table
