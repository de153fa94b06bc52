"""Every page renders its content from the read layer; article text is escaped; nothing loads from another host."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from coopgraph import dossier
from coopgraph.query import facts as qf
from coopgraph.query import open_readonly


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, Any]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)


def parse(html: str) -> Tags:
    t = Tags()
    t.feed(html)
    return t


def pages(web: TestClient, web_db: Path) -> list[str]:
    conn = open_readonly(web_db)
    top = dossier.partners(conn)[0].partner
    person = next(e for e in qf.entity_ids(conn) if e.startswith("person:"))
    return ["/", "/search?q=Traktoren", f"/search?partner={top}", "/articles/1", f"/partners/{top}",
            f"/entities/{person}", "/entities/country:KZ", "/graph", "/projects", "/matches", "/docs"]


def test_every_page_renders_with_local_assets_only_and_no_inline_script(web: TestClient, web_db: Path) -> None:
    for url in pages(web, web_db):
        r = web.get(url)
        assert r.status_code == 200, (url, r.text[:300])
        assert r.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in r.headers["content-security-policy"]
        t = parse(r.text)
        assert not t.script_text, (url, "inline script")
        for tag, attrs in t.tags:
            for name in ("src", "href", "action"):
                v = attrs.get(name)
                if v is not None:
                    assert not re.match(r"(?i)\s*(https?:)?//", v), (url, tag, v)
                    assert not v.lower().lstrip().startswith("javascript:"), (url, tag, v)
            assert not any(a.startswith("on") for a in attrs), (url, tag, attrs)
            if tag in ("script", "link") and (attrs.get("src") or attrs.get("href")):
                asset = attrs.get("src") or attrs.get("href") or ""
                assert asset == "data:," or web.get(asset).status_code == 200, asset  # data:, is the empty favicon


def test_article_page_highlights_every_fact_by_type(web: TestClient, web_db: Path) -> None:
    conn = open_readonly(web_db)
    facts = qf.article_facts(conn, 1)
    html = web.get("/articles/1").text
    t = parse(html)
    highlighted = {fid for tag, a in t.tags if "data-facts" in a for fid in a["data-facts"].split()}
    assert highlighted == {f.fact_id for f in facts if f.start < f.end}
    cards = {a["data-fact"] for tag, a in t.tags if "data-fact" in a}
    assert cards == {f.fact_id for f in facts}
    classes = {c for tag, a in t.tags if "data-facts" in a for c in a["class"].split()}
    assert {"f-person", "f-figure", "f-place"} <= classes


def test_search_page_has_facets_and_highlighted_snippets(web: TestClient) -> None:
    html = web.get("/search?q=Traktoren").text
    assert "<mark>Traktoren</mark>" in html
    for facet in ("Partner", "Branche", "Jahr", "Quelle"):
        assert f"<h3>{facet}</h3>" in html
    assert 'href="/search?q=Traktoren&amp;partner=' in html


def test_dossier_page_has_one_chart_per_metric_with_every_point(web: TestClient, web_db: Path) -> None:
    conn = open_readonly(web_db)
    name = dossier.partners(conn)[0].partner
    d = dossier.dossier(conn, dossier.resolve_partner(conn, name))
    t = parse(web.get(f"/partners/{name}").text)
    charts = [a for tag, a in t.tags if "data-points" in a]
    assert [c["data-metric"] for c in charts] == list(d.figures)
    import json

    assert [len(json.loads(c["data-points"])) for c in charts] == [len(s) for s in d.figures.values()]


def test_a_hostile_article_renders_inert(web: TestClient, web_db: Path) -> None:
    conn = open_readonly(web_db)
    art = next(m for m in qf.article_meta(conn).values() if m.doc_id.startswith("hostile"))
    text = qf.article_text(conn, art.id)
    assert "<script>" in text and "onerror=" in text and "javascript:" in text  # the store keeps it as text
    for url in (f"/articles/{art.id}", "/search?q=Lieferungen", "/search?q=alert", "/"):
        html = web.get(url).text
        t = parse(html)
        assert all(not (tag == "script" and "src" not in a) for tag, a in t.tags), url
        assert not any(tag == "img" for tag, _ in t.tags), url
        assert not any(k.startswith("on") for _, a in t.tags for k in a), url
        assert not any((a.get("href") or "").lower().startswith("javascript:") for _, a in t.tags), url
        assert "<script>alert" not in html and "<img src=x" not in html, url
    page = web.get(f"/articles/{art.id}").text
    assert "&lt;script&gt;alert(" in page and "&lt;img src=x onerror=alert(" in page


def test_unknown_pages_answer_in_the_error_shape(web: TestClient) -> None:
    for url in ("/articles/987654", "/partners/Atlantis", "/entities/person:nobody"):
        r = web.get(url)
        assert r.status_code == 404
        assert set(r.json()["error"]) == {"status", "code", "message", "hint"}


def test_a_browser_gets_the_error_as_a_page_with_the_same_fields(web: TestClient) -> None:
    r = web.get("/partners/Atlantis", headers={"Accept": "text/html,application/xhtml+xml"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "404 · not_found" in r.text and "Atlantis" in r.text and 'class="hint"' in r.text
    api = web.get("/api/v1/partners/Atlantis", headers={"Accept": "text/html"})
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"  # the API stays JSON
    r = web.get("/search?year=20x4", headers={"Accept": "text/html"})
    assert r.status_code == 422 and "validation_error" in r.text and "year" in r.text


def _links(html: str) -> list[str]:
    return [a["href"] for tag, a in parse(html).tags if tag == "a" and a.get("href")]


def test_dossier_shows_meetings_sides_and_project_history_each_with_evidence(web: TestClient, web_db: Path) -> None:
    conn = open_readonly(web_db)
    name = dossier.partners(conn)[0].partner
    ref = dossier.resolve_partner(conn, name)
    d = dossier.dossier(conn, ref)
    projects = dossier.projects(conn, ref)
    html = web.get(f"/partners/{name}").text
    t = parse(html)
    items = [a for tag, a in t.tags if tag == "li" and "tl-item" in (a.get("class") or "")]
    assert [a["data-fact"] for a in items] == [m["fact"] for m in d.meetings]
    assert d.meetings, "the sample corpus has meetings for its top partner"
    persons = html.count('class="person"')
    assert persons == len(d.persons)
    home = ref.country or ref.code
    side = html.split('id="side-partner"')[1].split('id="side-belarus"')[0]
    assert side.count('class="person"') == sum(1 for p in d.persons if p["country"] == home)
    history = sum(len(p["history"]) for p in projects)
    section = html.split('id="projects"')[1].split("<h2>")[0]
    assert section.count("/facts/project_mentions:") == history > 0
    evidence = [h for h in _links(html) if h.startswith("/facts/")]
    assert {f"/facts/{m['fact']}" for m in d.meetings} <= set(evidence)
    for href in evidence[:40]:  # each evidence link opens its article at the fact
        r = web.get(href, follow_redirects=False)
        assert r.status_code == 303, href
        fact_id = href.removeprefix("/facts/")
        target = r.headers["location"]
        assert target.startswith("/articles/") and target.endswith("#" + fact_id), (href, target)
        article = web.get(target.split("#")[0]).text
        assert f'data-fact="{fact_id}"' in article, href


def test_the_date_filter_swaps_only_the_dossier_sections(web: TestClient, web_db: Path) -> None:
    conn = open_readonly(web_db)
    name = dossier.partners(conn)[0].partner
    ref = dossier.resolve_partner(conn, name)
    dates = sorted(m["date"] for m in dossier.dossier(conn, ref).meetings if m["date"])
    since = dates[-1][:7]
    windowed = dossier.dossier(conn, ref, dossier.Window(since, None))
    assert len(windowed.meetings) < len(dossier.dossier(conn, ref).meetings) or len(dates) == 1
    htmx = {"HX-Request": "true", "HX-Target": "dossier-sections"}
    r = web.get(f"/partners/{name}", params={"since": since}, headers=htmx)
    assert r.status_code == 200 and "hx-request" in r.headers["vary"].lower()
    assert r.text.lstrip().startswith('<div id="dossier-sections"') and "<html" not in r.text
    assert r.text.count('class="tl-item"') == len(windowed.meetings)
    full = web.get(f"/partners/{name}", params={"since": since})
    assert "<html" in full.text and full.text.count('class="tl-item"') == len(windowed.meetings)
    assert web.get(f"/partners/{name}", params={"since": since, "until": ""}).status_code == 200  # a blank field
    assert web.get(f"/partners/{name}", params={"since": "2024-13"}).status_code == 422
    assert 'hx-get="/partners/' in full.text and "/static/vendor/htmx/htmx.min.js" in full.text


def test_a_fact_link_redirects_to_its_article_and_bad_ids_answer_clearly(web: TestClient, web_db: Path) -> None:
    fact = qf.article_facts(open_readonly(web_db), 1)[0]
    r = web.get(f"/facts/{fact.fact_id}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/articles/1#{fact.fact_id}"
    assert web.get("/facts/figures:987654321").status_code == 404
    assert web.get("/facts/nonsense:1").status_code == 400


def test_article_cards_show_the_normalized_fields_of_each_fact(web: TestClient, web_db: Path) -> None:
    conn = open_readonly(web_db)
    aid, row = next((a, r) for a in range(1, 50) for r in qf.rows(conn, "figures", [a]))
    html = web.get(f"/articles/{aid}").text
    card = html.split(f'id="figures:{row["id"]}"')[1].split('<div class="fact ')[0]
    assert f"<dt>Wert</dt><dd>{dossier.format_value(row['value'], row['unit'])}</dd>" in card
    assert f"<dt>Art</dt><dd>{row['kind']}</dd>" in card and "Regel " in card
    if row["period"]:
        assert f"<dt>Zeitraum</dt><dd>{row['period']}</dd>" in card


def test_search_facets_answer_htmx_with_the_results_fragment(web: TestClient) -> None:
    html = web.get("/search?q=Traktoren").text
    assert 'hx-boost="true"' in html and 'hx-target="#search-body"' in html
    r = web.get("/search?q=Traktoren&year=2025", headers={"HX-Request": "true", "HX-Target": "search-body"})
    assert r.text.lstrip().startswith('<div id="search-body"') and "<html" not in r.text
    assert 'class="facet active"' in r.text


def test_graph_filters_by_sector_and_years(web: TestClient, web_db: Path) -> None:
    full = web.get("/api/v1/graph").json()
    page = web.get("/graph").text
    sectors = [a["value"] for tag, a in parse(page).tags if tag == "option" and a.get("value")
               and a["value"] not in ("cooperation", "figure", "meeting", "part_of", "represents", "member_of",
                                      "based_in", "participates")]
    assert sectors, "the sample corpus has sectors"
    sector = sectors[0]
    part = web.get("/api/v1/graph", params={"sector": sector}).json()
    assert 0 < len(part["nodes"]) < len(full["nodes"])
    whole = {(frozenset((e["source"], e["target"])), e["type"]) for e in full["edges"]}
    assert {(frozenset((e["source"], e["target"])), e["type"]) for e in part["edges"]} <= whole
    from coopgraph.api.graph import article_ids

    searched = web.get("/api/v1/articles", params={"sector": sector, "since": "2024", "limit": 500}).json()
    assert article_ids(open_readonly(web_db), sector, "2024", None) == {a["id"] for a in searched["items"]}
    shown = parse(web.get("/graph", params={"sector": sector, "since": "2020"}).text)
    url = next(a["data-url"] for tag, a in shown.tags if a.get("id") == "graph")
    assert url == "/api/v1/graph?" + urlencode({"sector": sector, "since": "2020"})
    assert web.get("/api/v1/graph", params={"until": "1990"}).json() == {"nodes": [], "edges": []}
    assert web.get("/api/v1/graph", params={"since": "20x4"}).status_code == 422
