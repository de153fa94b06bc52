"""What the exports read from the store: every place's canonical name and entity id (the gazetteer, as the
dossier shows it), and an ``ExportContext`` with articles, stories, entities and the entity of each name as an
article wrote it, shared by the tables and the partner graph (``export``) and FollowTheMoney
(``export_ftm``)."""
from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .query import export_rows as rows
from .resolve import place_entity

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def iso_date(value: Any) -> str | None:
    """An ISO calendar date or None: a partial date ("--04-13", "2024-03") belongs in ``date_partial``."""
    return value if isinstance(value, str) and _ISO_DATE.match(value) else None



# --- canonical names of places ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def gazetteer() -> dict[str, dict[str, Any]]:
    """Entity id -> gazetteer row: the canonical German name of every place the dossier shows."""
    from .resources import load_jsonl

    out = {}
    for r in load_jsonl("places.jsonl"):
        out[place_entity(r["id"])] = r
    return out


def place_entity_id(name: str | None = None, kind: str | None = None, country: str | None = None,
                    iso3166_2: str | None = None) -> str | None:
    """The entity id of a place given as a partner row (kind, country, code) or as a name."""
    gaz = gazetteer()
    if kind == "country" and country:
        return f"country:{country}"
    if kind == "region" and iso3166_2 and f"region:{iso3166_2}" in gaz:
        return f"region:{iso3166_2}"
    if name:
        from .extract import lexicon

        hits = lexicon.places().find(" ".join(name.split()))
        if hits and hits[0][0] == 0:
            entry = hits[0][2][0][1]
            return place_entity(entry.place_id)
    if iso3166_2 and f"region:{iso3166_2}" in gaz:
        return f"region:{iso3166_2}"
    return f"country:{country}" if country and kind in (None, "country") else None


def parent_place(eid: str) -> str | None:
    """The place an entity is part of: a city its region (or its country), a region its country."""
    row = gazetteer().get(eid)
    if row is None:
        return None
    if eid.startswith("city:"):
        region = f"region:{row.get('iso3166_2')}"
        if row.get("iso3166_2") and region in gazetteer():
            return region
        return f"country:{row['country']}" if row.get("country") else None
    if eid.startswith("region:") and row.get("country"):
        return f"country:{row['country']}"
    return None


# --- reading the store ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Held:
    """Rows a graph update holds already, as the store gives them once it has written them: the entity of each
    mention (``export_rows.mention_entities``) and, for each table of ``NAME_COLUMNS``, its ``mention_names`` as
    tuples (id, article_id, the name columns) by id. ``ExportContext`` takes them instead of reading them again
    (tests/test_export_held.py compares the contexts)."""

    mention: dict[tuple[str, int], str]
    names: dict[str, list[tuple[Any, ...]]]


class ExportContext:
    """What every table needs: articles, stories, canonical names and the entity of each name in an article;
    ``held`` gives the mention rows of a graph update that has just written them."""

    def __init__(self, conn: sqlite3.Connection, held: Held | None = None) -> None:
        self.conn = conn
        self.held = held
        self.story = rows.story_of(conn)
        self.arts = {r["id"]: dict(r) for r in rows.articles(conn)}
        self.entities = {r["id"]: dict(r) for r in rows.entities(conn)}
        self.names = {eid: e["name"] for eid, e in self.entities.items()}
        for gid, row in gazetteer().items():  # places: the gazetteer's canonical name, as in the dossier
            self.names[gid] = row["name"]
        self.aliases: dict[str, list[str]] = defaultdict(list)
        self.alias_entity: dict[str, str] = {}
        for alias_of, alias in rows.aliases(conn):
            self.aliases[alias_of].append(alias)
            self.alias_entity.setdefault(alias, alias_of)
        self.mention = held.mention if held is not None else rows.mention_entities(conn)
        # the entity of a name as written in one article (persons, organizations, places, partners)
        self.in_article: dict[int, dict[str, str]] = defaultdict(dict)
        for table, cols in rows.NAME_COLUMNS.items():
            for r in self.mention_names(table):  # id, article_id, the name columns
                eid = self.mention.get((table, r[0]))
                if eid:
                    for i in range(2, 2 + len(cols)):
                        if r[i]:
                            self.in_article[r[1]].setdefault(r[i], eid)
        self.partner_ids: dict[int, str | None] = {}
        for r in rows.partners(conn):
            eid = place_entity_id(r["name"], r["kind"], r["country"], r["iso3166_2"])
            self.partner_ids[r["id"]] = eid
            if eid:
                self.in_article[r["article_id"]][r["name"]] = eid

    def mention_names(self, table: str) -> list[Any]:
        """``export_rows.mention_names(conn, table)``, from ``held`` when given: rows read by position."""
        return self.held.names[table] if self.held is not None else rows.mention_names(self.conn, table)

    def name(self, eid: str | None) -> str | None:
        return self.names.get(eid) if eid else None

    def resolve(self, article_id: int, name: str | None) -> str | None:
        """The entity of a name written in an article: as resolved there, else by alias, else as a place."""
        if not name:
            return None
        return (self.in_article.get(article_id, {}).get(name) or self.alias_entity.get(name)
                or place_entity_id(name))

    def article_cols(self, article_id: int) -> dict[str, Any]:
        a = self.arts.get(article_id, {})
        return {"doc_id": a.get("doc_id"), "url": a.get("url"), "date": iso_date(a.get("date")),
                "date_partial": a.get("date_partial"), "story_id": self.story.get(article_id)}


def memberships(conn: sqlite3.Connection, ctx: ExportContext) -> list[tuple[str, str, str, int]]:
    """(person entity, organization entity, role, article) where a person's role names an organization of the
    same article: "Vorsitzender des Gomeler Gebietsexekutivkomitees" and "Gomeler Gebietsexekutivkomitee".
    Every word of the organization's name must open a word of the role (inflection: two letters; a ministry
    "-ministerium" is led by a "-minister")."""
    orgs: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for r in ctx.mention_names("organizations"):  # id, article_id, name
        eid = ctx.mention.get(("organizations", r[0]))
        if eid:
            orgs[r[1]].append((r[2], eid))
    out: dict[tuple[str, str], tuple[str, str, str, int]] = {}
    for r in rows.person_roles_named(conn):
        pid = ctx.mention.get(("persons", r["id"]))
        if not pid:
            continue
        role_words = [w.lower() for w in re.findall(r"\w+", r["role"])]
        for name, oid in orgs.get(r["article_id"], []):
            words = [w.lower() for w in re.findall(r"\w+", name)]
            stems = [w[:-3] if w.endswith("ium") else w[:-2] if len(w) > 4 else w for w in words]
            if stems and all(any(rw.startswith(st) for rw in role_words) for st in stems):
                out.setdefault((pid, oid), (pid, oid, r["role"], r["article_id"]))
    return list(out.values())
