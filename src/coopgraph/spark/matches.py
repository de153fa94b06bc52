"""Offer/need matches on the cluster: ``corpus.match_offers`` as joins, no task holding the corpus's offers.

The local function's parts, run where their data meets:

1. what is corpus-wide but bounded by the vocabularies, not the corpus: which (party, sector) a party is seen
   cooperating in with Belarus in three stories or more (``closed``: parties × sectors, the stories capped at
   three), the sectors the offers name and those Belarus's needs name. These few rows go to the driver and out
   to the tasks as broadcasts.
2. candidate pairs: each offer and need under its ``corpus.offer_keys``/``need_keys``, joined on the key (the
   pairs the local index yields), each pair once;
3. ``corpus.judge_pair`` on each pair with its offer and need joined to it;
4. "already offered": the stories in which the offering side offers each shared product stem to the needing
   party, joined per (side, party, stem), capped at three;
5. one pair per (offer story, need story): the smallest (offer id, need id), as the local loop keeps the first.
"""
from __future__ import annotations

import json
from typing import Any

from ..corpus import judge_pair, match_row, need_keys, offer_keys, outside, product_stems, product_words

CAP = 3  # stories kept per key: more than a pair's own two says "elsewhere" as well as all of them would


def _story(o: dict[str, Any]) -> str:
    return o["story"] or f"article:{o['article_id']}"


def _capped(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    both = a | b
    return both if len(both) <= CAP else frozenset(sorted(both)[:CAP])


def first_stories(coop: Any) -> Any:
    """A DataFrame of (party, sector, story_id) rows, repeated or not -> the RDD ``matches`` takes as ``coop``,
    with only the CAP smallest stories of each (party, sector), once each: all that ``_capped`` keeps of them.
    The ranking runs in the JVM, so that not every (party, sector, story) row is pickled over to Python to be
    dropped there (570,000 rows at 20,000 articles); a dense rank lets Spark keep each key's three smallest
    stories in every task before its shuffle, where a distinct first would shuffle every row."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    first = F.dense_rank().over(Window.partitionBy("party", "sector").orderBy("story_id"))
    return (coop.withColumn("_n", first).filter(F.col("_n") <= CAP).select("party", "sector", "story_id")
            .distinct().rdd.map(lambda r: ((r[0], r[1]), r[2])))


def matches(items: Any, coop: Any) -> Any:
    """items: the offers and needs, dicts as ``corpus.match_offers`` takes them (side, party and
    recipient_party filled, ``story`` the article's story or None); coop: ((party, sector), story) where an
    article of that story shows Belarus with the party in the sector. -> RDD of matches rows."""
    sc = items.context
    # (party, sector) -> its stories, capped: as many keys as parties times sectors, whatever the corpus
    coop_b = sc.broadcast(dict(coop.map(lambda kv: (kv[0], frozenset([kv[1]]))).reduceByKey(_capped).collect()))
    offer_sectors = sorted(items.filter(lambda o: o["type"] == "offer")
                           .flatMap(lambda o: o.get("sectors") or []).distinct().collect())
    by_sectors = sorted(items.filter(lambda o: o["type"] == "need" and o.get("side") == "BY")
                        .flatMap(lambda o: o.get("sectors") or []).distinct().collect())

    def cooperating(party: Any, sector: str) -> Any:
        return coop_b.value.get((party, sector), ())

    def closed(party: Any, sector: str) -> bool:
        return len(cooperating(party, sector)) >= CAP

    def keyed(o: dict[str, Any]) -> list[tuple[Any, int]]:
        ow = product_words(o["what"])
        keys = (offer_keys(o, ow, closed, by_sectors) if o["type"] == "offer"
                else need_keys(o, ow, closed, offer_sectors))
        return [(k, o["id"]) for k in keys]

    offers = items.filter(lambda o: o["type"] == "offer")
    needs = items.filter(lambda o: o["type"] == "need")
    pairs = (offers.flatMap(keyed).cogroup(needs.flatMap(keyed))
             .flatMap(lambda kv: ((a, b) for a in kv[1][0] for b in kv[1][1])).distinct())
    with_items = (pairs.join(offers.map(lambda o: (o["id"], o)))
                  .map(lambda kv: (kv[1][0], kv[1][1])).join(needs.map(lambda n: (n["id"], n)))
                  .map(lambda kv: (kv[1][0], kv[1][1])))

    def judge(pair: tuple[dict[str, Any], dict[str, Any]]) -> list[tuple[Any, Any]]:
        o, n = pair
        ow, nw = product_words(o["what"]), product_words(n["what"])
        so_story, sn_story = _story(o), _story(n)
        judged = judge_pair(o, ow, n, nw, so_story, sn_story, cooperating)
        if judged is None:
            return []
        sectors, stems = judged
        row = match_row(o, n, ow, sectors, stems)
        return [((o["side"], n["party"], stem), ((o["id"], n["id"]), (so_story, sn_story), row))
                for stem in sorted(stems)]

    judged = with_items.flatMap(judge)
    offs = offers.filter(lambda o: o.get("side"))
    offered = (offs.flatMap(lambda o: [((o["side"], o.get("recipient_party"), stem), frozenset([_story(o)]))
                                       for stem in product_stems(o["what"])])
               .reduceByKey(_capped))

    def given(kv: Any) -> tuple[Any, Any]:
        (pair, stories, row), elsewhere = kv[1]
        return (stories, (pair, row, outside(elsewhere or (), set(stories))))

    checked = (judged.leftOuterJoin(offered).map(given)
               .map(lambda kv: ((kv[0], kv[1][0]), (kv[1][1], kv[1][2])))
               .reduceByKey(lambda a, b: (a[0], a[1] or b[1]))  # the pair's row, any stem offered elsewhere
               .filter(lambda kv: not kv[1][1]))
    first = checked.map(lambda kv: (kv[0][0], (kv[0][1], kv[1][0]))).reduceByKey(min)
    return first.map(lambda kv: kv[1][1]).map(
        lambda m: (m["offer_id"], m["need_id"], m["sector"], json.dumps(m["products"]), m["score"]))
