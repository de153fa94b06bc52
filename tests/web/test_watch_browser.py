"""/watch in a real browser (Debian Chromium, as test_browser): type the token, save a partner from its dossier
with "Beobachten", ingest an article through the API, see it under "new since your last visit", mark it seen."""
from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from coopgraph.api import create_app
from coopgraph.settings import Settings

from .conftest import serve_app
from .test_browser import browser, visit  # noqa: F401 - browser is a fixture; skips without Chromium

TOKEN = "browser-watch-token"
# written for this test
ARTICLE = {"id": "browser-watch-kz", "title": "Mähdrescher für Kostanai", "date": "2025-06-03",
           "text": "Minsk, 3. Juni (BelTA) - Belarus und Kasachstan wollen die Montage von Mähdreschern in Kostanai "
                   "ausbauen. Der Handelsumsatz zwischen Belarus und Kasachstan belief sich im Jahr 2024 auf 1,3 "
                   "Milliarden US-Dollar, sagte der Minister bei einem Treffen in Astana."}


@pytest.fixture(scope="module")
def writable_server(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("watch-browser") / "w.db"
    shutil.copy(web_db, db)
    yield from serve_app(create_app(Settings(db=str(db), quiet=True), api_token=TOKEN))


def post_article(server: str) -> None:
    req = urllib.request.Request(server + "/api/v1/articles", data=json.dumps(ARTICLE).encode() + b"\n",
                                 headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"})
    with urllib.request.urlopen(req) as r:  # loopback only
        assert json.load(r)["new"] == 1


def sections(drv: Any) -> list[Any]:
    return drv.find_elements(By.CSS_SELECTOR, "section.watchlist")


def new_counts(drv: Any) -> list[str]:
    """Each list's count of new articles, read in one script: the page re-renders the lists after "seen", and a
    section found in one command and read in the next may be gone by then (Chromium reports that not as a stale
    element but as an inspector error)."""
    return list(drv.execute_script(
        "return Array.from(document.querySelectorAll('section.watchlist'), s => s.dataset.newArticles);"))


def test_save_a_partner_see_what_is_new_and_mark_it_seen(browser: Any, writable_server: str,  # noqa: F811
                                                         tmp_path: Path) -> None:
    server = writable_server
    visit(browser, server + "/watch", tmp_path / "watch-empty.png")
    assert browser.find_elements(By.ID, "no-watchlists")
    browser.find_element(By.CSS_SELECTOR, "#watch-token input[name=token]").send_keys(TOKEN)

    visit(browser, server + "/partners/Kasachstan", tmp_path / "dossier.png")
    browser.find_element(By.CSS_SELECTOR, "form.watch-save button").click()
    WebDriverWait(browser, 30).until(
        lambda b: "gespeichert" in (b.execute_script(  # one script: no node to lose between find and read
            "var s = document.querySelector('form.watch-save .watch-status'); return s && s.innerText;") or ""))

    visit(browser, server + "/watch", tmp_path / "watch-saved.png")
    (sec,) = sections(browser)
    assert "Kasachstan" in sec.text and sec.get_attribute("data-new-articles") == "0"

    post_article(server)
    visit(browser, server + "/watch", tmp_path / "watch-new.png")
    (sec,) = sections(browser)
    assert sec.get_attribute("data-new-articles") == "1"
    assert [a.text for a in sec.find_elements(By.CSS_SELECTOR, ".new-article > a")] == [ARTICLE["title"]]
    assert sec.find_elements(By.CSS_SELECTOR, ".new-fact")

    sec.find_element(By.CSS_SELECTOR, "form.watch-seen button").click()
    WebDriverWait(browser, 30).until(lambda b: new_counts(b)[:1] == ["0"])
    browser.save_screenshot(str(tmp_path / "watch-seen.png"))
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
