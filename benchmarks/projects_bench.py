"""Milliseconds per article of the joint-project finder on the bundled sample corpus.

    python benchmarks/projects_bench.py [--rounds 20]

(Moved out of the test suite: speed is measured here, never asserted in a unit test.)"""
from __future__ import annotations

import argparse
import time

from coopgraph.clean import clean
from coopgraph.extract.orgs import find_orgs
from coopgraph.extract.projects import find_projects
from coopgraph.extract.sentences import split_sentences
from coopgraph.ingest import iter_documents
from coopgraph.resources import sample_corpus_path
from coopgraph.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    from coopgraph.extract import lexicon

    articles = [clean(item) for item in iter_documents([str(sample_corpus_path())], Settings())
                if hasattr(item, "content")]
    inputs = []
    for art in articles:
        places = [h for h in lexicon.places().find(art.text)]
        from coopgraph.extract.hits import PlaceHit

        hits = [PlaceHit(s, e, v[0][0], v[0][1]) for s, e, v in places]
        inputs.append((art.text, split_sentences(art.text), hits, find_orgs(art.text, hits)))
    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for text, sentences, hits, orgs in inputs:
            find_projects(text, sentences, hits, orgs)
    per = (time.perf_counter() - t0) / (args.rounds * len(inputs))
    print(f"find_projects: {per * 1000:.3f} ms per article ({len(inputs)} sample articles x {args.rounds} rounds)")


if __name__ == "__main__":
    main()
