"""Gazetteers and rule lexicons from ``data/*.jsonl``, compiled once into Aho-Corasick automata.

Countries and world regions come from CLDR via Babel (German names), plus the aliases in
``country_aliases.jsonl``; regions and cities from ``places.jsonl``; nationality adjectives from
``demonyms.jsonl``; organizations, roles, given names, known persons and stop words from their files.
"""
from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick

from ..errors import DataError
from ..resources import data_path, load_jsonl

ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")


@dataclass(frozen=True)
class PlaceEntry:
    place_id: str
    name: str  # canonical German name
    kind: str  # country | region | city | world_region
    country: str | None
    iso3166_2: str | None
    form: str  # noun | genitive | adjective
    rule: str
    alias: str = ""  # the nominative alias this surface form belongs to ("Region Tula" for "Region Tulas")


@dataclass(frozen=True)
class OrgEntry:
    org_id: str
    name: str
    kind: str
    country: str | None
    aliases: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RoleEntry:
    role_id: str
    title: str
    kind: str
    anaphor: bool
    feminine: bool


@dataclass(frozen=True)
class KnownPerson:
    person_id: str
    name: str
    country: str | None
    roles: tuple[tuple[str, str | None, str | None], ...]


@dataclass
class Automaton:
    """Case-sensitive multi-pattern matcher with word-boundary checks and leftmost-longest selection."""

    auto: Any = field(default_factory=ahocorasick.Automaton)
    size: int = 0

    def add(self, key: str, value: Any) -> None:
        if not key:
            return
        if key in self.auto:
            self.auto.get(key).append(value)
        else:
            self.auto.add_word(key, [value])
            self.size += 1

    def finalize(self) -> None:
        if self.size:
            self.auto.make_automaton()

    def find(self, text: str, compound_ok: bool = False, trailing_hyphen_ok: bool = False
             ) -> list[tuple[int, int, list[Any]]]:
        """Non-overlapping matches (start, end, values), longest first at each position."""
        if not self.size:
            return []
        hits = []
        n = len(text)
        for end_idx, values in self.auto.iter(text):
            end = end_idx + 1
            start = end - len(values[0][0])  # the matched key (``_key``), inline: called for every hit
            if start > 0 and (text[start - 1].isalnum() or (text[start - 1] == "-" and not compound_ok)):
                continue
            if end < n and (text[end].isalnum() or (text[end] == "-" and not (compound_ok or trailing_hyphen_ok))):
                continue
            hits.append((start, end, values))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out, last_end = [], -1
        for h in hits:
            if h[0] >= last_end:
                out.append(h)
                last_end = h[1]
        return out

    @staticmethod
    def _key(values: list[Any]) -> str:
        """The matched key (every value of one key stores it first)."""
        return values[0][0]


def _genitive(name: str) -> list[str]:
    """Genitive forms of a proper name: Kasachstan -> Kasachstans; Gebiet Tula -> Gebiets Tula."""
    out = []
    last = name.split()[-1]
    if not re.search(r"[sxzß]$", last):
        out.append(name + "s")
    if name.startswith("Gebiet "):
        out += ["Gebiets " + name[7:], "Gebietes " + name[7:]]
    return out


WORLD_CODES = frozenset({"002", "019", "142", "150", "419", "009", "145", "143", "035", "030", "034", "151",
                         "154", "155", "039", "011", "014", "015", "017", "018", "005", "013", "021"})


def declined(name: str) -> list[str]:
    """Weak-declension forms of a multi-word name led by adjectives, as after an article in the genitive
    or dative: "Russische Föderation" -> "Russischen Föderation"; "Vereinigte Arabische Emirate" ->
    "Vereinigten Arabischen Emirate(n)"; "Persischer Golf" -> "Persischen Golf(s)"; "Naher Osten" ->
    "Nahen Osten(s)". Names without a leading adjective give nothing."""
    words = name.split()
    if len(words) < 2:
        return []
    lead: list[str] = []
    endings: list[str] = []
    for w in words[:-1]:
        m = re.fullmatch(r"([A-ZÄÖÜa-zäöü][a-zäöüß]+?)(e|er|es)", w)
        if not m or w[:1].islower() and w != words[0]:
            break
        lead.append(m.group(1) + "en")
        endings.append(m.group(2))
    if not lead:
        return []
    rest = words[len(lead):]
    base = " ".join(lead + rest)
    out = [base]
    last = rest[-1]
    if len(rest) == 1:
        if last.endswith("e"):
            out.append(" ".join(lead + [last + "n"]))  # dative plural: "Emiraten"
        elif endings[0] in ("er", "es") and not re.search(r"[sxzß]$", last):
            out.append(base + "s")  # masculine/neuter genitive: "Golfs", "Ostens", "Königreichs"
    return [f for f in out if f != name]


