"""Which articles name a partner: a country (with its regions and cities), a region (with its cities) or a city.

``row_code`` is the code a partner row is keyed by (ISO 3166-2, else the country, else the name as written);
``belongs`` says whether a code is a partner itself or one of its parts; ``articles_for`` reads the articles of
one partner through the indexes of store migration 0006 (the distinct codes once per database version, then only
the rows of the codes that belong), not by scanning every partner row per request."""
from __future__ import annotations

import sqlite3
from typing import Any

from . import names
from .cache import per_graph
from .types import PartnerRef

# the SQL form of ``row_code`` (the expression of the index partners_code)
CODE_SQL = "coalesce(nullif(iso3166_2, ''), nullif(country, ''), name)"


def row_code(r: Any) -> str:
    """The code a partner row is keyed by: ISO 3166-2, else the country, else the name as written."""
    return str(r["iso3166_2"] or r["country"] or r["name"])


def belongs(code: str, ref: PartnerRef) -> bool:
    """Is a partner code ``ref`` itself or (for a country or region) one of its parts?"""
    if code == ref.code:
        return True
    p = names.by_code(code)
    if ref.kind == "country":
        return (p.country if p else code[:2] if "-" in code else None) == ref.code
    if ref.kind == "region":
        return p is not None and p.kind == "city" and p.region == ref.code
    return False


def partner_codes(conn: sqlite3.Connection) -> list[str]:
    """Every distinct partner code in the database (read once per database version)."""
    return per_graph(conn, "partner_codes", lambda: [r[0] for r in conn.execute(
        f"SELECT DISTINCT {CODE_SQL} FROM partners")])


def articles_for(conn: sqlite3.Connection, ref: PartnerRef) -> dict[int, str]:
    """Article id -> the partner name as written there (its first mention), for the articles that name ``ref`` as
    a partner; a country's regions and cities roll up to it, a region's cities to the region."""
    out: dict[int, str] = {}
    if ref.kind == "city":
        for r in conn.execute("SELECT p.article_id, p.name FROM places pl JOIN partners p ON p.article_id = "
                              "pl.article_id AND p.start_char = pl.start_char WHERE pl.place_id = ? AND "
                              "pl.kind = 'city' ORDER BY p.article_id, p.id", (ref.code,)):
            out.setdefault(r[0], r[1])
        return out
    codes = [c for c in partner_codes(conn) if c is not None and belongs(c, ref)]
    where = []
    args: list[Any] = []
    for i in range(0, len(codes), 500):
        chunk = codes[i:i + 500]
        where.append(f"{CODE_SQL} IN ({','.join('?' * len(chunk))})")
        args += chunk
    if ref.kind == "country":
        where.append("country = ?")
        args.append(ref.code)
    if not where:
        return out
    for r in conn.execute(f"SELECT article_id, name FROM partners WHERE {' OR '.join(where)} "
                          "ORDER BY article_id, position", args):
        out.setdefault(r[0], r[1])
    return out
