#!/usr/bin/env python3
"""Validate coopgraph's name lexicons for person recognition.

Three packaged files in src/coopgraph/data/ are checked:

* given_names.jsonl    one row per spelling of a given name, e.g.
  {"id": "given:wiktor", "name": "Wiktor", "gender": "m", "origin": "slavic",
   "variants": ["Viktor", "Victor"]}
  optional keys, in this order: "canonical" (the German/BelTA form of the group when it
  differs from "name"), "kind" ("family_first": a Vietnamese family name, which stands
  first in a person name), "ambiguous" (true) with "note" (why: a German noun, a place,
  a month, a title ...).
* known_persons.jsonl  officials who recur in the news, with aliases and dated roles.
* name_stopwords.jsonl capitalised words that stand next to names but are never part of
  one (titles, months, pronouns, nationality nouns, sentence openers ...).

    python scripts/check_names.py            # validate, print counts and cross-checks
    python scripts/check_names.py --quiet    # print errors only; exit code 1 on any

Checks: every line parses; keys present and in order; ids unique and derived from the
name (umlauts folded to ae/oe/ue/ss, other diacritics stripped); genders, origins and
kinds from a closed list; every variant of a given name is itself a row (or differs from
one only by diacritics); ambiguous rows carry a note; person countries and region codes
exist in pycountry (and a region lies in the person's country); role years are four
digits with from <= to; aliases contain the name and are unique across persons (ignoring case and
diacritics; spellings that differ only by diacritics may stand side by side in one row); a
one-word alias (surname alone) is not a given name, not a stop word, not on the list of
non-distinctive surnames and at least four letters long; stop words are unique single
capitalised tokens. A stop word that is also a given name must be flagged ambiguous.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "coopgraph" / "data"

GIVEN_REQUIRED = ["id", "name", "gender", "origin", "variants"]
GIVEN_OPTIONAL = ["canonical", "kind", "ambiguous", "note"]
PERSON_REQUIRED = ["id", "name", "country", "aliases", "roles"]
PERSON_OPTIONAL = ["note"]
ROLE_REQUIRED = ["role", "from", "to"]
ROLE_OPTIONAL = ["region", "organization"]
STOP_KEYS = ["id", "word"]

GENDERS = {"m", "f", "u"}
ORIGINS = {
    "slavic", "south_slavic", "german", "tatar_bashkir", "caucasian", "kazakh", "uzbek",
    "kyrgyz", "tajik", "turkmen", "azerbaijani", "armenian", "georgian", "arabic",
    "persian", "turkish", "south_asian", "hungarian", "vietnamese", "latin_american",
    "african", "international",
}
KINDS = {"family_first"}
ORGANIZATIONS = {"EAWU", "GUS", "Unionsstaat", "OVKS", "SOZ"}

# Surnames that are never enough on their own (shared by too many people in this news).
NON_DISTINCTIVE = {
    "li", "wang", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu",
    "sun", "ma", "hu", "zhu", "guo", "he", "lin", "kim", "park", "lee", "ali", "khan",
    "nguyen", "tran", "le", "pham", "rodriguez", "garcia", "lopez", "sharif",
    "dschaparow", "japarov", "berdimuhamedow", "berdimuhamedov", "patruschew",
    "patrushev", "nowak", "novak", "lebedew", "lebedev", "sokolow", "sokolov",
    "nikolajew", "nikolaev", "ivanov", "iwanow", "petrov", "petrow", "smirnow",
    "smirnov", "kusnezow", "kuznetsov", "popow", "popov", "subbotin", "jefimow",
    "yefimov", "gorlow", "gorlov", "moros", "moroz", "lut", "gil", "hassan",
}
# One-word aliases shorter than four letters that are nevertheless unambiguous here.
SHORT_OK = {"xi"}

YEAR = re.compile(r"^(19|20)\d\d$")
NAME_TOKEN = re.compile(r"^[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*$")
SLUG = re.compile(r"^[a-z0-9_]+$")


def fold(s: str) -> str:
    """Id slug / comparison key: lower case, umlauts as ae/oe/ue/ss, diacritics stripped."""
    s = s.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    s = s.replace("ł", "l").replace("đ", "d").replace("ı", "i").replace("ə", "a")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"['’.]", "", s)
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")


def read_jsonl(path: Path, rep: Report) -> list[tuple[int, dict]]:
    rows: list[tuple[int, dict]] = []
    if not path.is_file():
        rep.error(path.name, "file missing")
        return rows
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                rep.error(f"{path.name}:{lineno}", "blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                rep.error(f"{path.name}:{lineno}", f"invalid JSON ({exc.msg})")
                continue
            if not isinstance(obj, dict):
                rep.error(f"{path.name}:{lineno}", "not a JSON object")
                continue
            rows.append((lineno, obj))
    return rows


def check_keys(where: str, obj: dict, required: list[str], optional: list[str], rep: Report) -> bool:
    keys = list(obj)
    missing = [k for k in required if k not in obj]
    unknown = [k for k in keys if k not in required and k not in optional]
    if missing:
        rep.error(where, f"missing keys {missing}")
    if unknown:
        rep.error(where, f"unknown keys {unknown}")
    if missing or unknown:
        return False
    expected = required + [k for k in optional if k in obj]
    if keys != expected:
        rep.error(where, f"key order {keys}, expected {expected}")
    return True


# --------------------------------------------------------------------------- given names

def check_given(rows: list[tuple[int, dict]], rep: Report) -> dict[str, dict]:
    index: dict[str, dict] = {}
    for lineno, r in rows:
        where = f"given_names.jsonl:{lineno}"
        if not check_keys(where, r, GIVEN_REQUIRED, GIVEN_OPTIONAL, rep):
            continue
        name = r["name"]
        if not isinstance(name, str) or not name:
            rep.error(where, "name must be a non-empty string")
            continue
        where = f"{where} ({name})"
        if not NAME_TOKEN.match(name) or not name[0].isupper():
            rep.error(where, "name must be one capitalised token (hyphens allowed)")
        key = fold(name)
        if r["id"] != f"given:{key}":
            rep.error(where, f"id {r['id']!r} should be 'given:{key}'")
        if key in index:
            rep.error(where, f"duplicate of {index[key]['name']!r} (same id)")
            continue
        index[key] = r
        if r["gender"] not in GENDERS:
            rep.error(where, f"gender {r['gender']!r} not in {sorted(GENDERS)}")
        if r["origin"] not in ORIGINS:
            rep.error(where, f"origin {r['origin']!r} not in the closed list")
        v = r["variants"]
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            rep.error(where, "variants must be a list of strings")
        elif name in v or len(set(v)) != len(v):
            rep.error(where, "variants contain the name itself or duplicates")
        if "kind" in r and r["kind"] not in KINDS:
            rep.error(where, f"kind {r['kind']!r} not in {sorted(KINDS)}")
        if "ambiguous" in r:
            if r["ambiguous"] is not True:
                rep.error(where, "ambiguous is present only as true")
            if not isinstance(r.get("note"), str) or not r["note"].strip():
                rep.error(where, "an ambiguous row needs a note")
        elif "note" in r:
            rep.error(where, "note without ambiguous")
    # every variant and canonical form must resolve to a row
    for key, r in index.items():
        for v in r["variants"] if isinstance(r["variants"], list) else []:
            if fold(v) not in index:
                rep.error(f"given:{key}", f"variant {v!r} has no row of its own")
        if "canonical" in r:
            c = r["canonical"]
            if fold(c) not in index:
                rep.error(f"given:{key}", f"canonical {c!r} has no row")
            elif fold(c) == key:
                rep.error(f"given:{key}", "canonical equals the name; leave it out")
    return index


# --------------------------------------------------------------------------- persons

def check_persons(rows: list[tuple[int, dict]], given: dict[str, dict], stops: dict[str, str],
                  rep: Report) -> list[dict]:
    try:
        import pycountry
    except ImportError:  # pragma: no cover
        rep.error("known_persons.jsonl", "pycountry is not installed; run with the project venv")
        return []
    ok: list[dict] = []
    seen_ids: set[str] = set()
    alias_owner: dict[str, str] = {}
    for lineno, r in rows:
        where = f"known_persons.jsonl:{lineno}"
        if not check_keys(where, r, PERSON_REQUIRED, PERSON_OPTIONAL, rep):
            continue
        where = f"{where} ({r['name']})"
        cc = r["country"]
        if not isinstance(cc, str) or pycountry.countries.get(alpha_2=cc) is None:
            rep.error(where, f"country {cc!r} is not an ISO 3166-1 alpha-2 code")
            continue
        pid = r["id"]
        prefix = f"person:{cc.lower()}:"
        if not isinstance(pid, str) or not pid.startswith(prefix) or not SLUG.match(pid[len(prefix):]):
            rep.error(where, f"id {pid!r} should be '{prefix}<surname>_<given>' in [a-z0-9_]")
        if pid in seen_ids:
            rep.error(where, f"duplicate id {pid!r}")
        seen_ids.add(pid)
        aliases = r["aliases"]
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            rep.error(where, "aliases must be a list of non-empty strings")
            continue
        if r["name"] not in aliases:
            rep.error(where, "aliases must contain the name")
        if len(set(aliases)) != len(aliases):
            rep.error(where, "aliases repeat")
        folded = [fold(a) for a in aliases]
        for a, fa in dict(zip(aliases, folded)).items():
            other = alias_owner.get(fa)
            if other and other != pid:
                rep.error(where, f"alias {a!r} also belongs to {other}")
            alias_owner[fa] = pid
            if " " not in a:  # a surname (or name) on its own
                bare = fa.replace("_", "")
                if fa in NON_DISTINCTIVE:
                    rep.error(where, f"one-word alias {a!r} is not distinctive")
                if len(bare) < 4 and fa not in SHORT_OK:
                    rep.error(where, f"one-word alias {a!r} is too short")
                if fa in given:
                    rep.error(where, f"one-word alias {a!r} is a given name")
                if fa in stops:
                    rep.error(where, f"one-word alias {a!r} is a stop word")
        roles = r["roles"]
        if not isinstance(roles, list) or not roles:
            rep.error(where, "roles must be a non-empty list")
            continue
        for i, role in enumerate(roles):
            rw = f"{where} role {i}"
            if not isinstance(role, dict) or not check_keys(rw, role, ROLE_REQUIRED, ROLE_OPTIONAL, rep):
                continue
            if not isinstance(role["role"], str) or not role["role"].strip():
                rep.error(rw, "role must be a non-empty string")
            for k in ("from", "to"):
                y = role[k]
                if y is not None and (not isinstance(y, str) or not YEAR.match(y)):
                    rep.error(rw, f"{k} must be a four-digit year string or null, got {y!r}")
            if role["from"] and role["to"] and role["from"] > role["to"]:
                rep.error(rw, f"from {role['from']} is after to {role['to']}")
            if "region" in role:
                code = role["region"]
                sub = pycountry.subdivisions.get(code=code) if isinstance(code, str) else None
                if sub is None:
                    rep.error(rw, f"region {code!r} is not an ISO 3166-2 code")
                elif sub.country_code != cc:
                    rep.error(rw, f"region {code} is not in {cc}")
            if "organization" in role and role["organization"] not in ORGANIZATIONS:
                rep.error(rw, f"organization {role['organization']!r} not in {sorted(ORGANIZATIONS)}")
        if "note" in r and (not isinstance(r["note"], str) or not r["note"].strip()):
            rep.error(where, "note must be a non-empty string")
        # the first name should be a known given name (not for family-first or mononymous names)
        first = r["name"].split()[0]
        if cc not in {"CN", "VN", "ID"} and fold(first) not in given:
            rep.warn(where, f"first name {first!r} is not in given_names.jsonl")
        ok.append(r)
    return ok


# --------------------------------------------------------------------------- stop words

def check_stops(rows: list[tuple[int, dict]], rep: Report) -> dict[str, str]:
    index: dict[str, str] = {}
    for lineno, r in rows:
        where = f"name_stopwords.jsonl:{lineno}"
        if not check_keys(where, r, STOP_KEYS, [], rep):
            continue
        w = r["word"]
        if not isinstance(w, str) or not w or " " in w or not w[0].isupper():
            rep.error(where, f"word {w!r} must be one capitalised token")
            continue
        key = fold(w)
        if r["id"] != f"stop:{key}":
            rep.error(where, f"id {r['id']!r} should be 'stop:{key}'")
        if key in index:
            rep.error(where, f"duplicate of {index[key]!r}")
            continue
        index[key] = w
    return index


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=DATA)
    ap.add_argument("--quiet", action="store_true", help="print errors only")
    args = ap.parse_args(argv)

    rep = Report()
    d = args.data_dir
    given_rows = read_jsonl(d / "given_names.jsonl", rep)
    person_rows = read_jsonl(d / "known_persons.jsonl", rep)
    stop_rows = read_jsonl(d / "name_stopwords.jsonl", rep)

    given = check_given(given_rows, rep)
    stops = check_stops(stop_rows, rep)
    persons = check_persons(person_rows, given, stops, rep)

    # a stop word that is also a given name must be flagged on the given-name side
    overlap = sorted(k for k in stops if k in given)
    for k in overlap:
        if not given[k].get("ambiguous"):
            rep.error(f"given:{k}", f"{given[k]['name']!r} is also a stop word; mark it ambiguous")

    for e in rep.errors:
        print("ERROR", e)
    if not args.quiet:
        for w in rep.warnings:
            print("WARN ", w)
        print(f"\ngiven_names.jsonl: {len(given)} rows "
              f"({sum(1 for r in given.values() if 'canonical' not in r)} canonical forms)")
        g = Counter(r["gender"] for r in given.values())
        print("  gender: " + ", ".join(f"{k}={g[k]}" for k in sorted(g)))
        o = Counter(r["origin"] for r in given.values())
        print("  origin: " + ", ".join(f"{k}={v}" for k, v in o.most_common()))
        amb = [r["name"] for r in given.values() if r.get("ambiguous")]
        print(f"  ambiguous: {len(amb)} ({', '.join(sorted(amb))})")
        fam = [r["name"] for r in given.values() if r.get("kind") == "family_first"]
        print(f"  family_first: {len(fam)}")
        print(f"\nknown_persons.jsonl: {len(persons)} persons, "
              f"{sum(len(p['aliases']) for p in persons)} aliases, "
              f"{sum(len(p['roles']) for p in persons)} roles")
        c = Counter(p["country"] for p in persons)
        print("  country: " + ", ".join(f"{k}={v}" for k, v in c.most_common()))
        current = sum(1 for p in persons if any(r["to"] is None for r in p["roles"]))
        print(f"  with a current role (to = null): {current}")
        regions = defaultdict(int)
        for p in persons:
            for r in p["roles"]:
                if "region" in r:
                    regions[r["region"].split("-")[0]] += 1
        print("  regional roles: " + ", ".join(f"{k}={v}" for k, v in sorted(regions.items())))
        noted = [p["name"] for p in persons if "note" in p]
        print(f"  with a note: {len(noted)}")
        print(f"\nname_stopwords.jsonl: {len(stops)} words")
        print(f"  also a given name (flagged ambiguous there): "
              f"{', '.join(stops[k] for k in overlap) or 'none'}")
        print(f"\n{len(rep.errors)} errors, {len(rep.warnings)} warnings")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
