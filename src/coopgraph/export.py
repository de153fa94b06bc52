"""Exports of the corpus graph: entities, facts, stories and the partner graph, as JSONL, CSV, Parquet
or GraphML (loadable by pandas and Gephi as they are). Reads through the store; writes files only."""
from __future__ import annotations

import csv
import json
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from .errors import UsageError
from .store import FACT_TABLES

FORMATS = ("jsonl", "csv", "parquet", "graphml")


def tables(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Flat tables: entities (with aliases), one per fact type (with doc id, date, story and entity), stories."""
    story = {r[0]: r[1] for r in conn.execute("SELECT article_id, story_id FROM story_members")}
    arts = {r["id"]: r for r in conn.execute("SELECT id, doc_id, url, date, date_partial FROM articles")}
    ent_of = {(r[0], r[1]): r[2] for r in conn.execute("SELECT fact_table, fact_id, entity_id FROM entity_mentions")}
    aliases: dict[str, list[str]] = defaultdict(list)
    for eid, alias in conn.execute("SELECT entity_id, alias FROM entity_aliases ORDER BY count DESC, alias"):
        aliases[eid].append(alias)
    out: dict[str, list[dict[str, Any]]] = {
        "entities": [dict(r) | {"aliases": "; ".join(aliases[r["id"]])} for r in
                     conn.execute("SELECT id, kind, name, country, iso3166_2, mentions, articles, stories FROM entities "
                                  "ORDER BY id")],
        "person_roles": [dict(r) for r in conn.execute("SELECT * FROM person_roles ORDER BY entity_id, first_seen")],
        "stories": [dict(r) | {"doc_id": arts[r["article_id"]]["doc_id"]} for r in
                    conn.execute("SELECT story_id, article_id, rule FROM story_members ORDER BY story_id, article_id")],
        "projects": [dict(r) for r in conn.execute("SELECT id, name, country, iso3166_2, location, sector, status, "
                                                   "first_seen, last_seen FROM projects ORDER BY id")],
        "project_events": [dict(r) for r in conn.execute("SELECT * FROM project_events ORDER BY project_id, date")],
        "matches": [dict(r) for r in conn.execute("SELECT * FROM matches ORDER BY offer_id, need_id")],
    }
    for table in FACT_TABLES:
        rows = []
        for r in conn.execute(f"SELECT * FROM {table} ORDER BY article_id, start_char"):
            d = dict(r)
            a = arts[d["article_id"]]
            d.update(doc_id=a["doc_id"], url=a["url"], date=a["date"] or a["date_partial"],
                     story_id=story.get(d["article_id"]), entity_id=ent_of.get((table, d["id"])))
            rows.append(d)
        out[table] = rows
    return out


def partner_graph(conn: sqlite3.Connection) -> Any:
    """A networkx MultiGraph: nodes are places (countries, regions, cities), organizations and persons;
    edges are cooperation (with sectors), meetings (person to person), figures, and who represents whom."""
    import networkx as nx

    g = nx.MultiGraph()
    story = {r[0]: r[1] for r in conn.execute("SELECT article_id, story_id FROM story_members")}
    dates = {r[0]: r[1] or r[2] or "" for r in conn.execute("SELECT id, date, date_partial FROM articles")}
    for e in conn.execute("SELECT id, kind, name, country, iso3166_2, articles FROM entities"):
        g.add_node(e["id"], label=e["name"], kind=e["kind"], country=e["country"] or "", code=e["iso3166_2"] or "",
                   articles=e["articles"])

    def place_node(row: sqlite3.Row) -> str:
        if row["kind"] == "country":
            return f"country:{row['country']}"
        return f"region:{row['iso3166_2']}" if row["iso3166_2"] else f"place:{row['name']}"

    parts: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for r in conn.execute("SELECT * FROM partners ORDER BY article_id, position"):
        parts[r["article_id"]].append(r)
        node = place_node(r)
        if node not in g:
            g.add_node(node, label=r["name"], kind=r["kind"], country=r["country"] or "", code=r["iso3166_2"] or "",
                       articles=0)
    sectors: dict[int, set[str]] = defaultdict(set)
    for aid, sector in conn.execute("SELECT article_id, sector FROM sectors"):
        sectors[aid].add(sector)
    coop: dict[tuple[str, str], dict[str, Any]] = {}
    for aid, ps in parts.items():
        if not ps:
            continue
        home = place_node(ps[0])
        for other in ps[1:]:
            pair = tuple(sorted((home, place_node(other))))
            rec = coop.setdefault(pair, {"stories": set(), "sectors": set(), "first": "", "last": ""})
            rec["stories"].add(story.get(aid, aid))
            rec["sectors"] |= sectors.get(aid, set())
            d = dates.get(aid, "")
            rec["first"] = min(filter(None, [rec["first"], d]), default="")
            rec["last"] = max(rec["last"], d)
    for (a, b), rec in sorted(coop.items()):
        g.add_edge(a, b, key=f"cooperation:{a}:{b}", type="cooperation", weight=len(rec["stories"]),
                   sectors=";".join(sorted(rec["sectors"])), first_seen=rec["first"], last_seen=rec["last"])
    person_of = {r[0]: r[1] for r in conn.execute(
        "SELECT p.name || '|' || p.article_id, m.entity_id FROM persons p JOIN entity_mentions m "
        "ON m.fact_table = 'persons' AND m.fact_id = p.id")}
    for r in conn.execute("SELECT article_id, participants, place FROM meetings"):
        people = [person_of.get(f"{n}|{r['article_id']}") for n in json.loads(r["participants"])]
        people = [p for p in people if p]
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                g.add_edge(a, b, type="meeting", date=dates.get(r["article_id"], ""), place=r["place"] or "",
                           story=story.get(r["article_id"], ""))
    for r in conn.execute("SELECT m.entity_id, p.country FROM entity_mentions m JOIN persons p "
                          "ON m.fact_table='persons' AND p.id = m.fact_id WHERE p.country IS NOT NULL"):
        node = f"country:{r['country']}"
        if node in g and not g.has_edge(r["entity_id"], node, key=f"represents:{r['entity_id']}"):
            g.add_edge(r["entity_id"], node, key=f"represents:{r['entity_id']}", type="represents")
    seen: set[tuple[Any, ...]] = set()
    for r in conn.execute("SELECT article_id, metric, value, unit, period, kind, quote FROM figures"):
        ps = parts.get(r["article_id"], [])
        if len(ps) < 2:
            continue
        a, b = place_node(ps[0]), place_node(ps[1])
        key = (story.get(r["article_id"], r["article_id"]), a, b, r["metric"], r["value"], r["period"], r["kind"])
        if key in seen:
            continue  # a mirrored article repeats the figure: once per story
        seen.add(key)
        g.add_edge(a, b, type="figure", metric=r["metric"], value=float(r["value"]), unit=r["unit"],
                   period=r["period"] or "", kind=r["kind"], date=dates.get(r["article_id"], ""), quote=r["quote"])
    return g


def export(conn: sqlite3.Connection, fmt: str, out_dir: Path) -> list[Path]:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}", f"use one of: {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fmt == "graphml":
        try:
            import networkx as nx
        except ImportError as exc:
            raise UsageError("GraphML export needs networkx", "pip install 'coopgraph[export]'") from exc
        path = out_dir / "partner_graph.graphml"
        nx.write_graphml(partner_graph(conn), path)
        return [path]
    data = tables(conn)
    for name, rows in data.items():
        if fmt == "jsonl":
            path = out_dir / f"{name}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            path = out_dir / f"{name}.csv"
            cols = list(rows[0]) if rows else []
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=cols)
                w.writeheader()
                w.writerows(rows)
        else:
            try:
                import pyarrow as pa
                import pyarrow.parquet as pq
            except ImportError as exc:
                raise UsageError("Parquet export needs pyarrow", "pip install 'coopgraph[export]'") from exc
            path = out_dir / f"{name}.parquet"
            pq.write_table(pa.Table.from_pylist(rows) if rows else pa.table({}), path)
        written.append(path)
    return written
