"""The corpus as FollowTheMoney entities: ``coopgraph export --format ftm`` (described in ``export``)."""
from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from typing import Any

from .export_context import ExportContext, gazetteer, iso_date, memberships, parent_place, place_entity_id
from .query import export_rows as rows

_ORG_SCHEMA = {"company": "Company", "ministry": "PublicBody", "committee": "PublicBody", "embassy": "PublicBody",
               "agency": "PublicBody", "government": "PublicBody"}
_LANGUAGES = {"de": "deu", "ru": "rus", "en": "eng", "be": "bel", "uk": "ukr", "kk": "kaz"}
_FTM_NS = "coopgraph"
_ADJECTIVE = re.compile(r"(?:isch|er)(?:e|en|er|es|em)?$")


def ftm_entities(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The corpus as FollowTheMoney entity dicts (``id``, ``schema``, ``properties``)."""
    from followthemoney import model

    ctx = ExportContext(conn)
    made: dict[str, Any] = {}

    def make(schema: str, *key: Any) -> Any:
        proxy = model.make_entity(schema)
        proxy.make_id(_FTM_NS, schema, *[str(k) for k in key])
        ftm_id = str(proxy.id)
        if ftm_id in made:
            return made[ftm_id]
        made[ftm_id] = proxy
        return proxy

    org_kind = rows.organization_kinds(conn)
    roles: dict[str, set[str]] = defaultdict(set)
    for person_id, role in rows.named_roles(conn):
        roles[person_id].add(role)
    ent_proxy: dict[str, Any] = {}

    def entity(eid: str) -> Any | None:
        if eid in ent_proxy:
            return ent_proxy[eid]
        e = ctx.entities.get(eid) or {}
        gaz = gazetteer().get(eid)
        kind = e.get("kind") or (gaz or {}).get("kind")
        name = ctx.name(eid)
        if not name or kind in (None, "world_region"):
            return None
        country = (e.get("country") or (gaz or {}).get("country") or "").lower() or None
        if kind == "person":
            p = make("Person", eid)
            p.add("nationality", country)
            p.add("position", sorted(roles.get(eid, ())))
        elif kind == "organization":
            p = make(_ORG_SCHEMA.get(org_kind.get(eid, ""), "Organization"), eid)
            p.add("country", country)
        else:  # country, region, city
            p = make("Territory", eid)
            p.add("country", country)
            p.add("level", kind)
            code = e.get("iso3166_2") or (gaz or {}).get("iso3166_2")
            p.add("territoryCode", country.upper() if kind == "country" and country else code)
            parent = parent_place(eid)
            if parent:
                up = entity(parent)
                if up is not None:
                    p.add("partOf", up.id)
        p.add("name", name)
        # aliases are names: no adjective the text used for the place ("belarussischen", "Belarussische")
        p.add("alias", [a for a in ctx.aliases.get(eid, []) if a != name and a[:1].isupper()
                        and not (p.schema.name == "Territory" and _ADJECTIVE.search(a))])
        p.add("keywords", eid)
        ent_proxy[eid] = p
        return p

    docs: dict[int, Any] = {}
    body = rows.article_texts(conn)
    for aid, a in ctx.arts.items():
        d = make("Article", a["doc_id"], aid)
        d.add("title", a["title"])
        d.add("name", a["title"] or a["doc_id"])
        d.add("fileName", a["doc_id"])
        d.add("sourceUrl", a["url"])
        d.add("publishedAt", iso_date(a["date"]))
        d.add("publisher", a["agency"])
        d.add("language", _LANGUAGES.get(a["language"] or ""))
        d.add("bodyText", body.get(aid))
        docs[aid] = d

    seen_doc: set[tuple[str, int]] = set()  # (entity, article)
    for table in ("persons", "organizations", "places"):
        for r in rows.mention_names(conn, table):
            eid = ctx.mention.get((table, r["id"]))
            p = entity(eid) if eid else None
            if eid is None or p is None or (eid, r["article_id"]) in seen_doc:
                continue
            seen_doc.add((eid, r["article_id"]))
            doc = docs[r["article_id"]]
            m = make("Documentation", eid, r["article_id"])
            m.add("document", doc.id)
            m.add("entity", p.id)
            m.add("role", "mentioned")
            m.add("summary", r["name"])
            field_ = {"persons": "peopleMentioned", "organizations": "companiesMentioned"}.get(table,
                                                                                               "locationMentioned")
            doc.add(field_, ctx.name(eid))

    def link(a: Any, b: Any, role: str, aid: int, *key: Any, **props: Any) -> None:
        u = make("UnknownLink", role, a.id, b.id, *key)
        u.add("subject", a.id)
        u.add("object", b.id)
        u.add("role", role)
        u.add("proof", docs[aid].id)
        u.add("date", iso_date(ctx.arts[aid]["date"]))
        for k, v in props.items():
            u.add(k, v)

    for r in rows.meetings(conn):
        aid = r["article_id"]
        resolved = [ctx.resolve(aid, n) for n in json.loads(r["participants"])]
        proxies = [entity(p) for p in dict.fromkeys(resolved) if p and p.startswith("person")]
        met = [p for p in proxies if p is not None]
        for i, a in enumerate(met):
            for b in met[i + 1:]:
                link(a, b, "meeting", aid, aid, description=f"met in {r['place']}" if r["place"] else None)
    for r in rows.person_sides(conn):
        eid = ctx.mention.get(("persons", r["id"]))
        side = (place_entity_id(r["region"]) if r["region"] else None) or \
            (f"country:{r['country']}" if r["country"] else None)
        agent = entity(eid) if eid else None
        client = entity(side) if side else None
        if agent is not None and client is not None:
            link(agent, client, "represents", r["article_id"], description=r["role"])
    for pid, oid, role, aid in memberships(conn, ctx):
        person, org = entity(pid), entity(oid)
        if person is not None and org is not None:
            ms = make("Membership", pid, oid)
            ms.add("member", person.id)
            ms.add("organization", org.id)
            ms.add("role", role)
            ms.add("proof", docs[aid].id)
    parts: dict[int, list[str]] = defaultdict(list)
    for r in rows.partners_in_order(conn):
        eid = ctx.partner_ids.get(r["id"])
        if eid and eid not in parts[r["article_id"]]:
            parts[r["article_id"]].append(eid)
    for aid, sides in parts.items():
        for i, x in enumerate(sides):
            for y in sides[i + 1:]:
                px, py = entity(x), entity(y)
                cx = (ctx.entities.get(x) or gazetteer().get(x) or {}).get("country")
                cy = (ctx.entities.get(y) or gazetteer().get(y) or {}).get("country")
                if px is not None and py is not None and cx != cy:
                    link(px, py, "cooperation", aid, aid)
    return [p.to_dict() for p in made.values()]


def validate_ftm(entities: list[dict[str, Any]]) -> list[str]:
    """Errors of FollowTheMoney entity dicts: unknown schema or property, a value its type rejects, a
    required property missing, an abstract schema, a reference to an entity not in the set."""
    from followthemoney import model
    from followthemoney.exc import InvalidData

    ids = {e.get("id") for e in entities}
    errors: list[str] = []
    for e in entities:
        schema = model.get(e.get("schema", ""))
        if schema is None:
            errors.append(f"{e.get('id')}: unknown schema {e.get('schema')!r}")
            continue
        if schema.abstract:
            errors.append(f"{e['id']}: abstract schema {schema.name}")
        props = e.get("properties", {})
        for name, values in props.items():
            prop = schema.properties.get(name)
            if prop is None:
                errors.append(f"{e['id']}: {schema.name} has no property {name!r}")
                continue
            for v in values:
                if prop.type.validate(v) is False or not isinstance(v, str):
                    errors.append(f"{e['id']}: {name}={v!r} is not a valid {prop.type.name}")
                if prop.type.name == "entity" and v not in ids:
                    errors.append(f"{e['id']}: {name} points to {v!r}, which is not exported")
        for name in schema.required:
            if not props.get(name):
                errors.append(f"{e['id']}: {schema.name} needs {name!r}")
        try:
            schema.validate(e)  # type: ignore[arg-type]  # a plain dict of the same shape
        except InvalidData as exc:
            errors.append(f"{e['id']}: {exc}")
    return errors
