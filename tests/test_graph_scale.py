"""The corpus graph's scalable parts give what their plain pairwise definitions give: offer/need matching with
its bulk pruning against a pairwise reference, story candidates from dict buckets against datasketch's
MinHashLSH, and a signature's Jaccard from its stored bytes against datasketch's. Random inputs over small
vocabularies, so that every branch (busy and quiet parties, sectors missing on one side, mirrors) is hit."""
from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

import pytest

from coopgraph import resolve
from coopgraph.corpus import match_offers, product_stems, product_words

WHAT = ["Aufzüge", "Aufzügen", "Milchpulver", "Milchprodukte", "Traktoren", "Busse", "Elektrobusse", "Butter",
        "Düngemittel", "Kalidünger", "Holz", "Möbel"]
SECTORS = ["elevators", "food", "agriculture", "public_transport", "fertilizers"]
SIDES = ["BY", "BY", "RU", "UZ", "KZ", None]


def _reference(offers: list[dict[str, Any]], cooperation: dict[tuple[str, str], set[int]],
               story_of: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """match_offers as first written: every offer against every need that shares a stem."""
    story = dict(story_of or {})
    for o in offers:
        if o.get("story"):
            story.setdefault(o["article_id"], o["story"])

    def story_key(aid: int) -> str:
        return story.get(aid) or f"article:{aid}"

    offs = [o for o in offers if o["type"] == "offer"]
    needs = [o for o in offers if o["type"] == "need"]
    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n in needs:
        for stem in product_stems(n["what"]):
            index[stem].append(n)
    offered: dict[Any, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for o in offs:
        for stem in product_stems(o["what"]):
            offered[(o.get("side"), o.get("recipient_party"))][stem].add(story_key(o["article_id"]))
    out, seen = [], set()
    for o in sorted(offs, key=lambda x: x["id"]):
        cands: dict[int, dict[str, Any]] = {}
        ow = product_words(o["what"])
        for stem in ow:
            for n in index.get(stem, ()):
                cands[n["id"]] = n
        for _, n in sorted(cands.items()):
            so_story, sn_story = story_key(o["article_id"]), story_key(n["article_id"])
            if so_story == sn_story:
                continue
            if not o.get("side") or not n.get("side") or o["side"] == n["side"] or "BY" not in (o["side"], n["side"]):
                continue
            nw = product_words(n["what"])
            stems = set(ow) & set(nw)
            so, sn = set(o.get("sectors") or []), set(n.get("sectors") or [])
            sectors = so & sn
            if not sectors and (not so or not sn) and any(len(p) >= 6 for p in stems):
                sectors = so or sn
            if not sectors:
                continue
            foreign = n["party"] if n["side"] != "BY" else o["party"]
            mine = {so_story, sn_story}
            if {story_key(a) for s in sectors for a in cooperation.get((foreign, s), set())} - mine:
                continue
            if {st for stem in stems for st in offered.get((o["side"], n["party"]), {}).get(stem, ())} - mine:
                continue
            if (so_story, sn_story) in seen:
                continue
            seen.add((so_story, sn_story))
            products = sorted({ow[st] for st in stems if len(st) == 6} or {ow[st] for st in stems})
            out.append({"offer_id": o["id"], "need_id": n["id"], "sector": min(sectors),
                        "products": products, "score": round(len(products) / 2 + len(sectors) / 2, 3)})
    return out


def _offers(rnd: random.Random, n: int) -> tuple[list[dict[str, Any]], dict[tuple[str, str], set[int]],
                                                   dict[int, str]]:
    stories = {a: f"s{rnd.randrange(n // 2 + 1)}" for a in range(n)}  # mirrors: several articles, one story
    offers = []
    for i in range(n):
        side = rnd.choice(SIDES)
        offers.append({"id": i + 1, "article_id": rnd.randrange(n), "type": rnd.choice(["offer", "need"]),
                       "what": " und ".join(rnd.sample(WHAT, rnd.randint(1, 2))),
                       "sectors": rnd.sample(SECTORS, rnd.choice([0, 0, 1, 1, 2])), "side": side,
                       "party": rnd.choice([side, side, "RU-TUL", None]),
                       "recipient_party": rnd.choice(["BY", "RU", "UZ", "KZ", None]),
                       "story": stories.get(i) if rnd.random() < 0.5 else None})
    cooperation: dict[tuple[str, str], set[int]] = defaultdict(set)
    for _ in range(rnd.randrange(3 * n)):
        cooperation[(rnd.choice(["RU", "UZ", "KZ", "RU-TUL"]), rnd.choice(SECTORS))].add(rnd.randrange(n))
    return offers, dict(cooperation), stories


@pytest.mark.parametrize("seed", range(40))
def test_matching_equals_the_pairwise_definition(seed: int) -> None:
    rnd = random.Random(seed)
    offers, cooperation, stories = _offers(rnd, rnd.choice([8, 30, 120]))
    story_of = stories if seed % 2 else None
    expected = _reference(offers, cooperation, story_of)
    assert match_offers(offers, cooperation, story_of) == expected
    if seed == 0:
        assert any(_reference(*_offers(random.Random(s), 120)[:2]) for s in range(5))  # the inputs do match


def _reference_pairs(docs: list[resolve.StoryDoc], sigs: dict[int, Any], new: set[int] | None) -> set[tuple[int, int]]:
    """The text half of candidate_pairs as first written, with datasketch's MinHashLSH per week."""
    from datasketch import MinHashLSH

    def lsh() -> Any:
        return MinHashLSH(num_perm=resolve.NUM_PERM, params=resolve.LSH_PARAMS)

    by_week: dict[int | None, Any] = {}
    everything = lsh() if any(d.date is None for d in docs) else None
    for d in docs:
        w = resolve._week(d)
        by_week.setdefault(w, lsh()).insert(d.article_id, sigs[d.article_id])
        if everything is not None:
            everything.insert(d.article_id, sigs[d.article_id])
    pairs = set()
    for d in docs:
        if new is not None and d.article_id not in new:
            continue
        w = resolve._week(d)
        for index in ([by_week.get(k) for k in (w - 1, w, w + 1, None)] if w is not None else [everything]):
            for other in (index.query(sigs[d.article_id]) if index is not None else ()):
                if other != d.article_id:
                    pairs.add((min(d.article_id, other), max(d.article_id, other)))
    return pairs


@pytest.mark.parametrize("seed", range(6))
def test_story_candidates_equal_datasketch_lsh(seed: int) -> None:
    rnd = random.Random(seed)
    words = [f"wort{i}" for i in range(60)]
    base = [[rnd.choice(words) for _ in range(80)] for _ in range(5)]
    docs, sigs = [], {}
    for aid in range(60):
        text = list(rnd.choice(base))
        for i in rnd.sample(range(len(text)), rnd.choice([0, 2, 10, 40])):
            text[i] = rnd.choice(words)
        day = None if rnd.random() < 0.2 else f"2024-0{rnd.randint(1, 3)}-{rnd.randint(10, 28)}"
        docs.append(resolve.StoryDoc(aid, f"h{aid}", day, frozenset(), frozenset(), frozenset()))
        sigs[aid] = resolve.minhash(" ".join(text))
    stored = {a: resolve.minhash_bytes(m) for a, m in sigs.items()}
    for new in (None, set(rnd.sample(range(60), 7))):
        expected = _reference_pairs(docs, sigs, new)
        assert expected  # the texts do share bands
        assert resolve.candidate_pairs(docs, stored, new) == expected
        assert resolve.candidate_pairs(docs, sigs, new) == expected
    for a, b in list(expected)[:50]:
        assert resolve.signature_jaccard(stored[a], stored[b]) == sigs[a].jaccard(sigs[b])
        assert resolve.minhash_from_bytes(stored[a]).jaccard(sigs[b]) == sigs[a].jaccard(sigs[b])
