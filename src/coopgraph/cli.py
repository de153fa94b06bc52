"""Command line: thin shells over pipeline, query and eval. Data on stdout; logs, progress and
errors on stderr. Exit codes: 0 ok, 1 something was rejected or failed, 2 usage error."""
from __future__ import annotations

import json
import sqlite3
import sys
from typing import Any

import click

from . import __version__, cli_dossier, cli_watch
from .cli_options import (
    FORMAT_OPTION,
    db_option,
    echo_err,
    evidence_option,
    limit_option,
    open_store,
    read_conn,
    settings_of,
    window_options,
)
from .errors import CoopgraphError, UsageError
from .output import FORMATS, write_record, write_rows
from .settings import Settings, load_settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopgraph")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Settings file (TOML); default ~/.config/coopgraph/config.toml or $COOPGRAPH_CONFIG.")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """coopgraph: news about economic cooperation -> a knowledge graph an analyst can trust."""
    ctx.ensure_object(dict)
    ctx.obj["settings"] = load_settings(config)


# Commands kept in modules of their own; each module lists its commands in COMMANDS.
for _command in cli_dossier.COMMANDS + cli_watch.COMMANDS:
    cli.add_command(_command)


def _run_ingest(settings: Settings, paths: list[str], fmt: str) -> int:
    from .pipeline import ingest

    store = open_store(settings.db)
    try:
        report = ingest(paths, store, settings, on_reject=lambda r: echo_err(r.line()))
    finally:
        store.close()
    summary = report.as_dict() | {"db": settings.db}
    if fmt == "table":
        click.echo(f"read {report.read}, new {report.new}, unchanged {report.unchanged}, "
                   f"rejected {report.rejected} -> {settings.db}")
    else:
        write_rows([summary], fmt, sys.stdout)
    return 1 if report.rejected else 0


@cli.command()
@click.argument("paths", nargs=-1)
@db_option
@click.option("--sample", is_flag=True, help="Also ingest the bundled sample corpus.")
@click.option("--max-file-bytes", type=int, default=None, help="Reject single-article files larger than this.")
@click.option("-q", "--quiet", is_flag=True, default=None, help="No progress bar.")
@click.option("-j", "--workers", type=click.IntRange(1, 64), default=None,
              help="Processes for cleaning and extraction  [default: 1]")
@FORMAT_OPTION
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], db: str | None, sample: bool,
           max_file_bytes: int | None, quiet: bool | None, workers: int | None, fmt: str) -> None:
    """Ingest files, folders (recursive) or - (stdin): .txt, .html, .jsonl, .json, RSS/Atom, WARC.

    Re-ingesting the same articles stores nothing new. Rejected inputs are reported on stderr,
    kept in the rejects table, and make the exit code 1.
    """
    from .resources import sample_corpus_path

    all_paths = list(paths) + ([str(sample_corpus_path())] if sample else [])
    if not all_paths:
        raise UsageError("nothing to ingest", "give files or folders, - for stdin, or --sample")
    settings = settings_of(ctx, db=db, max_file_bytes=max_file_bytes, quiet=quiet, workers=workers)
    ctx.exit(_run_ingest(settings, all_paths, fmt))


@cli.command()
@db_option
@click.pass_context
def demo(ctx: click.Context, db: str | None) -> None:
    """Ingest the bundled sample corpus into the database and print a summary."""
    from . import query
    from .resources import sample_corpus_path

    settings = settings_of(ctx, db=db)
    code = _run_ingest(settings, [str(sample_corpus_path())], "table")
    conn = query.open_readonly(settings.db)
    s = query.stats(conn)
    click.echo(f"articles {s['articles']} ({s['with_date']} with full date, {s['date_partial_only']} day/month only), "
               f"{s['first_date']} .. {s['last_date']}")
    click.echo("facts: " + ", ".join(f"{k} {v}" for k, v in s["facts"].items()))
    g = query.graph_counts(conn)
    click.echo(f"graph: {g['stories']} stories, {g['entities']} entities, {g['projects']} projects, "
               f"{g['matches']} offer/need matches")
    rows = query.search(conn, "Handelsumsatz", limit=3)
    click.echo('try: coopgraph search "Handelsumsatz"  ->  ' + (rows[0].snippet if rows else "(no hit)"))
    top = query.top_partner(conn)
    if top:
        click.echo(f'     coopgraph dossier "{top}"   coopgraph partners   coopgraph projects')
    ctx.exit(code)


