"""The partner graph (networkx): ``coopgraph export --format graphml`` and the workbench's graph view."""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any

from .export_context import ExportContext, gazetteer, iso_date, memberships, parent_place, place_entity_id
from .query import export_rows as rows


def partner_graph(conn: sqlite3.Connection) -> Any:
    """A networkx MultiGraph whose node ids are entity ids and whose labels are canonical names.

    Edges: ``part_of`` (city -> region -> country); ``cooperation`` between partners of an article on
    different sides (never a country with its own region: that is ``part_of``); ``figure`` between the
    parties of a trade or investment figure; ``meeting`` between persons who met; ``represents`` from a
    person to the region or country they speak for; ``member_of`` from a person to the organization their
    role names ("Vorsitzender des Gomeler Gebietsexekutivkomitees"); ``based_in`` from an organization to its country; and
    ``participates`` from an organization without a country (a union, a commission) to the partners of the
    stories that name it. Counts are per story, so a mirrored article adds nothing. A node left with no
    edge (a world region, a country named in passing, a person with no side) is not part of the partner graph."""
    import networkx as nx

    ctx = ExportContext(conn)
    g = nx.MultiGraph()

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

    for eid, e in ctx.entities.items():
        if e["kind"] in ("city", "region", "country"):
            node(eid)  # with its part-of chain
    parts: dict[int, list[str]] = defaultdict(list)
    for r in rows.partners_in_order(conn):
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
        if not eid:
            continue
        side = (place_entity_id(r["region"]) if r["region"] else None) or \
            (f"country:{r['country']}" if r["country"] else None)
        if side and not g.has_edge(eid, side, key=f"represents:{eid}:{side}"):
            g.add_edge(node(eid), node(side), key=f"represents:{eid}:{side}", type="represents")

    for pid, oid, role, _aid in memberships(conn, ctx):
        g.add_edge(node(pid), node(oid), key=f"member_of:{pid}:{oid}", type="member_of", role=role)
    org_parts: dict[str, set[str]] = defaultdict(set)
    for r in rows.organization_countries(conn):
        eid = ctx.mention.get(("organizations", r["id"]))
        if not eid:
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
