"""The corpus graph in the store: story edges (incremental), then entities, stories, roles, projects
and matches rebuilt from the stored facts (fast: no article is extracted again).

``update(store, new_ids)`` is called after each ingest; ``rebuild(store)`` recomputes everything.
Both give the same tables for the same set of articles (tests/test_graph.py checks it)."""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from . import corpus, resolve


@dataclass
class GraphReport:
    signatures: int = 0
    pairs_checked: int = 0
    edges: int = 0
    stories: int = 0
    entities: int = 0
    projects: int = 0
    matches: int = 0


def _fingerprint(conn: sqlite3.Connection, article_id: int, text: str | None = None) -> dict[str, Any]:
    one = (article_id,)
    return resolve.fingerprint(
        (r[0] for r in conn.execute("SELECT name FROM persons WHERE article_id=?", one)),
        (r[0] or r[1] for r in conn.execute("SELECT iso3166_2, country FROM partners WHERE article_id=?", one)),
        ((r[0], r[1]) for r in conn.execute("SELECT value, unit FROM figures WHERE article_id=?", one)), text)


def update(conn: sqlite3.Connection, new_ids: set[int] | None = None) -> GraphReport:
    """Sign the articles that have no signature yet, decide their story pairs, rebuild the derived tables."""
    report = GraphReport()
    with conn:
        unsigned = [r[0] for r in conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id "
            "WHERE s.article_id IS NULL ORDER BY a.id")]
        for aid in unsigned:
            text = conn.execute("SELECT text FROM articles WHERE id=?", (aid,)).fetchone()[0]
            conn.execute("INSERT INTO article_signatures(article_id, minhash, fingerprint) VALUES (?,?,?)",
                         (aid, resolve.minhash_bytes(resolve.minhash(text)), json.dumps(_fingerprint(conn, aid, text))))
        report.signatures = len(unsigned)
        new = set(unsigned) | (new_ids or set())
        if new:
            rows = conn.execute("SELECT a.id, a.content_hash, a.date, s.minhash, s.fingerprint FROM articles a "
                                "JOIN article_signatures s ON s.article_id = a.id").fetchall()
            docs = {r["id"]: resolve.story_doc(r["id"], r["content_hash"], r["date"], json.loads(r["fingerprint"]))
                    for r in rows}
            sigs = {r["id"]: resolve.minhash_from_bytes(r["minhash"]) for r in rows}
            pairs = resolve.candidate_pairs(list(docs.values()), sigs, new=new)
            # a pair already joined through other edges needs no decision and no edge: the stories are the
            # connected components, so this keeps edges below the number of articles without changing them
            joined = resolve.UnionFind()
            for a, b in conn.execute("SELECT a, b FROM story_edges"):
                joined.union(a, b)
            for a, b in sorted(pairs):
                if joined.find(a) == joined.find(b):
                    continue
                report.pairs_checked += 1
                decided = resolve.same_story(docs[a], docs[b], sigs[a].jaccard(sigs[b]))
                if decided:
                    joined.union(a, b)
                    conn.execute("INSERT OR REPLACE INTO story_edges(a, b, similarity, rule) VALUES (?,?,?,?)",
                                 (a, b, decided[1], decided[0]))
        _rebuild_derived(conn, report)
    return report


def rebuild(conn: sqlite3.Connection) -> GraphReport:
    with conn:
        conn.execute("DELETE FROM story_edges")
        conn.execute("DELETE FROM article_signatures")
    return update(conn)


