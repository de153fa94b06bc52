#!/usr/bin/env python3
"""Validate the rule lexicons in src/coopgraph/data/.

Checks organizations.jsonl, roles.jsonl, sectors.jsonl, figure_cues.jsonl and demonyms.jsonl:
every line parses as JSON, keys are present and in the documented order, ids are unique (within
and across the five files), enumerated values come from their vocabularies, ISO 3166 codes are
valid (pycountry), and surface forms do not collide between rows.  Prints row counts and exits
non-zero when an error was found.

    python scripts/check_lexicons.py [--data-dir DIR] [--audit]

--audit additionally lists, for every "stem" pattern in sectors.jsonl and figure_cues.jsonl, the
most frequent German words that contain it without starting with it (from spacy-lookups-data, if
installed): a quick way to spot a stem that fires inside unrelated words ("sport" in "Transport").
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

try:
    import pycountry
except ImportError:  # pragma: no cover - reported as an error below
    pycountry = None

SECTOR_VOCAB = {
    "agricultural_machinery", "agriculture", "automotive", "aviation", "biotechnology", "chemicals",
    "construction", "culture", "defense", "e_commerce", "education", "elevators", "emergency_vehicles",
    "energy", "ev_charging", "fertilizers", "finance", "food", "forestry_machinery", "housing_utilities",
    "industry", "it", "light_industry", "logistics", "machine_building", "machine_tools", "medical",
    "metallurgy", "microelectronics", "mining_equipment", "petrochemicals", "pharmaceuticals",
    "public_transport", "science", "security", "services", "shipbuilding", "sport", "tourism", "trade",
    "transport", "veterinary_pharma",
}
METRICS = {"trade_turnover", "exports", "imports", "investment", "production_capacity", "project_count",
           "growth", "other"}
CUE_VALUES = {"metric": METRICS, "kind": {"actual", "target", "forecast"}, "sign": {"negative", "positive"}}
ORG_KINDS = {"company", "ministry", "agency", "union", "bank", "association", "committee", "embassy",
             "university", "other"}
ROLE_KINDS = {"head_of_state", "head_of_government", "deputy_head_of_government", "minister", "deputy_minister",
              "governor", "regional_head", "mayor", "diplomat", "parliament", "executive", "official", "expert",
              "religious", "sport", "culture"}
MATCH = {"stem", "word"}
PATTERNS_PER_SECTOR = (6, 25)

KEYS = {
    "organizations.jsonl": [["id", "name", "kind", "country", "aliases"]],
    "roles.jsonl": [["id", "title", "kind", "forms", "anaphor"]],
    "sectors.jsonl": [["id", "sector", "pattern", "match"]],
    "figure_cues.jsonl": [["id", "type", "value", "pattern", "match"]],
    "demonyms.jsonl": [["id", "country", "adjective", "people"], ["id", "country", "region", "adjective", "people"]],
}


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"ERROR {where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"warning {where}: {msg}")


def load(path: Path, rep: Report) -> list[tuple[str, dict]]:
    rows = []
    if not path.exists():
        rep.error(path.name, "file missing")
        return rows
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        if not line.strip():
            rep.error(where, "blank line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            rep.error(where, f"invalid JSON ({exc})")
            continue
        if not isinstance(row, dict):
            rep.error(where, "row is not a JSON object")
            continue
        if list(row) not in KEYS[path.name]:
            rep.error(where, f"keys {list(row)} != {' or '.join(map(str, KEYS[path.name]))}")
        rows.append((where, row))
    return rows


def nonempty_str(v) -> bool:
    return isinstance(v, str) and v.strip() == v and v != ""


def str_list(v, allow_empty=False) -> bool:
    return isinstance(v, list) and (allow_empty or v) and all(nonempty_str(x) for x in v)


def valid_country(code) -> bool:
    return pycountry is not None and isinstance(code, str) and pycountry.countries.get(alpha_2=code) is not None


def valid_subdivision(code) -> bool:
    return pycountry is not None and isinstance(code, str) and pycountry.subdivisions.get(code=code) is not None


def check_ids(name: str, rows, rep: Report, all_ids: dict) -> None:
    for where, row in rows:
        rid = row.get("id")
        if not nonempty_str(rid):
            rep.error(where, "id missing or not a clean string")
            continue
        if rid in all_ids:
            rep.error(where, f"duplicate id {rid!r} (first at {all_ids[rid]})")
        else:
            all_ids[rid] = where


def check_organizations(rows, rep: Report) -> None:
    seen: dict[str, str] = {}
    for where, r in rows:
        if not str(r.get("id", "")).startswith("org:"):
            rep.error(where, "id must start with 'org:'")
        if not nonempty_str(r.get("name")):
            rep.error(where, "name missing")
        if r.get("kind") not in ORG_KINDS:
            rep.error(where, f"kind {r.get('kind')!r} not in {sorted(ORG_KINDS)}")
        if r.get("country") is not None and not valid_country(r.get("country")):
            rep.error(where, f"country {r.get('country')!r} is not an ISO 3166-1 alpha-2 code")
        if r.get("kind") == "ministry" and r.get("country") is not None:
            rep.warn(where, "ministry rows are expected to have country null")
        aliases = r.get("aliases")
        if not str_list(aliases):
            rep.error(where, "aliases must be a non-empty list of strings")
            continue
        if r.get("name") not in aliases:
            rep.error(where, "name is not among the aliases")
        if len(set(aliases)) != len(aliases):
            rep.error(where, "duplicate alias in row")
        for a in aliases:
            if a == a.lower():
                rep.error(where, f"alias {a!r} is all lower case (aliases must not be ordinary lower-case words)")
            key = a.casefold()
            if key in seen and seen[key] != r.get("id"):
                rep.error(where, f"alias {a!r} also belongs to {seen[key]}")
            seen[key] = r.get("id")


def check_roles(rows, rep: Report) -> None:
    seen: dict[str, str] = {}
    for where, r in rows:
        if not str(r.get("id", "")).startswith("role:"):
            rep.error(where, "id must start with 'role:'")
        if not nonempty_str(r.get("title")):
            rep.error(where, "title missing")
        if r.get("kind") not in ROLE_KINDS:
            rep.error(where, f"kind {r.get('kind')!r} not in {sorted(ROLE_KINDS)}")
        if not isinstance(r.get("anaphor"), bool):
            rep.error(where, "anaphor must be true or false")
        forms = r.get("forms")
        if not str_list(forms):
            rep.error(where, "forms must be a non-empty list of strings")
            continue
        if r.get("title") not in forms:
            rep.error(where, "title is not among the forms")
        if len(set(forms)) != len(forms):
            rep.error(where, "duplicate form in row")
        for f in forms:
            if f in seen and seen[f] != r.get("id"):
                rep.error(where, f"form {f!r} also belongs to {seen[f]}")
            seen[f] = r.get("id")


def check_pattern(where: str, r: dict, rep: Report) -> None:
    p = r.get("pattern")
    if not nonempty_str(p):
        rep.error(where, "pattern missing")
        return
    if p != p.lower():
        rep.error(where, f"pattern {p!r} must be lower case")
    if "  " in p:
        rep.error(where, f"pattern {p!r} has a double space")
    if r.get("match") not in MATCH:
        rep.error(where, f"match {r.get('match')!r} not in {sorted(MATCH)}")
    if r.get("match") == "stem" and len(p) < 5:
        rep.warn(where, f"short stem {p!r}: consider match 'word'")


def check_sectors(rows, rep: Report) -> None:
    per_sector = collections.Counter()
    seen = set()
    for where, r in rows:
        s = r.get("sector")
        if s not in SECTOR_VOCAB:
            rep.error(where, f"sector {s!r} not in the vocabulary")
        if not str(r.get("id", "")).startswith(f"sector:{s}:"):
            rep.error(where, f"id must start with 'sector:{s}:'")
        check_pattern(where, r, rep)
        key = (s, r.get("pattern"))
        if key in seen:
            rep.error(where, f"pattern {r.get('pattern')!r} repeated for sector {s}")
        seen.add(key)
        per_sector[s] += 1
    lo, hi = PATTERNS_PER_SECTOR
    for s in sorted(SECTOR_VOCAB):
        if not lo <= per_sector[s] <= hi:
            rep.error("sectors.jsonl", f"sector {s} has {per_sector[s]} patterns (expected {lo}-{hi})")


def check_figure_cues(rows, rep: Report) -> None:
    seen = set()
    for where, r in rows:
        t, v = r.get("type"), r.get("value")
        if t not in CUE_VALUES:
            rep.error(where, f"type {t!r} not in {sorted(CUE_VALUES)}")
        elif v not in CUE_VALUES[t]:
            rep.error(where, f"value {v!r} not valid for type {t} ({sorted(CUE_VALUES[t])})")
        if not str(r.get("id", "")).startswith(f"{t}:{v}:"):
            rep.error(where, f"id must start with '{t}:{v}:'")
        check_pattern(where, r, rep)
        key = (t, v, r.get("pattern"))
        if key in seen:
            rep.error(where, f"pattern {r.get('pattern')!r} repeated for {t}:{v}")
        seen.add(key)


def check_demonyms(rows, rep: Report) -> None:
    seen_adj: dict[str, str] = {}
    seen_people: dict[str, str] = {}
    for where, r in rows:
        c = r.get("country")
        if not valid_country(c):
            rep.error(where, f"country {c!r} is not an ISO 3166-1 alpha-2 code")
        if "region" in r:
            reg = r.get("region")
            if not valid_subdivision(reg) or not str(reg).startswith(f"{c}-"):
                rep.error(where, f"region {reg!r} is not an ISO 3166-2 code of {c}")
            if not str(r.get("id", "")).startswith(f"adj:{reg}"):
                rep.error(where, f"id must start with 'adj:{reg}'")
        elif not str(r.get("id", "")).startswith(f"adj:{c}"):
            rep.error(where, f"id must start with 'adj:{c}'")
        a = r.get("adjective")
        if not nonempty_str(a) or a != a.lower():
            rep.error(where, f"adjective {a!r} must be a lower-case string")
        elif a in seen_adj:
            rep.error(where, f"adjective {a!r} also in {seen_adj[a]}")
        else:
            seen_adj[a] = r.get("id")
        people = r.get("people")
        if not str_list(people, allow_empty=True):
            rep.error(where, "people must be a list of strings")
            continue
        for p in people:
            if not p[:1].isupper():
                rep.error(where, f"people form {p!r} must be capitalised")
            if p in seen_people and seen_people[p] != r.get("id"):
                rep.error(where, f"people form {p!r} also in {seen_people[p]}")
            seen_people[p] = r.get("id")


def audit(data: dict, limit: int = 12) -> None:
    try:
        import gzip

        import spacy_lookups_data
    except ImportError:
        print("audit: spacy-lookups-data is not installed; skipped")
        return
    path = Path(spacy_lookups_data.__file__).parent / "data" / "de_lexeme_prob.json.gz"
    with gzip.open(path) as fh:
        probs = json.load(fh)
    words: dict[str, float] = {}
    for w, lp in probs.items():
        lw = w.lower()
        if lw.replace("-", "").isalpha():
            words[lw] = max(words.get(lw, -99.0), lp)
    vocab = [w for w, _ in sorted(words.items(), key=lambda x: -x[1])[:300000]]
    for name in ("sectors.jsonl", "figure_cues.jsonl"):
        for _, r in data.get(name, []):
            p = r.get("pattern", "")
            if r.get("match") != "stem" or " " in p:
                continue
            inner = [w for w in vocab if p in w and not w.startswith(p)][:limit]
            if inner:
                print(f"audit {r.get('id')}: {', '.join(inner)}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path,
                    default=Path(__file__).resolve().parent.parent / "src" / "coopgraph" / "data")
    ap.add_argument("--audit", action="store_true", help="list frequent words that contain each stem pattern")
    args = ap.parse_args(argv)

    rep = Report()
    if pycountry is None:
        rep.error("setup", "pycountry is not installed (pip install pycountry)")
    checkers = {
        "organizations.jsonl": check_organizations,
        "roles.jsonl": check_roles,
        "sectors.jsonl": check_sectors,
        "figure_cues.jsonl": check_figure_cues,
        "demonyms.jsonl": check_demonyms,
    }
    data, all_ids = {}, {}
    for name, fn in checkers.items():
        rows = load(args.data_dir / name, rep)
        data[name] = rows
        check_ids(name, rows, rep, all_ids)
        fn(rows, rep)

    for w in rep.warnings:
        print(w)
    for e in rep.errors:
        print(e)
    for name, rows in data.items():
        extra = ""
        if name == "sectors.jsonl":
            extra = f" ({len({r.get('sector') for _, r in rows})} sectors)"
        elif name == "figure_cues.jsonl":
            c = collections.Counter(r.get("type") for _, r in rows)
            extra = " (" + ", ".join(f"{k} {v}" for k, v in sorted(c.items())) + ")"
        elif name == "demonyms.jsonl":
            extra = f" ({sum('region' in r for _, r in rows)} regional)"
        print(f"{name}: {len(rows)} rows{extra}")
    if args.audit:
        audit(data)
    print(f"{len(rep.errors)} errors, {len(rep.warnings)} warnings")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
