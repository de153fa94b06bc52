"""Corpus-level facts that need more than one article: joint projects with a status history,
offers matched to needs. Pure functions over plain dict rows (from the store)."""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

STATUS_ORDER = {"proposed": 0, "agreed": 1, "under_construction": 2, "operating": 3}


@dataclass
class Project:
    id: str
    name: str
    country: str | None
    iso3166_2: str | None
    location: str | None
    sector: str | None
    status: str | None
    first_seen: str | None
    last_seen: str | None
    events: list[dict[str, Any]] = field(default_factory=list)  # mention id, article, date, status


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def _product_stem(product: str | None) -> str:
    if not product:
        return ""
    word = re.findall(r"[A-Za-zÄÖÜäöüß]+", product)
    return word[0].lower()[:6] if word else ""


def group_projects(mentions: list[dict[str, Any]]) -> list[Project]:
    """One project per place (region code, else city, else country): mentions at one place join when they
    share a sector or a product, so "Ladestationen für Elektrobusse in Tula" and "Elektrobuslinie in Tula"
    are one project, and two plants for different products at one place stay two. Projects located in
    Belarus itself or in a world region are not joint projects with a partner and are left out. The
    status history has one event per story and status.

    A project's id is unique and stable: the place and the product or sector of its first mention, then a
    short hash of where that first mention stands (its article's content hash and its character offset),
    so it does not depend on row ids or on the order in which articles were stored."""
    from .resolve import UnionFind

    usable = [m for m in mentions if m.get("country") and m.get("country") != "BY"
              and (m.get("iso3166_2") or m.get("location_id") or m.get("country"))]
    usable.sort(key=_mention_order)
    by_place: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in usable:
        by_place[m.get("iso3166_2") or m.get("location_id") or m["country"]].append(m)
    out = []
    for place, ms in sorted(by_place.items()):
        uf = UnionFind()
        by_stem: dict[str, Any] = {}
        by_sector: dict[str, dict[str, Any]] = {}  # sector -> the first mention, and the first one with no product
        for a in ms:  # linear: each mention joins the first of its product, and of its sector where compatible
            uf.find(a["id"])
            stem = _product_stem(a.get("product"))
            if stem:
                if stem in by_stem:
                    uf.union(by_stem[stem], a["id"])
                by_stem.setdefault(stem, a["id"])
            for sector in a.get("sectors") or []:
                slot = by_sector.setdefault(sector, {})
                if not stem and "any" in slot:
                    uf.union(slot["any"], a["id"])
                elif stem and "bare" in slot:
                    uf.union(slot["bare"], a["id"])
                slot.setdefault("any", a["id"])
                if not stem:
                    slot.setdefault("bare", a["id"])
        groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)  # root -> its mentions, in mention order
        for m in ms:
            groups[uf.find(m["id"])].append(m)
        for group in groups.values():
            out.append(_project(place, group))
    out.sort(key=lambda p: (p.first_seen or "", p.id))
    seen: dict[str, int] = {}
    for p in out:  # two groups can only share a first mention's place when both are copies of one text
        n = seen[p.id] = seen.get(p.id, 0) + 1
        if n > 1:
            p.id = f"{p.id}-{n}"
    return out


def _mention_order(m: dict[str, Any]) -> tuple[Any, ...]:
    """Date first; among mentions of one date the text decides (content hash, offset), not the row id."""
    return (m.get("date") or "", m.get("content_hash") or "", m.get("start_char") or 0, m["id"])


def _mention_key(m: dict[str, Any]) -> str:
    where = f"{m.get('content_hash') or m.get('doc_id') or m['id']}:{m.get('start_char') or 0}"
    return hashlib.sha1(where.encode("utf-8")).hexdigest()[:10]


