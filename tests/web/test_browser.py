"""The workbench in a real browser: headless Chromium from Debian (`chromium`, `chromium-driver`, installed by
.ci/run), driven by Selenium through /usr/bin/chromedriver (no browser or driver download). For each page: the
expected content, no console error (a CSP violation is one), and a screenshot under the test's tmp folder."""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coopgraph import dossier
from coopgraph.query import facts as qf
from coopgraph.query import open_readonly

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("Chromium is absent: apt-get install -y chromium chromium-driver (.ci/run does)",
                allow_module_level=True)

from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.expected_conditions import staleness_of  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from coopgraph.api import create_app  # noqa: E402
from coopgraph.settings import Settings  # noqa: E402

from .conftest import serve_app  # noqa: E402


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[str]:
    yield from serve_app(create_app(Settings(db=str(web_db)), api_token=""))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager never downloads anything
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


def visit(browser: Any, url: str, shot: Path, ready: Any = None) -> None:
    browser.get(url)
    if ready is not None:
        WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,)).until(ready)
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 1000
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, (url, errors)


def test_overview_lists_the_partners(browser: Any, server: str, web_db: Path, tmp_path: Path) -> None:
    n = min(15, len(dossier.partners(open_readonly(web_db))))
    visit(browser, server + "/", tmp_path / "overview.png")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#partners tbody tr")) == n


def test_dossier_chart_has_as_many_points_as_the_series(browser: Any, server: str, web_db: Path,
                                                       tmp_path: Path) -> None:
    conn = open_readonly(web_db)
    name = dossier.partners(conn)[0].partner
    d = dossier.dossier(conn, dossier.resolve_partner(conn, name))
    visit(browser, f"{server}/partners/{name}", tmp_path / "dossier.png", _charted)
    charts = browser.find_elements(By.CSS_SELECTOR, ".chart")
    assert [int(c.get_attribute("data-point-count")) for c in charts] == [len(s) for s in d.figures.values()]
    assert all(c.find_elements(By.TAG_NAME, "canvas") for c in charts)


