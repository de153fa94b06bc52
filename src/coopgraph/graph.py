"""The corpus graph in the store: story edges (incremental), then entities, stories, roles, projects
and matches recomputed from the stored facts (fast: no article is extracted again). An update writes
only the groups of rows that changed (a story, an entity, a project, an offer's matches, an entity
mention: ``graph_tables.update_derived``); a rebuild rewrites every derived table.

``update(conn, new_ids)`` is called after each ingest; ``rebuild(conn)`` recomputes everything.
Both give the same tables for the same set of articles (tests/test_graph.py checks it).

Crash safety and concurrency. Storing an article marks the graph as behind in the same transaction
(``graph_state.articles_version``, bumped by triggers); an update records the version it completed in
``graph_version``. So a crash between the articles and the end of the graph leaves a marker that the
next ingest or `graph` command sees (``pending``) and completes. An update computes the whole result
in a read snapshot, without the write lock (readers and other writers go on), and then writes it in
one short write transaction: signatures, story edges, every derived table and the new version
together, or nothing. Before writing it checks under the lock that neither the articles nor the graph
changed since its snapshot; if they did it computes again, and after a few tries it computes under
the lock. A rebuild is the same single write transaction, so a killed rebuild leaves the old graph.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from . import corpus, resolve, resolve_names
from .store import graph_tables as tables
from .store import kill_point, write_transaction

OPTIMISTIC_ATTEMPTS = 3  # graph computations outside the write lock before one is made under it
_SIGN_CHUNK = 500  # articles whose texts and fingerprint facts are read at once when signing

DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "stories": ("id", "size", "first_date", "last_date", "representative"),
    "story_members": ("story_id", "article_id", "rule"),
    "entities": ("id", "kind", "name", "country", "iso3166_2", "mentions", "articles", "stories", "attrs"),
    "entity_aliases": ("entity_id", "alias", "count"),
    "entity_mentions": ("entity_id", "fact_table", "fact_id", "article_id", "rule"),
    "entity_merges": ("entity_id", "variant", "rule", "detail"),
    "person_roles": ("entity_id", "role", "country", "region", "first_seen", "last_seen", "articles"),
    "projects": ("id", "name", "country", "iso3166_2", "location", "sector", "status", "first_seen", "last_seen",
                 "attrs"),
    "project_events": ("project_id", "mention_id", "article_id", "date", "status"),
    "matches": ("offer_id", "need_id", "sector", "products", "score"),
}


@dataclass
class GraphReport:
    signatures: int = 0
    pairs_checked: int = 0
    edges: int = 0
    stories: int = 0
    entities: int = 0
    projects: int = 0
    matches: int = 0


@dataclass
class _Plan:
    """A graph computed from one snapshot, ready to be written in one transaction."""
    articles_version: int
    generation: int
    rebuild: bool
    signatures: list[tuple[int, bytes, str]] = field(default_factory=list)
    edges: list[tuple[int, int, float, str]] = field(default_factory=list)  # new ones (all of them for a rebuild)
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    report: GraphReport = field(default_factory=GraphReport)
    held: Any = None  # export_context.Held: the mention rows the stored graph answer reads, as the write leaves them


def _state(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(articles_version, graph_version, generation) of ``graph_state``; zeros in a database that predates it."""
    return tables.graph_state(conn)


def pending(conn: sqlite3.Connection) -> bool:
    """True when the graph is behind the articles: stored or deleted after the last completed update, or
    (in a database older than the marker) stored without a signature."""
    articles_version, graph_version, _ = _state(conn)
    if articles_version != graph_version:
        return True
    return tables.has_unsigned_articles(conn)


def update(conn: sqlite3.Connection, new_ids: set[int] | None = None) -> GraphReport:
    """Sign the articles that have no signature yet, decide their story pairs, rebuild the derived tables."""
    report = _run(conn, rebuild=False, new_ids=new_ids)
    _store_answers(conn)
    return report


def rebuild(conn: sqlite3.Connection) -> GraphReport:
    """Recompute signatures and story edges from scratch, then the derived tables: one write transaction."""
    report = _run(conn, rebuild=True, new_ids=None)
    _store_answers(conn)
    return report


def _store_answers(conn: sqlite3.Connection) -> None:
    """The API's partner dossiers of the new generation (``query.partner_answers``): after the graph's write
    transaction, so the time they take holds no lock; only the partners whose inputs changed are recomputed."""
    from .query import partner_answers

    partner_answers.refresh(conn)


