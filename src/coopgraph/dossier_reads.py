"""The reads of many partner dossiers at once (``query.partner_answers.compute`` after a graph update).

A dossier reads, for its articles, their metadata, partner rows, persons and organizations with their entities,
meetings, sectors, offers and normalized figures (``dossier.Reads``): one round of queries per partner, and a
country's articles are read again for each of its regions and cities. ``Bulk`` reads every row of the articles of
all the partners once, a chunk of articles at a time, and answers each dossier's reads from them: the same rows in
the same order (every read is in article order, and the rows of one article do not depend on the others), so the
dossiers are the same (tests/api/test_partner_answers.py compares them for every partner and window)."""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .dossier import Reads, figures_by_article
from .query import facts as q
from .query.types import ArticleMeta, FigureRow

CHUNK = 1000  # articles read per round: a bound on the statement's parameters and on the texts held at once
TABLES = ("meetings", "sectors", "offers")
ENTITY_TABLES = ("persons", "organizations")


class Bulk(Reads):
    """``Reads`` answered from the rows of ``ids`` read once; a read of other articles queries as ``Reads`` does."""

    def __init__(self, conn: sqlite3.Connection, ids: Iterable[int]) -> None:
        super().__init__(conn)
        self.ids = sorted(set(ids))
        self._meta: dict[int, ArticleMeta] = {}
        self._partners: dict[int, list[Any]] = defaultdict(list)
        self._rows: dict[str, dict[int, list[Any]]] = {t: defaultdict(list) for t in (*TABLES, *ENTITY_TABLES)}
        self._figures: dict[int, list[FigureRow]] = defaultdict(list)
        for i in range(0, len(self.ids), CHUNK):
            chunk = self.ids[i:i + CHUNK]
            self._meta.update(q.article_meta(conn, chunk))
            for r in q.partner_rows(conn, chunk):
                self._partners[r["article_id"]].append(r)
            for t in TABLES:
                for r in q.rows(conn, t, chunk):
                    self._rows[t][r["article_id"]].append(r)
            for t in ENTITY_TABLES:
                for r in q.with_entities(conn, t, chunk):
                    self._rows[t][r["article_id"]].append(r)
            for aid, f in figures_by_article(conn, chunk, self._meta):
                self._figures[aid].append(f)

    def _known(self, ids: list[int]) -> bool:
        return all(a in self._meta for a in ids)

    def article_meta(self, ids: list[int]) -> dict[int, ArticleMeta]:
        if not self._known(ids):
            return super().article_meta(ids)
        return {a: self._meta[a] for a in ids}

    def partner_rows(self, ids: list[int]) -> list[Any]:
        if not self._known(ids):
            return super().partner_rows(ids)
        return [r for a in sorted(ids) for r in self._partners.get(a, ())]

    def rows(self, table: str, ids: list[int]) -> list[Any]:
        if table not in TABLES or not self._known(ids):
            return super().rows(table, ids)
        per = self._rows[table]
        return [r for a in sorted(ids) for r in per.get(a, ())]

    def with_entities(self, table: str, ids: list[int]) -> list[Any]:
        if table not in ENTITY_TABLES or not self._known(ids):
            return super().with_entities(table, ids)
        per = self._rows[table]
        return [r for a in sorted(ids) for r in per.get(a, ())]

    def figure_rows(self, ids: list[int], meta: dict[int, ArticleMeta]) -> list[FigureRow]:
        if not self._known(ids) or any(meta[a] != self._meta[a] for a in ids):
            return super().figure_rows(ids, meta)
        return [f for a in sorted(ids) for f in self._figures.get(a, ())]
