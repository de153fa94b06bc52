"""Exports of the corpus graph, made to load as they are:

- ``jsonl`` / ``csv`` / ``parquet``: one file per table (``articles``, ``entities``, one per fact type, stories,
  person roles, projects, project events, matches). Every table is written with its schema even when it has
  no rows (a CSV header, a Parquet schema). Parquet keeps lists and structs native (``aliases`` is a list of
  strings, ``mentions`` a list of ``{start, end}``); CSV writes a list of strings as ``a; b`` and other nested
  values as JSON, and neutralizes cells a spreadsheet would run as formulas (OWASP: a leading ``'``).
  Every fact table carries ``entity_id`` and ``entity_name`` (the canonical name, the one the dossier shows;
  the surface form stays in ``name``), ``date`` (ISO ``YYYY-MM-DD`` or empty) and ``date_partial`` (what the
  article printed when the year is unknown, e.g. ``--04-13``).
- ``graphml``: the partner graph (networkx), places with part-of edges, organizations and persons tied to
  the places they belong to or represent and to each other through meetings.
- ``ftm``: FollowTheMoney entities (``entities.ftm.json``, one JSON entity a line) for Aleph/OpenAleph and
  the OpenSanctions tools: Person, Company/PublicBody/Organization, Territory for countries, regions and
  cities, Article for the articles, Documentation for each mention, Membership where a person's role names
  an organization, UnknownLink for meetings, cooperation and a person's representation of a side. Every entity is validated with ``followthemoney`` before writing.
"""
from __future__ import annotations

import csv
import json
import math
import re
import sqlite3
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import UsageError
from .output import csv_safe
from .query import export_rows as rows
from .store import FACT_TABLES

FORMATS = ("jsonl", "csv", "parquet", "graphml", "ftm")

# column types of the export schema
STR, INT, FLOAT, LIST_STR, LIST_INT, SPANS = "string", "int64", "float64", "list<string>", "list<int64>", "spans"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# columns the store keeps as JSON text: exported as native lists
JSON_COLUMNS = {("persons", "mentions"): SPANS, ("figures", "parties"): LIST_STR,
                ("meetings", "participants"): LIST_STR, ("offers", "sectors"): LIST_STR,
                ("project_mentions", "sectors"): LIST_STR, ("matches", "products"): LIST_STR,
                ("person_roles", "articles"): LIST_INT}
# the columns every fact table gets from its article and its entity
FACT_EXTRA = [("doc_id", STR), ("url", STR), ("date", STR), ("date_partial", STR), ("story_id", STR),
              ("entity_id", STR), ("entity_name", STR)]
EXTRA_BY_TABLE = {
    "figures": [("party_ids", LIST_STR), ("party_names", LIST_STR)],
    "meetings": [("participant_ids", LIST_STR), ("participant_names", LIST_STR)],
    "offers": [("recipient_id", STR), ("recipient_name", STR)],
}


@dataclass
class Table:
    name: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)


# fact tables whose list of names each resolve to an entity: table -> (list column, prefix of the new columns)
NAME_LISTS = {"figures": ("parties", "party"), "meetings": ("participants", "participant")}

def iso_date(value: Any) -> str | None:
    """An ISO calendar date or None: a partial date ("--04-13", "2024-03") belongs in ``date_partial``."""
    return value if isinstance(value, str) and _ISO_DATE.match(value) else None


# --- canonical names of places ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, dict[str, Any]]:
    """Entity id -> gazetteer row: the canonical German name of every place the dossier shows."""
    from .resources import load_jsonl

    out = {}
    for r in load_jsonl("places.jsonl"):
        pid = r["id"]
        eid = pid if pid.startswith(("country:", "city:", "world:", "place:")) else "region:" + pid
        out[eid] = r
    return out


