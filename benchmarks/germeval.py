"""Names in general German: persons, organizations and places found by coopgraph on GermEval 2014.

    python benchmarks/germeval.py [--file dev|test] [--limit N] [--show K]

coopgraph is built for news about economic cooperation, but its name finders must not fire on ordinary
German (a rule that only works on the texts it was tuned on shows up here as low precision). The GermEval
2014 NER sentences (CC BY 4.0, read from ../shared/data/ner-de/germeval2014, never copied into the repo)
are grouped into pseudo-articles of 20 sentences, one paragraph each, and run through the real pipeline
(`pipeline.process`). Every fact span is mapped back to the raw text with the article's offset map and
compared with the outer-level gold spans:

    PER <- persons (full-name and surname mentions)   ORG <- organizations   LOC <- places (not adjectives)

A prediction is correct when it overlaps a gold span of its type; a gold span is found when a prediction
of its type overlaps it (lenient overlap: boundaries differ between the two conventions, e.g. GermEval tags
"Minsker" as LOC-deriv, which is not counted here). Prints precision, recall and F1 per type and the most
frequent false positives, the errors worth reading first.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COOPGRAPH_SHARED") or ROOT.parent / "shared")
DATA = SHARED / "data" / "ner-de" / "germeval2014"
TYPES = ("PER", "ORG", "LOC")


def read_sentences(path: Path) -> list[tuple[list[str], list[str]]]:
    """(tokens, outer labels) per sentence; comment lines (source URL) are skipped."""
    out: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    labels: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if toks:
                out.append((toks, labels))
            toks, labels = [], []
            continue
        cols = line.split("\t")
        toks.append(cols[1])
        labels.append(cols[2])
    if toks:
        out.append((toks, labels))
    return out


def build_document(sentences: list[tuple[list[str], list[str]]]) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The raw text (one sentence a paragraph) and the gold spans by type (outer level, no deriv/part)."""
    parts: list[str] = []
    gold: dict[str, list[tuple[int, int]]] = {t: [] for t in TYPES}
    pos = 0
    for toks, labels in sentences:
        cur: tuple[str, int, int] | None = None
        for i, (tok, lab) in enumerate(zip(toks, labels)):
            if i:
                parts.append(" ")
                pos += 1
            start, end = pos, pos + len(tok)
            parts.append(tok)
            pos = end
            kind = lab[2:] if lab != "O" else None
            if lab.startswith("I-") and cur and cur[0] == kind:
                cur = (cur[0], cur[1], end)
                continue
            if cur and cur[0] in gold:
                gold[cur[0]].append((cur[1], cur[2]))
            cur = (kind, start, end) if lab.startswith("B-") and kind in TYPES else None
        if cur and cur[0] in gold:
            gold[cur[0]].append((cur[1], cur[2]))
        parts.append("\n\n")
        pos += 2
    return "".join(parts), gold


def predicted_spans(text: str, doc_id: str) -> dict[str, list[tuple[int, int]]]:
    from coopgraph.models import RawDoc, Reject
    from coopgraph.pipeline import process

    result = process(RawDoc(id=doc_id, source=doc_id, fmt="text", content=text))
    spans: dict[str, list[tuple[int, int]]] = {t: [] for t in TYPES}
    if isinstance(result, Reject):
        return spans
    art = result.article

    def raw(start: int, end: int) -> tuple[int, int] | None:
        try:
            return art.raw_offset(start), art.raw_offset(end - 1) + 1
        except IndexError:
            return None

    text = art.text
    # names only: a person's pronoun and role-noun mentions ("er", "der Präsident") are anaphors, and a
    # place's adjective ("deutschen") is what GermEval tags LOC-deriv, which is not scored here
    found = [("PER", s, e) for p in result.persons for s, e in (p.mentions or [(p.start, p.end)])
             if text[s:e].split()[-1].casefold() == p.name.split()[-1].casefold()]
    found += [("ORG", o.start, o.end) for o in result.organizations]
    found += [("LOC", p.start, p.end) for p in result.places if text[p.start:p.start + 1].isupper()]
    for kind, s, e in found:
        span = raw(s, e)
        if span:
            spans[kind].append(span)
    return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="coopgraph's name finders on GermEval 2014")
    ap.add_argument("--file", choices=("dev", "test"), default="dev")
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    ap.add_argument("--show", type=int, default=15, help="most frequent false positives to print per type")
    args = ap.parse_args(argv)
    path = DATA / f"NER-de-{args.file}.tsv"
    if not path.is_file():
        print(f"{path} is not present: GermEval lives only in ../shared/data/ner-de", file=sys.stderr)
        return 1
    from coopgraph.extract import warm_up

    warm_up()
    sentences = read_sentences(path)
    if args.limit:
        sentences = sentences[:args.limit]
    tp_pred = Counter[str]()
    n_pred = Counter[str]()
    tp_gold = Counter[str]()
    n_gold = Counter[str]()
    false_pos: dict[str, Counter[str]] = {t: Counter() for t in TYPES}
    for n in range(0, len(sentences), 20):
        text, gold = build_document(sentences[n:n + 20])
        pred = predicted_spans(text, f"germeval-{args.file}-{n}")
        for kind in TYPES:
            for p in pred[kind]:
                n_pred[kind] += 1
                if any(overlaps(p, g) for g in gold[kind]):
                    tp_pred[kind] += 1
                else:
                    false_pos[kind][text[p[0]:p[1]]] += 1
            for g in gold[kind]:
                n_gold[kind] += 1
                tp_gold[kind] += any(overlaps(p, g) for p in pred[kind])
    print(f"GermEval 2014 {args.file}: {len(sentences)} sentences")
    print(f"{'type':<5} {'pred':>6} {'gold':>6} {'precision':>9} {'recall':>7} {'f1':>6}")
    for kind in TYPES:
        p = tp_pred[kind] / n_pred[kind] if n_pred[kind] else 0.0
        r = tp_gold[kind] / n_gold[kind] if n_gold[kind] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{kind:<5} {n_pred[kind]:>6} {n_gold[kind]:>6} {p:>9.3f} {r:>7.3f} {f:>6.3f}")
    for kind in TYPES:
        top = ", ".join(f"{s!r}x{c}" for s, c in false_pos[kind].most_common(args.show))
        print(f"false positives {kind}: {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
