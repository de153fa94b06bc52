"""Reads for the exports (``coopgraph.export``): the articles, the derived graph tables and the fact tables as
stored, in the order the export writes them.

Every function takes an open connection (with ``sqlite3.Row`` rows, as ``open_readonly`` gives) and returns plain
rows: ``sqlite3.Row`` (by name or index), tuples or dicts. None writes. Table names come from the store's own
schema (``FACT_TABLES`` and the derived tables) and are checked before they enter SQL."""
from __future__ import annotations

import sqlite3

from ..store.migrations import FACT_TABLES

# tables whose whole rows or schema the export reads by name
_TABLES = frozenset(FACT_TABLES) | {"person_roles", "project_events", "matches", "projects", "stories",
                                     "story_members", "entities", "entity_aliases"}
# the fact tables whose mentions resolve to an entity, and the name columns each has
NAME_COLUMNS: dict[str, tuple[str, ...]] = {"persons": ("name",), "organizations": ("name",),
                                            "places": ("name", "surface")}


def _table(name: str) -> str:
    if name not in _TABLES:
        raise ValueError(f"not an exported table: {name!r}")
    return name


# --- articles and the graph ---------------------------------------------------------------------------------

def articles(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """The metadata of every article, by id (no text)."""
    return conn.execute(
        "SELECT id, doc_id, url, title, date, date_partial, agency, language, dateline_place, source, fmt "
        "FROM articles ORDER BY id").fetchall()


def article_texts(conn: sqlite3.Connection) -> dict[int, str]:
    """Article id -> clean text."""
    return dict(conn.execute("SELECT id, text FROM articles").fetchall())


def story_of(conn: sqlite3.Connection) -> dict[int, str]:
    """Article id -> story id."""
    return {r[0]: r[1] for r in conn.execute("SELECT article_id, story_id FROM story_members")}


def story_members(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """story_id, article_id, rule of every article, by story then article."""
    return conn.execute("SELECT story_id, article_id, rule FROM story_members ORDER BY story_id, article_id").fetchall()


def entities(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every resolved entity with its counts, by id."""
    return conn.execute(
        "SELECT id, kind, name, country, iso3166_2, mentions, articles, stories FROM entities ORDER BY id").fetchall()


def aliases(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(entity id, alias), the most frequent alias of each entity first."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT entity_id, alias FROM entity_aliases ORDER BY count DESC, alias")]


def mention_entities(conn: sqlite3.Connection) -> dict[tuple[str, int], str]:
    """(fact table, fact id) -> the entity the mention resolved to."""
    return {(r[0], r[1]): r[2] for r in conn.execute("SELECT fact_table, fact_id, entity_id FROM entity_mentions")}


def organization_kinds(conn: sqlite3.Connection) -> dict[str, str]:
    """Organization entity id -> the kind of one of its mentions ("company", "ministry", ...)."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT m.entity_id, o.kind FROM entity_mentions m JOIN organizations o "
        "ON m.fact_table = 'organizations' AND o.id = m.fact_id")}


def person_roles(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every row of person_roles, by entity then first seen."""
    return conn.execute("SELECT * FROM person_roles ORDER BY entity_id, first_seen").fetchall()


def named_roles(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(person entity id, role) of every role that is known."""
    return [(r[0], r[1]) for r in conn.execute("SELECT entity_id, role FROM person_roles WHERE role IS NOT NULL")]


def projects(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every project, by id."""
    return conn.execute("SELECT id, name, country, iso3166_2, location, sector, status, first_seen, last_seen "
                        "FROM projects ORDER BY id").fetchall()


def project_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT id, name FROM projects")}


def project_of_mention(conn: sqlite3.Connection) -> dict[int, str]:
    """Project mention id -> the project it was grouped into."""
    return {r[0]: r[1] for r in conn.execute("SELECT mention_id, project_id FROM project_events")}


def project_events(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every row of project_events, by project, date and mention."""
    return conn.execute("SELECT * FROM project_events ORDER BY project_id, date, mention_id").fetchall()


def matches(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every row of matches, by offer then need."""
    return conn.execute("SELECT * FROM matches ORDER BY offer_id, need_id").fetchall()


def columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(column name, declared SQL type) of a table, in schema order."""
    return [(r[1], r[2]) for r in conn.execute(f"PRAGMA table_info({_table(table)})")]


# --- facts --------------------------------------------------------------------------------------------------

def fact_rows(conn: sqlite3.Connection, table: str) -> list[sqlite3.Row]:
    """Every row of a fact table, by article, position in the text, id."""
    if table not in FACT_TABLES:
        raise ValueError(f"not a fact table: {table!r}")
    return conn.execute(f"SELECT * FROM {table} ORDER BY article_id, start_char, id").fetchall()


def mention_names(conn: sqlite3.Connection, table: str) -> list[sqlite3.Row]:
    """id, article_id and the name columns (``NAME_COLUMNS``) of every mention of persons, organizations or
    places, by id."""
    cols = NAME_COLUMNS[table]
    return conn.execute(f"SELECT id, article_id, {', '.join(cols)} FROM {table} ORDER BY id").fetchall()


def partners(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """id, article_id, name, kind, country, iso3166_2 of every partner, in stored order."""
    return conn.execute("SELECT id, article_id, name, kind, country, iso3166_2 FROM partners").fetchall()


def partners_in_order(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """id, article_id of every partner, by article and position in the text."""
    return conn.execute("SELECT id, article_id FROM partners ORDER BY article_id, position").fetchall()


def sectors(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(article id, sector) of every sector fact."""
    return [(r[0], r[1]) for r in conn.execute("SELECT article_id, sector FROM sectors")]


def meetings(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """article_id, participants (JSON list), place of every meeting."""
    return conn.execute("SELECT article_id, participants, place FROM meetings").fetchall()


def person_sides(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """id, article_id, country, region, role of every person mention."""
    return conn.execute("SELECT id, article_id, country, region, role FROM persons").fetchall()


def person_roles_named(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """id, article_id, role of every person mention whose role is known, by id."""
    return conn.execute("SELECT id, article_id, role FROM persons WHERE role IS NOT NULL ORDER BY id").fetchall()


def organization_countries(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """id, article_id, country of every organization mention."""
    return conn.execute("SELECT id, article_id, country FROM organizations").fetchall()


def figures(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """article_id, metric, value, unit, period, kind, parties (JSON list), quote of every figure."""
    return conn.execute(
        "SELECT article_id, metric, value, unit, period, kind, parties, quote FROM figures").fetchall()

