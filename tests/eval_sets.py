"""The gold sets of the eval gate, shared by tests/test_eval_gate.py and scripts/update_baseline.py.

Each set is (corpus path, gold file). Real articles (seeds, dev) live only in ../shared; a set whose
files are absent is skipped by the gate and left as pinned by the script."""
from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any

from coopgraph.evaluate import Report, score
from coopgraph.extract.orgs import org_alias_key
from coopgraph.extract.partners import place_alias_key
from coopgraph.resources import sample_corpus_path
from coopgraph.serialize import extract_records
from coopgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COOPGRAPH_SHARED") or ROOT.parent / "shared")
BASELINE_FILE = ROOT / "tests" / "eval_baseline.json"
DIGESTS = "_digests"  # key of eval_baseline.json that pins the gold files the floors were measured on

SETS: dict[str, tuple[Path, Path]] = {
    "seeds": (SHARED / "seeds", SHARED / "eval" / "seeds" / "gold.jsonl"),
    "dev": (SHARED / "eval" / "dev" / "articles.jsonl", SHARED / "eval" / "dev" / "gold.jsonl"),
    "eval": (ROOT / "tests" / "corpus" / "eval", ROOT / "tests" / "gold" / "eval.jsonl"),
    "sample": (sample_corpus_path(), ROOT / "tests" / "gold" / "sample.jsonl"),
}


def available(name: str) -> bool:
    corpus, gold = SETS[name]
    return corpus.exists() and gold.is_file()


def digest(name: str) -> str:
    return "sha256:" + hashlib.sha256(SETS[name][1].read_bytes()).hexdigest()


def measure(name: str) -> tuple[Report, list[str]]:
    """Score the set; also returns the reject lines (a gold set must have none)."""
    corpus, gold_file = SETS[name]
    rejects: list[str] = []
    pred = extract_records([str(corpus)], Settings(), provenance=False, on_reject=lambda r: rejects.append(r.line()))
    gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return score(gold, pred, org_aliases=org_alias_key, place_aliases=place_alias_key), rejects


def floors_of(report: Report) -> dict[str, float]:
    """Every scored metric rounded down to two decimals, plus the core mean."""
    floors: dict[str, float] = {}
    for row in report.rows():
        value = row["f1"] if row["metric"] == "f1" else row["accuracy"]
        if value is not None:
            floors[f"{row['field']}.{row['metric']}"] = math.floor(value * 100) / 100
    if report.core_mean is not None:
        floors["core_mean"] = math.floor(report.core_mean * 100) / 100
    return floors


def load_baseline() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BASELINE_FILE.read_text(encoding="utf-8"))
    return data