@cli.command()
@click.argument("query_text", metavar="QUERY")
@db_option
@limit_option
@window_options
@FORMAT_OPTION
@click.pass_context
def search(ctx: click.Context, query_text: str, db: str | None, limit: int, since: str | None, until: str | None,
           fmt: str) -> None:
    """Full-text search over titles and texts (FTS5); matches are shown in [brackets]. Names are also searched in
    their other spellings ("Lukashenko" finds "Lukaschenko", "Kazakhstan" finds "Kasachstan")."""
    from . import query

    rows = [r.as_dict() for r in query.search(read_conn(ctx, db, graph=False), query_text, limit, since, until)]
    if fmt == "table":  # the match stays visible when the table is cut to the terminal: snippet first, short
        for r in rows:
            r["snippet"] = _around_match(r["snippet"], query.SNIPPET_MARKS[0])
            r["doc_id"] = r["doc_id"] if len(r["doc_id"]) <= 24 else r["doc_id"][:23] + "…"
        write_rows(rows, fmt, sys.stdout, ["id", "date", "doc_id", "snippet"])
        return
    write_rows(rows, fmt, sys.stdout, ["id", "doc_id", "date", "dateline_place", "title", "snippet", "score"])


def _around_match(snippet: str, mark: str, before: int = 16) -> str:
    """Cut the text before the first match to ``before`` characters (at a word boundary)."""
    snippet = " ".join(snippet.split())
    i = snippet.find(mark)
    if i <= before:
        return snippet
    cut = snippet.find(" ", i - before, i)
    return "…" + snippet[(cut + 1 if cut >= 0 else i - before):]


@cli.command()
@click.argument("ident", metavar="ID")
@db_option
@evidence_option
@FORMAT_OPTION
@click.pass_context
def show(ctx: click.Context, ident: str, db: str | None, evidence: bool, fmt: str) -> None:
    """Show one article (numeric id or document id) with its metadata and its facts (with --evidence: the sentence
    each fact comes from)."""
    from . import query
    from .query import facts as qf

    conn = read_conn(ctx, db, graph=False)
    art = query.get_article(conn, ident)
    if art is None:
        raise query.NotFound(f"no article {ident!r}", "find ids with `coopgraph search WORD` or `coopgraph stats`")
    facts = qf.article_facts(conn, art["id"])
    if fmt == "jsonl":
        write_record(art | {"evidence": [f.as_dict() for f in facts]} if evidence else art, fmt, sys.stdout)
        return
    meta = {k: v for k, v in art.items() if k not in ("text", "raw_text", "offset_map", "paragraphs", "facts")}
    meta["facts"] = {k: len(v) for k, v in art["facts"].items()}
    write_record(meta, fmt, sys.stdout)
    if fmt == "table":
        click.echo("\nFacts")
        for f in facts:
            canon = f"  -> {f.canonical}" if f.canonical and f.canonical != f.span else ""
            summary = f.summary if len(f.summary) <= 120 else f.summary[:119] + "…"
            click.echo(f"  {f.fact_id:22} {summary}{canon}")
            if evidence:
                click.echo(f"      \"{f.evidence}\"")
        click.echo("")
        click.echo(art["text"])


@cli.command()
@click.argument("fact_id", metavar="FACT_ID")
@db_option
@FORMAT_OPTION
@click.pass_context
def explain(ctx: click.Context, fact_id: str, db: str | None, fmt: str) -> None:
    """Where one fact comes from: the article, the sentence with the span marked [[like this]], the extractor,
    the rule id and each normalization step. FACT_ID is TABLE:ID, e.g. figures:12 (see `show ID --evidence`)."""
    from .explain import explain as run

    e = run(read_conn(ctx, db, graph=False), fact_id)
    if fmt != "table":
        write_record(e, fmt, sys.stdout)
        return
    a = e["article"]
    click.echo(f"{e['fact']}  {e['summary']}")
    click.echo(f"article  {a['id']} {a['doc_id']}  {a['date'] or '-'}  {a['title'] or ''}".rstrip())
    click.echo(f"sentence {e['sentence']}")
    click.echo(f"span     {e['start']}..{e['end']}  \"{e['span']}\"")
    click.echo(f"rule     {e['extractor']} / {e['rule_id']}")
    for step in e["steps"]:
        click.echo(f"step     {step}")


@cli.command()
@db_option
@FORMAT_OPTION
@click.pass_context
def stats(ctx: click.Context, db: str | None, fmt: str) -> None:
    """Counts of articles, dates, languages, agencies, rejects and facts."""
    from . import query

    write_record(query.stats(read_conn(ctx, db, graph=False)), fmt, sys.stdout)