def _run(conn: sqlite3.Connection, rebuild: bool, new_ids: set[int] | None) -> GraphReport:
    kill_point("graph-start")
    if conn.in_transaction:  # the caller's transaction: compute and write inside it
        plan = _compute(conn, rebuild, new_ids)
        _write(conn, plan)
        return plan.report
    for _ in range(OPTIMISTIC_ATTEMPTS):
        with tables.read_snapshot(conn):  # deferred: a read snapshot, no lock that blocks other writers
            plan = _compute(conn, rebuild, new_ids)
        with write_transaction(conn):
            articles_version, _, generation = _state(conn)
            if (articles_version, generation) == (plan.articles_version, plan.generation):
                _write(conn, plan)
                return plan.report
            if articles_version == plan.articles_version and not rebuild:
                return plan.report  # another process completed the graph of these same articles meanwhile
    with write_transaction(conn):  # articles keep arriving: compute under the lock to finish for sure
        plan = _compute(conn, rebuild, new_ids)
        _write(conn, plan)
    return plan.report


def _compute(conn: sqlite3.Connection, rebuild: bool, new_ids: set[int] | None) -> _Plan:
    """Everything a graph update writes, computed from what ``conn`` sees now; nothing is written."""
    articles_version, _, generation = _state(conn)
    plan = _Plan(articles_version, generation, rebuild)
    report = plan.report
    arts = {r["id"]: r for r in tables.articles(conn)}
    signed: dict[int, tuple[bytes, str]] = {}
    old_edges: list[tuple[int, int, float, str]] = []
    if not rebuild:
        signed = {r[0]: (r[1], r[2]) for r in tables.signatures(conn) if r[0] in arts}
        old_edges = tables.story_edges(conn)
    unsigned = [aid for aid in arts if aid not in signed]
    for i in range(0, len(unsigned), _SIGN_CHUNK):  # texts and facts read in bulk, a chunk at a time
        chunk = unsigned[i:i + _SIGN_CHUNK]
        texts = tables.article_texts(conn, chunk)
        facts = tables.fingerprint_facts_many(conn, chunk)
        for aid in chunk:
            text = texts[aid]
            names, partners, figures = facts[aid]
            fp = resolve.fingerprint(names, partners, figures, text)
            sig = (resolve.signature(text), json.dumps(fp))
            signed[aid] = sig
            plan.signatures.append((aid, *sig))
    report.signatures = len(unsigned)
    new = set(unsigned) | {a for a in (new_ids or ()) if a in arts}
    if new:
        ids = sorted(signed)
        docs = {a: resolve.story_doc(a, arts[a]["content_hash"], arts[a]["date"], json.loads(signed[a][1]))
                for a in ids}
        sigs = {a: signed[a][0] for a in ids}  # the stored bytes: LSH bands and Jaccard read them directly
        pairs = resolve.candidate_pairs(list(docs.values()), sigs, new=new)
        # a pair already joined through other edges needs no decision and no edge: the stories are the
        # connected components, so this keeps edges below the number of articles without changing them
        joined = resolve.UnionFind()
        for a, b, _, _ in old_edges:
            joined.union(a, b)
        for a, b in sorted(pairs):
            if joined.find(a) == joined.find(b):
                continue
            report.pairs_checked += 1
            decided = resolve.same_story(docs[a], docs[b], resolve.signature_jaccard(sigs[a], sigs[b]))
            if decided:
                joined.union(a, b)
                plan.edges.append((a, b, decided[1], decided[0]))
    mention_names: dict[str, list[tuple[Any, ...]]] = {}
    plan.rows = _derive(conn, arts, old_edges + plan.edges, report, mention_names)
    from .export_context import Held

    # once written, entity_mentions holds exactly these rows (one per fact: its primary key)
    plan.held = Held({(table, fid): eid for eid, table, fid, _, _ in plan.rows["entity_mentions"]}, mention_names)
    return plan


