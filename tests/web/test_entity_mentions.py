"""The entity page lists the first ``limit`` mentions by date (100 unless asked otherwise), as the API's entity
answer does, with links to the next 100 and to all when it cut them."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from coopgraph.api.entities import entity_detail
from coopgraph.query import facts as qf
from coopgraph.query import open_readonly


def mentions(html: str) -> list[str]:
    """The article links of the mention list, in order."""
    listed = html.split('<ul class="mentions">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="(/articles/[^"]+)"', listed)


def links(conn: sqlite3.Connection, eid: str) -> list[str]:
    return [f"/articles/{m['article_id']}#{m['fact']}" for m in entity_detail(conn, eid)["mentions"]]


def test_entity_page_lists_the_first_mentions_and_links_to_more(web: TestClient, web_db: Path) -> None:
    conn = open_readonly(web_db)
    by_count = sorted(qf.entity_ids(conn), key=lambda i: (len(qf.entity_record(conn, i)["mentions"]), i))  # type: ignore[index]
    big = by_count[-1]
    small = next(i for i in by_count if len(qf.entity_record(conn, i)["mentions"]) >= 3)  # type: ignore[index]
    want, few = links(conn, big), links(conn, small)
    conn.close()
    n = len(want)
    assert 102 < n < 200, "the sample's most mentioned entity has more than a page and less than two"
    page = web.get(f"/entities/{big}")
    assert page.status_code == 200 and mentions(page.text) == want[:100]
    assert f"Erwähnungen ({n})" in page.text and f"100 von {n}" in page.text
    assert f'href="/entities/{big}?limit={n}">mehr</a>' in page.text and f">alle {n}<" not in page.text
    two = web.get(f"/entities/{big}", params={"limit": 2})
    assert mentions(two.text) == want[:2] and f"2 von {n}" in two.text
    assert f'href="/entities/{big}?limit=102">mehr</a>' in two.text
    assert f'href="/entities/{big}?limit={n}">alle {n}</a>' in two.text
    every = web.get(f"/entities/{big}", params={"limit": n})
    assert mentions(every.text) == want and 'class="more' not in every.text
    whole = web.get(f"/entities/{small}")  # fewer than a page: all of them, no link
    assert mentions(whole.text) == few and f"Erwähnungen ({len(few)})" in whole.text
    assert 'class="more' not in whole.text
    assert web.get(f"/entities/{big}", params={"limit": 0}).status_code == 422
