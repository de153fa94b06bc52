"""Reads of watchlists: the saved searches, partners and entities, and what is new for each since the last visit.

"New" means stored after the watchlist's watermark (``last_seen_article``, the highest article id seen; article ids
only grow): the articles that match the watchlist, with their facts. A search matches what `coopgraph search`
finds (names in any spelling); a partner, the articles naming it or one of its regions or cities (as the dossier
counts them); an entity, the articles that mention it after `coopgraph graph` resolved the mentions. The facts of
a search or partner are the figures, meetings, offers and needs, quotes and project mentions of the new articles;
those of an entity are its own mentions. Nothing here writes: ``store.watchlists`` moves the watermark."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from .db import NotFound, has_tables
from .facts import _in, facts_by_id
from .types import Fact, Record

KINDS = ("search", "partner", "entity")
FACT_TABLES_SHOWN = ("figures", "meetings", "offers", "quotes", "project_mentions")
MAX_VALUE = 500  # characters of a saved search, partner name or entity id


@dataclass(frozen=True)
class Watchlist(Record):
    id: int
    kind: str
    value: str
    label: str | None
    created_at: str
    last_seen_at: str
    last_seen_article: int
    last_seen_run: int | None


@dataclass(frozen=True)
class NewArticle(Record):
    id: int
    doc_id: str
    title: str | None
    date: str | None
    date_partial: str | None
    ingested_at: str


@dataclass(frozen=True)
class WatchNews(Record):
    """What is new for one watchlist: ``upto`` is the newest article id considered (pass it to mark-seen so that
    articles stored meanwhile stay new); ``runs`` counts the ingest runs finished since the last visit."""
    watchlist: Watchlist
    upto: int
    runs: int
    articles: list[NewArticle] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def _row(r: sqlite3.Row) -> Watchlist:
    return Watchlist(r["id"], r["kind"], r["value"], r["label"], r["created_at"], r["last_seen_at"],
                     r["last_seen_article"], r["last_seen_run"])


def watchlists(conn: sqlite3.Connection) -> list[Watchlist]:
    """Every watchlist, oldest first (none in a database older than migration 0006)."""
    if not has_tables(conn, "watchlists"):
        return []
    return [_row(r) for r in conn.execute("SELECT * FROM watchlists ORDER BY id")]


def watchlist(conn: sqlite3.Connection, watch_id: int) -> Watchlist:
    row = None
    if has_tables(conn, "watchlists"):
        row = conn.execute("SELECT * FROM watchlists WHERE id = ?", (watch_id,)).fetchone()
    if row is None:
        raise NotFound(f"no watchlist {watch_id}", "`coopgraph watch list` or GET /api/v1/watchlists lists them")
    return _row(row)


def latest_article(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0])


def resolve(conn: sqlite3.Connection, kind: str, value: str) -> tuple[str, str]:
    """The (value, label) to save for what the user typed, checked against the database: a partner becomes its
    canonical German name (``KZ``, ``Kazakhstan`` and ``Казахстан`` are one watchlist), an entity its id (a
    name is looked up as `coopgraph entity` does), a search stays as typed once it parses. Raises NotFound or
    UsageError with a hint."""
    from ..errors import UsageError

    text = " ".join(value.split())
    if kind not in KINDS:
        raise UsageError(f"unknown watchlist kind {kind!r}", "use search, partner or entity")
    if not text or len(text) > MAX_VALUE:
        raise UsageError(f"a watchlist value needs 1 to {MAX_VALUE} characters",
                         "give a search, a partner or an entity")
    if kind == "search":
        from .articles import search

        search(conn, text, limit=1)  # a malformed query raises UsageError here, not on every later visit
        return text, text
    if kind == "partner":
        from ..dossier import resolve_partner

        ref = resolve_partner(conn, text)
        return ref.name, ref.name
    from ..dossier import entity
    from .facts import entity_record

    rec = entity_record(conn, text) if has_tables(conn, "entities") else None
    if rec is None:
        found = entity(conn, text) if has_tables(conn, "entities", "entity_aliases") else []
        if not found:
            raise NotFound(f"no entity called {text!r}", "`coopgraph entity NAME` finds entities and their ids")
        rec = found[0]
    return rec["id"], rec["name"]


def _matching(conn: sqlite3.Connection, wl: Watchlist, lo: int, hi: int) -> tuple[list[int], dict[str, list[int]]]:
    """Article ids in (lo, hi] matching the watchlist, and for an entity its mentions there (table -> fact ids)."""
    if hi <= lo:
        return [], {}
    if wl.kind == "search":
        from .articles import search

        return sorted(h.id for h in search(conn, wl.value, limit=1_000_000) if lo < h.id <= hi), {}
    if wl.kind == "partner":
        from ..dossier import _articles_for, resolve_partner

        try:
            ref = resolve_partner(conn, wl.value)
        except NotFound:
            return [], {}
        return sorted(a for a in _articles_for(conn, ref) if lo < a <= hi), {}
    if not has_tables(conn, "entity_mentions"):
        return [], {}
    mentions: dict[str, list[int]] = {}
    ids: set[int] = set()
    for r in conn.execute("SELECT fact_table, fact_id, article_id FROM entity_mentions WHERE entity_id = ? "
                          "AND article_id > ? AND article_id <= ? ORDER BY fact_table, fact_id", (wl.value, lo, hi)):
        mentions.setdefault(r[0], []).append(r[1])
        ids.add(r[2])
    return sorted(ids), mentions


def _fact_ids(conn: sqlite3.Connection, ids: list[int]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        for t in FACT_TABLES_SHOWN:
            out.setdefault(t, []).extend(r[0] for r in conn.execute(
                f"SELECT id FROM {t} WHERE article_id IN ({_in(chunk)}) ORDER BY id", chunk))
    return out


def _articles(conn: sqlite3.Connection, ids: list[int]) -> list[NewArticle]:
    out: list[NewArticle] = []
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        out += [NewArticle(r["id"], r["doc_id"], r["title"], r["date"], r["date_partial"], r["ingested_at"])
                for r in conn.execute("SELECT id, doc_id, title, date, date_partial, ingested_at FROM articles "
                                      f"WHERE id IN ({_in(chunk)}) ORDER BY id", chunk)]
    return out


def new_since(conn: sqlite3.Connection, wl: Watchlist, upto: int | None = None) -> WatchNews:
    """The articles stored after the watchlist's watermark (up to article id ``upto``, default the newest) that
    match it, oldest first, and their facts with evidence, in article and text order."""
    hi = latest_article(conn) if upto is None else min(int(upto), latest_article(conn))
    ids, mentions = _matching(conn, wl, wl.last_seen_article, hi)
    by_table = mentions if wl.kind == "entity" else _fact_ids(conn, ids)
    facts = [f for t, fids in by_table.items() for f in facts_by_id(conn, t, fids).values()]
    facts.sort(key=lambda f: (f.article_id, f.start, f.table))
    runs = int(conn.execute("SELECT count(*) FROM runs WHERE finished_at IS NOT NULL AND id > ?",
                            (wl.last_seen_run or 0,)).fetchone()[0])
    return WatchNews(wl, max(hi, wl.last_seen_article), runs, _articles(conn, ids), facts)


def summary(news: WatchNews) -> dict[str, Any]:
    """One line per watchlist: what it is and how much is new."""
    return news.watchlist.as_dict() | {"new_articles": len(news.articles), "new_facts": len(news.facts),
                                       "upto": news.upto}
