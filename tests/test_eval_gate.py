"""Quality gate: extraction scored against the gold files must not fall below the pinned floors in
tests/eval_baseline.json (like trafilatura's eval gate). Raise a floor when quality improves."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coopgraph.evaluate import check_floors, format_table, score
from coopgraph.extract.orgs import org_alias_key
from coopgraph.extract.partners import place_alias_key
from coopgraph.ingest import iter_documents
from coopgraph.models import Reject
from coopgraph.pipeline import process_many
from coopgraph.resources import sample_corpus_path
from coopgraph.serialize import to_record
from coopgraph.settings import Settings

HERE = Path(__file__).parent
SHARED = Path(os.environ.get("COOPGRAPH_SHARED") or HERE.resolve().parents[1] / "shared")
BASELINE = json.loads((HERE / "eval_baseline.json").read_text(encoding="utf-8"))


# The acceptance floors of the extraction issue: the pinned baseline may only be raised above these.
REQUIRED = {
    **{f"{f}.f1": 0.90 for f in ("persons", "partners", "organizations", "figures.full", "meeting.participants",
                                 "quotes")},
    **{f"{f}.accuracy": 0.90 for f in ("persons.role", "persons.country", "figures.kind", "figures.period",
                                       "quotes.speaker")},
    "sectors.f1": 0.75,
    **{f"{f}.accuracy": 1.0 for f in ("relevant", "date", "date_partial", "dateline_place", "agency")},
}


@pytest.mark.parametrize("name", ["seeds", "eval", "sample"])
def test_baseline_keeps_the_acceptance_floors(name: str) -> None:
    low = {k: v for k, v in REQUIRED.items() if BASELINE[name].get(k, 0.0) < v}
    assert not low, f"eval_baseline.json[{name}] pins floors below the acceptance criteria: {low}"


def _predict(path: Path) -> list[dict]:
    settings = Settings()
    out = []
    for result in process_many(iter_documents([str(path)], settings), settings):
        assert not isinstance(result, Reject), result.line()
        out.append(to_record(result, provenance=False))
    return out


def _gate(name: str, corpus: Path, gold_file: Path) -> None:
    gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = score(gold, _predict(corpus), org_aliases=org_alias_key, place_aliases=place_alias_key)
    print(f"\n{name}\n{format_table(report)}")
    assert not report.missing_ids, f"no prediction for {report.missing_ids}"
    failures = check_floors(report, BASELINE[name])
    assert not failures, f"{name}: quality below the floors in eval_baseline.json:\n" + "\n".join(failures)


def test_gate_seeds() -> None:
    seeds, gold = SHARED / "seeds", SHARED / "eval" / "seeds" / "gold.jsonl"
    if not seeds.is_dir() or not gold.is_file():
        pytest.skip(f"../shared not present ({SHARED}): the seed articles and their gold live only there")
    _gate("seeds", seeds, gold)


def test_gate_eval_set() -> None:
    _gate("eval", HERE / "corpus" / "eval", HERE / "gold" / "eval.jsonl")


def test_gate_sample_corpus() -> None:
    _gate("sample", sample_corpus_path(), HERE / "gold" / "sample.jsonl")
