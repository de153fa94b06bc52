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
  an organization, UnknownLink for meetings, cooperation and a person's representation of a side. Every
  entity is validated with ``followthemoney`` before writing.

The tables and the partner graph are made here, the FollowTheMoney entities in ``export_ftm``, both from what
``export_context`` reads of the store.
"""
from __future__ import annotations

import csv
import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError
from .export_context import ExportContext, Held, gazetteer, iso_date, memberships, parent_place, place_entity_id
from .export_ftm import ftm_entities, validate_ftm
from .output import csv_safe
from .query import export_rows as rows
from .store import FACT_TABLES

__all__ = ["EXTRA_BY_TABLE", "FACT_EXTRA", "FACT_TABLES", "FLOAT", "FORMATS", "INT", "JSON_COLUMNS", "LIST_INT",
           "LIST_STR", "NAME_LISTS", "SPANS", "STR", "Table", "export", "ftm_entities", "iso_date", "memberships",
           "parent_place", "partner_graph", "place_entity_id", "tables", "validate_ftm", "write_table"]

FORMATS = ("jsonl", "csv", "parquet", "graphml", "ftm")

# column types of the export schema
STR, INT, FLOAT, LIST_STR, LIST_INT, SPANS = "string", "int64", "float64", "list<string>", "list<int64>", "spans"
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
    ctx = ExportContext(conn)
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

def partner_graph(conn: sqlite3.Connection, articles: Collection[int] | None = None, plain: bool = False,
                  held: Held | None = None) -> Any:
    """A networkx MultiGraph whose node ids are entity ids and whose labels are canonical names. With ``articles``:
    only the edges those articles give (a sector's or a period's graph), and the places they reach. With
    ``plain``: the same nodes and edges in a ``multigraph.MultiGraph``, which needs no networkx (for the answers
    a graph update stores); ``held``: the mention rows that update holds (``ExportContext``).

    Edges: ``part_of`` (city -> region -> country); ``cooperation`` between partners of an article on
    different sides (never a country with its own region: that is ``part_of``); ``figure`` between the
    parties of a trade or investment figure; ``meeting`` between persons who met; ``represents`` from a
    person to the region or country they speak for; ``member_of`` from a person to the organization their
    role names ("Vorsitzender des Gomeler Gebietsexekutivkomitees"); ``based_in`` from an organization to its country; and
    ``participates`` from an organization without a country (a union, a commission) to the partners of the
    stories that name it. Counts are per story, so a mirrored article adds nothing. A node left with no
    edge (a world region, a country named in passing, a person with no side) is not part of the partner graph."""
    if plain:
        from .multigraph import MultiGraph

        g: Any = MultiGraph()
    else:
        import networkx as nx

        g = nx.MultiGraph()
    ctx = ExportContext(conn, held)

    def node(eid: str) -> str:
        if eid not in g:
            e = ctx.entities.get(eid) or {}
            gaz = gazetteer().get(eid) or {}
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
        return (ctx.entities.get(eid) or {}).get("country") or (gazetteer().get(eid) or {}).get("country")

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
