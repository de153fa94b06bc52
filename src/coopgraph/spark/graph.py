"""Story clusters on the cluster, with the local graph's own rules.

Candidates are the pairs a local ``resolve.candidate_pairs`` finds, computed as joins: two articles whose
MinHash signatures share a band bucket (16 bands x 4 rows, as ``resolve.LSH_PARAMS``) when both are undated
or their weeks are at most one apart (the local LSH looks in the article's week, the weeks beside it and
among undated articles), two dated articles that name the same person at most a day apart, and an
undated article with any article that shares a person or figure found in at most COMMON_KEY articles. Each
candidate is decided by ``resolve.same_story``; stories are the connected components of the accepted
pairs, labelled by the smallest content hash of their members (``resolve.story_components``' rule). The pairs
are decided per connected component of the candidate graph (``components``: a union-find in the driver for a
graph of at most LOCAL_LINKS links, large-star / small-star rounds above), each in one task."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from ..resolve import COMMON_KEY, LSH_PARAMS, UnionFind, _person_keys, same_story, signature_jaccard, story_doc


@dataclass
class StoryResult:
    edges: Any  # RDD of (a, b, similarity, rule) with a < b
    members: Any  # RDD of (article_id, story_id)
    candidates: int
    decisions: int
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


# a candidate graph of at most this many links has its components found in the driver: at most about 250 MB
# there (500,000 links between 950,000 distinct nodes, measured; 2 s of CPU), whatever the corpus, instead of
# the rounds' shuffles, whose Spark cost is fixed however few the links are
# (20,000 articles: 644 links, 8 rounds, 24 stages, about 13 s of task time). Above it, the rounds run.
LOCAL_LINKS = 500_000


def components(links: Any, max_rounds: int = 100, count: int | None = None, local_links: int = LOCAL_LINKS
               ) -> tuple[Any, int]:
    """Connected components of a graph given as an RDD of (a, b) pairs: an RDD of (node, smallest node of its
    component) for every node with a link, and the rounds it took. The alternating large-star / small-star
    algorithm (Kiveris et al., "Connected Components in MapReduce and Beyond", 2014): O(log^2 n) rounds of
    two shuffles each, where label propagation needs as many rounds as the longest path. ``count``: at least
    the number of links; when it is at most ``local_links`` the links are collected and joined in the driver
    (``local_components``; 0 rounds)."""
    if count is not None and count <= local_links:
        labels = local_components(links.collect())
        return links.context.parallelize(labels, max(1, min(links.getNumPartitions(), len(labels)))), 0
    edges = links.map(lambda ab: (max(ab), min(ab))).filter(lambda e: e[0] != e[1]).distinct().persist()
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        large = (edges.flatMap(lambda e: [e, (e[1], e[0])]).groupByKey()
                 .flatMap(lambda kv: _large_star(kv[0], kv[1])))
        small = large.groupByKey().flatMap(lambda kv: _small_star(kv[0], kv[1])).distinct().persist()
        # one job: the edges in only one of the two sets (each set is distinct)
        changed = (small.union(edges).map(lambda e: (e, 1)).reduceByKey(lambda x, y: x + y)
                   .filter(lambda kv: kv[1] == 1).count())
        edges.unpersist()
        edges = small
        if not changed:
            break
    # converged: every edge is (node, smallest node of its component); the smallest nodes label themselves
    labels = edges.union(edges.values().distinct().map(lambda m: (m, m)))
    return labels, rounds


def local_components(links: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``components``' answer in one process: (node, smallest node of its component) for every node with a
    link to another node, sorted."""
    joined = UnionFind()
    for a, b in links:
        if a != b:
            joined.union(a, b)
    out: list[tuple[int, int]] = []
    for members in joined.groups().values():
        least = min(members)
        out.extend((m, least) for m in members)
    return sorted(out)


def _large_star(u: int, neighbours: Any) -> list[tuple[int, int]]:
    """Every larger neighbour of u is linked to the smallest of u and its neighbours (as (larger, smaller))."""
    nbrs = list(neighbours)
    m = min(u, *nbrs)
    return [(v, m) for v in nbrs if v > u]


def _small_star(u: int, smaller: Any) -> list[tuple[int, int]]:
    """u and its smaller neighbours are linked to the smallest of them."""
    nbrs = list(smaller)
    m = min(nbrs)
    return [(v, m) for v in {u, *nbrs} if v != m]


def decide_component(rows: Any) -> list[tuple[str, Any]]:
    """The local graph's decision loop (graph._compute) over one connected component of the candidate graph:
    the union-find starts from the earlier edges, the candidate pairs are taken in sorted order, a pair
    already joined is neither decided nor kept, an accepted pair joins. The stories are its groups, named by
    their smallest content hash (``resolve.story_components``). As pairs of different components never meet,
    the loop per component keeps exactly the edges the loop over the whole corpus keeps.

    rows: (0, article id, doc) | (1, (a, b), None) candidate | (2, edge, None) earlier edge. Returns ("e",
    edge) for every edge kept (earlier ones included), ("m", (article id, story id)) for every member, ("n",
    decisions) and ("s", stories) once."""
    docs: dict[int, tuple[str, str | None, str, bytes]] = {}
    pairs, old = [], []
    for kind, item, value in rows:
        if kind == 0:
            docs[item] = value
        elif kind == 1:
            pairs.append(item)
        else:
            old.append(item)
    joined = UnionFind()
    for a in sorted(docs):
        joined.find(a)
    for a, b, _, _ in old:
        joined.union(a, b)
    story_docs: dict[int, Any] = {}

    def doc(a: int) -> Any:
        if a not in story_docs:
            v = docs[a]
            story_docs[a] = story_doc(a, v[0], v[1], json.loads(v[2]))
        return story_docs[a]

    out: list[tuple[str, Any]] = [("e", tuple(e)) for e in old]
    decisions = 0
    for a, b in sorted(pairs):
        if joined.find(a) == joined.find(b):
            continue
        decisions += 1
        decided = same_story(doc(a), doc(b), signature_jaccard(docs[a][3], docs[b][3]))
        if decided:
            joined.union(a, b)
            out.append(("e", (a, b, float(decided[1]), decided[0])))
    groups = joined.groups()
    for members in groups.values():
        sid = "story:" + min(docs[m][0] for m in members)[:16]
        out.extend(("m", (m, sid)) for m in members)
    out.append(("n", decisions))
    out.append(("s", len(groups)))
    return out


