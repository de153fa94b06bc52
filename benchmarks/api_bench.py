"""Latency of the workbench's read endpoints, and reader errors while an ingest writes.

    python benchmarks/api_bench.py [-n 20000] [--requests 100] [--writer 200] [--db FILE]

Builds a database of N synthetic articles (ingest_bench's variations of the sample corpus; or reuses --db when
it exists; pending migrations such as the read indexes are applied first unless --no-migrate), serves it with
uvicorn on loopback and sends a bounded loop of requests to the search, article, dossier, entity and graph
endpoints, one at a time; prints p50/p95 per endpoint. Search is measured twice: cold, every request a query the
server has not answered before (a mix of partner, person and organization names, sector and common words, quoted
phrases, prefixes, word pairs and filters, built from the database's own names), so no kept answer
(``query.cache.recent``) serves it; and warm, a few words asked again and again, as paging through an answer or a
reload does. Then ingests --writer more
articles in a thread while the same readers run, and prints how many reader requests failed (target: 0).
Target from issue 9: p95 < 100 ms at 20,000 articles."""
from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from ingest_bench import generate

from coopgraph.settings import Settings


def build(n: int, db: Path, folder: Path) -> None:
    from coopgraph.pipeline import ingest
    from coopgraph.store import Store

    folder.mkdir(parents=True, exist_ok=True)
    generate(n, folder)
    store = Store.open(db)
    try:
        ingest([str(folder)], store, Settings(db=str(db), quiet=True), progress=False)
    finally:
        store.close()


def store_graph_answers(db: Path) -> None:
    """The stored graph answers (migration 0008) of a database whose graph an older version wrote: what its next
    graph update would store. Prints how long that takes: it is what each graph update adds."""
    from coopgraph.graph import pending
    from coopgraph.query import graph_answers
    from coopgraph.store import connect, write_transaction
    from coopgraph.store.answers import graph_answer
    from coopgraph.store.graph_tables import graph_state

    conn = connect(db)
    try:  # not graph_answers.stored: it would keep "none" in memory for this version, which storing does not change
        if graph_answer(conn, graph_answers.name(None)) is None and not pending(conn):
            t0 = time.perf_counter()
            with write_transaction(conn):
                graph_answers.store(conn, graph_state(conn)[2])
            print(f"stored the graph answers of the current generation in {time.perf_counter() - t0:.1f} s", flush=True)
        # the partner dossiers (migration 0009) of a graph written by an older version; only changed partners
        # are recomputed when they are there already: what a graph update adds for them
        from coopgraph.query import partner_answers

        fresh, kept, took = partner_answers.refresh(conn)
        print(f"partner dossiers: {fresh} computed, {kept} kept in {took:.1f} s", flush=True)
    finally:
        conn.close()


def get(url: str) -> tuple[int, float, bytes]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    except TimeoutError:  # counted as an error (status 0) with its time, not a crash of the benchmark
        body, status = b"", 0
    return status, time.perf_counter() - t0, body


WORDS = ["Handelsumsatz", "Traktoren", "Minsk", "Gebiet"]  # the warm search: asked again and again
# words an analyst types: common ones of the corpus, sectors as written, things and verbs of cooperation
COMMON = ["Zusammenarbeit", "Belarus", "Handelsumsatz", "Dollar", "Lieferungen", "Kooperation", "Investitionen",
          "Export", "Import", "Abkommen", "Memorandum", "Regierungskommission", "Gouverneur", "Botschafter",
          "Lebensmittel", "Landtechnik", "Traktoren", "Aufzüge", "Busse", "Pharmawerk", "Milchprodukte", "Dünger",
          "Bergbautechnik", "Wohnungsbau", "Bildung", "Logistik", "Metallurgie", "Medizintechnik", "Joint Venture",
          "Montagewerk", "Messe", "Besuch", "Treffen", "Vertrag", "Projekt", "Werk", "Ausstellung", "Theaterfestival"]
SECTORS = ["agriculture", "food", "automotive", "construction", "education", "trade", "pharmaceuticals"]


def cold_queries(partners: list[str], persons: list[str], orgs: list[str], rnd: random.Random) -> list[str]:
    """Distinct query strings (``q=...&filters``) in a shuffled order: each asked once is a cold search."""
    names = partners + persons + orgs
    out = [f"q={w}" for w in COMMON] + [f"q={n}" for n in names] + [f'q="{n}"' for n in names if " " in n]
    out += [f"q={w[:max(4, len(w) - 3)]}*" for w in COMMON[:12]]
    out += [f"q={w} {n}" for w in COMMON[:6] for n in partners[:10]]
    out += [f"q={w} AND {v}" for w, v in zip(COMMON[:10], COMMON[10:20], strict=True)]
    out += [f"q={w}&partner={p}" for w, p in zip(COMMON, partners, strict=False)]
    out += [f"q={w}&sector={s}" for w, s in zip(COMMON[5:], SECTORS, strict=False)]
    out += [f"q={w}&since=2024&until=2025" for w in COMMON[:8]]
    out = list(dict.fromkeys(out))
    rnd.shuffle(out)
    return out