def test_article_highlights_every_fact_and_a_click_shows_its_evidence(browser: Any, server: str, web_db: Path,
                                                                      tmp_path: Path) -> None:
    facts = qf.article_facts(open_readonly(web_db), 1)
    visit(browser, f"{server}/articles/1", tmp_path / "article.png")
    spans = browser.find_elements(By.CSS_SELECTOR, "#text .f")
    shown = {fid for s in spans for fid in s.get_attribute("data-facts").split()}
    assert shown == {f.fact_id for f in facts if f.start < f.end}
    figure = next(s for s in spans if "f-figure" in s.get_attribute("class"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", figure)
    figure.click()
    ids = figure.get_attribute("data-facts").split()
    card = browser.find_element(By.ID, ids[0])
    assert "selected" in card.get_attribute("class") and card.is_displayed()
    assert "Regel" in card.text
    browser.save_screenshot(str(tmp_path / "article-clicked.png"))


def test_graph_has_as_many_nodes_as_the_api_says(browser: Any, server: str, tmp_path: Path) -> None:
    import urllib.request

    with urllib.request.urlopen(server + "/api/v1/graph") as r:  # loopback only
        nodes = len(json.load(r)["nodes"])
    visit(browser, server + "/graph", tmp_path / "graph.png", _node_count)
    assert int(browser.find_element(By.ID, "graph").get_attribute("data-node-count")) == nodes


def test_search_entity_docs_and_hostile_article_pages(browser: Any, server: str, web_db: Path, tmp_path: Path) -> None:
    visit(browser, server + "/search?q=Traktoren", tmp_path / "search.png")
    assert browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    visit(browser, server + "/entities/country:KZ", tmp_path / "entity.png")
    assert browser.find_elements(By.CSS_SELECTOR, ".mentions li")
    visit(browser, server + "/docs", tmp_path / "docs.png",
          lambda b: b.find_elements(By.CSS_SELECTOR, ".opblock"))
    hostile = next(m for m in qf.article_meta(open_readonly(web_db)).values() if m.doc_id.startswith("hostile"))
    visit(browser, f"{server}/articles/{hostile.id}", tmp_path / "hostile.png")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - no script of the article ran
    assert "<script>alert('x')</script>" in browser.find_element(By.ID, "text").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#text img, #text a, #text script")


def _top(web_db: Path) -> tuple[Any, str, Any]:
    conn = open_readonly(web_db)
    name = dossier.partners(conn)[0].partner
    return conn, name, dossier.resolve_partner(conn, name)


def _charted(b: Any) -> bool:
    # one script, not find then read: an htmx swap may replace the charts between the two
    return bool(b.execute_script(
        "return Array.from(document.querySelectorAll('.chart')).every(c => c.getAttribute('data-point-count'));"))


def test_dossier_timeline_sides_and_a_date_filter_swapped_by_htmx(browser: Any, server: str, web_db: Path,
                                                                   tmp_path: Path) -> None:
    conn, name, ref = _top(web_db)
    d = dossier.dossier(conn, ref)
    visit(browser, f"{server}/partners/{name}", tmp_path / "dossier-full.png", _charted)
    items = browser.find_elements(By.CSS_SELECTOR, "#meeting-timeline .tl-item")
    assert len(items) == len(d.meetings) > 0
    assert all(i.find_element(By.CSS_SELECTOR, "a.ev").get_attribute("href").endswith("/facts/" +
               i.get_attribute("data-fact")) for i in items)
    browser.execute_script("document.getElementById('meeting-timeline').scrollIntoView()")
    browser.save_screenshot(str(tmp_path / "dossier-timeline.png"))
    shown = len(browser.find_elements(By.CSS_SELECTOR, "#side-partner .person, #side-belarus .person, "
                                                       "#side-unknown .person"))
    assert shown == len(d.persons)
    # the filter: only the last meeting's month on; htmx swaps the sections and pushes the URL
    since = max(m["date"] for m in d.meetings if m["date"])[:7]
    w = dossier.dossier(conn, ref, dossier.Window(since, None))
    old = browser.find_element(By.ID, "dossier-sections")
    browser.execute_script("window.notReloaded = true")
    box = browser.find_element(By.CSS_SELECTOR, "#window input[name=since]")
    box.clear()
    box.send_keys(since)
    browser.find_element(By.CSS_SELECTOR, "#window button").click()
    WebDriverWait(browser, 30).until(staleness_of(old))
    WebDriverWait(browser, 30).until(lambda b: b.execute_script(
        "var d = document.getElementById('dossier-sections'); return d && d.getAttribute('data-since');") == since
        and _charted(b))
    assert browser.execute_script("return window.notReloaded === true")  # swapped by htmx, not a page load
    assert f"since={since}" in browser.current_url
    assert len(browser.find_elements(By.CSS_SELECTOR, "#meeting-timeline .tl-item")) == len(w.meetings)
    charts = browser.find_elements(By.CSS_SELECTOR, ".chart")
    assert [int(c.get_attribute("data-point-count")) for c in charts] == [len(s) for s in w.figures.values()]
    browser.save_screenshot(str(tmp_path / "dossier-filtered.png"))
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    # a meeting's evidence: its article with the meeting selected
    browser.find_element(By.CSS_SELECTOR, "#meeting-timeline .tl-item a.ev").click()
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".fact.selected"))
    assert browser.find_element(By.CSS_SELECTOR, ".fact.selected").get_attribute("data-fact").startswith("meetings:")


def _node_count(b: Any) -> Any:
    # one script, not find then read: the filter re-renders the graph between the two
    return b.execute_script("var g = document.getElementById('graph'); return g && g.getAttribute('data-node-count');")


