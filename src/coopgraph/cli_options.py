"""Click options shared by every command group (the main CLI and the Spark commands), in a module of their own so
that each group imports them without importing the other."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

DB_HELP = "SQLite database file  [default: ./coopgraph.db]"


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """The one --db option of every command: the database file, None for the settings' default."""
    return click.option("--db", default=None, help=DB_HELP)(f)