def search_url(base: str, query: str) -> str:
    """The search URL of ``q=...&name=value`` with each value quoted."""
    params = [p.split("=", 1) for p in query.split("&")]
    return base + "/articles?limit=20&" + "&".join(f"{k}={urllib.request.quote(v)}" for k, v in params)


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] * 1000


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20000, help="articles in the database")
    ap.add_argument("--requests", type=int, default=100, help="requests per endpoint")
    ap.add_argument("--writer", type=int, default=200, help="articles ingested while readers run (0: skip)")
    ap.add_argument("--db", default=None, help="reuse this database when it exists (built there otherwise)")
    ap.add_argument("--no-migrate", action="store_true",
                    help="serve --db as it is (by default pending migrations, e.g. the read indexes, are applied)")
    args = ap.parse_args(argv)

    import uvicorn

    from coopgraph.api import create_app

    tmp = Path(tempfile.mkdtemp(prefix="coopgraph-api-bench-"))
    db = Path(args.db) if args.db else tmp / "bench.db"
    if not db.exists():
        t0 = time.perf_counter()
        build(args.n, db, tmp / "articles")
        print(f"built {db} with {args.n} articles in {time.perf_counter() - t0:.0f} s", flush=True)
    if not args.no_migrate:
        from coopgraph.store import Store

        Store.open(db).close()  # the read indexes (migrations 0007, 0008) of a database built by an older version
        store_graph_answers(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db=str(db), quiet=True)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}/api/v1"
    stats = json.loads(get(base + "/stats")[2])
    partners = json.loads(get(base + "/partners?limit=20")[2])["items"]
    ents = json.loads(get(base + "/entities?kind=person&limit=50")[2])["items"]
    orgs = json.loads(get(base + "/entities?kind=organization&limit=20")[2])["items"]
    rnd = random.Random(7)
    n_articles = stats["articles"]
    mix = cold_queries([p["partner"] for p in partners], [e["name"] for e in ents], [o["name"] for o in orgs], rnd)
    if len(mix) < args.requests:
        print(f"only {len(mix)} distinct cold searches: the rest of search-cold repeats the warm words")
    cold = iter(mix)
    get(search_url(base, "q=Wirtschaft"))  # what the first search after a start reads once (alias and facet indexes)
    endpoints = {
        "search-cold": lambda: search_url(base, next(cold, "q=" + rnd.choice(WORDS))),
        "search-warm": lambda: base + "/articles?limit=20&q=" + rnd.choice(WORDS),
        "article": lambda: f"{base}/articles/{rnd.randint(1, n_articles)}",
        "dossier": lambda: base + "/partners/" + urllib.request.quote(rnd.choice(partners)["partner"]),
        "entity": lambda: base + "/entities/" + urllib.request.quote(rnd.choice(ents)["id"], safe=":"),
        "graph": lambda: base + "/graph",
    }
    print(f"{n_articles} articles; {args.requests} requests per endpoint, one at a time on loopback")
    for name, url in endpoints.items():
        times, errors, slowest, urls = [], 0, (0.0, ""), []
        for _ in range(args.requests):
            status, dt, _ = get(u := url())
            times.append(dt)
            urls.append(u)
            errors += status != 200
            slowest = max(slowest, (dt, u))
        print(f"  {name:11} p50 {pct(times, 50):7.1f} ms  p95 {pct(times, 95):7.1f} ms  "
              f"mean {statistics.mean(times) * 1000:7.1f} ms  errors {errors}", flush=True)
        if name == "search-cold":
            alone = [t for t, u in zip(times, urls, strict=True) if u.count("&") == 1]  # limit and q only
            filtered = [t for t, u in zip(times, urls, strict=True) if u.count("&") > 1]
            for label, xs in (("query alone", alone), ("with filters", filtered)):
                if xs:
                    print(f"  {'':11} {label}: {len(xs)} requests, p50 {pct(xs, 50):.1f} ms  p95 {pct(xs, 95):.1f} ms")
            print(f"  {'':11} slowest {slowest[0] * 1000:.0f} ms: {urllib.request.unquote(slowest[1][len(base):])}")
    if args.writer:
        extra = tmp / "extra"
        done = threading.Event()

        def write() -> None:
            try:
                from coopgraph.pipeline import ingest
                from coopgraph.store import Store

                extra.mkdir(parents=True, exist_ok=True)
                generate(args.writer, extra, seed=99)
                store = Store.open(db)
                try:
                    ingest([str(extra)], store, Settings(db=str(db), quiet=True), progress=False)
                finally:
                    store.close()
            finally:
                done.set()

        threading.Thread(target=write, daemon=True).start()
        sent = errors = 0
        while not done.is_set():
            for url in endpoints.values():
                status, _, body = get(url())
                sent += 1
                if status != 200:
                    errors += 1
                    print(f"  reader error {status}: {body[:200]!r}")
        print(f"while ingesting {args.writer} articles: {sent} reader requests, {errors} errors")
    server.should_exit = True


if __name__ == "__main__":
    main()
