"""Command line: thin shells over pipeline, query and eval. Data on stdout; logs, progress and
errors on stderr. Exit codes: 0 ok, 1 something was rejected or failed, 2 usage error."""
from __future__ import annotations

import json
import sqlite3
import sys
from typing import Any

import click

from . import __version__
from .errors import CoopgraphError, UsageError
from .output import FORMATS, write_record, write_rows
from .settings import Settings, load_settings

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                             help="Output format.")


def _settings(ctx: click.Context, **flags: Any) -> Settings:
    base: Settings = ctx.obj["settings"]
    return base.with_overrides(**flags)


def _echo_err(msg: str) -> None:
    click.echo(msg, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopgraph")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Settings file (TOML); default ~/.config/coopgraph/config.toml or $COOPGRAPH_CONFIG.")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """coopgraph: news about economic cooperation -> a knowledge graph an analyst can trust."""
    ctx.ensure_object(dict)
    ctx.obj["settings"] = load_settings(config)


def _open_store(db: str):  # type: ignore[no-untyped-def]
    from .store import Store

    return Store.open(db)


def _run_ingest(settings: Settings, paths: list[str], fmt: str) -> int:
    from .pipeline import ingest

    store = _open_store(settings.db)
    try:
        report = ingest(paths, store, settings, on_reject=lambda r: _echo_err(r.line()))
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
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
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
    settings = _settings(ctx, db=db, max_file_bytes=max_file_bytes, quiet=quiet, workers=workers)
    ctx.exit(_run_ingest(settings, all_paths, fmt))


@cli.command()
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@click.pass_context
def demo(ctx: click.Context, db: str | None) -> None:
    """Ingest the bundled sample corpus into the database and print a summary."""
    from . import query
    from .resources import sample_corpus_path
    from .store import connect

    settings = _settings(ctx, db=db)
    code = _run_ingest(settings, [str(sample_corpus_path())], "table")
    conn = connect(settings.db, readonly=True)
    s = query.stats(conn)
    click.echo(f"articles {s['articles']} ({s['with_date']} with full date, {s['date_partial_only']} day/month only), "
               f"{s['first_date']} .. {s['last_date']}")
    click.echo("facts: " + ", ".join(f"{k} {v}" for k, v in s["facts"].items()))
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    click.echo(f"graph: {one('SELECT count(*) FROM stories')} stories, "
               f"{one('SELECT count(*) FROM entities')} entities, {one('SELECT count(*) FROM projects')} projects, "
               f"{one('SELECT count(*) FROM matches')} offer/need matches")
    rows = query.search(conn, "Handelsumsatz", limit=3)
    click.echo('try: coopgraph search "Handelsumsatz"  ->  ' + (rows[0]["snippet"] if rows else "(no hit)"))
    top = conn.execute("SELECT name FROM partners WHERE country != 'BY' GROUP BY name ORDER BY count(*) DESC "
                       "LIMIT 1").fetchone()
    if top:
        click.echo(f'     coopgraph dossier "{top[0]}"   coopgraph partners   coopgraph projects')
    ctx.exit(code)


@cli.command()
@click.argument("query_text", metavar="QUERY")
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@click.option("--limit", default=20, show_default=True, help="Most rows to show.")
@FORMAT_OPTION
@click.pass_context
def search(ctx: click.Context, query_text: str, db: str | None, limit: int, fmt: str) -> None:
    """Full-text search over titles and texts (FTS5); matches are shown in [brackets]."""
    from . import query
    from .store import connect

    settings = _settings(ctx, db=db)
    rows = query.search(connect(settings.db, readonly=True), query_text, limit)
    write_rows(rows, fmt, sys.stdout, ["id", "doc_id", "date", "dateline_place", "title", "snippet", "score"])