def place_entity_id(name: str | None = None, kind: str | None = None, country: str | None = None,
                    iso3166_2: str | None = None) -> str | None:
    """The entity id of a place given as a partner row (kind, country, code) or as a name."""
    gaz = _gazetteer()
    if kind == "country" and country:
        return f"country:{country}"
    if kind == "region" and iso3166_2 and f"region:{iso3166_2}" in gaz:
        return f"region:{iso3166_2}"
    if name:
        from .extract import lexicon

        hits = lexicon.places().find(" ".join(name.split()))
        if hits and hits[0][0] == 0:
            entry = hits[0][2][0][1]
            pid = entry.place_id
            return pid if pid.startswith(("country:", "city:", "world:", "place:")) else "region:" + pid
    if iso3166_2 and f"region:{iso3166_2}" in gaz:
        return f"region:{iso3166_2}"
    return f"country:{country}" if country and kind in (None, "country") else None


def parent_place(eid: str) -> str | None:
    """The place an entity is part of: a city its region (or its country), a region its country."""
    row = _gazetteer().get(eid)
    if row is None:
        return None
    if eid.startswith("city:"):
        region = f"region:{row.get('iso3166_2')}"
        if row.get("iso3166_2") and region in _gazetteer():
            return region
        return f"country:{row['country']}" if row.get("country") else None
    if eid.startswith("region:") and row.get("country"):
        return f"country:{row['country']}"
    return None


# --- reading the store ------------------------------------------------------------------------------------

