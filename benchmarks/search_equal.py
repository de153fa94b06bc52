"""The API's search answers what the straightforward implementation answers, on a large database.

    python benchmarks/search_equal.py --db FILE [--queries 60]

For each query of api_bench's cold mix (partner, person and organization names, common and sector words, phrases,
prefixes, word pairs; with and without filters): the hits of ``find_articles`` (ids, order and scores, every hit up
to the cap, not only the page) equal those of ``query.search`` (bm25 of every match in one SQL statement, then id;
with a filter, the filter's hits among every match of the query, in its order),
and its facets equal those read article by article (``search_facets.counts_per_article``). Prints the time of
both per query and exits 1 on the first difference. Reads only (a read-only connection)."""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from api_bench import cold_queries

from coopgraph import query
from coopgraph.api import articles as api
from coopgraph.query import facts as qf
from coopgraph.query import open_readonly, search_facets


def reference_facets(conn: Any, ids: list[int], top: int = 15) -> dict[str, list[dict[str, Any]]]:
    counted = search_facets.counts_per_article(conn, ids)
    return {k: [{"value": v, "count": n} for v, n in sorted(counted[k].items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
            for k in search_facets.FACETS}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", type=int, default=60, help="how many queries of the mix")
    args = ap.parse_args(argv)
    conn = open_readonly(args.db)
    partners = sorted({r[0] for r in conn.execute("SELECT name FROM partners WHERE country != 'BY'")})[:20]
    persons = [r[0] for r in conn.execute("SELECT name FROM entities WHERE kind = 'person' ORDER BY articles DESC, id "
                                          "LIMIT 50")]
    orgs = [r[0] for r in conn.execute("SELECT name FROM entities WHERE kind = 'organization' ORDER BY articles DESC, "
                                       "id LIMIT 20")]
    mix = cold_queries(partners, persons, orgs, random.Random(7))[:args.queries]
    api._facets_of(conn, qf.all_article_ids(conn)[:1])  # the facet index, built once per database
    fast_total = slow_total = 0.0
    for spec in mix:
        params = dict(p.split("=", 1) for p in spec.split("&"))
        f = api.Filters(**params)
        t0 = time.perf_counter()
        got = api.find_articles(conn, f, (0, 20))
        t1 = time.perf_counter()
        # a query alone is cut at the cap; a filter narrows every hit of the query, then the cap applies
        want = query.search(conn, f.q or "", api.SEARCH_CAP if len(params) == 1 else api.ALL_HITS, f.since, f.until,
                            snippets=False)
        if len(params) == 1:  # a query alone: every hit, in order, with its score
            same_hits = [(it["id"], it["score"]) for it in got.items] == [(h.id, h.score) for h in want]
        else:  # filtered: the hits are those of the query, in its order, narrowed by the filters
            order = {h.id: i for i, h in enumerate(want)}
            ids = [it["id"] for it in got.items]
            same_hits = set(ids) <= set(order) and ids == sorted(ids, key=order.__getitem__)
        ref = reference_facets(conn, [it["id"] for it in got.items])
        t2 = time.perf_counter()
        fast_total, slow_total = fast_total + t1 - t0, slow_total + t2 - t1
        ok = same_hits and got.facets == ref
        print(f"{'ok ' if ok else 'DIFF'} {len(got.items):5} hits  {1e3 * (t1 - t0):7.1f} ms (straightforward "
              f"{1e3 * (t2 - t1):7.1f} ms)  {spec}", flush=True)
        if not ok:
            return 1
    print(f"{len(mix)} queries equal; {1e3 * fast_total / len(mix):.1f} ms per query, straightforward "
          f"{1e3 * slow_total / len(mix):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
