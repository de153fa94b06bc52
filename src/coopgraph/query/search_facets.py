"""Search facets of many articles (foreign partner, sector, year, outlet) from a per-article index kept in memory.

A first-time search of a frequent word has up to ``SEARCH_CAP`` (5,000) hits whose facets it counts. Counted in SQL
(three aggregates over the hits' rows, through covering indexes) that took 100-220 ms per cold query at 20,000
articles; counted from this index it takes a few ms (benchmarks/api_bench.py, search-cold). The index holds what
each article contributes to the facets: its canonical foreign partner names, its sectors, its year (printed or
inferred, as the dossier infers it) and its outlet.

It is built once per database file (about 0.8 s at 20,000 articles) and then brought up to date incrementally: an
article and its facts are written in one transaction and article ids only grow, so after an ingest only the
articles with a higher id than the last one read are added. When the articles are fewer than the index holds (a
deletion), or another article appeared below the highest id read, the index is rebuilt. The state checked per
search is ``graph_state.articles_version`` (one row; every insert and delete of an article bumps it), and when
that changed, ``count(*), max(id)`` of the articles, read in the same read transaction as the new rows."""
from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from . import names
from .facts import facet_keys
from .partners import CODE_SQL

FACETS = ("partner", "sector", "year", "outlet")


@dataclass
class _Index:
    """Per article its facet values. The partners and sectors of an article are held as the number of their
    combination (``combos``): counting 5,000 small numbers and then each distinct combination's values once is
    5x faster than counting every value of every article."""
    count: int = 0  # articles read
    upto: int = 0  # highest article id read
    version: int | None = None  # graph_state.articles_version when read (None: the database has none)
    partners: dict[int, int] = field(default_factory=dict)
    sectors: dict[int, int] = field(default_factory=dict)
    year: dict[int, str] = field(default_factory=dict)
    outlet: dict[int, str] = field(default_factory=dict)
    inferred: dict[int, str | None] = field(default_factory=dict)  # of the articles without date, with date_partial
    combos: list[tuple[str, ...]] = field(default_factory=lambda: [()])
    combo_ids: dict[tuple[str, ...], int] = field(default_factory=lambda: {(): 0})

    def combo(self, values: set[str]) -> int:
        key = tuple(sorted(values))
        n = self.combo_ids.get(key)
        if n is None:
            n = self.combo_ids[key] = len(self.combos)
            self.combos.append(key)
        return n

    def copy(self) -> _Index:
        return _Index(self.count, self.upto, self.version, dict(self.partners), dict(self.sectors), dict(self.year),
                      dict(self.outlet), dict(self.inferred), list(self.combos), dict(self.combo_ids))


_LOCK = threading.Lock()
_INDEXES: dict[str, _Index] = {}


def outlet_host(url: str | None) -> str | None:
    """The publishing site of a URL: its host without "www." (None without URL or host)."""
    return (urlsplit(url).hostname or "").removeprefix("www.") or None if url else None


def outlet_key(url: str | None) -> str:
    """The outlet facet value of a URL: ``outlet_host``, or "unknown"."""
    return outlet_host(url) or "unknown"


def _add(conn: sqlite3.Connection, idx: _Index, after: int) -> None:
    """Read the articles with an id above ``after`` into ``idx``."""
    rows = conn.execute("SELECT id, date IS NULL AND date_partial IS NOT NULL FROM articles WHERE id > ? ORDER BY id",
                        (after,)).fetchall()
    if not rows:
        return
    ids = [r[0] for r in rows]
    undated = {r[0] for r in rows if r[1]}
    canonical: dict[tuple[str, str], str] = {}
    partners: dict[int, set[str]] = {}
    for aid, code, written in conn.execute(
            f"SELECT DISTINCT article_id, {CODE_SQL}, name FROM partners WHERE article_id > ? "
            "AND (country IS NULL OR country != 'BY')", (after,)):
        name = canonical.get((code, written))
        if name is None:
            name = canonical[(code, written)] = names.canonical_name(code, written)
        partners.setdefault(aid, set()).add(name)
    sectors: dict[int, set[str]] = {}
    for aid, sector in conn.execute("SELECT article_id, sector FROM sectors WHERE article_id > ?", (after,)):
        sectors.setdefault(aid, set()).add(sector)
    idx.partners |= {a: idx.combo(v) for a, v in partners.items()}
    idx.sectors |= {a: idx.combo(v) for a, v in sectors.items()}
    hosts: dict[str | None, str] = {}
    for a, (date, inferred, url) in facet_keys(conn, ids).items():
        idx.year[a] = (date or inferred or "")[:4] or "unknown"
        if a in undated:
            idx.inferred[a] = inferred
        if url not in hosts:
            hosts[url] = outlet_key(url)
        idx.outlet[a] = hosts[url]
    idx.count += len(ids)
    idx.upto = max(idx.upto, ids[-1])


