"""Re-measure extraction quality on the gold sets and print (or --write) tests/eval_baseline.json.

Floors are the measured scores rounded down to two decimals: a change that lowers any of them
fails the eval gate (tests/test_eval_gate.py). Run after an improvement to raise the floors:

    python scripts/update_baseline.py --write
"""
from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

from coopgraph.evaluate import score
from coopgraph.extract.orgs import org_alias_key
from coopgraph.extract.partners import place_alias_key
from coopgraph.ingest import iter_documents
from coopgraph.pipeline import process_many
from coopgraph.resources import sample_corpus_path
from coopgraph.serialize import to_record
from coopgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COOPGRAPH_SHARED") or ROOT.parent / "shared")
SETS = {
    "seeds": (SHARED / "seeds", SHARED / "eval" / "seeds" / "gold.jsonl"),
    "eval": (ROOT / "tests" / "corpus" / "eval", ROOT / "tests" / "gold" / "eval.jsonl"),
    "sample": (sample_corpus_path(), ROOT / "tests" / "gold" / "sample.jsonl"),
}


def measure(corpus: Path, gold_file: Path) -> dict[str, float]:
    settings = Settings()
    pred = [to_record(r, provenance=False) for r in process_many(iter_documents([str(corpus)], settings), settings)
            if not hasattr(r, "stage")]
    gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = score(gold, pred, org_aliases=org_alias_key, place_aliases=place_alias_key)
    floors = {}
    for row in report.rows():
        value = row["f1"] if row["metric"] == "f1" else row["accuracy"]
        if value is not None:
            floors[f"{row['field']}.{row['metric']}"] = math.floor(value * 100) / 100
    return floors


def main() -> None:
    baseline = {name: measure(*paths) for name, paths in SETS.items() if paths[0].exists()}
    text = json.dumps(baseline, indent=2, sort_keys=True) + "\n"
    if "--write" in sys.argv:
        (ROOT / "tests" / "eval_baseline.json").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
