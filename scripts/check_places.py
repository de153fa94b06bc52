#!/usr/bin/env python3
"""Validate coopgraph's place gazetteer (src/coopgraph/data/places.jsonl) and report its coverage.

The gazetteer holds sub-national places of Belarus's partners: regions (ISO 3166-2
subdivisions) and cities, each with the German name BelTA's German edition uses and
the variants a journalist might write. Countries themselves are NOT in here; they come
from CLDR via Babel at run time.

places.jsonl is the source: edit its rows by hand (one JSON object per line, keys in
the order below), then run this checker. It never writes the file.

    python scripts/check_places.py            # validate places.jsonl, print counts
    python scripts/check_places.py --quiet    # only errors (exit code 1 on any)
    python scripts/check_places.py --path F   # validate another file (a draft)

Validation: key order, unique ids, every country/subdivision code exists in pycountry
and belongs to the row's country, the canonical name is among the aliases, aliases are
unique across rows (case-, diacritic- and hyphen-insensitive), no alias is a German
country name (those belong to the country resolver), no alias is on the stoplist of
German words and clashes, every subdivision of a fully covered country has a row, and
one capital per country. Every error names the file and line.
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
PLACES = ROOT / "src" / "coopgraph" / "data" / "places.jsonl"

REGION_KEYS = ["id", "kind", "country", "iso3166_2", "name", "aliases", "stem", "adjective"]
CITY_KEYS = ["id", "kind", "country", "iso3166_2", "name", "aliases", "capital"]

# Countries whose every ISO 3166-2 subdivision must have a region row.
FULL_COVERAGE = ["BY", "RU", "KZ", "UZ", "CN", "KG", "ID"]
# Subdivisions deliberately left out of a fully covered country: they have their own
# ISO 3166-1 code (and a German country name in CLDR), so the country resolver owns them.
SKIP_SUBDIVISIONS = {"CN-HK", "CN-MO", "CN-TW",
                     # Indonesia's "geographical units" (islands grouping provinces) are not administrations
                     "ID-JW", "ID-KA", "ID-ML", "ID-NU", "ID-PP", "ID-SL", "ID-SM"}

# Aliases that must never appear: common German words, and names that clash with a
# very frequent non-place reading in this news (companies, rivers, people).
STOPLIST = {
    "mir", "bor", "ost", "west", "nord", "süd", "oral", "kanton", "balkan", "mary",
    "engels", "taras", "nis", "leon", "valencia", "dnjepr", "moskwa", "stalingrad",
    "ho chi minh", "georgia", "jamal", "gorodok", "sumy", "kamenez", "abai", "union",
    "amur", "bata", "zentral", "mitte", "stadt", "gebiet", "region", "republik",
}

# Aliases kept although they have a second reading. Each stays in exactly one row (the
# one named here); a matcher should use context. Checked: every key must exist.
AMBIGUITIES = {
    "Brest": "city:BY:brest; also Brest in France",
    "Swetlogorsk": "city:BY:swetlogorsk (Gomel oblast); also Swetlogorsk in Kaliningrad oblast (RU-KGD)",
    "Svetlogorsk": "city:BY:swetlogorsk; also the town in RU-KGD",
    "Dserschinsk": "city:BY:dserschinsk (Minsk oblast); also Dserschinsk in RU-NIZ",
    "Dzerzhinsk": "city:BY:dserschinsk; also the city in RU-NIZ",
    "Gorki": "city:BY:gorki (Horki, Mogilev oblast); also Soviet name of Nischni Nowgorod and several Russian villages",
    "Akmola": "city:KZ:astana (former name); the region is 'Gebiet Akmola' (KZ-11)",
    "Turkestan": "city:KZ:turkestan; also the historic Central Asian region; the oblast is 'Gebiet Turkestan' (KZ-61)",
    "Petropawlowsk": "city:KZ:petropawlowsk; Petropawlowsk-Kamtschatski (RU-KAM) only with its suffix",
    "Rostow": "city:RU:rostow-am-don; also Rostow Weliki (RU-YAR)",
    "Leningrad": "city:RU:sankt-petersburg (former name); the oblast is 'Gebiet Leningrad' (RU-LEN)",
    "Nowgorod": "city:RU:weliki-nowgorod; Nischni Nowgorod only with 'Nischni'",
    "Hyderabad": "city:IN:hyderabad (IN-TS); also Hyderabad in Sindh, Pakistan",
    "Nachitschewan": "AZ-NX (autonomous republic); also its capital city (AZ-NV)",
    "Jilin": "CN-JL (province); also the city Jilin in that province",
    "Wladimir": "city:RU:wladimir; also a very frequent first name (Wladimir Putin): check the next token",
    "Kirow": "city:RU:kirow; also a surname",
    "Lida": "city:BY:lida; also a first name",
    "Bender": "city:MD:bender; also a surname",
    "Memel": "city:LT:klaipeda (German name); also the river",
    "Dnipro": "city:UA:dnipro; also the river (Ukrainian name)",
    "Komi": "RU-KO; also the people and the language",
    "Sacha": "RU-SA; also a first name",
    "Kuban": "RU-KDA (metonym for the krai); also the river and the football club",
    "Kurgan": "city:RU:kurgan; also the archaeological term (burial mound)",
    "Astrachan": "city:RU:astrachan; also the German word for karakul fur",
    "Perm": "city:RU:perm; also the geological period",
    "Alexandria": "city:EG:alexandria; also several US towns",
    "Samara": "city:RU:samara; also a first name",
    "Osch": "city:KG:osch (KG-GO); the surrounding region is 'Gebiet Osch' (KG-O)",
}


# --------------------------------------------------------------------------- validation

def norm(alias: str) -> str:
    """Comparison key: case-, diacritic-, hyphen- and dash-insensitive."""
    s = alias.casefold().replace("ß", "ss")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"[-–—'’./()]", " ", s)
    return " ".join(s.split())


def german_country_names() -> set[str]:
    try:
        from babel import Locale
    except ImportError:
        return set()
    names = {norm(v) for k, v in Locale("de").territories.items() if k.isalpha()}
    # CLDR short forms the country resolver also knows
    names |= {norm(x) for x in ("Hongkong", "Macau", "Macao", "Taiwan", "Weißrussland", "Belarus")}
    return names


def lexicon_warnings(aliases):
    """Single-word aliases whose lower-case form is a frequent German word (spaCy lexeme
    probabilities, optional)."""
    try:
        import gzip

        import spacy_lookups_data
    except ImportError:
        return []
    path = Path(spacy_lookups_data.__file__).parent / "data" / "de_lexeme_prob.json.gz"
    if not path.is_file():
        return []
    with gzip.open(path) as fh:
        probs = json.loads(fh.read())
    out = []
    for a in aliases:
        if " " in a:
            continue
        p = probs.get(a.lower())
        if p is not None and p > -15.0:
            out.append(f"alias {a!r}: lower-case '{a.lower()}' is a frequent German word (logprob {p:.1f})")
    return out


def validate(path: Path, quiet: bool = False) -> int:
    import pycountry

    errors, warnings = [], []
    text = path.read_text(encoding="utf-8")
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            errors.append(f"{path}:{lineno}: blank line - remove it")
            continue
        try:
            rows.append((lineno, json.loads(line)))
        except json.JSONDecodeError as exc:
            errors.append(f"{path}:{lineno}: not JSON ({exc.msg}) - fix or remove that line")

    first_line: dict[object, int] = {}
    for lineno, r in rows:
        rid = r.get("id")
        if rid in first_line:
            errors.append(f"{path}:{lineno}: duplicate id {rid} (first on line {first_line[rid]})")
        first_line.setdefault(rid, lineno)

    owner: dict[str, str] = {}
    country_names = german_country_names()
    covered = defaultdict(set)
    capitals = Counter()
    all_aliases = []
    for lineno, r in rows:
        where = f"{path}:{lineno} ({r.get('id')})"
        kind = r.get("kind")
        keys = REGION_KEYS if kind == "region" else CITY_KEYS if kind == "city" else None
        if keys is None:
            errors.append(f"{where}: kind must be region or city")
            continue
        if list(r) != keys:
            errors.append(f"{where}: keys {list(r)} != {keys}")
            continue
        cc, code = r["country"], r["iso3166_2"]
        if pycountry.countries.get(alpha_2=cc) is None:
            errors.append(f"{where}: unknown country {cc}")
        sub = pycountry.subdivisions.get(code=code) if code else None
        if sub is None:
            errors.append(f"{where}: {code} is not an ISO 3166-2 code in pycountry")
        elif sub.country_code != cc:
            errors.append(f"{where}: {code} belongs to {sub.country_code}, not {cc}")
        if kind == "region":
            if r["id"] != code:
                errors.append(f"{where}: region id must equal iso3166_2")
            covered[cc].add(code)
            for k in ("stem", "adjective"):
                if r[k] is not None and not isinstance(r[k], str):
                    errors.append(f"{where}: {k} must be a string or null")
        else:
            if not re.fullmatch(rf"city:{cc}:[a-z0-9]+(-[a-z0-9]+)*", r["id"]):
                errors.append(f"{where}: city id must be city:{cc}:<ascii-slug>")
            if not isinstance(r["capital"], bool):
                errors.append(f"{where}: capital must be a boolean")
            elif r["capital"]:
                capitals[cc] += 1
        aliases = r["aliases"]
        if not isinstance(aliases, list) or not aliases or not all(isinstance(a, str) and a.strip() for a in aliases):
            errors.append(f"{where}: aliases must be a non-empty list of strings")
            continue
        if r["name"] not in aliases:
            errors.append(f"{where}: name {r['name']!r} missing from aliases")
        if len(set(aliases)) != len(aliases):
            errors.append(f"{where}: repeated alias")
        for a in aliases:
            if a != a.strip() or "  " in a:
                errors.append(f"{where}: stray whitespace in alias {a!r}")
            key = norm(a)
            if key in STOPLIST:
                errors.append(f"{where}: alias {a!r} is on the stoplist")
            if key in country_names:
                errors.append(f"{where}: alias {a!r} is a German country name (country resolver's job)")
            prev = owner.get(key)
            if prev is not None and prev != r["id"]:
                errors.append(f"{where}: alias {a!r} already used by {prev}")
            owner.setdefault(key, r["id"])
            all_aliases.append(a)

    for cc in FULL_COVERAGE:
        for s in pycountry.subdivisions.get(country_code=cc):
            if s.code not in covered[cc] and s.code not in SKIP_SUBDIVISIONS:
                errors.append(f"{cc}: subdivision {s.code} ({s.name}) has no region row")
    city_countries = {r["country"] for _, r in rows if r.get("kind") == "city"}
    for cc in sorted(city_countries):
        if capitals[cc] != 1:
            errors.append(f"{cc}: {capitals[cc]} capitals among its cities (want exactly 1)")
    for alias, note in AMBIGUITIES.items():
        if norm(alias) not in owner:
            errors.append(f"AMBIGUITIES lists {alias!r}, which no row has")
    warnings += lexicon_warnings(sorted(set(all_aliases)))

    if not quiet:
        per = defaultdict(Counter)
        for _, r in rows:
            per[r.get("country")][r.get("kind")] += 1
        shown = path.relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
        print(f"{shown}: {len(rows)} rows, {len(all_aliases)} aliases")
        print(f"{'country':8}{'regions':>8}{'cities':>8}")
        for cc in sorted(per, key=lambda c: (-sum(per[c].values()), c)):
            print(f"{cc:8}{per[cc]['region']:>8}{per[cc]['city']:>8}")
        tot = Counter()
        for c in per.values():
            tot.update(c)
        print(f"{'total':8}{tot['region']:>8}{tot['city']:>8}")
        print(f"\nambiguous aliases (kept once, see AMBIGUITIES): {len(AMBIGUITIES)}")
        for alias, note in AMBIGUITIES.items():
            print(f"  {alias}: {note}")
        for w in warnings:
            print(f"warning: {w}")
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    print(f"{len(errors)} errors, {len(warnings)} warnings", file=sys.stderr if quiet else sys.stdout)
    return 1 if errors else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quiet", action="store_true", help="print only errors")
    ap.add_argument("--path", type=Path, default=PLACES, help="file to validate")
    args = ap.parse_args(argv)
    return validate(args.path, args.quiet)


if __name__ == "__main__":
    sys.exit(main())