def _current(conn: sqlite3.Connection) -> _Index:
    """The index of ``conn``'s database as it is now (read in one read transaction)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    path = row[2] if row else ""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        try:  # bumped by every insert and delete of an article (store migration 0005)
            row = conn.execute("SELECT articles_version FROM graph_state WHERE id = 1").fetchone()
        except sqlite3.OperationalError:
            row = None
        version = int(row[0]) if row else None
        with _LOCK:
            idx = _INDEXES.get(path) if path else None
        if idx is not None and version is not None and idx.version == version:
            return idx
        count, top = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM articles").fetchone()
        if idx is not None and idx.count == count and idx.upto == top:
            fresh = replace(idx, version=version)  # shares the dicts: a published index is never changed
        elif idx is None or count < idx.count or top < idx.upto:
            fresh = _Index()
            _add(conn, fresh, 0)
        else:  # the articles written since: a copy, so that a search reading the old index is not disturbed
            fresh = idx.copy()
            _add(conn, fresh, idx.upto)
            if fresh.count != count:  # an article below the highest id read appeared: read them all
                fresh = _Index()
                _add(conn, fresh, 0)
        fresh.version = version
    finally:
        if own:
            conn.execute("COMMIT")
    if path:
        with _LOCK:
            _INDEXES[path] = fresh
    return fresh


def counts(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[str, Counter[str]]:
    """Facet -> value -> how many of the articles ``ids`` (distinct) have it: partner (the canonical name of each
    foreign partner an article names, counted once per article), sector, year ("unknown" when neither printed nor
    inferred) and outlet ("unknown" without URL). An id the database does not hold counts as year and outlet
    "unknown"."""
    ids = list(ids)
    if not ids:
        return {k: Counter() for k in FACETS}
    idx = _current(conn)

    def spread(combos: Counter[int]) -> Counter[str]:
        out: Counter[str] = Counter()
        for n, times in combos.items():
            for value in idx.combos[n]:
                out[value] += times
        return out

    none, unknown = (0,) * len(ids), ("unknown",) * len(ids)
    return {"partner": spread(Counter(map(idx.partners.get, ids, none))),
            "sector": spread(Counter(map(idx.sectors.get, ids, none))),
            "year": Counter(map(idx.year.get, ids, unknown)),
            "outlet": Counter(map(idx.outlet.get, ids, unknown))}


def inferred_dates(conn: sqlite3.Connection) -> dict[int, str | None]:
    """Article id -> its inferred date (``facts.infer_date``; None when nothing tells the year) of every article
    without a printed date that has a partial one (``--MM-DD``)."""
    return _current(conn).inferred


def with_sector(conn: sqlite3.Connection, ids: Iterable[int], sector: str) -> set[int]:
    """The articles of ``ids`` that name ``sector`` (compared case-insensitively)."""
    idx = _current(conn)
    want = sector.casefold()
    hit = {n for n, combo in enumerate(idx.combos) if any(s.casefold() == want for s in combo)}
    return {a for a in ids if idx.sectors.get(a, 0) in hit}


def counts_per_article(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[str, Counter[str]]:
    """``counts`` read article by article with the general read functions (each article's metadata, partner and
    sector rows), without the index: the straightforward answer the index is checked against (tests,
    benchmarks/search_equal.py)."""
    from .facts import article_meta, foreign_partner_names, sector_counts

    ids = list(ids)
    out: dict[str, Counter[str]] = {k: Counter() for k in FACETS}
    for i in range(0, len(ids), 900):  # below SQLite's limit of bound parameters
        chunk = ids[i:i + 900]
        named = {(aid, names.canonical_name(code, written)) for aid, code, written in foreign_partner_names(conn, chunk)}
        out["partner"].update(name for _, name in named)
        out["sector"].update(sector_counts(conn, chunk))
        meta = article_meta(conn, chunk)
        for a in chunk:
            m = meta.get(a)
            out["year"][((m.date or m.inferred_date or "") if m else "")[:4] or "unknown"] += 1
            out["outlet"][outlet_key(m.url if m else None)] += 1
    return out