def _rebuild_derived(conn: sqlite3.Connection, report: GraphReport) -> None:
    for table in ("stories", "story_members", "entities", "entity_aliases", "entity_mentions", "entity_merges",
                  "person_roles", "projects", "project_events", "matches"):
        conn.execute(f"DELETE FROM {table}")
    arts = {r["id"]: r for r in conn.execute("SELECT id, doc_id, content_hash, date, date_partial FROM articles")}
    edges = [(r[0], r[1]) for r in conn.execute("SELECT a, b FROM story_edges")]
    story_of = resolve.story_components(arts, edges, {a: r["content_hash"] for a, r in arts.items()})
    members: dict[str, list[int]] = defaultdict(list)
    for aid, sid in story_of.items():
        members[sid].append(aid)
    rule_of: dict[int, str] = {}  # how an article joined its story: the rule of its first edge
    for a, b, rule in conn.execute("SELECT a, b, rule FROM story_edges ORDER BY a, b"):
        rule_of.setdefault(a, rule)
        rule_of.setdefault(b, rule)
    for sid, ids in sorted(members.items()):
        ids.sort(key=lambda a: (arts[a]["date"] or "9999", a))
        dates = sorted(arts[a]["date"] for a in ids if arts[a]["date"])
        conn.execute("INSERT INTO stories(id, size, first_date, last_date, representative) VALUES (?,?,?,?,?)",
                     (sid, len(ids), dates[0] if dates else None, dates[-1] if dates else None, ids[0]))
        conn.executemany("INSERT INTO story_members(story_id, article_id, rule) VALUES (?,?,?)",
                         [(sid, a, "first" if a == ids[0] else rule_of.get(a, "linked")) for a in ids])
    report.edges, report.stories = len(edges), len(members)

    date_of = {a: (r["date"] or None) for a, r in arts.items()}
    persons = [resolve.Mention("persons", r["id"], r["article_id"], r["name"], r["country"], story_of.get(r["article_id"]))
               for r in conn.execute("SELECT id, article_id, name, country FROM persons")]
    orgs = [resolve.Mention("organizations", r["id"], r["article_id"], r["name"], r["country"],
                            story_of.get(r["article_id"]), r["canonical_id"])
            for r in conn.execute("SELECT id, article_id, name, country, canonical_id FROM organizations")]
    places = [resolve.Mention("places", r["id"], r["article_id"], r["surface"], r["country"], story_of.get(r["article_id"]),
                              r["place_id"], (("kind", r["kind"]), ("canonical", r["name"]), ("iso3166_2", r["iso3166_2"])))
              for r in conn.execute("SELECT id, article_id, surface, name, kind, country, iso3166_2, place_id FROM places")]
    n = 0
    for res in (resolve.resolve_persons(persons), resolve.resolve_organizations(orgs), resolve.resolve_places(places)):
        for ent in res.entities.values():
            arts_of = {m.article_id for m, _ in ent.mentions}
            conn.execute("INSERT INTO entities(id, kind, name, country, iso3166_2, mentions, articles, stories, attrs) "
                         "VALUES (?,?,?,?,?,?,?,?,?)",
                         (ent.id, ent.kind, ent.name, ent.country, ent.iso3166_2, len(ent.mentions), len(arts_of),
                          len({story_of.get(a) for a in arts_of}), None))
            conn.executemany("INSERT INTO entity_aliases(entity_id, alias, count) VALUES (?,?,?)",
                             [(ent.id, a, c) for a, c in sorted(ent.aliases.items())])
            conn.executemany("INSERT INTO entity_mentions(entity_id, fact_table, fact_id, article_id, rule) "
                             "VALUES (?,?,?,?,?)",
                             [(ent.id, m.fact_table, m.fact_id, m.article_id, rule) for m, rule in ent.mentions])
            n += 1
        conn.executemany("INSERT INTO entity_merges(entity_id, variant, rule, detail) VALUES (?,?,?,?)", res.merges)
    report.entities = n
    _roles(conn, date_of)
    _projects(conn, story_of, arts, report)
    _matches(conn, story_of, report)