class _Context:
    """What every table needs: articles, stories, canonical names and the entity of each name in an article."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.story = rows.story_of(conn)
        self.arts = {r["id"]: dict(r) for r in rows.articles(conn)}
        self.entities = {r["id"]: dict(r) for r in rows.entities(conn)}
        self.names = {eid: e["name"] for eid, e in self.entities.items()}
        for gid, row in _gazetteer().items():  # places: the gazetteer's canonical name, as in the dossier
            self.names[gid] = row["name"]
        self.aliases: dict[str, list[str]] = defaultdict(list)
        self.alias_entity: dict[str, str] = {}
        for alias_of, alias in rows.aliases(conn):
            self.aliases[alias_of].append(alias)
            self.alias_entity.setdefault(alias, alias_of)
        self.mention = rows.mention_entities(conn)
        # the entity of a name as written in one article (persons, organizations, places, partners)
        self.in_article: dict[int, dict[str, str]] = defaultdict(dict)
        for table, cols in rows.NAME_COLUMNS.items():
            for r in rows.mention_names(conn, table):
                eid = self.mention.get((table, r["id"]))
                if eid:
                    for c in cols:
                        if r[c]:
                            self.in_article[r["article_id"]].setdefault(r[c], eid)
        self.partner_ids: dict[int, str | None] = {}
        for r in rows.partners(conn):
            eid = place_entity_id(r["name"], r["kind"], r["country"], r["iso3166_2"])
            self.partner_ids[r["id"]] = eid
            if eid:
                self.in_article[r["article_id"]][r["name"]] = eid

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


def memberships(conn: sqlite3.Connection, ctx: _Context) -> list[tuple[str, str, str, int]]:
    """(person entity, organization entity, role, article) where a person's role names an organization of the
    same article: "Vorsitzender des Gomeler Gebietsexekutivkomitees" and "Gomeler Gebietsexekutivkomitee".
    Every word of the organization's name must open a word of the role (inflection: two letters; a ministry
    "-ministerium" is led by a "-minister")."""
    orgs: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for r in rows.mention_names(conn, "organizations"):
        eid = ctx.mention.get(("organizations", r["id"]))
        if eid:
            orgs[r["article_id"]].append((r["name"], eid))
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


def _sql_type(decl: str) -> str:
    decl = (decl or "").upper()
    return INT if "INT" in decl else FLOAT if ("REAL" in decl or "FLOA" in decl or "DOUB" in decl) else STR


def _columns(conn: sqlite3.Connection, table: str, drop: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(r[0], JSON_COLUMNS.get((table, r[0]), _sql_type(r[1])))
            for r in rows.columns(conn, table) if r[0] not in drop]


def _decode(value: Any, kind: str) -> Any:
    """A stored value as the column's type: JSON text as lists, a number stored in a text column as text,
    a non-finite float as null (strict JSON readers reject Infinity)."""
    if value is None:
        return [] if kind in (LIST_STR, LIST_INT, SPANS) else None
    if kind == STR:
        return value if isinstance(value, str) else str(value)
    if kind == FLOAT:
        try:
            f = float(value)
        except (TypeError, ValueError):
            return None
        return f if math.isfinite(f) else None
    if kind == INT:
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    if value is None or value == "":
        return []
    items = json.loads(value) if isinstance(value, str) else value
    if kind == SPANS:
        return [s if isinstance(s, dict) else {"start": int(s[0]), "end": int(s[1])} for s in items]
    if kind == LIST_INT:
        return [int(x) for x in items]
    return [str(x) for x in items]


def tables(conn: sqlite3.Connection) -> dict[str, Table]:
    """Every export table with its columns and rows (plain Python values: lists, dicts, str, int, float)."""
    ctx = _Context(conn)
    out: dict[str, Table] = {}

    arts = Table("articles", [("id", INT), ("doc_id", STR), ("url", STR), ("title", STR), ("date", STR),
                              ("date_partial", STR), ("agency", STR), ("story_id", STR), ("language", STR),
                              ("dateline_place", STR), ("source", STR), ("format", STR)])
    for a in ctx.arts.values():
        arts.rows.append({"id": a["id"], "doc_id": a["doc_id"], "url": a["url"], "title": a["title"],
                          "date": iso_date(a["date"]), "date_partial": a["date_partial"], "agency": a["agency"],
                          "story_id": ctx.story.get(a["id"]), "language": a["language"],
                          "dateline_place": a["dateline_place"], "source": a["source"], "format": a["fmt"]})
    out["articles"] = arts

    ents = Table("entities", [("id", STR), ("kind", STR), ("name", STR), ("aliases", LIST_STR), ("country", STR),
                              ("iso3166_2", STR), ("part_of", STR), ("mentions", INT), ("articles", INT),
                              ("stories", INT)])
    for eid, e in ctx.entities.items():
        ents.rows.append(e | {"name": ctx.name(eid), "aliases": ctx.aliases.get(eid, []), "part_of": parent_place(eid)})
    out["entities"] = ents

    project_of = rows.project_of_mention(conn)
    project_name = rows.project_names(conn)
    for table in FACT_TABLES:
        cols = _columns(conn, table)
        t = Table(table, cols + FACT_EXTRA + EXTRA_BY_TABLE.get(table, []))
        kinds = dict(cols)
        for r in rows.fact_rows(conn, table):
            d = {c: _decode(r[c], kinds[c]) for c in kinds}
            aid = d["article_id"]
            d.update(ctx.article_cols(aid))
            eid = ctx.mention.get((table, d["id"]))
            ename = ctx.name(eid)
            if table == "partners":
                eid = ctx.partner_ids.get(d["id"])
                ename = ctx.name(eid) or d["name"]
            elif table in NAME_LISTS:  # figures' parties, meetings' participants: one entity per name
                column, prefix = NAME_LISTS[table]
                ids = [ctx.resolve(aid, p) for p in d[column]]
                d[f"{prefix}_ids"] = [i or "" for i in ids]
                d[f"{prefix}_names"] = [ctx.name(i) or p for i, p in zip(ids, d[column])]
                eid = next((i for i in ids if i), None)
                ename = ctx.name(eid)
            elif table == "quotes":
                eid = ctx.resolve(aid, d.get("speaker"))
                ename = ctx.name(eid) or d.get("speaker")
            elif table == "offers":
                eid = ctx.resolve(aid, d.get("actor"))
                ename = ctx.name(eid) or d.get("actor")
                rid = ctx.resolve(aid, d.get("recipient"))
                d["recipient_id"], d["recipient_name"] = rid, ctx.name(rid) or d.get("recipient")
            elif table == "sectors":
                eid, ename = f"sector:{d['sector']}", d["sector"]
            elif table == "project_mentions":
                eid = project_of.get(d["id"])
                ename = project_name.get(eid) if eid else None
            d["entity_id"], d["entity_name"] = eid, ename
            t.rows.append(d)
        out[table] = t

    roles = Table("person_roles", _columns(conn, "person_roles")[:1] + [("entity_name", STR)]
                  + _columns(conn, "person_roles")[1:])
    for r in rows.person_roles(conn):
        d = {c: _decode(r[c], k) for c, k in _columns(conn, "person_roles")}
        roles.rows.append(d | {"entity_name": ctx.name(d["entity_id"])})
    out["person_roles"] = roles

    stories = Table("stories", [("story_id", STR), ("article_id", INT), ("doc_id", STR), ("rule", STR)])
    for r in rows.story_members(conn):
        stories.rows.append(dict(r) | {"doc_id": ctx.arts.get(r["article_id"], {}).get("doc_id")})
    out["stories"] = stories

    projects = Table("projects", [("id", STR), ("name", STR), ("country", STR), ("iso3166_2", STR),
                                  ("location", STR), ("sector", STR), ("status", STR), ("first_seen", STR),
                                  ("last_seen", STR), ("entity_id", STR), ("entity_name", STR)])
    for r in rows.projects(conn):
        place = place_entity_id(r["location"], None, r["country"], r["iso3166_2"])
        projects.rows.append(dict(r) | {"entity_id": place, "entity_name": ctx.name(place)})
    out["projects"] = projects

    events = Table("project_events", _columns(conn, "project_events") + [("doc_id", STR), ("entity_id", STR),
                                                                         ("entity_name", STR)])
    for r in rows.project_events(conn):
        d = dict(r)
        events.rows.append(d | {"date": iso_date(d.get("date")),
                                "doc_id": ctx.arts.get(d["article_id"], {}).get("doc_id"),
                                "entity_id": d["project_id"], "entity_name": project_name.get(d["project_id"])})
    out["project_events"] = events

    offers = {r["id"]: r for r in out["offers"].rows}
    matches = Table("matches", _columns(conn, "matches") + [
        ("offer_entity_id", STR), ("offer_entity_name", STR), ("offer_what", STR),
        ("need_entity_id", STR), ("need_entity_name", STR), ("need_what", STR),
        ("entity_id", STR), ("entity_name", STR)])
    mkinds = dict(_columns(conn, "matches"))
    for r in rows.matches(conn):
        d = {c: _decode(r[c], k) for c, k in mkinds.items()}
        o, n = offers.get(d["offer_id"], {}), offers.get(d["need_id"], {})
        d.update(offer_entity_id=o.get("entity_id"), offer_entity_name=o.get("entity_name"),
                 offer_what=o.get("what"), need_entity_id=n.get("entity_id"), need_entity_name=n.get("entity_name"),
                 need_what=n.get("what"), entity_id=n.get("entity_id"), entity_name=n.get("entity_name"))
        matches.rows.append(d)
    out["matches"] = matches
    return out


# --- writers -----------------------------------------------------------------------------------------------

def _arrow_schema(table: Table) -> Any:
    import pyarrow as pa

    types = {STR: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), LIST_STR: pa.list_(pa.string()),
             LIST_INT: pa.list_(pa.int64()),
             SPANS: pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64())]))}
    return pa.schema([(c, types[k]) for c, k in table.columns])


def _csv_value(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == LIST_STR:
        return csv_safe("; ".join(value))
    if kind in (LIST_INT, SPANS):
        return json.dumps(value, ensure_ascii=False)
    return csv_safe(value) if isinstance(value, str) else value


def write_table(table: Table, fmt: str, out_dir: Path) -> Path:
    names = [c for c, _ in table.columns]
    table = Table(table.name, table.columns, [{c: _decode(r.get(c), k) for c, k in table.columns} for r in table.rows])
    if fmt == "jsonl":
        path = out_dir / f"{table.name}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in table.rows:
                fh.write(json.dumps({c: r.get(c) for c in names}, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        path = out_dir / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(names)
            for r in table.rows:
                w.writerow([_csv_value(r.get(c), k) for c, k in table.columns])
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = out_dir / f"{table.name}.parquet"
        schema = _arrow_schema(table)
        pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in names} for r in table.rows], schema=schema),
                       path)
    return path


def export(conn: sqlite3.Connection, fmt: str, out_dir: Path) -> list[Path]:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}", f"use one of: {', '.join(FORMATS)}")
    needs = {"graphml": ("networkx", "GraphML"), "parquet": ("pyarrow", "Parquet"),
             "ftm": ("followthemoney", "FollowTheMoney")}
    if fmt in needs:
        module, label = needs[fmt]
        try:
            __import__(module)
        except ImportError as exc:
            raise UsageError(f"{label} export needs {module}", "pip install 'coopgraph[export]'") from exc
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        import networkx as nx

        path = out_dir / "partner_graph.graphml"
        nx.write_graphml(partner_graph(conn), path)
        return [path]
    if fmt == "ftm":
        entities = ftm_entities(conn)
        errors = validate_ftm(entities)
        if errors:
            raise UsageError("FollowTheMoney export failed validation: " + "; ".join(errors[:5]),
                             "report this as a bug with the database that caused it")
        path = out_dir / "entities.ftm.json"
        with path.open("w", encoding="utf-8") as fh:
            for e in entities:
                fh.write(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n")
        return [path]
    return [write_table(t, fmt, out_dir) for t in tables(conn).values()]


# --- partner graph -----------------------------------------------------------------------------------------

def partner_graph(conn: sqlite3.Connection, articles: Collection[int] | None = None) -> Any:
    """A networkx MultiGraph whose node ids are entity ids and whose labels are canonical names. With ``articles``:
    only the edges those articles give (a sector's or a period's graph), and the places they reach.

    Edges: ``part_of`` (city -> region -> country); ``cooperation`` between partners of an article on
    different sides (never a country with its own region: that is ``part_of``); ``figure`` between the
    parties of a trade or investment figure; ``meeting`` between persons who met; ``represents`` from a
    person to the region or country they speak for; ``member_of`` from a person to the organization their
    role names ("Vorsitzender des Gomeler Gebietsexekutivkomitees"); ``based_in`` from an organization to its country; and
    ``participates`` from an organization without a country (a union, a commission) to the partners of the
    stories that name it. Counts are per story, so a mirrored article adds nothing. A node left with no
    edge (a world region, a country named in passing, a person with no side) is not part of the partner graph."""
    import networkx as nx

    ctx = _Context(conn)
    g = nx.MultiGraph()

    def node(eid: str) -> str:
        if eid not in g:
            e = ctx.entities.get(eid) or {}
            gaz = _gazetteer().get(eid) or {}
            g.add_node(eid, label=ctx.name(eid) or eid, kind=e.get("kind") or gaz.get("kind") or eid.split(":")[0],
                       country=e.get("country") or gaz.get("country") or "",
                       code=e.get("iso3166_2") or gaz.get("iso3166_2") or "", articles=int(e.get("articles") or 0))
            parent = parent_place(eid)
            if parent:
                node(parent)
                g.add_edge(eid, parent, key="part_of", type="part_of")
        return eid

    def contains(a: str, b: str) -> bool:
        up = parent_place(b)
        while up:
            if up == a:
                return True
            up = parent_place(up)
        return False

    def country_of(eid: str) -> str | None:
        return (ctx.entities.get(eid) or {}).get("country") or (_gazetteer().get(eid) or {}).get("country")

    def story(aid: int) -> Any:
        return ctx.story.get(aid, f"article:{aid}")

    def day(aid: int) -> str:
        a = ctx.arts.get(aid, {})
        return iso_date(a.get("date")) or a.get("date_partial") or ""

    def kept(aid: int) -> bool:
        return articles is None or aid in articles

    for eid, e in ctx.entities.items():
        if e["kind"] in ("city", "region", "country") and articles is None:
            node(eid)  # with its part-of chain
    parts: dict[int, list[str]] = defaultdict(list)
    for r in rows.partners_in_order(conn):
        if not kept(r["article_id"]):
            continue
        eid = ctx.partner_ids.get(r["id"])
        if eid and eid not in parts[r["article_id"]]:
            parts[r["article_id"]].append(eid)
    sectors: dict[int, set[str]] = defaultdict(set)
    for aid, sector in rows.sectors(conn):
        sectors[aid].add(sector)
    coop: dict[tuple[str, ...], dict[str, Any]] = {}
    for aid, ps in parts.items():
        for i, a in enumerate(ps):
            for b in ps[i + 1:]:
                if country_of(a) == country_of(b) and (contains(a, b) or contains(b, a)):
                    continue  # a country and its own region: part of, not a partnership
                if country_of(a) == country_of(b):
                    continue  # two places of one side in one article: not a partnership either
                pair = tuple(sorted((a, b)))
                rec = coop.setdefault(pair, {"stories": set(), "sectors": set(), "dates": set()})
                rec["stories"].add(story(aid))
                rec["sectors"] |= sectors.get(aid, set())
                if day(aid):
                    rec["dates"].add(day(aid))
    for (a, b), rec in sorted(coop.items()):
        dates = sorted(d for d in rec["dates"] if iso_date(d))
        g.add_edge(node(a), node(b), key=f"cooperation:{a}:{b}", type="cooperation", weight=len(rec["stories"]),
                   sectors=";".join(sorted(rec["sectors"])), first_seen=dates[0] if dates else "",
                   last_seen=dates[-1] if dates else "")

    seen: set[tuple[Any, ...]] = set()
    for r in rows.meetings(conn):
        if not kept(r["article_id"]):
            continue
        resolved = [ctx.resolve(r["article_id"], n) for n in json.loads(r["participants"])]
        people: list[str] = [p for p in dict.fromkeys(resolved) if p and p.startswith("person")]
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                key = (story(r["article_id"]), *sorted((a, b)))
                if key in seen:
                    continue  # a mirror repeats the meeting
                seen.add(key)
                g.add_edge(node(a), node(b), type="meeting", date=day(r["article_id"]), place=r["place"] or "",
                           story=str(story(r["article_id"])))

    for r in rows.person_sides(conn):
        eid = ctx.mention.get(("persons", r["id"]))
        if not eid or not kept(r["article_id"]):
            continue
        side = (place_entity_id(r["region"]) if r["region"] else None) or \
            (f"country:{r['country']}" if r["country"] else None)
        if side and not g.has_edge(eid, side, key=f"represents:{eid}:{side}"):
            g.add_edge(node(eid), node(side), key=f"represents:{eid}:{side}", type="represents")

    for pid, oid, role, aid in memberships(conn, ctx):
        if not kept(aid):
            continue
        g.add_edge(node(pid), node(oid), key=f"member_of:{pid}:{oid}", type="member_of", role=role)
    org_parts: dict[str, set[str]] = defaultdict(set)
    for r in rows.organization_countries(conn):
        eid = ctx.mention.get(("organizations", r["id"]))
        if not eid or not kept(r["article_id"]):
            continue
        country = r["country"] or (ctx.entities.get(eid) or {}).get("country")
        if country:
            if not g.has_edge(eid, f"country:{country}", key=f"based_in:{eid}"):
                g.add_edge(node(eid), node(f"country:{country}"), key=f"based_in:{eid}", type="based_in")
        else:
            org_parts[eid] |= set(parts.get(r["article_id"], []))
    for oid, sides in sorted(org_parts.items()):
        for p in sorted(sides):
            g.add_edge(node(oid), node(p), key=f"participates:{oid}:{p}", type="participates")

    seen = set()
    for r in rows.figures(conn):
        aid = r["article_id"]
        if not kept(aid):
            continue
        named = [ctx.resolve(aid, p) for p in json.loads(r["parties"] or "[]")]
        ids: list[str] = [i for i in dict.fromkeys(named) if i]
        if len(ids) < 2:
            ids = parts.get(aid, [])
        figure_pair: tuple[str, str] | None = next(
            ((a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if country_of(a) != country_of(b)), None)
        if figure_pair is None:
            continue
        a, b = figure_pair
        key = (story(aid), *sorted(figure_pair), r["metric"], r["value"], r["period"], r["kind"])
        if key in seen:
            continue  # a mirrored article repeats the figure: once per story
        seen.add(key)
        g.add_edge(node(a), node(b), type="figure", metric=r["metric"], value=float(r["value"]), unit=r["unit"],
                   period=r["period"] or "", kind=r["kind"], date=day(aid), quote=r["quote"])
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    return g


# --- FollowTheMoney ----------------------------------------------------------------------------------------

_ORG_SCHEMA = {"company": "Company", "ministry": "PublicBody", "committee": "PublicBody", "embassy": "PublicBody",
               "agency": "PublicBody", "government": "PublicBody"}
_LANGUAGES = {"de": "deu", "ru": "rus", "en": "eng", "be": "bel", "uk": "ukr", "kk": "kaz"}
_FTM_NS = "coopgraph"
_ADJECTIVE = re.compile(r"(?:isch|er)(?:e|en|er|es|em)?$")


def ftm_entities(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The corpus as FollowTheMoney entity dicts (``id``, ``schema``, ``properties``)."""
    from followthemoney import model

    ctx = _Context(conn)
    made: dict[str, Any] = {}

    def make(schema: str, *key: Any) -> Any:
        proxy = model.make_entity(schema)
        proxy.make_id(_FTM_NS, schema, *[str(k) for k in key])
        ftm_id = str(proxy.id)
        if ftm_id in made:
            return made[ftm_id]
        made[ftm_id] = proxy
        return proxy

    org_kind = rows.organization_kinds(conn)
    roles: dict[str, set[str]] = defaultdict(set)
    for person_id, role in rows.named_roles(conn):
        roles[person_id].add(role)
    ent_proxy: dict[str, Any] = {}

    def entity(eid: str) -> Any | None:
        if eid in ent_proxy:
            return ent_proxy[eid]
        e = ctx.entities.get(eid) or {}
        gaz = _gazetteer().get(eid)
        kind = e.get("kind") or (gaz or {}).get("kind")
        name = ctx.name(eid)
        if not name or kind in (None, "world_region"):
            return None
        country = (e.get("country") or (gaz or {}).get("country") or "").lower() or None
        if kind == "person":
            p = make("Person", eid)
            p.add("nationality", country)
            p.add("position", sorted(roles.get(eid, ())))
        elif kind == "organization":
            p = make(_ORG_SCHEMA.get(org_kind.get(eid, ""), "Organization"), eid)
            p.add("country", country)
        else:  # country, region, city
            p = make("Territory", eid)
            p.add("country", country)
            p.add("level", kind)
            code = e.get("iso3166_2") or (gaz or {}).get("iso3166_2")
            p.add("territoryCode", country.upper() if kind == "country" and country else code)
            parent = parent_place(eid)
            if parent:
                up = entity(parent)
                if up is not None:
                    p.add("partOf", up.id)
        p.add("name", name)
        # aliases are names: no adjective the text used for the place ("belarussischen", "Belarussische")
        p.add("alias", [a for a in ctx.aliases.get(eid, []) if a != name and a[:1].isupper()
                        and not (p.schema.name == "Territory" and _ADJECTIVE.search(a))])
        p.add("keywords", eid)
        ent_proxy[eid] = p
        return p

    docs: dict[int, Any] = {}
    body = rows.article_texts(conn)
    for aid, a in ctx.arts.items():
        d = make("Article", a["doc_id"], aid)
        d.add("title", a["title"])
        d.add("name", a["title"] or a["doc_id"])
        d.add("fileName", a["doc_id"])
        d.add("sourceUrl", a["url"])
        d.add("publishedAt", iso_date(a["date"]))
        d.add("publisher", a["agency"])
        d.add("language", _LANGUAGES.get(a["language"] or ""))
        d.add("bodyText", body.get(aid))
        docs[aid] = d

    seen_doc: set[tuple[str, int]] = set()  # (entity, article)
    for table in ("persons", "organizations", "places"):
        for r in rows.mention_names(conn, table):
            eid = ctx.mention.get((table, r["id"]))
            p = entity(eid) if eid else None
            if eid is None or p is None or (eid, r["article_id"]) in seen_doc:
                continue
            seen_doc.add((eid, r["article_id"]))
            doc = docs[r["article_id"]]
            m = make("Documentation", eid, r["article_id"])
            m.add("document", doc.id)
            m.add("entity", p.id)
            m.add("role", "mentioned")
            m.add("summary", r["name"])
            field_ = {"persons": "peopleMentioned", "organizations": "companiesMentioned"}.get(table,
                                                                                               "locationMentioned")
            doc.add(field_, ctx.name(eid))

    def link(a: Any, b: Any, role: str, aid: int, *key: Any, **props: Any) -> None:
        u = make("UnknownLink", role, a.id, b.id, *key)
        u.add("subject", a.id)
        u.add("object", b.id)
        u.add("role", role)
        u.add("proof", docs[aid].id)
        u.add("date", iso_date(ctx.arts[aid]["date"]))
        for k, v in props.items():
            u.add(k, v)

    for r in rows.meetings(conn):
        aid = r["article_id"]
        resolved = [ctx.resolve(aid, n) for n in json.loads(r["participants"])]
        proxies = [entity(p) for p in dict.fromkeys(resolved) if p and p.startswith("person")]
        met = [p for p in proxies if p is not None]
        for i, a in enumerate(met):
            for b in met[i + 1:]:
                link(a, b, "meeting", aid, aid, description=f"met in {r['place']}" if r["place"] else None)
    for r in rows.person_sides(conn):
        eid = ctx.mention.get(("persons", r["id"]))
        side = (place_entity_id(r["region"]) if r["region"] else None) or \
            (f"country:{r['country']}" if r["country"] else None)
        agent = entity(eid) if eid else None
        client = entity(side) if side else None
        if agent is not None and client is not None:
            link(agent, client, "represents", r["article_id"], description=r["role"])
    for pid, oid, role, aid in memberships(conn, ctx):
        person, org = entity(pid), entity(oid)
        if person is not None and org is not None:
            ms = make("Membership", pid, oid)
            ms.add("member", person.id)
            ms.add("organization", org.id)
            ms.add("role", role)
            ms.add("proof", docs[aid].id)
    parts: dict[int, list[str]] = defaultdict(list)
    for r in rows.partners_in_order(conn):
        eid = ctx.partner_ids.get(r["id"])
        if eid and eid not in parts[r["article_id"]]:
            parts[r["article_id"]].append(eid)
    for aid, sides in parts.items():
        for i, x in enumerate(sides):
            for y in sides[i + 1:]:
                px, py = entity(x), entity(y)
                cx = (ctx.entities.get(x) or _gazetteer().get(x) or {}).get("country")
                cy = (ctx.entities.get(y) or _gazetteer().get(y) or {}).get("country")
                if px is not None and py is not None and cx != cy:
                    link(px, py, "cooperation", aid, aid)
    return [p.to_dict() for p in made.values()]


