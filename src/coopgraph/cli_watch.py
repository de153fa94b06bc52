"""`coopgraph watch`: saved searches, partners and entities, and what is new for each since the last visit (the
workbench's /watch page and /api/v1/watchlists over the same tables)."""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .cli_options import FORMAT_OPTION, db_option, settings_of
from .output import write_rows

if TYPE_CHECKING:
    from .query.types import Fact
    from .query.watch import WatchNews

LIST_COLUMNS = ["id", "kind", "label", "value", "new_articles", "new_facts", "last_seen_at"]
# one row per new article or fact (``type``), for --format jsonl/csv
NEW_COLUMNS = ["watchlist", "kind", "value", "type", "id", "doc_id", "title", "date", "date_partial", "ingested_at",
               "fact_id", "table", "article_id", "start", "end", "rule_id", "summary", "evidence"]


def _db(ctx: click.Context, db: str | None) -> str:
    return settings_of(ctx, db=db).db


@click.group(name="watch")
def watch_group() -> None:
    """Watchlists: save a search, a partner or an entity; `watch new` lists the articles and facts stored since
    your last visit."""


@watch_group.command(name="add")
@click.argument("kind", type=click.Choice(["search", "partner", "entity"]))
@click.argument("value")
@click.option("--label", default=None, help="A name to show instead of the value.")
@db_option
@click.pass_context
def add_cmd(ctx: click.Context, kind: str, value: str, label: str | None, db: str | None) -> None:
    """Save KIND VALUE: a search ("Traktoren Kasachstan"), a partner in any spelling or ISO code (KZ, Kasachstan),
    or an entity id or name (Lukashenko). What is stored already is not new for it."""
    from .query import watch as qw
    from .store import Store
    from .store import watchlists as sw

    store = Store.open(_db(ctx, db))
    try:
        value, default_label = qw.resolve(store.conn, kind, value)
        watch_id, created = sw.add(store.conn, kind, value, label or default_label)
    finally:
        store.close()
    click.echo(f"{'saved' if created else 'already saved'}: watchlist {watch_id} ({kind} {value})")


@watch_group.command(name="remove")
@click.argument("watch_id", type=click.IntRange(1, 2**62))
@db_option
@click.pass_context
def remove_cmd(ctx: click.Context, watch_id: int, db: str | None) -> None:
    """Delete watchlist WATCH_ID."""
    from .query import NotFound
    from .store import Store
    from .store import watchlists as sw

    store = Store.open(_db(ctx, db))
    try:
        if not sw.remove(store.conn, watch_id):
            raise NotFound(f"no watchlist {watch_id}", "`coopgraph watch list` lists them")
    finally:
        store.close()
    click.echo(f"removed watchlist {watch_id}")


@watch_group.command(name="list")
@db_option
@FORMAT_OPTION
@click.pass_context
def list_cmd(ctx: click.Context, db: str | None, fmt: str) -> None:
    """The watchlists with the number of articles and facts new since the last visit."""
    from .query import open_readonly
    from .query import watch as qw

    conn = open_readonly(_db(ctx, db))
    rows = [qw.summary(qw.new_since(conn, w)) for w in qw.watchlists(conn)]
    if not rows and fmt == "table":
        click.echo("(no watchlists: save one with `coopgraph watch add partner Kasachstan`)")
        return
    write_rows(rows, fmt, sys.stdout, LIST_COLUMNS)


@watch_group.command(name="new")
@click.argument("watch_id", required=False, type=click.IntRange(1, 2**62))
@click.option("--mark-seen", is_flag=True, help="Then mark what was listed as seen (later ingests stay new).")
@db_option
@FORMAT_OPTION
@click.pass_context
def new_cmd(ctx: click.Context, watch_id: int | None, mark_seen: bool, db: str | None, fmt: str) -> None:
    """What is new since the last visit, per watchlist (or for WATCH_ID only): the new articles and their facts,
    each fact with its id for `coopgraph explain`."""
    from .query import open_readonly
    from .query import watch as qw

    path = _db(ctx, db)
    conn = open_readonly(path)
    try:
        lists = [qw.watchlist(conn, watch_id)] if watch_id else qw.watchlists(conn)
        news = [qw.new_since(conn, w) for w in lists]
    finally:
        conn.close()
    if fmt == "table":
        _print_news(news)
    else:
        write_rows([{"watchlist": n.watchlist.id, "kind": n.watchlist.kind, "value": n.watchlist.value, "type": t,
                     **item.as_dict()} for n in news for t, items in (("article", n.articles), ("fact", n.facts))
                    for item in items], fmt, sys.stdout, NEW_COLUMNS)
    if mark_seen and news:
        from .store import Store
        from .store import watchlists as sw

        store = Store.open(path)
        try:
            for n in news:
                sw.mark_seen(store.conn, n.watchlist.id, n.upto)  # up to what was listed, not what came meanwhile
        finally:
            store.close()
        click.echo(f"marked {len(news)} watchlist(s) seen", err=True)


def _print_news(news: list[WatchNews]) -> None:
    if not news:
        click.echo("(no watchlists: save one with `coopgraph watch add partner Kasachstan`)")
    for n in news:
        w = n.watchlist
        click.echo(f"[{w.id}] {w.kind} {w.label or w.value}: {len(n.articles)} new article(s), {len(n.facts)} "
                   f"new fact(s) since {w.last_seen_at}")
        facts_of: dict[int, list[Fact]] = {}
        for f in n.facts:
            facts_of.setdefault(f.article_id, []).append(f)
        for a in n.articles:
            click.echo(f"    {a.date or a.date_partial or '?':10}  {a.id:>6}  {a.title or a.doc_id}")
            for f in facts_of.get(a.id, []):
                click.echo(f"        {f.fact_id:22} {f.summary}")


COMMANDS: tuple[click.Command, ...] = (watch_group,)