def _write(conn: sqlite3.Connection, plan: _Plan) -> None:
    """Write a computed graph; the caller holds the write transaction."""
    if plan.rebuild:
        tables.clear_signatures_and_edges(conn)
    tables.insert_signatures(conn, plan.signatures)
    tables.insert_story_edges(conn, plan.edges)
    kill_point("graph")
    for table, cols in DERIVED_COLUMNS.items():
        if plan.rebuild:
            tables.replace_derived(conn, table, cols, plan.rows.get(table, []))
        else:  # an update rewrites only the stories, entities, projects and matches whose rows changed
            tables.update_derived(conn, table, cols, plan.rows.get(table, []))
    tables.set_graph_version(conn, plan.articles_version, datetime.now(UTC).isoformat(timespec="seconds"))
    from .query import graph_answers  # the API's graph answer of this generation, so no reader builds it

    graph_answers.store(conn, _state(conn)[2], plan.held)


def _mention_names(persons: list[Any], orgs: list[Any], places: list[tuple[Any, ...]]
                   ) -> dict[str, list[tuple[Any, ...]]]:
    """``export_rows.mention_names`` of each of its tables (id, article_id, the ``NAME_COLUMNS``; by id), from the
    rows ``_derive`` read: persons and organizations as Rows, places as ``graph_tables.PLACE_COLUMNS`` tuples."""
    from .query.export_rows import NAME_COLUMNS

    def cols(table: str) -> tuple[str, ...]:
        return ("id", "article_id", *NAME_COLUMNS[table])

    by_id = itemgetter(0)
    out = {t: sorted((tuple(r[c] for c in cols(t)) for r in rows), key=by_id)
           for t, rows in (("persons", persons), ("organizations", orgs))}
    pick = itemgetter(*(tables.PLACE_COLUMNS.index(c) for c in cols("places")))
    out["places"] = sorted(map(pick, places), key=by_id)
    return out