@cli.command()
@click.argument("ident", metavar="ID")
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@FORMAT_OPTION
@click.pass_context
def show(ctx: click.Context, ident: str, db: str | None, fmt: str) -> None:
    """Show one article (numeric id or document id) with its metadata and facts."""
    from . import query
    from .store import connect

    settings = _settings(ctx, db=db)
    art = query.get_article(connect(settings.db, readonly=True), ident)
    if art is None:
        raise UsageError(f"no article {ident!r}", "find ids with `coopgraph search WORD` or `coopgraph stats`")
    if fmt == "jsonl":
        write_record(art, fmt, sys.stdout)
        return
    meta = {k: v for k, v in art.items() if k not in ("text", "raw_text", "offset_map", "paragraphs", "facts")}
    meta["facts"] = {k: len(v) for k, v in art["facts"].items()}
    write_record(meta, fmt, sys.stdout)
    if fmt == "table":
        click.echo("")
        click.echo(art["text"])


@cli.command()
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@FORMAT_OPTION
@click.pass_context
def stats(ctx: click.Context, db: str | None, fmt: str) -> None:
    """Counts of articles, dates, languages, agencies, rejects and facts."""
    from . import query
    from .store import connect

    settings = _settings(ctx, db=db)
    write_record(query.stats(connect(settings.db, readonly=True)), fmt, sys.stdout)


@cli.command()
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@FORMAT_OPTION
@click.pass_context
def rejects(ctx: click.Context, db: str | None, fmt: str) -> None:
    """List rejected inputs with the stage and the reason."""
    from . import query
    from .store import connect

    settings = _settings(ctx, db=db)
    write_rows(query.rejects(connect(settings.db, readonly=True)), fmt, sys.stdout,
               ["source", "stage", "reason", "times"])


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
        _echo_err(rej.line())

    rows = []
    for rec in extract_records(paths, _settings(ctx), provenance=not no_provenance, on_reject=on_reject):
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

        pred_rows = extract_records(paths, _settings(ctx), provenance=False, on_reject=lambda r: _echo_err(r.line()))
    report = score(gold_rows, pred_rows, org_aliases=org_alias_key, place_aliases=place_alias_key)
    if fmt == "table":
        click.echo(format_table(report))
    else:
        write_rows(report.rows(), fmt, sys.stdout)
    if floors:
        failures = check_floors(report, json.loads(open(floors, encoding="utf-8").read()))
        for f in failures:
            _echo_err(f"below floor: {f}")
        ctx.exit(1 if failures else 0)


def _read_conn(ctx: click.Context, db: str | None):  # type: ignore[no-untyped-def]
    from .store import Store, connect

    settings = _settings(ctx, db=db)
    connect(settings.db, readonly=True).close()  # a clear error when the database does not exist
    store = Store.open(settings.db)  # applies pending migrations (older databases gain the graph tables)
    if store.conn.execute("SELECT count(*) FROM article_signatures").fetchone()[0] < \
            store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]:
        store.update_graph()  # articles stored before the graph existed
    return store.conn


def _money(v: float | None, unit: str | None) -> str:
    if v is None:
        return "-"
    def german(x: float, digits: int) -> str:
        return f"{x:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")

    for size, word in ((1e9, "Mrd."), (1e6, "Mio.")):
        if abs(v) >= size and unit in ("USD", "EUR", "RUB", "BYN", "CNY"):
            return f"{german(v / size, 2)} {word} {unit}"
    return f"{german(v, 0 if float(v).is_integer() else 2)} {unit}"


