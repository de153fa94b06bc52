"""The workbench in a real browser: headless Chromium from Debian (`chromium`, `chromium-driver`, installed by
.ci/run), driven by Selenium through /usr/bin/chromedriver (no browser or driver download). For each page: the
expected content, no console error (a CSP violation is one), and a screenshot under the test's tmp folder."""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
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

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from coopgraph.api import create_app  # noqa: E402
from coopgraph.settings import Settings  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(Settings(db=str(web_db)), api_token=""), host="127.0.0.1",
                                        port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(10)


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
        WebDriverWait(browser, 30).until(ready)
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
    visit(browser, f"{server}/partners/{name}", tmp_path / "dossier.png",
          lambda b: all(c.get_attribute("data-point-count") for c in b.find_elements(By.CSS_SELECTOR, ".chart")))
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
    visit(browser, server + "/graph", tmp_path / "graph.png",
          lambda b: b.find_element(By.ID, "graph").get_attribute("data-node-count"))
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