def _derive(conn: sqlite3.Connection, arts: dict[int, Any], edges: list[tuple[int, int, float, str]],
            report: GraphReport, names: dict[str, list[tuple[Any, ...]]] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every derived table, from the fact tables and the story edges; ``names`` receives the
    ``export_rows.mention_names`` of persons, organizations and places from the rows read here."""
    out: dict[str, list[tuple[Any, ...]]] = {t: [] for t in DERIVED_COLUMNS}
    story_of = resolve.story_components(arts, [(a, b) for a, b, _, _ in edges],
                                        {a: r["content_hash"] for a, r in arts.items()})
    members: dict[str, list[int]] = defaultdict(list)
    for aid, sid in story_of.items():
        members[sid].append(aid)
    rule_of: dict[int, str] = {}  # how an article joined its story: the rule of its first edge
    for a, b, _, rule in sorted(edges):
        rule_of.setdefault(a, rule)
        rule_of.setdefault(b, rule)
    for sid, ids in sorted(members.items()):
        ids.sort(key=lambda a: (arts[a]["date"] or "9999", a))
        dates = sorted(arts[a]["date"] for a in ids if arts[a]["date"])
        out["stories"].append((sid, len(ids), dates[0] if dates else None, dates[-1] if dates else None, ids[0]))
        out["story_members"].extend((sid, a, "first" if a == ids[0] else rule_of.get(a, "linked")) for a in ids)
    report.edges, report.stories = len(edges), len(members)

    date_of = {a: (r["date"] or None) for a, r in arts.items()}
    person_rows = {r["id"]: r for r in tables.persons(conn)}
    persons = [resolve.Mention("persons", r["id"], r["article_id"], r["name"], r["country"],
                               story_of.get(r["article_id"])) for r in person_rows.values()]
    org_rows = tables.organizations(conn)
    orgs = [resolve.Mention("organizations", r["id"], r["article_id"], r["name"], r["country"],
                            story_of.get(r["article_id"]), r["canonical_id"])
            for r in org_rows]
    place_rows = tables.places(conn)
    places = [resolve.Mention("places", pid, aid, surface, country, story_of.get(aid), place_id,
                              (("kind", kind), ("canonical", name), ("iso3166_2", iso)))
              for pid, aid, surface, name, kind, country, iso, place_id in place_rows]
    if names is not None:
        names.update(_mention_names(list(person_rows.values()), org_rows, place_rows))
    roles: dict[tuple[str, str | None, str | None, str | None], list[int]] = defaultdict(list)
    alias_country: list[tuple[int, str, str, str]] = []  # (articles, entity id, alias, country)
    for res in (resolve_names.resolve_persons(persons), resolve_names.resolve_organizations(orgs), resolve.resolve_places(places)):
        for ent in res.entities.values():
            arts_of = {m.article_id for m, _ in ent.mentions}
            out["entities"].append((ent.id, ent.kind, ent.name, ent.country, ent.iso3166_2, len(ent.mentions),
                                    len(arts_of), len({story_of.get(a) for a in arts_of}), None))
            out["entity_aliases"].extend((ent.id, a, c) for a, c in sorted(ent.aliases.items()))
            out["entity_mentions"].extend((ent.id, m.fact_table, m.fact_id, m.article_id, rule)
                                          for m, rule in ent.mentions)
            if ent.country is not None:
                alias_country.extend((len(arts_of), ent.id, a, ent.country) for a in ent.aliases)
            for m, _ in ent.mentions:
                if m.fact_table == "persons":
                    p = person_rows[m.fact_id]
                    roles[(ent.id, p["role"], p["country"], p["region"])].append(p["article_id"])
        out["entity_merges"].extend(res.merges)
    report.entities = len(out["entities"])
    for (eid, role, country, region), aids in sorted(roles.items(), key=lambda kv: str(kv[0])):
        dates = sorted(d for d in (date_of.get(a) for a in aids) if d)
        out["person_roles"].append((eid, role, country, region, dates[0] if dates else None,
                                    dates[-1] if dates else None, json.dumps(sorted(set(aids)))))
    _projects(conn, story_of, arts, report, out)
    # an alias names the country of the entity seen in the most articles that has it
    _matches(conn, story_of, {alias: country for _, _, alias, country in sorted(alias_country)}, report, out)
    return out


def _projects(conn: sqlite3.Connection, story_of: dict[int, str], arts: dict[int, Any], report: GraphReport,
              out: dict[str, list[tuple[Any, ...]]]) -> None:
    mentions = []
    for r in tables.project_mentions(conn):
        d = dict(r)
        d["sectors"] = json.loads(d["sectors"] or "[]")
        art = arts[d["article_id"]]
        d["date"], d["doc_id"], d["content_hash"] = art["date"], art["doc_id"], art["content_hash"]
        d["story"] = story_of.get(d["article_id"])
        mentions.append(d)
    projects = corpus.group_projects(mentions)
    for p in projects:
        out["projects"].append((p.id, p.name, p.country, p.iso3166_2, p.location, p.sector, p.status, p.first_seen,
                                p.last_seen, None))
        out["project_events"].extend((p.id, e["mention_id"], e["article_id"], e["date"], e["status"])
                                     for e in p.events)
    report.projects = len(projects)


def _matches(conn: sqlite3.Connection, story_of: dict[int, str], alias_country: dict[str, str],
             report: GraphReport, out: dict[str, list[tuple[Any, ...]]]) -> None:
    partner_rows = tables.partners(conn)
    by_article: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for r in partner_rows:
        by_article[r["article_id"]].append(r)
    offers = []
    for r in tables.offers(conn):
        parts = by_article.get(r["article_id"], [])
        actor = next((p for p in parts if p["name"] == r["actor"]), None)
        side = actor["country"] if actor is not None else alias_country.get(r["actor"] or "")
        party = (actor["iso3166_2"] or actor["country"]) if actor is not None else side
        rec = next((p for p in parts if p["name"] == r["recipient"]), None)
        offers.append({"id": r["id"], "article_id": r["article_id"], "type": r["type"], "what": r["what"],
                       "sectors": json.loads(r["sectors"] or "[]"), "side": "BY" if side == "BY" else side,
                       "party": party, "story": story_of.get(r["article_id"]),
                       "recipient_party": (rec["iso3166_2"] or rec["country"]) if rec is not None
                       else alias_country.get(r["recipient"] or "")})
    cooperation: dict[tuple[str, str], set[int]] = defaultdict(set)
    sectors_of: dict[int, set[str]] = defaultdict(set)
    for aid, sector in tables.sectors(conn):
        sectors_of[aid].add(sector)
    for aid, parts in by_article.items():
        if any(p["country"] == "BY" for p in parts):
            for p in parts:
                if p["country"] != "BY":
                    for s in sectors_of.get(aid, ()):
                        cooperation[(p["iso3166_2"] or p["country"], s)].add(aid)
    found = corpus.match_offers(offers, cooperation, story_of)
    out["matches"].extend((m["offer_id"], m["need_id"], m["sector"], json.dumps(m["products"]), m["score"])
                          for m in found)
    report.matches = len(found)
