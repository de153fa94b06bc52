"""Story clusters on the cluster, with the local graph's own rules.

Candidates are the pairs a local ``resolve.candidate_pairs`` finds, computed as joins: two articles whose
MinHash signatures share a band bucket (16 bands x 4 rows, as ``resolve.LSH_PARAMS``) when both are undated
or their weeks are at most one apart (the local LSH looks in the article's week, the weeks beside it and
among undated articles), two dated articles that name the same person at most a day apart, and an
undated article with any article that shares a person or figure found in at most COMMON_KEY articles. Each
candidate is decided by ``resolve.same_story``; stories are the connected components of the accepted
pairs, labelled by the smallest content hash of their members (``resolve.story_components``' rule) through
label propagation: each round one join, until no label changes."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from ..resolve import COMMON_KEY, LSH_PARAMS, _person_keys, minhash_from_bytes, same_story, story_doc


@dataclass
class StoryResult:
    edges: Any  # RDD of (a, b, similarity, rule) with a < b
    members: Any  # RDD of (article_id, story_id)
    candidates: int
    edge_count: int
    story_count: int
    rounds: int


def _week(day: str | None) -> int | None:
    return Date.fromisoformat(day).toordinal() // 7 if day else None


def _bands(sig: bytes) -> list[tuple[int, bytes]]:
    bands, rows = LSH_PARAMS
    width = 8 * rows  # the signature is stored as little-endian uint64 values
    return [(b, sig[b * width:(b + 1) * width]) for b in range(bands)]


def _pairs(members: list[tuple[int, int | None]]) -> list[tuple[int, int]]:
    """Pairs inside one band bucket: undated with everyone, dated within a week of each other (a sliding
    window over the members sorted by week, so a template reused all year costs n, not n squared)."""
    undated = sorted(a for a, w in members if w is None)
    dated = sorted((w, a) for a, w in members if w is not None)
    out = {(min(a, b), max(a, b)) for i, a in enumerate(undated) for b in undated[i + 1:]}
    out |= {(min(a, b), max(a, b)) for a in undated for _, b in dated}
    for i, (w, a) in enumerate(dated):
        j = i + 1
        while j < len(dated) and dated[j][0] - w <= 1:
            b = dated[j][1]
            out.add((min(a, b), max(a, b)))
            j += 1
    return sorted(p for p in out if p[0] != p[1])


def _doc(kv: tuple[int, tuple[str, str | None, str, bytes]]) -> Any:
    return story_doc(kv[0], kv[1][0], kv[1][1], json.loads(kv[1][2]))


def _undated_pairs(group: list[tuple[int, bool]]) -> list[tuple[int, int]]:
    """resolve.candidate_pairs' rule for a shared key: only in groups of at most COMMON_KEY articles with
    an undated one, and only pairs with an undated member."""
    if len(group) > COMMON_KEY or not any(undated for _, undated in group):
        return []
    group = sorted(group)
    return [(min(a, b), max(a, b)) for i, (a, ua) in enumerate(group) for b, ub in group[i + 1:]
            if (ua or ub) and a != b]


def stories(docs: Any, max_rounds: int = 50, new_from: int = 0, old_edges: Any = None, old_labels: Any = None
            ) -> StoryResult:
    """``docs``: RDD of (article_id, (content_hash, date, fingerprint json, minhash bytes)).

    Incremental (``new_from`` > 0): only the pairs with an article numbered above ``new_from`` are candidates
    (the others were decided by the earlier run, whose accepted pairs are ``old_edges``), and the labels start
    from the earlier run's story ids ``old_labels`` (article id, story id), so the propagation only has to
    carry them into the new articles and across stories the new ones join."""
    by_bucket = (docs.flatMap(lambda kv: [((b, h), (kv[0], _week(kv[1][1]))) for b, h in _bands(kv[1][3])])
                 .groupByKey())
    lsh_pairs = by_bucket.flatMap(lambda kv: _pairs(list(kv[1])))
    person_days = docs.flatMap(lambda kv: [((p, Date.fromisoformat(kv[1][1]).toordinal()), kv[0])
                                           for p in _person_keys(_doc(kv).persons)] if kv[1][1] else [])
    shifted = person_days.map(lambda kv: ((kv[0][0], kv[0][1] + 1), kv[1]))
    person_pairs = (person_days.join(person_days.union(shifted))
                    .map(lambda kv: (min(kv[1]), max(kv[1]))).filter(lambda ab: ab[0] != ab[1]))
    # an undated article: the articles sharing a person or a figure that is not in too many articles
    key_pairs = (docs.flatMap(lambda kv: [(("p", p), (kv[0], kv[1][1] is None)) for p in _person_keys(_doc(kv).persons)]
                              + [(("f", f), (kv[0], kv[1][1] is None)) for f in _doc(kv).figures])
                 .groupByKey()
                 .flatMap(lambda kv: _undated_pairs(list(kv[1]))))
    candidates = lsh_pairs.union(person_pairs).union(key_pairs)
    if new_from:
        candidates = candidates.filter(lambda ab: ab[1] > new_from)  # a < b: the pair has a new article
    candidates = candidates.distinct().persist()
    n_candidates = candidates.count()

    info = docs.mapValues(lambda v: v)
    decided = (candidates.join(info).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
               .join(info)
               .map(lambda kv: _decide(kv[1][0][0], kv[1][0][1], kv[0], kv[1][1]))
               .filter(lambda e: e is not None))
    if old_edges is not None:
        decided = decided.union(old_edges)
    decided = decided.persist()
    n_edges = decided.count()

    own = docs.map(lambda kv: (kv[0], "story:" + kv[1][0][:16]))  # its own label: its content hash
    if old_labels is not None:
        own = own.union(old_labels).reduceByKey(min)
    own = own.persist()
    links = decided.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).persist()
    # only articles with an accepted pair can change label: the rounds run over those alone (most
    # articles are stories of one), the others keep their own
    labels = own.join(links.keys().distinct().map(lambda a: (a, None))).mapValues(lambda v: v[0]).persist()
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        proposals = links.join(labels).map(lambda kv: (kv[1][0], kv[1][1]))  # neighbour -> my label
        new = labels.union(proposals).reduceByKey(min).persist()
        changed = new.join(labels).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = new
        if not changed:
            break
    members = own.subtractByKey(labels).union(labels).persist()
    n_stories = members.values().distinct().count()
    own.unpersist()
    labels.unpersist()
    candidates.unpersist()
    links.unpersist()
    return StoryResult(decided, members, n_candidates, n_edges, n_stories, rounds)


def _decide(a: int, va: tuple[str, str | None, str, bytes], b: int, vb: tuple[str, str | None, str, bytes]
            ) -> tuple[int, int, float, str] | None:
    da = story_doc(a, va[0], va[1], json.loads(va[2]))
    db = story_doc(b, vb[0], vb[1], json.loads(vb[2]))
    jaccard = minhash_from_bytes(va[3]).jaccard(minhash_from_bytes(vb[3]))
    decided = same_story(da, db, jaccard)
    if not decided:
        return None
    lo, hi = min(a, b), max(a, b)
    return lo, hi, float(decided[1]), decided[0]