def _print_dossier(d: dict[str, Any]) -> None:
    p = d["partner"]
    click.echo(f"{p['name']} ({p['kind']}, {p['code']}) - {d['articles']} articles, {d['stories']} stories")
    click.echo("\nMeetings")
    for m in d["meetings"] or [{"date": "-", "participants": [], "place": None, "source": "(none)"}]:
        click.echo(f"  {m['date'] or '-':10}  {', '.join(m['participants'])}  in {m['place'] or '?'}  [{m['source']}]")
    click.echo("\nPersons")
    for x in d["persons"]:
        click.echo(f"  {x['country'] or '??'}  {x['name']}  - {'; '.join(x['roles']) or 'no role stated'}  "
                   f"({x['stories']} stories)")
    click.echo("\nOrganizations")
    click.echo("  " + ", ".join(f"{o['name']} ({o['stories']})" for o in d["organizations"]) if d["organizations"]
               else "  (none)")
    click.echo("\nSectors (stories with evidence)")
    click.echo("  " + ", ".join(f"{s['sector']} {s['stories']}" for s in d["sectors"]) if d["sectors"] else "  (none)")
    click.echo("\nFigures")
    for metric, items in d["figures"].items():
        click.echo(f"  {metric}")
        for f in items:
            click.echo(f"    {f['date'] or '-':10}  {f['kind']:8}  {_money(f['value'], f['unit']):>22}  "
                       f"period {f['period'] or '-':16}  [{f['source']}]")
    click.echo("\nTargets against actuals")
    for t in d["targets"] or []:
        a = t["actual"]
        click.echo(f"  target {_money(t['target']['value'], t['target']['unit'])} ({t['target']['metric']}, "
                   f"period {t['target']['period'] or '-'}, {t['target']['date']}, [{t['target']['source']}])")
        if a is None:
            click.echo("    no comparable actual yet")
        else:
            click.echo(f"    latest actual {_money(a['value'], a['unit'])} ({a['date']}, [{a['source']}]) - gap "
                       f"{_money(t['gap'], a['unit'])}, {t['reached']:.0%} reached")
    if not d["targets"]:
        click.echo("  (no targets)")
    click.echo("\nContradictions")
    for c in d["contradictions"] or []:
        click.echo(f"  {c['metric']} {c['period']} ({c['kind']}): {_money(c['a']['value'], c['unit'])} "
                   f"[{c['a']['source']}] vs {_money(c['b']['value'], c['unit'])} [{c['b']['source']}]")
    if not d["contradictions"]:
        click.echo("  (none)")
    click.echo("\nOffers and needs")
    for o in d["offers"] or []:
        click.echo(f"  {o['type']:5}  {o['actor'] or '?'} -> {o['recipient'] or '?'}: {o['what']}  [{o['source']}]")
    if not d["offers"]:
        click.echo("  (none)")