@cli.command()
@db_option
@FORMAT_OPTION
@click.pass_context
def rejects(ctx: click.Context, db: str | None, fmt: str) -> None:
    """List rejected inputs with the stage and the reason."""
    from . import query

    write_rows(query.rejects(read_conn(ctx, db, graph=False)), fmt, sys.stdout, ["source", "stage", "reason", "times"])


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--no-provenance", is_flag=True, help="Only the keys of the gold schema, no spans or rule ids.")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], fmt: str, no_provenance: bool) -> None:
    """Run the pipeline without a database; one JSON object per article (the gold schema's keys)."""
    from .serialize import extract_records

    rejects: list[str] = []

    def on_reject(rej: Any) -> None:
        rejects.append(rej.line())
        echo_err(rej.line())

    rows = []
    for rec in extract_records(paths, settings_of(ctx), provenance=not no_provenance, on_reject=on_reject):
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            rows.append({k: rec[k] for k in ("id", "dateline_place", "date", "date_partial", "agency", "relevant",
                                             "duplicate_of")}
                        | {k: len(rec[k]) for k in ("persons", "partners", "figures", "quotes")})
    rejected = len(rejects)
    if fmt != "jsonl":
        write_rows(rows, fmt, sys.stdout)
    ctx.exit(1 if rejected else 0)


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("paths", nargs=-1)
@click.option("--pred", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Predictions as JSONL (coopgraph extract output); otherwise PATHS are extracted now.")
@click.option("--floors", type=click.Path(exists=True, dir_okay=False), default=None,
              help="JSON file of floors ({\"persons.f1\": 0.9, ...}); exit 1 when any is not met.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def eval_cmd(ctx: click.Context, gold: str, paths: tuple[str, ...], pred: str | None, floors: str | None,
             fmt: str) -> None:
    """Score extraction against a gold file: precision/recall/F1 per field and accuracies.

    Either --pred PRED.jsonl or PATH... (files/folders to extract now) must be given.
    """
    from .evaluate import check_floors, format_table, load_jsonl, score
    from .extract.orgs import org_alias_key
    from .extract.partners import place_alias_key

    if (pred is None) == (not paths):
        raise UsageError("give either --pred PRED.jsonl or PATH... to extract", "e.g. coopgraph eval gold.jsonl seeds/")
    gold_rows = load_jsonl(gold)
    if pred is not None:
        pred_rows = load_jsonl(pred)
    else:
        from .serialize import extract_records

        pred_rows = extract_records(paths, settings_of(ctx), provenance=False, on_reject=lambda r: echo_err(r.line()))
    report = score(gold_rows, pred_rows, org_aliases=org_alias_key, place_aliases=place_alias_key)
    if fmt == "table":
        click.echo(format_table(report))
    else:
        write_rows(report.rows(), fmt, sys.stdout)
    if floors:
        with open(floors, encoding="utf-8") as fh:
            failures = check_floors(report, json.load(fh))
        for f in failures:
            echo_err(f"below floor: {f}")
        ctx.exit(1 if failures else 0)


@cli.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "graphml", "ftm"]), required=True,
              help="Tables as jsonl/csv/parquet, the partner graph as graphml, FollowTheMoney entities as ftm.")
@click.option("--out", "out_dir", default="export", show_default=True, help="Folder for the files.")
@db_option
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, out_dir: str, db: str | None) -> None:
    """Export articles, entities, facts, stories, projects and matches (jsonl/csv/parquet), the partner graph
    (graphml) or FollowTheMoney entities (ftm)."""
    from pathlib import Path

    from .export import export

    for path in export(read_conn(ctx, db), fmt, Path(out_dir)):
        click.echo(str(path))


@cli.command(name="graph")
@db_option
@click.option("--rebuild", is_flag=True, help="Recompute story edges too (after a change of the rules).")
@click.pass_context
def graph_cmd(ctx: click.Context, db: str | None, rebuild: bool) -> None:
    """Build (or rebuild) entities, stories, projects and matches from the stored facts."""
    from . import graph
    from .store import Store

    store = Store.open(settings_of(ctx, db=db).db)
    rep = graph.rebuild(store.conn) if rebuild else graph.update(store.conn)
    click.echo(f"stories {rep.stories} (edges {rep.edges}), entities {rep.entities}, projects {rep.projects}, "
               f"matches {rep.matches}")


@cli.command(name="serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind (only this machine by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.pass_context
def serve_cmd(ctx: click.Context, db: str | None, host: str, port: int) -> None:
    """Serve the workbench: web UI, REST API under /api/v1, docs at /docs (needs the `api` extra). Writes
    (POST /api/v1/articles) are enabled only when COOPGRAPH_API_TOKEN is set."""
    try:
        import uvicorn

        from .api import create_app
    except ImportError as exc:
        raise UsageError(f"the workbench needs the api extra ({exc.name} is missing)",
                         "pip install 'coopgraph[api]'") from exc
    from .query import open_readonly

    settings = settings_of(ctx, db=db)
    open_readonly(settings.db).close()  # fail now, with the fix, when there is no database
    click.echo(f"coopgraph workbench on http://{host}:{port}/  (API /api/v1, docs /docs, database {settings.db})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _add_spark_commands() -> None:
    from .spark.cli import load_cmd, spark_group

    cli.add_command(spark_group)
    cli.add_command(load_cmd)


_add_spark_commands()


def main(argv: list[str] | None = None) -> None:
    try:
        # Without standalone mode click *returns* the code given to ctx.exit() instead of raising.
        code = cli.main(args=argv, prog_name="coopgraph", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        echo_err("Aborted.")
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except UsageError as exc:
        echo_err(f"Error: {exc}")
        sys.exit(2)
    except CoopgraphError as exc:
        echo_err(f"Error: {exc}")
        sys.exit(1)
    except sqlite3.DatabaseError as exc:
        echo_err(f"Error: database error: {exc} - is --db a coopgraph database? try a new file")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
