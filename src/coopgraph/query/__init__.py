"""The one read layer, shared by CLI, API, web and export: every read of the database lives in this package.

``open_readonly`` opens a database with sqlite's ``mode=ro``; nothing here migrates, rebuilds or writes.
Results are typed (``query.types``); ``names`` resolves names in German, English and Russian and ISO codes;
``export_rows`` holds the reads of the exports (the writes of the corpus graph live in ``store.graph_tables``)."""
from __future__ import annotations

from .articles import SNIPPET_MARKS, get_article, graph_counts, rejects, search, snippets, stats, top_partner
from .db import NotFound, graph_hint, open_readonly
from .types import ArticleMeta, Comparison, Contradiction, Fact, FigureRow, PartnerRef, SearchHit, Window

__all__ = [
           "SNIPPET_MARKS",
           "ArticleMeta",
           "Comparison",
           "Contradiction",
           "Fact",
           "FigureRow",
           "NotFound",
           "PartnerRef",
           "SearchHit",
           "Window",
           "get_article",
           "graph_counts",
           "graph_hint",
           "open_readonly",
           "rejects",
           "search",
           "snippets",
           "stats",
           "top_partner",
]