def validate_ftm(entities: list[dict[str, Any]]) -> list[str]:
    """Errors of FollowTheMoney entity dicts: unknown schema or property, a value its type rejects, a
    required property missing, an abstract schema, a reference to an entity not in the set."""
    from followthemoney import model

    ids = {e.get("id") for e in entities}
    errors: list[str] = []
    for e in entities:
        schema = model.get(e.get("schema", ""))
        if schema is None:
            errors.append(f"{e.get('id')}: unknown schema {e.get('schema')!r}")
            continue
        if schema.abstract:
            errors.append(f"{e['id']}: abstract schema {schema.name}")
        props = e.get("properties", {})
        for name, values in props.items():
            prop = schema.properties.get(name)
            if prop is None:
                errors.append(f"{e['id']}: {schema.name} has no property {name!r}")
                continue
            for v in values:
                if prop.type.validate(v) is False or not isinstance(v, str):
                    errors.append(f"{e['id']}: {name}={v!r} is not a valid {prop.type.name}")
                if prop.type.name == "entity" and v not in ids:
                    errors.append(f"{e['id']}: {name} points to {v!r}, which is not exported")
        for name in schema.required:
            if not props.get(name):
                errors.append(f"{e['id']}: {schema.name} needs {name!r}")
        try:
            schema.validate(e)  # type: ignore[arg-type]  # a plain dict of the same shape
        except Exception as exc:  # followthemoney's InvalidData
            errors.append(f"{e['id']}: {exc}")
    return errors
