"""Named, ordered schema migrations. A migration is applied once and recorded in ``migrations``.
Never edit a released migration: add a new one."""
from __future__ import annotations

_FACT_COLUMNS = """
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL CHECK (end_char >= start_char),
    extractor TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    pipeline_version TEXT NOT NULL"""

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_articles", """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    source TEXT NOT NULL,
    fmt TEXT NOT NULL,
    url TEXT,
    title TEXT,
    dateline_place TEXT,
    dateline_start INTEGER,
    dateline_end INTEGER,
    agency TEXT,
    date TEXT,
    date_partial TEXT,
    year_evidence TEXT,
    language TEXT,
    language_score REAL,
    encoding TEXT,
    text TEXT NOT NULL,
    raw_text TEXT NOT NULL,
    offset_map TEXT NOT NULL,
    paragraphs TEXT NOT NULL,
    removed TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    relevant INTEGER,
    relevance_score REAL,
    duplicate_of TEXT,
    pipeline_version TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_doc_id ON articles(doc_id);
-- the same text under another document id is a mirror: stored, then clustered into its story
CREATE UNIQUE INDEX articles_hash_doc ON articles(content_hash, doc_id);
CREATE INDEX articles_date ON articles(date);

CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    times INTEGER NOT NULL DEFAULT 1,
    UNIQUE (source, stage, reason)
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    command TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    read INTEGER, new INTEGER, unchanged INTEGER, rejected INTEGER
);
"""),
    ("0002_fts", """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""),
    ("0003_fact_tables", f"""
CREATE TABLE persons (
    id INTEGER PRIMARY KEY,{_FACT_COLUMNS},
    name TEXT NOT NULL, role TEXT, country TEXT, region TEXT, mentions TEXT
);
CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,{_FACT_COLUMNS},
    name TEXT NOT NULL, kind TEXT, country TEXT, canonical_id TEXT
);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,{_FACT_COLUMNS},
    name TEXT NOT NULL, surface TEXT, kind TEXT, country TEXT, iso3166_2 TEXT, place_id TEXT
);
CREATE TABLE partners (
    id INTEGER PRIMARY KEY,{_FACT_COLUMNS},
    position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT, country TEXT, iso3166_2 TEXT
);
CREATE TABLE figures (
    id INTEGER PRIMARY KEY,{_FACT_COLUMNS},
    metric TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, period TEXT, kind TEXT NOT NULL,
    parties TEXT NOT NULL, quote TEXT NOT NULL
);
CREATE TABLE sectors (
    id INTEGER PRIMARY KEY,{_FACT_COLUMNS},
    sector TEXT NOT NULL
);
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,{_FACT_COLUMNS},
    participants TEXT NOT NULL, place TEXT
);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,{_FACT_COLUMNS},
    text TEXT NOT NULL, speaker TEXT, speaker_rule TEXT
);
CREATE TABLE offers (
    id INTEGER PRIMARY KEY,{_FACT_COLUMNS},
    type TEXT NOT NULL, actor TEXT, recipient TEXT, what TEXT NOT NULL, sectors TEXT
);
CREATE INDEX persons_article ON persons(article_id);
CREATE INDEX organizations_article ON organizations(article_id);
CREATE INDEX places_article ON places(article_id);
CREATE INDEX partners_article ON partners(article_id);
CREATE INDEX figures_article ON figures(article_id);
CREATE INDEX sectors_article ON sectors(article_id);
CREATE INDEX meetings_article ON meetings(article_id);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX offers_article ON offers(article_id);
"""),
]

MIGRATIONS.append(("0004_corpus_graph", f"""
CREATE TABLE project_mentions (
    id INTEGER PRIMARY KEY,{_FACT_COLUMNS},
    name TEXT NOT NULL, head TEXT, product TEXT, location TEXT, location_id TEXT, country TEXT, iso3166_2 TEXT,
    sectors TEXT, status TEXT, status_cue TEXT
);
CREATE INDEX project_mentions_article ON project_mentions(article_id);

CREATE TABLE article_signatures (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash BLOB NOT NULL,
    fingerprint TEXT NOT NULL
);
CREATE TABLE story_edges (
    a INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    rule TEXT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
);

-- everything below is derived: rebuilt from the fact tables and story_edges by `graph.resolve`
CREATE TABLE stories (
    id TEXT PRIMARY KEY, size INTEGER NOT NULL, first_date TEXT, last_date TEXT, representative INTEGER
);
CREATE TABLE story_members (
    story_id TEXT NOT NULL, article_id INTEGER NOT NULL UNIQUE, rule TEXT NOT NULL, PRIMARY KEY (story_id, article_id)
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, country TEXT, iso3166_2 TEXT,
    mentions INTEGER NOT NULL, articles INTEGER NOT NULL, stories INTEGER NOT NULL, attrs TEXT
);
CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL, alias TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (entity_id, alias)
);
CREATE TABLE entity_mentions (
    entity_id TEXT NOT NULL, fact_table TEXT NOT NULL, fact_id INTEGER NOT NULL, article_id INTEGER NOT NULL,
    rule TEXT NOT NULL, PRIMARY KEY (fact_table, fact_id)
);
CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
CREATE TABLE entity_merges (
    entity_id TEXT NOT NULL, variant TEXT NOT NULL, rule TEXT NOT NULL, detail TEXT
);
CREATE TABLE person_roles (
    entity_id TEXT NOT NULL, role TEXT, country TEXT, region TEXT, first_seen TEXT, last_seen TEXT,
    articles TEXT NOT NULL
);
CREATE TABLE projects (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT, iso3166_2 TEXT, location TEXT, sector TEXT,
    status TEXT, first_seen TEXT, last_seen TEXT, attrs TEXT
);
CREATE TABLE project_events (
    project_id TEXT NOT NULL, mention_id INTEGER NOT NULL, article_id INTEGER NOT NULL, date TEXT, status TEXT,
    PRIMARY KEY (project_id, mention_id)
);
CREATE TABLE matches (
    offer_id INTEGER NOT NULL, need_id INTEGER NOT NULL, sector TEXT, products TEXT, score REAL,
    PRIMARY KEY (offer_id, need_id)
);
"""))

