"""Command line: thin shells over pipeline, query and eval. Data on stdout; logs, progress and
errors on stderr. Exit codes: 0 ok, 1 something was rejected or failed, 2 usage error."""
from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from typing import Any

import click

from . import __version__
from .cli_options import db_option
from .errors import CoopgraphError, UsageError
from .output import FORMATS, write_record, write_rows
from .settings import Settings, load_settings

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                             help="Output format.")


def window_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--since/--until: keep articles dated in this window (ISO prefixes: 2024, 2024-05, 2024-05-01)."""
    for name, word in (("--until", "up to and including"), ("--since", "from")):
        f = click.option(name, default=None, metavar="DATE", callback=_check_date,
                         help=f"Only articles dated {word} this date (2024, 2024-05 or 2024-05-01).")(f)
    return f


def evidence_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--evidence", is_flag=True, help="Print each fact's evidence sentence and fact id.")(f)


def limit_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1),
                        help="Most rows to show (at least 1).")(f)


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import re

    if value is None:
        return None
    if not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?", value):
        raise click.BadParameter(f"{value!r} is not a date: use 2024, 2024-05 or 2024-05-01")
    return value


def _window(since: str | None, until: str | None):  # type: ignore[no-untyped-def]
    from .query.types import Window

    return Window(since, until)


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
    settings = _settings(ctx, db=db, max_file_bytes=max_file_bytes, quiet=quiet, workers=workers)
    ctx.exit(_run_ingest(settings, all_paths, fmt))


@cli.command()
@db_option
@click.pass_context
def demo(ctx: click.Context, db: str | None) -> None:
    """Ingest the bundled sample corpus into the database and print a summary."""
    from . import query
    from .resources import sample_corpus_path

    settings = _settings(ctx, db=db)
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


def _read_conn(ctx: click.Context, db: str | None, graph: bool = True):  # type: ignore[no-untyped-def]
    """A read-only connection (sqlite mode=ro): read commands never migrate or rebuild. When the graph tables lag
    the articles, one line on stderr says to run `coopgraph graph`."""
    from .query import graph_hint, open_readonly

    conn = open_readonly(_settings(ctx, db=db).db)
    hint = graph_hint(conn, needs_graph=graph)
    if hint:
        _echo_err(f"note: {hint}")
    return conn


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

    rows = [r.as_dict() for r in query.search(_read_conn(ctx, db, graph=False), query_text, limit, since, until)]
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

    conn = _read_conn(ctx, db, graph=False)
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

    e = run(_read_conn(ctx, db, graph=False), fact_id)
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

    write_record(query.stats(_read_conn(ctx, db, graph=False)), fmt, sys.stdout)


@cli.command()
@db_option
@FORMAT_OPTION
@click.pass_context
def rejects(ctx: click.Context, db: str | None, fmt: str) -> None:
    """List rejected inputs with the stage and the reason."""
    from . import query

    write_rows(query.rejects(_read_conn(ctx, db, graph=False)), fmt, sys.stdout, ["source", "stage", "reason", "times"])


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


def _money(v: float | None, unit: str | None) -> str:
    from .dossier import format_value

    return format_value(v, unit)


def _fig(f: Any) -> str:
    """A figure as an analyst reads it: hedge, value, period span ("über 19,00 Mrd. USD, 2021")."""
    hedge = f"{f.hedge} " if f.hedge else ""
    return f"{hedge}{_money(f.value, f.unit)}, {f.span_label}"


def _evidence_line(conn: Any, fact_ids: list[str], evidence: bool) -> None:
    if not evidence or conn is None:
        return
    from .query import facts as qf

    for fid in fact_ids:
        fact, _ = qf.fact(conn, fid)
        click.echo(f"      {fid}: \"{fact.evidence}\"")


def _print_dossier(d: Any, conn: Any = None, evidence: bool = False) -> None:
    p = d.partner
    window = f", {d.window.since or '…'} .. {d.window.until or '…'}" if d.window else ""
    click.echo(f"{p.name} ({p.kind}, {p.code}) - {d.articles} articles, {d.stories} stories{window}")
    if d.scope.startswith("no article"):
        click.echo(f"  ({d.scope})")
    if d.breakdown:
        click.echo("\nBreakdown (regions and cities included above)")
        for b in d.breakdown:
            click.echo(f"  {b['name']} ({b['kind']}, {b['code']}): {b['articles']} articles, {b['stories']} stories")
    click.echo("\nMeetings")
    for m in d.meetings or [{"date": "-", "participants": [], "place": None, "source": "(none)", "fact": None}]:
        click.echo(f"  {m['date'] or '-':10}  {', '.join(m['participants'])}  in {m['place'] or '?'}  [{m['source']}]")
        _evidence_line(conn, [m["fact"]] if m["fact"] else [], evidence)
    click.echo("\nPersons")
    for x in d.persons:
        click.echo(f"  {x['country'] or '??'}  {x['name']}  - {'; '.join(x['roles']) or 'no role stated'}  "
                   f"({x['stories']} stories)")
        _evidence_line(conn, x["facts"][:1], evidence)
    click.echo("\nOrganizations")
    click.echo("  " + ", ".join(f"{o['name']} ({o['stories']})" for o in d.organizations) if d.organizations
               else "  (none)")
    if evidence:
        for o in d.organizations:
            _evidence_line(conn, o["facts"][:1], evidence)
    click.echo("\nSectors (stories with evidence)")
    click.echo("  " + ", ".join(f"{s['sector']} {s['stories']}" for s in d.sectors) if d.sectors else "  (none)")
    click.echo("\nFigures")
    for metric, items in d.figures.items():
        click.echo(f"  {metric}")
        for f in items:
            click.echo(f"    {f.date or '-':10}  {f.kind:8}  {_fig(f):>34}  {' – '.join(f.pair_names)}  [{f.source}]")
            _evidence_line(conn, [f.fact_id], evidence)
    click.echo("\nTargets against actuals")
    for t in d.targets:
        tg, a = t.target, t.actual
        click.echo(f"  target {_fig(tg)} ({tg.metric}, {' – '.join(tg.pair_names)}, {tg.date or '-'}, [{tg.source}])")
        _evidence_line(conn, [tg.fact_id], evidence)
        if a is None:
            click.echo("    no comparable actual")
        else:
            pro = f" = {_money(t.pro_rata, a.unit)} a year pro rata" if t.pro_rata is not None else ""
            click.echo(f"    latest actual {_fig(a)}{pro} ({a.date or '-'}, [{a.source}]) - gap "
                       f"{_money(t.gap, a.unit)}, {t.reached:.0%} reached")
            _evidence_line(conn, [a.fact_id], evidence)
        click.echo(f"    basis: {t.basis}")
        for x in t.not_compared:
            click.echo(f"    not compared: {_fig(x)} ({x.date or '-'}, [{x.source}])")
    if not d.targets:
        click.echo("  (no targets)")
    click.echo("\nContradictions")
    for c in d.contradictions:
        click.echo(f"  {c.metric} {c.period} ({c.kind}, {' – '.join(c.pair_names)}): {_fig(c.a)} [{c.a.source}] vs "
                   f"{_fig(c.b)} [{c.b.source}]")
        click.echo(f"    basis: {c.basis}")
    if not d.contradictions:
        click.echo("  (none)")
    click.echo("\nOffers and needs")
    for o in d.offers:
        click.echo(f"  {o['type']:5}  {o['actor'] or '?'} -> {o['recipient'] or '?'}: {o['what']}  [{o['source']}]")
        _evidence_line(conn, [o["fact"]], evidence)
    if not d.offers:
        click.echo("  (none)")


@cli.command(name="dossier")
@click.argument("partner")
@db_option
@window_options
@evidence_option
@FORMAT_OPTION
@click.pass_context
def dossier_cmd(ctx: click.Context, partner: str, db: str | None, since: str | None, until: str | None,
                evidence: bool, fmt: str) -> None:
    """Cooperation with one partner (a country, region or city in German, English or Russian, or an ISO code):
    meetings, persons, organizations, sectors, figure series, targets against comparable actuals (with the basis
    of each comparison), contradictions, offers and needs. A country includes its regions and cities."""
    from . import dossier

    conn = _read_conn(ctx, db)
    d = dossier.dossier(conn, dossier.resolve_partner(conn, partner), _window(since, until))
    if fmt == "jsonl":
        sys.stdout.write(json.dumps(d.as_dict(), ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        cols = ["metric", "date", "kind", "qualifier", "value", "unit", "period", "span_label", "pair_names",
                "source", "quote", "fact_id"]
        rows = [f.as_dict() for items in d.figures.values() for f in items]
        write_rows(rows, "csv", sys.stdout, cols)
    else:
        _print_dossier(d, conn, evidence)


@cli.command(name="timeline")
@click.argument("partner")
@db_option
@window_options
@FORMAT_OPTION
@click.pass_context
def timeline_cmd(ctx: click.Context, partner: str, db: str | None, since: str | None, until: str | None,
                 fmt: str) -> None:
    """Meetings, figures, project events, offers and needs of one partner, by date."""
    from . import dossier

    conn = _read_conn(ctx, db)
    events = dossier.timeline(conn, dossier.resolve_partner(conn, partner), _window(since, until))
    write_rows([e.as_dict() for e in events], fmt, sys.stdout, ["date", "kind", "what", "source", "fact"])


@cli.command(name="partners")
@click.argument("partner", required=False)
@db_option
@window_options
@FORMAT_OPTION
@click.pass_context
def partners_cmd(ctx: click.Context, partner: str | None, db: str | None, since: str | None, until: str | None,
                 fmt: str) -> None:
    """All partners, ranked by activity (stories, meetings, figures; each counted once per story). With PARTNER
    (any spelling or ISO code): that partner and, for a country, its regions and cities."""
    from . import dossier

    conn = _read_conn(ctx, db)
    ref = dossier.resolve_partner(conn, partner) if partner else None
    rows = dossier.partners(conn, _window(since, until), ref)
    if ref is not None and not rows:
        from .query import NotFound

        raise NotFound(f"no activity of {ref.name} in this window", "drop --since/--until or ingest more articles")
    write_rows([r.as_dict() for r in rows], fmt, sys.stdout,
               ["partner", "kind", "code", "country", "stories", "meetings", "figures"])


@cli.command(name="entity")
@click.argument("name")
@db_option
@evidence_option
@FORMAT_OPTION
@click.pass_context
def entity_cmd(ctx: click.Context, name: str, db: str | None, evidence: bool, fmt: str) -> None:
    """One person, organization or place (German, English or Russian spelling, or a known alias): aliases, merge
    rules, roles over time, mentions."""
    from . import dossier
    from .query import NotFound

    conn = _read_conn(ctx, db)
    found = dossier.entity(conn, name)
    if not found:
        raise NotFound(f"no entity called {name!r}", "list partners with `coopgraph partners` or search the texts")
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
            _evidence_line(conn, [f"{m['fact_table']}:{m['fact_id']}"], evidence)


@cli.command(name="projects")
@click.argument("partner", required=False)
@db_option
@window_options
@evidence_option
@FORMAT_OPTION
@click.pass_context
def projects_cmd(ctx: click.Context, partner: str | None, db: str | None, since: str | None, until: str | None,
                 evidence: bool, fmt: str) -> None:
    """Joint projects with their status history, optionally for one partner (a country includes its regions)."""
    from . import dossier

    conn = _read_conn(ctx, db)
    items = dossier.projects(conn, dossier.resolve_partner(conn, partner) if partner else None,
                             _window(since, until))
    if fmt != "table":
        write_rows(items, fmt, sys.stdout, ["id", "name", "partner", "country", "iso3166_2", "sector", "status",
                                            "first_seen", "last_seen", "history"])
        return
    for p in items:
        where = f"{p['partner']}, {p['iso3166_2'] or p['country']}" if p["partner"] else "-"
        click.echo(f"{p['name']}  [{where}, {p['sector'] or '-'}]  status: {p['status']}")
        for h in p["history"]:
            click.echo(f"    {h['date'] or '-':10}  {h['status'] or '-':18}  [{h['source']}]")
            _evidence_line(conn, [f"project_mentions:{h['mention_id']}"], evidence)
    if not items:
        click.echo("(no projects)")


@cli.command(name="matches")
@click.argument("partner", required=False)
@db_option
@window_options
@FORMAT_OPTION
@click.pass_context
def matches_cmd(ctx: click.Context, partner: str | None, db: str | None, since: str | None, until: str | None,
                fmt: str) -> None:
    """Offers that meet needs across the corpus (same sector and product, sides that do not cooperate on it yet)."""
    from . import dossier

    conn = _read_conn(ctx, db)
    items = dossier.matches(conn, dossier.resolve_partner(conn, partner) if partner else None,
                            _window(since, until))
    if fmt != "table":
        write_rows([m.as_dict() for m in items], fmt, sys.stdout, ["sector", "products", "score", "offer", "need"])
        return
    for m in items:
        click.echo(f"{m.sector} ({', '.join(m.products)})")
        click.echo(f"    offer  {m.offer.actor}: {m.offer.what}  [{m.offer.source}]")
        click.echo(f"    need   {m.need.actor}: {m.need.what}  [{m.need.source}]")
    if not items:
        click.echo("(no matches)")


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

    for path in export(_read_conn(ctx, db), fmt, Path(out_dir)):
        click.echo(str(path))


@cli.command(name="graph")
@db_option
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

    settings = _settings(ctx, db=db)
    open_readonly(settings.db).close()  # fail now, with the fix, when there is no database
    click.echo(f"coopgraph workbench on http://{host}:{port}/  (API /api/v1, docs /docs, database {settings.db})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _add_spark_commands() -> None:
    from .spark.cli import load_cmd, spark_group

    cli.add_command(spark_group)
    cli.add_command(load_cmd)


_add_spark_commands()
from .cli_watch import watch_group  # noqa: E402  (its own module: coopgraph watch add|list|new|remove)

cli.add_command(watch_group)


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