def _roles(conn: sqlite3.Connection, date_of: dict[int, str | None]) -> None:
    rows = conn.execute("SELECT m.entity_id, p.role, p.country, p.region, p.article_id FROM entity_mentions m "
                        "JOIN persons p ON m.fact_table='persons' AND p.id = m.fact_id")
    roles: dict[tuple[str, str | None, str | None, str | None], list[int]] = defaultdict(list)
    for eid, role, country, region, aid in rows:
        roles[(eid, role, country, region)].append(aid)
    for (eid, role, country, region), aids in sorted(roles.items(), key=lambda kv: str(kv[0])):
        dates = sorted(d for d in (date_of.get(a) for a in aids) if d)
        conn.execute("INSERT INTO person_roles(entity_id, role, country, region, first_seen, last_seen, articles) "
                     "VALUES (?,?,?,?,?,?,?)", (eid, role, country, region, dates[0] if dates else None,
                                                dates[-1] if dates else None, json.dumps(sorted(set(aids)))))


def _projects(conn: sqlite3.Connection, story_of: dict[int, str], arts: dict[int, Any], report: GraphReport) -> None:
    mentions = []
    for r in conn.execute("SELECT * FROM project_mentions"):
        d = dict(r)
        d["sectors"] = json.loads(d["sectors"] or "[]")
        d["date"] = arts[d["article_id"]]["date"]
        d["doc_id"] = arts[d["article_id"]]["doc_id"]
        d["story"] = story_of.get(d["article_id"])
        mentions.append(d)
    projects = corpus.group_projects(mentions)
    for p in projects:
        conn.execute("INSERT OR REPLACE INTO projects(id, name, country, iso3166_2, location, sector, status, first_seen, "
                     "last_seen, attrs) VALUES (?,?,?,?,?,?,?,?,?,?)",
                     (p.id, p.name, p.country, p.iso3166_2, p.location, p.sector, p.status, p.first_seen, p.last_seen,
                      None))
        conn.executemany("INSERT OR IGNORE INTO project_events(project_id, mention_id, article_id, date, status) "
                         "VALUES (?,?,?,?,?)",
                         [(p.id, e["mention_id"], e["article_id"], e["date"], e["status"]) for e in p.events])
    report.projects = len(projects)


def _matches(conn: sqlite3.Connection, story_of: dict[int, str], report: GraphReport) -> None:
    partner_rows = conn.execute("SELECT article_id, name, country, iso3166_2 FROM partners").fetchall()
    by_article: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for r in partner_rows:
        by_article[r["article_id"]].append(r)
    alias_country: dict[str, str] = {}
    for alias, country in conn.execute("SELECT a.alias, e.country FROM entity_aliases a JOIN entities e "
                                       "ON e.id = a.entity_id WHERE e.country IS NOT NULL ORDER BY e.articles"):
        alias_country[alias] = country
    offers = []
    for r in conn.execute("SELECT id, article_id, type, actor, recipient, what, sectors FROM offers"):
        parts = by_article.get(r["article_id"], [])
        actor = next((p for p in parts if p["name"] == r["actor"]), None)
        side = actor["country"] if actor is not None else alias_country.get(r["actor"] or "")
        party = (actor["iso3166_2"] or actor["country"]) if actor is not None else side
        offers.append({"id": r["id"], "article_id": r["article_id"], "type": r["type"], "what": r["what"],
                       "sectors": json.loads(r["sectors"] or "[]"), "side": "BY" if side == "BY" else side,
                       "party": party, "story": story_of.get(r["article_id"])})
    cooperation: dict[tuple[str, str], set[int]] = defaultdict(set)
    sectors_of: dict[int, set[str]] = defaultdict(set)
    for aid, sector in conn.execute("SELECT article_id, sector FROM sectors"):
        sectors_of[aid].add(sector)
    for aid, parts in by_article.items():
        if any(p["country"] == "BY" for p in parts):
            for p in parts:
                if p["country"] != "BY":
                    for s in sectors_of.get(aid, ()):
                        cooperation[(p["iso3166_2"] or p["country"], s)].add(aid)
    found = corpus.match_offers(offers, cooperation)
    conn.executemany("INSERT OR IGNORE INTO matches(offer_id, need_id, sector, products, score) VALUES (?,?,?,?,?)",
                     [(m["offer_id"], m["need_id"], m["sector"], json.dumps(m["products"]), m["score"]) for m in found])
    report.matches = len(found)