def stories(docs: Any, new_from: int = 0, old_edges: Any = None, articles: int | None = None) -> StoryResult:
    """``docs``: RDD of (article_id, (content_hash, date, fingerprint json, minhash bytes)).

    The candidate pairs are found by joins; the connected components of the candidate graph (with the earlier
    run's edges) need no decision; each component then runs the local decision loop in one task
    (``decide_component``), so the cluster decides the pairs a local graph decides and keeps the same edges.

    Incremental (``new_from`` > 0): only the pairs with an article numbered above ``new_from`` are candidates
    (the others were decided by the earlier run, whose kept edges are ``old_edges``), as a local graph update
    after a second ingest. ``articles``: how many articles ``docs`` holds (counted when not given)."""
    by_bucket = (docs.flatMap(lambda kv: [((b, h), (kv[0], _week(kv[1][1]))) for b, h in _bands(kv[1][3])])
                 .groupByKey())
    lsh_pairs = by_bucket.flatMap(lambda kv: _pairs(list(kv[1])))
    keyed = docs.flatMap(_keys)  # one fingerprint parse per article for both key rules
    person_days = keyed.filter(lambda kv: kv[0][0] == "d").map(lambda kv: (kv[0][1:], kv[1]))
    shifted = person_days.map(lambda kv: ((kv[0][0], kv[0][1] + 1), kv[1]))
    person_pairs = (person_days.join(person_days.union(shifted))
                    .map(lambda kv: (min(kv[1]), max(kv[1]))).filter(lambda ab: ab[0] != ab[1]))
    # an undated article: the articles sharing a person or a figure that is not in too many articles
    key_pairs = (keyed.filter(lambda kv: kv[0][0] != "d").map(lambda kv: (kv[0], kv[2])).groupByKey()
                 .flatMap(lambda kv: _undated_pairs(list(kv[1]))))
    candidates = lsh_pairs.union(person_pairs).union(key_pairs)
    if new_from:
        candidates = candidates.filter(lambda ab: ab[1] > new_from)  # a < b: the pair has a new article
    candidates = candidates.distinct().persist()
    n_candidates = candidates.count()

    links = candidates if old_edges is None else candidates.union(old_edges.map(lambda e: (e[0], e[1])))
    comp, rounds = components(links, count=n_candidates + (old_edges.count() if old_edges is not None else 0))
    comp = comp.persist()
    rows = (docs.join(comp).map(lambda kv: (kv[1][1], (0, kv[0], kv[1][0])))
            .union(candidates.map(lambda ab: (ab[0], ab)).join(comp).map(lambda kv: (kv[1][1], (1, kv[1][0], None)))))
    if old_edges is not None:
        rows = rows.union(old_edges.map(lambda e: (e[0], tuple(e))).join(comp)
                          .map(lambda kv: (kv[1][1], (2, kv[1][0], None))))
    decided = rows.groupByKey().flatMap(lambda kv: decide_component(kv[1])).persist()
    totals = decided.map(lambda t: (t[0], t[1] if t[0] in ("n", "s") else 1)).reduceByKey(lambda x, y: x + y)
    counts = dict(totals.collect())  # four numbers
    edges = decided.filter(lambda t: t[0] == "e").map(lambda t: t[1])
    linked = decided.filter(lambda t: t[0] == "m").map(lambda t: t[1])
    own = docs.map(lambda kv: (kv[0], "story:" + kv[1][0][:16]))  # a story of one: its own content hash
    members = own.subtractByKey(linked).union(linked)
    if articles is None:
        articles = docs.count()
    n_stories = articles - counts.get("m", 0) + counts.get("s", 0)
    candidates.unpersist()
    return StoryResult(edges, members, n_candidates, counts.get("n", 0), counts.get("e", 0), n_stories, rounds)


def _keys(kv: tuple[int, tuple[str, str | None, str, bytes]]) -> list[tuple[Any, int, tuple[int, bool]]]:
    """("d", person, day) keys of a dated article (a person within a day) and ("p", person) / ("f", figure)
    keys of the undated rule, with (article id, undated)."""
    aid, (_, day, _, _) = kv
    d = _doc(kv)
    persons = _person_keys(d.persons)
    out: list[tuple[Any, int, tuple[int, bool]]] = []
    if day:
        ordinal = Date.fromisoformat(day).toordinal()
        out.extend((("d", p, ordinal), aid, (aid, False)) for p in persons)
    undated = day is None
    out.extend((("p", p), aid, (aid, undated)) for p in persons)
    out.extend((("f", f), aid, (aid, undated)) for f in d.figures)
    return out