@cli.command(name="dossier")
@click.argument("partner")
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@FORMAT_OPTION
@click.pass_context
def dossier_cmd(ctx: click.Context, partner: str, db: str | None, fmt: str) -> None:
    """Cooperation with one partner (a country, region or city, any spelling): meetings, persons, organizations,
    sectors, figure series, targets against actuals, contradictions, offers and needs."""
    from . import dossier

    conn = _read_conn(ctx, db)
    d = dossier.dossier(conn, dossier.resolve_partner(conn, partner))
    if fmt == "jsonl":
        sys.stdout.write(json.dumps(d, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        rows = [{"metric": m, **{k: f[k] for k in ("date", "kind", "value", "unit", "period", "source", "quote")}}
                for m, items in d["figures"].items() for f in items]
        write_rows(rows, "csv", sys.stdout, ["metric", "date", "kind", "value", "unit", "period", "source", "quote"])
    else:
        _print_dossier(d)


@cli.command(name="partners")
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@FORMAT_OPTION
@click.pass_context
def partners_cmd(ctx: click.Context, db: str | None, fmt: str) -> None:
    """All partners, ranked by activity (stories, meetings, figures)."""
    from . import dossier

    write_rows(dossier.partners(_read_conn(ctx, db)), fmt, sys.stdout,
               ["partner", "kind", "code", "country", "stories", "meetings", "figures"])


@cli.command(name="entity")
@click.argument("name")
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@FORMAT_OPTION
@click.pass_context
def entity_cmd(ctx: click.Context, name: str, db: str | None, fmt: str) -> None:
    """One person, organization or place: aliases, merge rules, roles over time, mentions."""
    from . import dossier

    found = dossier.entity(_read_conn(ctx, db), name)
    if not found:
        raise UsageError(f"no entity called {name!r}", "list persons with `coopgraph export --format csv` or search")
    for e in found:
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(e, ensure_ascii=False) + "\n")
            continue
        click.echo(f"{e['name']} [{e['id']}] {e['kind']}, {e['country'] or '-'}: {e['articles']} articles, "
                   f"{e['stories']} stories")
        click.echo("  aliases: " + ", ".join(f"{a['alias']} ({a['count']})" for a in e["aliases"]))
        click.echo("  merged by: " + ", ".join(sorted({m['rule'] for m in e["merges"]})))
        for r in e["roles"]:
            click.echo(f"  role {r['role'] or '-'} ({r['country'] or '-'}, {r['region'] or '-'}) "
                       f"{r['first_seen'] or '?'} .. {r['last_seen'] or '?'}, {r['articles']} articles")
        for m in e["mentions"][:50]:
            click.echo(f"  {m['date'] or m['date_partial'] or '-':10} {m['doc_id']}  ({m['fact_table']}, {m['rule']})")


@cli.command(name="projects")
@click.argument("partner", required=False)
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@FORMAT_OPTION
@click.pass_context
def projects_cmd(ctx: click.Context, partner: str | None, db: str | None, fmt: str) -> None:
    """Joint projects with their status history, optionally for one partner."""
    from . import dossier

    conn = _read_conn(ctx, db)
    items = dossier.projects(conn, dossier.resolve_partner(conn, partner) if partner else None)
    if fmt != "table":
        write_rows(items, fmt, sys.stdout, ["id", "name", "country", "iso3166_2", "sector", "status", "first_seen",
                                            "last_seen", "history"])
        return
    for p in items:
        click.echo(f"{p['name']}  [{p['iso3166_2'] or p['country']}, {p['sector'] or '-'}]  status: {p['status']}")
        for h in p["history"]:
            click.echo(f"    {h['date'] or '-':10}  {h['status'] or '-':18}  [{h['source']}]")
    if not items:
        click.echo("(no projects)")


@cli.command(name="matches")
@click.argument("partner", required=False)
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@FORMAT_OPTION
@click.pass_context
def matches_cmd(ctx: click.Context, partner: str | None, db: str | None, fmt: str) -> None:
    """Offers that meet needs across the corpus (same sector and product, sides that do not cooperate on it yet)."""
    from . import dossier

    conn = _read_conn(ctx, db)
    items = dossier.matches(conn, dossier.resolve_partner(conn, partner) if partner else None)
    if fmt != "table":
        write_rows(items, fmt, sys.stdout, ["sector", "products", "score", "offer", "need"])
        return
    for m in items:
        click.echo(f"{m['sector']} ({', '.join(m['products'])})")
        click.echo(f"    offer  {m['offer']['actor']}: {m['offer']['what']}  [{m['offer']['source']}]")
        click.echo(f"    need   {m['need']['actor']}: {m['need']['what']}  [{m['need']['source']}]")
    if not items:
        click.echo("(no matches)")


@cli.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "graphml", "ftm"]), required=True,
              help="Tables as jsonl/csv/parquet, the partner graph as graphml, FollowTheMoney entities as ftm.")
@click.option("--out", "out_dir", default="export", show_default=True, help="Folder for the files.")
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, out_dir: str, db: str | None) -> None:
    """Export articles, entities, facts, stories, projects and matches (jsonl/csv/parquet), the partner graph
    (graphml) or FollowTheMoney entities (ftm)."""
    from pathlib import Path

    from .export import export

    for path in export(_read_conn(ctx, db), fmt, Path(out_dir)):
        click.echo(str(path))


@cli.command(name="graph")
@click.option("--db", default=None, help="SQLite database file  [default: ./coopgraph.db]")
@click.option("--rebuild", is_flag=True, help="Recompute story edges too (after a change of the rules).")
@click.pass_context
def graph_cmd(ctx: click.Context, db: str | None, rebuild: bool) -> None:
    """Build (or rebuild) entities, stories, projects and matches from the stored facts."""
    from . import graph
    from .store import Store

    store = Store.open(_settings(ctx, db=db).db)
    rep = graph.rebuild(store.conn) if rebuild else graph.update(store.conn)
    click.echo(f"stories {rep.stories} (edges {rep.edges}), entities {rep.entities}, projects {rep.projects}, "
               f"matches {rep.matches}")


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
        _echo_err("Aborted.")
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except UsageError as exc:
        _echo_err(f"Error: {exc}")
        sys.exit(2)
    except CoopgraphError as exc:
        _echo_err(f"Error: {exc}")
        sys.exit(1)
    except sqlite3.DatabaseError as exc:
        _echo_err(f"Error: database error: {exc} - is --db a coopgraph database? try a new file")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
