"""The analyst's read commands over the graph: dossier, timeline, partners, entity, projects and matches (thin
shells over ``coopgraph.dossier``). ``cli`` adds ``COMMANDS`` to the ``coopgraph`` group."""
from __future__ import annotations

import json
import sys
from typing import Any

import click

from .cli_options import FORMAT_OPTION, db_option, evidence_option, read_conn, window, window_options
from .output import write_rows


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


@click.command(name="dossier")
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

    conn = read_conn(ctx, db)
    d = dossier.dossier(conn, dossier.resolve_partner(conn, partner), window(since, until))
    if fmt == "jsonl":
        sys.stdout.write(json.dumps(d.as_dict(), ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        cols = ["metric", "date", "kind", "qualifier", "value", "unit", "period", "span_label", "pair_names",
                "source", "quote", "fact_id"]
        rows = [f.as_dict() for items in d.figures.values() for f in items]
        write_rows(rows, "csv", sys.stdout, cols)
    else:
        _print_dossier(d, conn, evidence)


@click.command(name="timeline")
@click.argument("partner")
@db_option
@window_options
@FORMAT_OPTION
@click.pass_context
def timeline_cmd(ctx: click.Context, partner: str, db: str | None, since: str | None, until: str | None,
                 fmt: str) -> None:
    """Meetings, figures, project events, offers and needs of one partner, by date."""
    from . import dossier

    conn = read_conn(ctx, db)
    events = dossier.timeline(conn, dossier.resolve_partner(conn, partner), window(since, until))
    write_rows([e.as_dict() for e in events], fmt, sys.stdout, ["date", "kind", "what", "source", "fact"])


@click.command(name="partners")
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

    conn = read_conn(ctx, db)
    ref = dossier.resolve_partner(conn, partner) if partner else None
    rows = dossier.partners(conn, window(since, until), ref)
    if ref is not None and not rows:
        from .query import NotFound

        raise NotFound(f"no activity of {ref.name} in this window", "drop --since/--until or ingest more articles")
    write_rows([r.as_dict() for r in rows], fmt, sys.stdout,
               ["partner", "kind", "code", "country", "stories", "meetings", "figures"])


@click.command(name="entity")
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

    conn = read_conn(ctx, db)
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


@click.command(name="projects")
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

    conn = read_conn(ctx, db)
    items = dossier.projects(conn, dossier.resolve_partner(conn, partner) if partner else None,
                             window(since, until))
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


@click.command(name="matches")
@click.argument("partner", required=False)
@db_option
@window_options
@FORMAT_OPTION
@click.pass_context
def matches_cmd(ctx: click.Context, partner: str | None, db: str | None, since: str | None, until: str | None,
                fmt: str) -> None:
    """Offers that meet needs across the corpus (same sector and product, sides that do not cooperate on it yet)."""
    from . import dossier

    conn = read_conn(ctx, db)
    items = dossier.matches(conn, dossier.resolve_partner(conn, partner) if partner else None,
                            window(since, until))
    if fmt != "table":
        write_rows([m.as_dict() for m in items], fmt, sys.stdout, ["sector", "products", "score", "offer", "need"])
        return
    for m in items:
        click.echo(f"{m.sector} ({', '.join(m.products)})")
        click.echo(f"    offer  {m.offer.actor}: {m.offer.what}  [{m.offer.source}]")
        click.echo(f"    need   {m.need.actor}: {m.need.what}  [{m.need.source}]")
    if not items:
        click.echo("(no matches)")


COMMANDS: tuple[click.Command, ...] = (dossier_cmd, timeline_cmd, partners_cmd, entity_cmd, projects_cmd, matches_cmd)