def _project(place: str, ms: list[dict[str, Any]]) -> Project:
    events: list[dict[str, Any]] = []
    seen: set[tuple[str | None, str | None]] = set()
    for m in ms:
        tag = (m.get("story"), m.get("status"))
        if tag in seen:
            continue  # a mirror repeats the same event
        seen.add(tag)
        events.append({"mention_id": m["id"], "article_id": m["article_id"], "date": m["date"],
                       "status": m.get("status"), "doc_id": m.get("doc_id")})
    dated = [e["status"] for e in events if e["status"]]
    # the most advanced status reported so far: a project does not go back from operating to agreed
    # because a later article recalls the agreement
    status = max(dated, key=lambda s: STATUS_ORDER.get(s, -1)) if dated else None
    sectors = Counter(s for m in ms for s in (m.get("sectors") or []))
    sector = max(sectors, key=lambda s: (sectors[s], s)) if sectors else None
    name = max((m["name"] for m in ms), key=lambda n: (len(n.split()) <= 8, len(n)))
    first = ms[0]
    what = _slug(_product_stem(first.get("product")) or sector or "general")
    return Project(id=f"project:{_slug(place)}:{what}:{_mention_key(first)}",
                   name=name, country=first.get("country"), iso3166_2=first.get("iso3166_2"),
                   location=first.get("location"), sector=sector, status=status,
                   first_seen=ms[0]["date"], last_seen=ms[-1]["date"], events=events)


_PRODUCT_WORD = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]{3,}")
_STOP_PRODUCTS = {"Zusammenarbeit", "Partner", "Partnern", "Produkten", "Produkte", "Erfahrung", "Erfahrungen",
                  "Bereich", "Bereichen", "Region", "Seite", "Lieferungen", "Lieferung", "Projekte", "Projekten",
                  "Unternehmen", "Technologien", "Qualität", "Planung", "Bau", "Bedarf", "Versorgung", "Einfuhr",
                  "Aufbau", "Ausbau", "Modernisierung", "Verarbeitung", "Lokalisierung", "Montage", "Städte",
                  "Städten", "Mengen", "Republik", "Gebiet", "Gebiets"}


def product_words(what: str) -> dict[str, str]:
    """Stem -> the word as written, for the nouns an offer or need names: 'Milchpulver und Butter' ->
    {'milchp': 'Milchpulver', 'butter': 'Butter'}; a compound also counts by its first part
    ('Milchprodukte' -> 'milch')."""
    out: dict[str, str] = {}
    for w in _PRODUCT_WORD.findall(what):
        if w in _STOP_PRODUCTS:
            continue
        low = w.lower()
        out.setdefault(low[:6], w)
        out.setdefault(low[:5], w)
    return out


def product_stems(what: str) -> set[str]:
    return set(product_words(what))


