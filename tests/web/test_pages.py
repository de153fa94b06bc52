"""Every page renders its content from the read layer; article text is escaped; nothing loads from another host."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

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
