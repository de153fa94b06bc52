"""Re-measure extraction quality on the gold sets and print (or --write) tests/eval_baseline.json.

Floors are the measured scores rounded down to two decimals; the gold files are pinned by digest. A
change that lowers any floor fails the eval gate (tests/test_eval_gate.py). Run after an improvement:

    python scripts/update_baseline.py --write

Lowering a floor is refused unless --allow-regression is given (then say why in the commit message).
A set whose files are absent (../shared missing) keeps its pinned floors and digest.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from eval_sets import BASELINE_FILE, DIGESTS, SETS, available, digest, floors_of, load_baseline, measure


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="write tests/eval_baseline.json")
    ap.add_argument("--allow-regression", action="store_true", help="accept floors lower than the pinned ones")
    args = ap.parse_args()
    old = load_baseline() if BASELINE_FILE.exists() else {}
    new = {DIGESTS: dict(old.get(DIGESTS, {}))}
    lowered = []
    for name in SETS:
        if not available(name):
            if name in old:
                new[name] = old[name]
            print(f"{name}: not present, pinned floors kept", file=sys.stderr)
            continue
        report, _ = measure(name)
        floors = floors_of(report)
        same_gold = old.get(DIGESTS, {}).get(name) == digest(name)
        for key, value in old.get(name, {}).items():
            if key in floors and floors[key] < value:
                lowered.append(f"{name} {key}: {value:.2f} -> {floors[key]:.2f}"
                               + ("" if same_gold else " (gold file changed)"))
        new[name] = floors
        new[DIGESTS][name] = digest(name)
    text = json.dumps(new, indent=2, sort_keys=True) + "\n"
    print(text)
    if lowered:
        print("floors that would drop:\n  " + "\n  ".join(lowered), file=sys.stderr)
        if not args.allow_regression:
            print("refusing to lower floors; fix the regression or pass --allow-regression", file=sys.stderr)
            return 1
    if args.write:
        BASELINE_FILE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
