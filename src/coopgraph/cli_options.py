"""Click options and context helpers shared by the command modules (cli, cli_dossier, spark.cli, ...), in a module
of their own so that each command module imports them without importing the others."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from .output import FORMATS
from .settings import Settings

if TYPE_CHECKING:
    from .query.types import Window
    from .store import Store

DB_HELP = "SQLite database file  [default: ./coopgraph.db]"


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """The one --db option of every command: the database file, None for the settings' default."""
    return click.option("--db", default=None, help=DB_HELP)(f)


FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                             help="Output format.")


def window_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--since/--until: keep articles dated in this window (ISO prefixes: 2024, 2024-05, 2024-05-01)."""
    for name, word in (("--until", "up to and including"), ("--since", "from")):
        f = click.option(name, default=None, metavar="DATE", callback=check_date,
                         help=f"Only articles dated {word} this date (2024, 2024-05 or 2024-05-01).")(f)
    return f


def evidence_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--evidence", is_flag=True, help="Print each fact's evidence sentence and fact id.")(f)


def limit_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1),
                        help="Most rows to show (at least 1).")(f)


def check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import re

    if value is None:
        return None
    if not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?", value):
        raise click.BadParameter(f"{value!r} is not a date: use 2024, 2024-05 or 2024-05-01")
    return value


def window(since: str | None, until: str | None) -> Window:
    from .query.types import Window

    return Window(since, until)


def settings_of(ctx: click.Context, **flags: Any) -> Settings:
    base: Settings = ctx.obj["settings"]
    return base.with_overrides(**flags)


def echo_err(msg: str) -> None:
    click.echo(msg, err=True)


def open_store(db: str) -> Store:
    from .store import Store

    return Store.open(db)


def read_conn(ctx: click.Context, db: str | None, graph: bool = True) -> sqlite3.Connection:
    """A read-only connection (sqlite mode=ro): read commands never migrate or rebuild. When the graph tables lag
    the articles, one line on stderr says to run `coopgraph graph`."""
    from .query import graph_hint, open_readonly

    conn = open_readonly(settings_of(ctx, db=db).db)
    hint = graph_hint(conn, needs_graph=graph)
    if hint:
        echo_err(f"note: {hint}")
    return conn