def test_graph_sector_filter_shows_fewer_nodes_and_a_click_opens_the_node(browser: Any, server: str,
                                                                          tmp_path: Path) -> None:
    import urllib.parse
    import urllib.request

    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import Select

    visit(browser, server + "/graph", tmp_path / "graph-all.png", _node_count)
    everything = int(_node_count(browser))
    select = Select(browser.find_element(By.NAME, "sector"))
    sector = select.options[1].get_attribute("value")
    select.select_by_value(sector)
    browser.find_element(By.CSS_SELECTOR, ".graph-filters button").click()
    WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: "sector=" in b.current_url and _node_count(b))
    with urllib.request.urlopen(server + "/api/v1/graph?" + urllib.parse.urlencode({"sector": sector})) as r:
        want = len(json.load(r)["nodes"])  # loopback only
    assert int(_node_count(browser)) == want < everything
    browser.save_screenshot(str(tmp_path / "graph-sector.png"))
    # a real click on a place node opens its dossier
    # a country whose centre no other node covers, so the click can only land on it
    node = browser.execute_script("""
        var nodes = window.partnerGraph.nodes();
        var free = nodes.filter(function (n) {
          var p = n.renderedPosition();
          return n.data('kind') === 'country' && nodes.every(function (m) {
            var b = m.renderedBoundingBox({includeLabels: false});
            return m === n || p.x < b.x1 || p.x > b.x2 || p.y < b.y1 || p.y > b.y2;
          });
        });
        var n = free[0], p = n.renderedPosition();
        return {x: p.x, y: p.y, label: n.data('label')};""")
    el = browser.find_element(By.ID, "graph")
    size = el.size
    ActionChains(browser).move_to_element_with_offset(el, int(node["x"] - size["width"] / 2),
                                                      int(node["y"] - size["height"] / 2)).click().perform()
    WebDriverWait(browser, 30).until(lambda b: "/partners/" in b.current_url)
    assert urllib.parse.unquote(browser.current_url).endswith("/partners/" + node["label"])
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Dossier: ")


def test_article_figure_click_shows_normalized_value_kind_period_rule_and_entity(browser: Any, server: str,
                                                                                 web_db: Path, tmp_path: Path) -> None:
    conn = open_readonly(web_db)
    aid, row = next((a, r) for a in range(1, 50) for r in qf.rows(conn, "figures", [a]))
    visit(browser, f"{server}/articles/{aid}", tmp_path / "article-figure.png")
    spans = browser.find_elements(By.CSS_SELECTOR, "#text .f")
    shown = {fid for s in spans for fid in s.get_attribute("data-facts").split()}
    assert shown == {f.fact_id for f in qf.article_facts(conn, aid) if f.start < f.end}
    span = next(s for s in spans if f"figures:{row['id']}" in s.get_attribute("data-facts").split())
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", span)
    span.click()
    card = browser.find_element(By.ID, f"figures:{row['id']}")
    assert "selected" in card.get_attribute("class") and card.is_displayed()
    text = card.text
    assert dossier.format_value(row["value"], row["unit"]) in text and row["kind"] in text and "Regel" in text
    assert not row["period"] or row["period"] in text
    browser.save_screenshot(str(tmp_path / "article-figure-clicked.png"))


def test_search_facet_click_swaps_the_results_through_htmx(browser: Any, server: str, tmp_path: Path) -> None:
    visit(browser, server + "/search?q=Traktoren", tmp_path / "search-all.png")
    before = browser.find_element(By.ID, "hit-count").text
    facet = browser.find_elements(By.CSS_SELECTOR, ".facets a.facet")[-1]
    value = facet.text
    count = facet.find_element(By.XPATH, "following-sibling::span").text
    body = browser.find_element(By.ID, "search-body")
    browser.execute_script("window.notReloaded = true")
    facet.click()
    WebDriverWait(browser, 30).until(staleness_of(body))
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".facet.active"))
    assert browser.execute_script("return window.notReloaded === true")  # swapped by htmx, not a page load
    assert browser.find_element(By.CSS_SELECTOR, ".facet.active").text == value
    assert browser.find_element(By.ID, "hit-count").text.startswith(f"{count} Treffer"), before
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    browser.save_screenshot(str(tmp_path / "search-facet.png"))
