"""Stories, projects and offer/need matches on the cluster, with the local graph's functions.

stories      the members of each story (a groupBy story id): size, first and last date, representative
             (earliest, then smallest id), each member's rule (the rule of its smallest edge, as locally)
projects     ``corpus.group_projects`` per place (projects never span places), a groupBy on the place
matches      ``corpus.match_offers`` as joins (``spark.matches``) over the offer and need facts and the
             cooperation stories per (party, sector), computed by DataFrame joins (spark/build.py)
"""
from __future__ import annotations

import json
from typing import Any

from ..corpus import _slug, group_projects
from .matches import matches


def story_rows(members: Any, info: Any, edges: Any) -> tuple[Any, Any]:
    """members: (article id, story id); info: (article id, (date, doc id, content hash)); edges: (a, b, sim,
    rule). -> (RDD of stories rows, RDD of story_members rows)."""
    rule_of = edges.flatMap(lambda e: [(e[0], e), (e[1], e)]).reduceByKey(min).mapValues(lambda e: e[3])
    joined = members.join(info).map(lambda kv: (kv[1][0], (kv[0], kv[1][1][0]))).groupByKey().persist()

    def story(kv: Any) -> tuple[Any, ...]:
        sid, ids = kv[0], sorted(kv[1], key=lambda ad: (ad[1] or "9999", ad[0]))
        dates = sorted(d for _, d in ids if d)
        return (sid, len(ids), dates[0] if dates else None, dates[-1] if dates else None, ids[0][0])

    stories = joined.map(story)
    firsts = stories.map(lambda s: (s[4], True))
    rows = (members.leftOuterJoin(rule_of).leftOuterJoin(firsts)
            .map(lambda kv: (kv[1][0][0], kv[0], "first" if kv[1][1] is not None else kv[1][0][1] or "linked")))
    return stories, rows


def _place(m: dict[str, Any]) -> str | None:
    """The place ``group_projects`` groups a usable mention by (None: a mention it leaves out)."""
    if not m.get("country") or m.get("country") == "BY":
        return None
    place = m.get("iso3166_2") or m.get("location_id") or m.get("country")
    return _slug(place) if place else None  # ids start with the place's slug: one slug, one group of ids


def project_rows(mentions: Any) -> tuple[Any, Any]:
    """mentions: the dicts ``graph._projects`` builds (a project_mentions row with sectors parsed, the
    article's date, doc id, content hash and story). -> (projects rows, project_events rows)."""
    projects = (mentions.map(lambda m: (_place(m), m)).filter(lambda kv: kv[0] is not None).groupByKey()
                .flatMap(lambda kv: group_projects(list(kv[1]))).persist())
    rows = projects.map(lambda p: (p.id, p.name, p.country, p.iso3166_2, p.location, p.sector, p.status,
                                   p.first_seen, p.last_seen, None))
    events = projects.flatMap(lambda p: [(p.id, e["mention_id"], e["article_id"], e["date"], e["status"])
                                         for e in p.events])
    return rows, events


def article_offers(aid: int, story: str | None, offers: list[dict[str, Any]],
                   partners: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One article's offers and needs as ``graph._matches`` builds them, with the actor and recipient looked
    up among the article's partners (names left for the alias lookup when not found there)."""
    partners = sorted(partners, key=lambda p: p["position"])
    out: list[dict[str, Any]] = []
    for r in offers:
        actor = next((p for p in partners if p["name"] == r["actor"]), None)
        rec = next((p for p in partners if p["name"] == r["recipient"]), None)
        out.append({
            "id": r["id"], "article_id": aid, "type": r["type"], "what": r["what"],
            "sectors": json.loads(r["sectors"] or "[]"), "story": story,
            "_actor": None if actor is not None else r["actor"] or "",
            "_recipient": None if rec is not None else r["recipient"] or "",
            "side": actor["country"] if actor is not None else None,
            "party": (actor["iso3166_2"] or actor["country"]) if actor is not None else None,
            "recipient_party": (rec["iso3166_2"] or rec["country"]) if rec is not None else None})
    return out


def _with_aliases(offers: Any, alias_country: Any, blank: str | None) -> Any:
    """Fill side/party (actor) and recipient_party from the alias -> country table where the article's
    partners did not name them (the local ``alias_country.get(name or "")``; ``blank``: the country of the
    alias "", if there is one)."""
    def actor(o: dict[str, Any], country: str | None) -> dict[str, Any]:
        o["side"] = o["party"] = country
        return o

    def recipient(o: dict[str, Any], country: str | None) -> dict[str, Any]:
        o["recipient_party"] = country
        return o

    return _looked_up(_looked_up(offers, alias_country, "_actor", actor, blank), alias_country, "_recipient",
                      recipient, blank)


def _looked_up(offers: Any, alias_country: Any, field: str, fill: Any, blank: str | None) -> Any:
    """``fill(offer, country)`` where ``offer[field]`` is a name (its alias's country) or blank (``blank``); an
    offer whose field is None (the partners named it) passes as it is. Only a name is a key of the join: keyed
    by "", every offer the partners had named (most of them) met in one task (100,000 articles: a 594 MB
    worker); each of those has a key of its own that no alias matches."""
    def keyed(o: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        return (o[field], o) if o[field] else ((field, o["id"]), o)

    def filled(kv: Any) -> dict[str, Any]:
        o, country = kv[1]
        if o[field] is None:
            return o
        return fill(o, country if o[field] else blank)

    return offers.map(keyed).leftOuterJoin(alias_country).map(filled)


def match_rows(offers: Any, alias_country: Any, coop: Any, blank: str | None = None) -> Any:
    """offers: the output of ``article_offers`` over all articles; alias_country: (alias, country), one row per
    alias; blank: the country of the alias "" (None: no such alias); coop: ((party, sector), story) where an
    article of the story shows Belarus with the party in the sector. -> RDD of matches rows (``spark.matches``)."""
    items = _with_aliases(offers, alias_country, blank).map(
        lambda o: {k: v for k, v in o.items() if not k.startswith("_")}).persist()
    return matches(items, coop)
