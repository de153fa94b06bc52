"""Names in German, English and Russian (Cyrillic or Latin transliteration) and ISO codes -> canonical places.

Countries: Babel's CLDR territory names in de, en and ru, plus the alpha-2 code. Regions and cities: the
German gazetteer (data/places.jsonl) plus English and Russian names in data/place_names.jsonl (keyed by the
place id), plus ISO 3166-2 codes. Cyrillic is also matched through its Latin transliteration (iuliia's
Wikipedia scheme), so "Kasachstan", "Kazakhstan", "Казахстан", "Kazakhstan" and "KZ" meet in one key.
The canonical name shown everywhere is the German one: CLDR "de" for countries, the gazetteer's name else."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_jsonl

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_SKIP_TERRITORIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}


@dataclass(frozen=True)
class PlaceName:
    place_id: str  # "country:KZ", "RU-TUL", "city:RU:tula"
    code: str  # what partners rows are keyed by: alpha-2 for a country, ISO 3166-2 for a region, id for a city
    kind: str
    name: str  # canonical German name
    country: str | None
    region: str | None  # ISO 3166-2 of a city's region


def transliterate(text: str) -> str:
    """Cyrillic -> Latin (Wikipedia scheme); other text unchanged."""
    if not _CYRILLIC.search(text):
        return text
    import iuliia

    return str(iuliia.WIKIPEDIA.translate(text.replace("ё", "е").replace("Ё", "Е")))


def fold(text: str) -> str:
    """A spelling-tolerant key: transliterated, lower case, no diacritics or punctuation, German and English
    transliterations of Russian folded together (sch/sh, tsch/ch, w/v, j/y, ck/k)."""
    t = transliterate(text).casefold().replace("ß", "ss")
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = re.sub(r"[\W_]+", " ", t).strip()
    for a, b in (("tsch", "ch"), ("sch", "sh"), ("zh", "sh"), ("kh", "h"), ("ch", "h"), ("w", "v"),
                 ("ya", "ja"), ("yu", "ju"), ("yo", "jo"), ("ye", "je"), ("y", "i"), ("j", "i"), ("ck", "k"),
                 ("ts", "z"), ("ph", "f"), ("ii", "i")):
        t = t.replace(a, b)
    return re.sub(r"(.)\1", r"\1", t)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, PlaceName], dict[str, PlaceName]]:
    """(folded name -> place, code -> place)."""
    from babel import Locale

    by_name: dict[str, PlaceName] = {}
    by_code: dict[str, PlaceName] = {}
    de = Locale("de").territories

    def add(name: str, p: PlaceName) -> None:
        if name:
            by_name.setdefault(fold(name), p)

    for code, name in de.items():
        if len(code) != 2 or not code.isalpha() or code in _SKIP_TERRITORIES:
            continue
        p = PlaceName(f"country:{code}", code, "country", name, code, None)
        by_code[code] = p
    for lang in ("de", "en", "ru"):
        for code, name in Locale(lang).territories.items():
            if code in by_code:
                add(name, by_code[code])
    for row in load_jsonl("country_aliases.jsonl"):
        if row.get("country") in by_code and row.get("kind") == "country":
            add(row["alias"], by_code[row["country"]])
    extra = {r["id"]: r for r in load_jsonl("place_names.jsonl")}
    for row in load_jsonl("places.jsonl"):
        if row["kind"] == "city":
            p = PlaceName(row["id"], row["id"], "city", row["name"], row["country"], row.get("iso3166_2"))
        else:
            code = row.get("iso3166_2") or row["id"]
            p = PlaceName(row["id"], code, row["kind"], row["name"], row["country"], None)
        by_code.setdefault(p.code, p)
        for alias in [row["name"], *row.get("aliases", [])]:
            if p.kind == "city" and fold(alias) in by_name:
                continue  # a city never shadows a country or region of the same name
            add(alias, p)
        for name in extra.get(row["id"], {}).get("en", []) + extra.get(row["id"], {}).get("ru", []):
            add(name, p)
    return by_name, by_code


def by_code(code: str) -> PlaceName | None:
    return _index()[1].get(code) or _index()[1].get(code.upper())


def canonical_name(code: str | None, fallback: str | None = None) -> str:
    """The German canonical name for a partner code ("BY" -> "Belarus", "RU-SE" -> "Nordossetien-Alanien")."""
    p = by_code(code) if code else None
    return p.name if p else (fallback or code or "?")


@lru_cache(maxsize=8192)  # a pure lookup in the static index; dossiers ask for the same names again and again
def find_place(text: str) -> PlaceName | None:
    """A place named ``text`` in any supported language or code, or None."""
    q = " ".join(text.split())
    if not q:
        return None
    if re.fullmatch(r"[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?", q):
        hit = by_code(q.upper())
        if hit:
            return hit
    return _index()[0].get(fold(q))


def person_keys(text: str) -> list[str]:
    """Keys under which a person or organization name is compared: as written and transliterated."""
    return list(dict.fromkeys([text, transliterate(text)]))
