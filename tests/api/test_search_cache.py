"""The search ranking and facets kept per query (``query.cache.recent``) are those of the database as it is: an
ingest after a search changes the next answer to the same query, and the kept answer is not changed by a caller."""
from __future__ import annotations

import shutil
from pathlib import Path

from coopgraph.api.articles import Filters, find_articles
from coopgraph.query import open_readonly

from .conftest import ingest_text

ARTICLE = """Wirtschaft
5. Mai 2025

Gebiet Brest und Provinz Henan planen Werk für Zitronenpressen

BREST, 5. Mai (BelTA) - Das Gebiet Brest und die chinesische Provinz Henan wollen gemeinsam ein Werk für
Zitronenpressen bauen. Das teilte der Vorsitzende des Brester Gebietsexekutivkomitees mit. Die Zitronenpressen
sollen ab 2026 in Brest gefertigt werden.
"""


def test_an_ingest_after_a_search_changes_the_next_answer(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    conn = open_readonly(db)
    before = find_articles(conn, Filters(q="Werk"), (0, 5))
    again = find_articles(conn, Filters(q="Werk"), (0, 5))
    assert again.items == before.items and again.facets == before.facets
    again.facets.clear()  # a caller changing its answer does not change the kept one
    assert find_articles(conn, Filters(q="Werk"), (0, 5)).facets == before.facets
    assert find_articles(conn, Filters(q="Zitronenpressen"), (0, 5)).items == []
    ingest_text(db, tmp_path / "new", ARTICLE)
    after = find_articles(conn, Filters(q="Werk"), (0, 5))
    assert len(after.items) == len(before.items) + 1
    assert sum(f["count"] for f in after.facets["year"]) == len(after.items)
    assert [it["title"] for it in find_articles(conn, Filters(q="Zitronenpressen"), (0, 5)).items] == \
        ["Gebiet Brest und Provinz Henan planen Werk für Zitronenpressen"]
    conn.close()