def match_offers(offers: list[dict[str, Any]], cooperation: dict[tuple[str, str], set[int]],
                 story_of: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """Pairs (offer, need) from Belarus and a partner (either way round), from different stories, that share a
    sector and a product, where the two sides do not already cooperate on it: no article of another story
    shows them together in that sector (``cooperation[(party, sector)]`` = the articles that show it), and no
    other story already has the offering side offer that product to the needing party. A story counts once: its mirrors (the same
    article under other ids, ``story``) neither add matches nor count as existing cooperation; of the pairs
    between two stories the one with the smallest (offer id, need id) is kept. ``products``
    are the words as written ('Aufzüge'), not stems. ``story_of`` maps articles to stories; by default the
    stories of the offers' own articles.

    Only pairs that can pass are looked at (``offer_keys``/``need_keys``): a pair needs a sector in which the
    foreign party is seen cooperating in at most two stories (the pair's own), so a busy party and sector, which
    would make every offer meet every need of that product, is ruled out in bulk. The Spark job
    (``spark.matches``) runs the same keys, ``judge_pair`` and ``match_row`` as joins."""
    story = dict(story_of or {})
    for o in offers:
        if o.get("story"):
            story.setdefault(o["article_id"], o["story"])

    def story_key(aid: int) -> str:
        return story.get(aid) or f"article:{aid}"

    offs = [o for o in offers if o["type"] == "offer"]
    needs = [o for o in offers if o["type"] == "need"]
    # what each side already offers to each party, by story: (side, party) -> stem -> stories
    offered: dict[tuple[str | None, str | None], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for o in offs:
        for stem in product_stems(o["what"]):
            offered[(o.get("side"), o.get("recipient_party"))][stem].add(story_key(o["article_id"]))
    coop_stories: dict[tuple[Any, str], set[str]] = {}

    def cooperating(party: Any, sector: str) -> set[str]:
        """The stories that show ``party`` cooperating with Belarus in ``sector``."""
        key = (party, sector)
        if key not in coop_stories:
            coop_stories[key] = {story_key(a) for a in cooperation.get(key, ())}
        return coop_stories[key]

    cands = _Candidates(needs, lambda party, sector: len(cooperating(party, sector)) > 2,
                        {s for o in offs for s in (o.get("sectors") or [])})
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for o in sorted(offs, key=lambda x: x["id"]):
        ow = product_words(o["what"])
        for n, nw in cands.of(o, ow):
            so_story, sn_story = story_key(o["article_id"]), story_key(n["article_id"])
            judged = judge_pair(o, ow, n, nw, so_story, sn_story, cooperating)
            if judged is None:
                continue
            sectors, stems = judged
            given = offered.get((o["side"], n["party"]), {})
            if any(outside(given.get(stem, ()), {so_story, sn_story}) for stem in stems):
                continue  # the offering side already offers this product to that party elsewhere
            key = (so_story, sn_story)
            if key in seen:
                continue
            seen.add(key)
            out.append(match_row(o, n, ow, sectors, stems))
    return out


def outside(stories: Any, mine: set[str]) -> bool:
    """Whether any of ``stories`` is another story than the pair's own (``mine``)."""
    return any(s not in mine for s in stories)  # at most three steps where callers cap the stories at three


def judge_pair(o: dict[str, Any], ow: dict[str, str], n: dict[str, Any], nw: dict[str, str], so_story: str,
               sn_story: str, cooperating: Any) -> tuple[set[str], set[str]] | None:
    """The tests of a candidate (offer, need) that read no other offer: different stories, Belarus on one side
    and a partner on the other, shared sectors (or, when one side names none and a product stem of six letters
    is shared, the other side's), and the foreign party seen cooperating in none of them outside the pair's two
    stories (``cooperating(party, sector)``: stories; three stand for more). -> (sectors, shared stems) or None."""
    if so_story == sn_story:
        return None
    if not o.get("side") or not n.get("side") or o["side"] == n["side"] or "BY" not in (o["side"], n["side"]):
        return None  # Belarus on one side, a partner on the other
    stems = set(ow) & set(nw)
    so, sn = set(o.get("sectors") or []), set(n.get("sectors") or [])
    sectors = so & sn
    if not sectors and (not so or not sn) and any(len(p) >= 6 for p in stems):
        sectors = so or sn  # the same product named on both sides: the side that knows the sector says it
    if not sectors:
        return None
    foreign = n["party"] if n["side"] != "BY" else o["party"]
    mine = {so_story, sn_story}
    if any(outside(cooperating(foreign, s), mine) for s in sectors):
        return None  # they already cooperate in that sector (in another story)
    return sectors, stems


def match_row(o: dict[str, Any], n: dict[str, Any], ow: dict[str, str], sectors: set[str],
              stems: set[str]) -> dict[str, Any]:
    products = sorted({ow[st] for st in stems if len(st) == 6} or {ow[st] for st in stems})
    return {"offer_id": o["id"], "need_id": n["id"], "sector": min(sectors), "products": products,
            "score": round(len(products) / 2 + len(sectors) / 2, 3)}


def offer_keys(o: dict[str, Any], ow: dict[str, str], closed: Any, by_sectors: Any) -> set[tuple[str, ...]]:
    """The keys under which an offer meets the needs it can match (``need_keys``): a pair can pass
    ``judge_pair`` only if the two share a key, and few pairs that share one cannot. ``closed(party, sector)``:
    the party is seen cooperating in that sector in three stories or more (more than a pair's own two);
    ``by_sectors``: the sectors of Belarus's needs. A Belarusian offer meets a partner's need by (stem, sector)
    ("P"), by (long stem, its first sector) a need without sectors ("PB"), or, itself without sectors, by long
    stem a need none of whose sectors is closed ("PO"); a partner's offer meets a Belarusian need by (stem,
    sector) of its open sectors ("Y", or any open sector of Belarus's needs when it names none) or, all its
    sectors open, by long stem a need without sectors ("YB")."""
    side = o.get("side")
    if not side:
        return set()
    so = sorted(set(o.get("sectors") or []))
    long_stems = [t for t in ow if len(t) >= 6]
    keys: set[tuple[str, ...]] = set()
    if side == "BY":  # a partner's need; the foreign party is the need's
        keys.update(("P", t, s) for t in ow for s in so)
        keys.update(("PB", t, so[0]) if so else ("PO", t) for t in long_stems)
        return keys
    party = o.get("party")  # a Belarusian need; the foreign party is the offer's
    open_ = [s for s in so if not closed(party, s)]
    keys.update(("Y", t, s) for t in ow for s in open_)
    if so and len(open_) == len(so):
        keys.update(("YB", t) for t in long_stems)
    if not so:
        by_open = [s for s in sorted(by_sectors) if not closed(party, s)]
        keys.update(("Y", t, s) for t in long_stems for s in by_open)
    return keys


def need_keys(n: dict[str, Any], nw: dict[str, str], closed: Any, offer_sectors: Any) -> set[tuple[str, ...]]:
    """The keys of a need (``offer_keys``); ``offer_sectors``: the sectors any offer names."""
    side = n.get("side")
    if not side:
        return set()
    sn = set(n.get("sectors") or [])
    long_stems = [t for t in nw if len(t) >= 6]
    keys: set[tuple[str, ...]] = set()
    if side == "BY":
        keys.update(("Y", t, s) for t in nw for s in sn)
        if not sn:
            keys.update(("YB", t) for t in long_stems)
        return keys
    party = n.get("party")
    open_ = {s for s in sn if not closed(party, s)}
    keys.update(("P", t, s) for t in nw for s in open_)
    if not sn:
        bare = [s for s in sorted(offer_sectors) if not closed(party, s)]
        keys.update(("PB", t, s) for t in long_stems for s in bare)
    elif len(open_) == len(sn):
        keys.update(("PO", t) for t in long_stems)
    return keys


class _Candidates:
    """The needs an offer can match, by id: the needs that share a key with it (``offer_keys``), each once,
    in id order."""

    def __init__(self, needs: list[dict[str, Any]], closed: Any, offer_sectors: set[str]) -> None:
        self.closed = closed
        self.by_key: dict[tuple[str, ...], list[Any]] = defaultdict(list)
        self.by_sectors: set[str] = set()
        for n in needs:
            if n.get("side") == "BY":
                self.by_sectors.update(n.get("sectors") or [])
        for n in needs:
            nw = product_words(n["what"])
            item = (n, nw)
            for key in need_keys(n, nw, closed, offer_sectors):
                self.by_key[key].append(item)

    def of(self, o: dict[str, Any], ow: dict[str, str]) -> list[tuple[dict[str, Any], dict[str, str]]]:
        found: dict[int, tuple[dict[str, Any], dict[str, str]]] = {}
        for key in offer_keys(o, ow, self.closed, self.by_sectors):
            for item in self.by_key.get(key, ()):
                found[item[0]["id"]] = item
        return [found[k] for k in sorted(found)]