@lru_cache(maxsize=1)
def places() -> Automaton:
    from babel import Locale

    auto = Automaton()

    def add(surface: str, entry: PlaceEntry) -> None:
        auto.add(surface, (surface, entry))

    territories = Locale("de").territories
    for code, name in territories.items():
        if code.isdigit():
            if code in WORLD_CODES:
                e = PlaceEntry(f"world:{code}", name, "world_region", None, None, "noun", "cldr:world")
                add(name, e)
            continue
        if len(code) != 2 or code in {"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}:
            continue
        e = PlaceEntry(f"country:{code}", name, "country", code, None, "noun", "cldr:country", name)
        add(name, e)
        for form in declined(name):
            add(form, e)
        for g in _genitive(name):
            add(g, PlaceEntry(e.place_id, name, "country", code, None, "genitive", "cldr:country-gen", name))
    world: dict[str, PlaceEntry] = {}
    for code, name in territories.items():
        if code.isdigit():
            world.setdefault(name, PlaceEntry(f"world:{code}", name, "world_region", None, None, "noun", "cldr:world"))
    adjectives = []
    for row in load_jsonl("country_aliases.jsonl"):
        if row.get("of"):
            adjectives.append(row)  # "afrikanisch" of "Afrika": added once every region is known
            continue
        kind = row["kind"]
        cc = row.get("country")
        canonical = territories.get(cc, row["alias"]) if cc else row["alias"]
        pid = f"country:{cc}" if cc else row["id"]
        entry = PlaceEntry(pid, canonical, kind, cc, None, "noun", row["id"], row["alias"])
        add(row["alias"], entry)
        if kind == "world_region":
            world.setdefault(row["alias"], entry)
        for form in declined(row["alias"]):
            add(form, PlaceEntry(pid, canonical, kind, cc, None, "noun", row["id"], row["alias"]))
        if kind == "country":
            for g in _genitive(row["alias"]):
                add(g, PlaceEntry(pid, canonical, kind, cc, None, "genitive", row["id"], row["alias"]))
    for name, e in list(world.items()):
        if e.rule == "cldr:world" and e.place_id in {f"world:{c}" for c in WORLD_CODES}:
            for form in declined(name):
                add(form, e)
            for g in _genitive(name):
                add(g, PlaceEntry(e.place_id, e.name, e.kind, None, None, "genitive", e.rule, e.alias))
    for row in adjectives:
        target = world.get(row["of"])
        if target is None:
            raise ValueError(f"country_aliases.jsonl: {row['id']}: 'of' names no world region: {row['of']!r}")
        e = PlaceEntry(target.place_id, target.name, "world_region", None, None, "adjective", row["id"],
                       target.alias or target.name)
        for ending in ADJ_ENDINGS:
            form = row["alias"] + ending
            add(form, e)
            add(form[:1].upper() + form[1:], e)
    for row in load_jsonl("places.jsonl"):
        e = PlaceEntry(row["id"], row["name"], row["kind"], row["country"], row.get("iso3166_2"), "noun", row["id"])
        for alias in row.get("aliases", []):
            add(alias, PlaceEntry(e.place_id, e.name, e.kind, e.country, e.iso3166_2, "noun", row["id"], alias))
            for g in _genitive(alias):
                add(g, PlaceEntry(e.place_id, e.name, e.kind, e.country, e.iso3166_2, "genitive", row["id"], alias))
        if row["kind"] == "city":
            base = row["name"]
            adj = base + ("er" if not base.endswith("er") else "")
            if re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+", base) and len(base) >= 4:
                add(adj, PlaceEntry(e.place_id, e.name, e.kind, e.country, e.iso3166_2, "adjective", row["id"],
                                    e.name))
        elif row.get("adjective"):
            pass  # "Tulaer Gebiet" is already an alias; a bare "Tulaer" is the city adjective
    for row in load_jsonl("demonyms.jsonl"):
        cc = row.get("country")
        region = row.get("region")
        name = territories.get(cc, cc or "") if not region else region
        pid = f"country:{cc}" if not region else region
        kind = "country" if not region else "region"
        for ending in ADJ_ENDINGS:
            form = row["adjective"] + ending
            e = PlaceEntry(pid, name, kind, cc, region, "adjective", row["id"], name)
            add(form, e)
            add(form[:1].upper() + form[1:], e)
    auto.finalize()
    return auto


@lru_cache(maxsize=1)
def organizations() -> Automaton:
    auto = Automaton()
    for row in load_jsonl("organizations.jsonl"):
        e = OrgEntry(row["id"], row["name"], row.get("kind", "other"), row.get("country"),
                     frozenset(row.get("aliases", [])) | {row["name"]})
        for alias in set(row.get("aliases", [])) | {row["name"]}:
            if " " not in alias and not alias.isupper() and alias.lower() in german_words() and \
                    e.kind not in ("company", "bank"):
                continue  # "Regierung" alone is a common noun, not a name
            auto.add(alias, (alias, e))
            words = alias.split()
            if len(words) >= 2 and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+(e|es|er)", words[0]):
                stem = re.sub(r"(es|er|e)$", "", words[0])
                for ending in ("en", "em", "es", "er"):
                    variant = " ".join([stem + ending, *words[1:]])
                    auto.add(variant, (variant, e))
                    auto.add(variant + "s", (variant + "s", e))
            if not alias.isupper() and not alias.endswith("s"):
                auto.add(alias + "s", (alias + "s", e))
            if alias.isupper() and len(alias) >= 3:
                auto.add(alias + "s", (alias + "s", e))  # plural/genitive of acronyms: "MAZs"
    auto.finalize()
    return auto


@lru_cache(maxsize=1)
def roles() -> dict[str, RoleEntry]:
    """Inflected role noun -> entry."""
    out: dict[str, RoleEntry] = {}
    for row in load_jsonl("roles.jsonl"):
        title = row["title"]
        for form in set(row.get("forms", [])) | {title}:
            fem = form.endswith("in") and not title.endswith("in") or form.endswith("innen")
            entry = RoleEntry(row["id"], title if not fem else _feminine_title(form), row.get("kind", "official"),
                              bool(row.get("anaphor")), fem)
            out.setdefault(form, entry)
    return out


def _feminine_title(form: str) -> str:
    """'Biathletinnen' -> 'Biathletin'."""
    return form[:-3] if form.endswith("innen") else form


@lru_cache(maxsize=1)
def role_suffixes() -> list[tuple[str, RoleEntry]]:
    """Role nouns usable as compound heads ("Industrie|minister"), longest first."""
    items = [(form.lower(), e) for form, e in roles().items() if len(form) >= 6 and " " not in form]
    items.sort(key=lambda x: -len(x[0]))
    return items


@lru_cache(maxsize=1)
def given_names() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in load_jsonl("given_names.jsonl"):
        for n in [row["name"], *row.get("variants", [])]:
            out.setdefault(n, row)
    return out


@lru_cache(maxsize=1)
def known_persons() -> dict[str, KnownPerson]:
    out: dict[str, KnownPerson] = {}
    for row in load_jsonl("known_persons.jsonl"):
        kp = KnownPerson(row["id"], row["name"], row.get("country"),
                         tuple((r.get("role"), r.get("from"), r.get("to")) for r in row.get("roles", [])))
        for alias in set(row.get("aliases", [])) | {row["name"]}:
            out.setdefault(alias, kp)
    return out


@lru_cache(maxsize=1)
def known_first_tokens() -> frozenset[str]:
    """First words of multi-word known-person aliases ('Xi' of 'Xi Jinping')."""
    return frozenset(alias.split()[0] for alias in known_persons() if " " in alias)


@lru_cache(maxsize=1)
def name_stopwords() -> frozenset[str]:
    words = {row["word"] for row in load_jsonl("name_stopwords.jsonl")}
    words |= set(roles())
    return frozenset(words)


@lru_cache(maxsize=1)
def german_words() -> frozenset[str]:
    """Lower-cased German word forms from spacy-lookups-data's lemma table (forms and lemmas)."""
    import spacy_lookups_data

    path = os.path.join(os.path.dirname(spacy_lookups_data.__file__), "data", "de_lemma_lookup.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        table = json.load(fh)
    return frozenset(w.lower() for w in (set(table) | set(table.values())))


@lru_cache(maxsize=1)
def _longest_german_word() -> int:
    return max(map(len, german_words()), default=0)


@lru_cache(maxsize=1)
def _regions_by_stem() -> dict[tuple[str, str], PlaceEntry]:
    out: dict[tuple[str, str], PlaceEntry] = {}
    # "Stadt Minsk" is the city itself: the oblast named after it ("Gebiet Minsk") wins the stem
    rows = sorted(load_jsonl("places.jsonl"), key=lambda r: not str(r.get("name", "")).startswith("Stadt "))
    for row in rows:
        if row["kind"] == "region" and row.get("stem"):
            out[(row["country"], row["stem"])] = PlaceEntry(row["id"], row["name"], "region", row["country"],
                                                            row.get("iso3166_2"), "noun", row["id"], row["name"])
    return out


def region_of_city(city: PlaceEntry) -> PlaceEntry | None:
    """The oblast named after a city: Minsk -> Gebiet Minsk, Grodno -> Gebiet Grodno."""
    return _regions_by_stem().get((city.country or "", city.name))


@lru_cache(maxsize=200_000)
def is_german_word(word: str) -> bool:
    """Whether ``word`` (or the head of a compound it ends with) is in the German lexicon."""
    lw = word.lower().strip("-")
    words = german_words()
    if lw in words or (lw.endswith("in") and lw[:-2] in words) or (lw.endswith("innen") and lw[:-5] in words):
        return True
    # a tail longer than the longest word (+ "in") cannot match: start there, so a huge token costs linear time
    for cut in range(max(3, len(lw) - _longest_german_word() - 2), len(lw) - 4):
        tail = lw[cut:]
        if len(tail) >= 5 and (tail in words or (tail.endswith("in") and tail[:-2] in words)):
            return True
    return False


@lru_cache(maxsize=1)
def sector_automaton() -> Any:
    """Lower-cased sector patterns in one Aho-Corasick automaton: (pattern, id, sector, whole_word)."""
    pairs = []
    for row in load_jsonl("sectors.jsonl"):
        key = " ".join(row["pattern"].lower().split())
        pairs.append((key, (key, row["id"], row["sector"], row.get("match") == "word")))
    return keyword_automaton(pairs)


def keyword_automaton(items: Any) -> Any:
    """An Aho-Corasick automaton from (lower-case key, value) pairs; each key maps to a list of values."""
    auto = ahocorasick.Automaton()
    for key, value in items:
        if key in auto:
            auto.get(key).append(value)
        else:
            auto.add_word(key, [value])
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1)
def figure_cues() -> tuple[dict[str, Any], ...]:
    return load_jsonl("figure_cues.jsonl")


# --- organization grammar (data/org_heads.jsonl, data/org_patterns.jsonl), validated once at load

# the names the code reads; the values each row may take are in data/schemas.jsonl
ORG_PATTERN_NAMES = frozenset({"naming_adjectives", "genitive_stop_nouns", "genitive_body_nouns", "company_type_nouns",
                               "legal_forms_before", "legal_forms_after", "club_prefixes", "sport_cues",
                               "company_morphology", "acronym", "acronym_stop", "subject_verbs", "foreign_company_nouns", "same_body_heads",
                               "role_bound", "definite_articles", "article_words", "complement_starts"})


@dataclass(frozen=True)
class OrgHead:
    """A head noun of organization names ("Kommission", "Ministerium") and the grammar around it."""
    head_id: str
    head: str
    gender: str  # m | f | n: the nominative adjective ending (-er, -e, -es)
    kind: str
    compound: bool  # may end a compound ("Industrieministerium")
    alone: frozenset[str]  # when the head without complement names a body
    complements: frozenset[str]
    name_after: str  # keep | name: "Werk MAZ VEN" is the company "MAZ VEN"
    not_compounds: frozenset[str]
    needs: frozenset[str] = frozenset()  # complements that must all be there ("Abteilung für X der Y")
    simple: bool = True  # the head noun itself (not only compounds ending in it) names bodies
    anaphor: bool = False  # a bare compound ("des Gebietsexekutivkomitees") refers to the one named before


@lru_cache(maxsize=1)
def org_heads() -> tuple[OrgHead, ...]:
    """Head nouns, longest first (so "Wirtschaftszone" is tried before "Zone")."""
    out = []
    for row in load_jsonl("org_heads.jsonl"):  # checked at load against its row in data/schemas.jsonl
        comps, alone = set(row.get("complements", [])), set(row.get("alone", []))
        out.append(OrgHead(row["id"], row["head"], row["gender"], row["kind"], bool(row.get("compound", True)),
                           frozenset(alone), frozenset(comps), row.get("name_after", "keep"),
                           frozenset(w.lower() for w in row.get("not_compounds", [])),
                           frozenset(row.get("needs", [])), bool(row.get("simple", True)),
                           bool(row.get("anaphor", False))))
    return tuple(sorted(out, key=lambda h: -len(h.head)))


@lru_cache(maxsize=1)
def org_patterns() -> dict[str, Any]:
    """Word sets (frozenset) and compiled regexes of the organization rules, by name."""
    out: dict[str, Any] = {}
    for row in load_jsonl("org_patterns.jsonl"):  # checked at load against its row in data/schemas.jsonl
        if row["type"] == "words":
            out[row["name"]] = frozenset(row["words"]) | out.get(row["name"], frozenset())
        else:
            out[row["name"]] = re.compile(row["pattern"])
    missing = ORG_PATTERN_NAMES - set(out)
    if missing:
        raise DataError(f"{data_path('org_patterns.jsonl')}: no row for {sorted(missing)}",
                        "add a row for each: the organization grammar reads them")
    return out


@lru_cache(maxsize=1)
def meeting_cues() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """``meeting_cues.jsonl``: (id, kind, word-bounded regex) per row; kinds: talks, session, signing, visit,
    plan. A row whose pattern does not compile fails the load with the file and the row id."""
    out = []
    for row in load_jsonl("meeting_cues.jsonl"):
        try:
            out.append((row["id"], row["kind"], re.compile(r"\b(?:" + row["pattern"] + r")\b")))
        except (re.error, KeyError) as exc:
            raise ValueError(f"meeting_cues.jsonl: row {row.get('id')!r}: fix its pattern: {exc}") from exc
    return tuple(out)


@lru_cache(maxsize=1)
def name_stop_suffixes() -> tuple[str, ...]:
    """``name_stop_suffixes.jsonl``: German noun suffixes no long personal name ends with, lower case."""
    return tuple(row["suffix"].lower() for row in load_jsonl("name_stop_suffixes.jsonl"))


@lru_cache(maxsize=1)
def role_titles() -> dict[str, str]:
    """Role id -> its title (nominative singular)."""
    return {row["id"]: row["title"] for row in load_jsonl("roles.jsonl")}


@lru_cache(maxsize=1)
def foreign_office_roles() -> frozenset[str]:
    """Ids of roles Belarus does not have (``role_sides.jsonl``: governors, mayors, akims): such a title
    without a place belongs to the foreign side. A row naming an unknown role fails the load."""
    known = role_titles()
    out = set()
    for row in load_jsonl("role_sides.jsonl"):
        if row["role"] not in known:
            raise DataError(f"{data_path('role_sides.jsonl')}: row {row['id']!r} names unknown role {row['role']!r}",
                            "use the id of a row of roles.jsonl")
        if row["side"] == "foreign":
            out.add(row["role"])
    return frozenset(out)