FACT_TABLES = ("persons", "organizations", "places", "partners", "figures", "sectors", "meetings",
               "quotes", "offers", "project_mentions")

# The graph is derived from the articles in a later transaction than the one that stores them. This row says
# whether it is behind: every insert or delete of an article bumps ``articles_version`` in the transaction of
# that change (triggers, so no writer can forget it), and a graph update that completes records the version it
# was computed from in ``graph_version``. A crash between the two leaves them unequal, and the next ingest or
# `graph` command finishes the work. ``generation`` counts completed graph writes, so a graph computed outside
# the write lock is only written if no other writer changed the articles or the graph in the meantime.
MIGRATIONS.append(("0005_graph_state", """
CREATE TABLE graph_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    articles_version INTEGER NOT NULL,
    graph_version INTEGER NOT NULL,
    generation INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT
);
INSERT INTO graph_state (id, articles_version, graph_version)
    SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM articles) THEN 1 ELSE 0 END, 0;
CREATE TRIGGER articles_graph_pending_ai AFTER INSERT ON articles BEGIN
    UPDATE graph_state SET articles_version = articles_version + 1 WHERE id = 1;
END;
CREATE TRIGGER articles_graph_pending_ad AFTER DELETE ON articles BEGIN
    UPDATE graph_state SET articles_version = articles_version + 1 WHERE id = 1;
END;
"""))

# Saved searches, partners and entities. The watermark of "new since your last visit" is the highest article id
# seen (article ids only grow: articles are never deleted), with the time and the last ingest run for display.
# AUTOINCREMENT: the id of a deleted watchlist is never given to another one (URLs and scripts keep meaning).
MIGRATIONS.append(("0006_watchlists", """
CREATE TABLE watchlists (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('search', 'partner', 'entity')),
    value TEXT NOT NULL,
    label TEXT,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    last_seen_article INTEGER NOT NULL DEFAULT 0,
    last_seen_run INTEGER,
    UNIQUE (kind, value)
);
"""))

# Indexes for the read layer (``coopgraph.query``), so that one API request reads only the rows it answers with:
# the entity of each fact of one article, the articles of one partner (by its code as ``query.partners`` computes
# it: ISO 3166-2, else country, else the name) and of one city.
MIGRATIONS.append(("0007_read_indexes", """
CREATE INDEX IF NOT EXISTS entity_mentions_article ON entity_mentions(article_id);
CREATE INDEX IF NOT EXISTS partners_country ON partners(country);
CREATE INDEX IF NOT EXISTS partners_code ON partners(coalesce(nullif(iso3166_2, ''), nullif(country, ''), name));
CREATE INDEX IF NOT EXISTS places_place_id ON places(place_id);
"""))

# Answers the read layer would otherwise compute per request (issue 9). ``graph_answers`` holds the partner graph
# as the API encodes it (whole, and per edge type), written by every graph update in its write transaction and
# keyed by the graph generation it belongs to: a reader serves it only while the generation is the current one.
# The covering indexes answer the search facets' date and outlet of many articles without reading the article
# rows, and "who else is named in the articles that name X" from the index alone.
MIGRATIONS.append(("0008_read_answers", """
CREATE TABLE IF NOT EXISTS graph_answers (
    name TEXT PRIMARY KEY,
    generation INTEGER NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_mentions_cooccur ON entity_mentions(article_id, fact_table, entity_id);
CREATE INDEX IF NOT EXISTS entity_mentions_entity_article ON entity_mentions(entity_id, article_id);
CREATE INDEX IF NOT EXISTS articles_keys ON articles(id, date, date_partial, url);
CREATE INDEX IF NOT EXISTS sectors_article_sector ON sectors(article_id, sector);
CREATE INDEX IF NOT EXISTS partners_article_code ON partners(article_id, country, iso3166_2, name);
"""))

# A partner's dossier as the API answers it without filters (issue 9): computed after each graph update for every
# partner and keyed by the graph generation, so that a reader reads one row instead of every fact of thousands of
# articles. ``inputs`` is a digest of what the dossier was computed from (the partner's articles, their stories
# and the canonical entities of their persons and organizations): an update recomputes only the partners whose
# digest changed.
MIGRATIONS.append(("0009_partner_answers", """
CREATE TABLE IF NOT EXISTS partner_answers (
    partner TEXT PRIMARY KEY,
    generation INTEGER NOT NULL,
    inputs TEXT NOT NULL,
    body BLOB NOT NULL
);
"""))
