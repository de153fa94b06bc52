"""The comparators behind ``coopgraph eval`` (see ``evaluate``): names, roles, quotes and figure values.
Pure functions.

Normalization is lenient on surface form and strict on values, units, codes and who spoke.
Sectors, units, metrics, kinds and codes are compared exactly.

``name_key(s)``: casefold; strip accents (ä -> a, ß -> ss); punctuation, hyphens and whitespace collapse to
single spaces; German articles (der, die, das, des, dem, den, ein...) are dropped; the last word loses a
genitive -s (not after -s or in -us: "Belarus", "GUS" stay) and then a final -e, so "Kasachstans" ~
"Kasachstan", "Gebietes" ~ "Gebiets" ~ "Gebiet", "Simbabwes" ~ "Simbabwe". Transliteration drift is folded
in every word: tsch -> ch, sch -> sh, zh -> sh, kh/ch -> h, w -> v, j -> y, x -> ks, "ye" after a vowel -> e,
"y" between a vowel and a consonant -> i, a final run of i/y -> i, ae/oe/ue -> a/o/u (ASCII umlauts), doubled
letters -> one. So "Minnichanow" ~ "Minnikhanov", "Lukaschenko" ~ "Lukashenko", "Juri" ~ "Yuri", "Dmitri" ~
"Dmitry" ~ "Dmitrij", "Miljajew" ~ "Milyaev", "Golowtschenko" ~ "Golovchenko", "Tulascheldormasch" ~
"Tulazheldormash", "Gedenkstaette" ~ "Gedenkstätte".

``same_person(a, b)``: name_keys are equal, or both names have at least two words, the last words (surnames)
have equal keys and the first words start with the same folded letter ("Wiktor Karankewitsch" ~
"V. Karankevich"; "Alexander Lukaschenko" is not "Lukaschenko"). Null == null.

``role_match(gold, pred)``: a role is parsed into modifiers + head noun + qualifier.
    * Demonyms are dropped: any word ending in -isch/-ische/-ischer/-ischen/-isches/-ischem (also all
      "belarussisch..." forms). Hyphens inside words are removed ("Vize-Premier" = "Vizepremier").
    * The qualifier starts at the first article/preposition ("des Gebiets Tula", "von Tatarstan") or at a
      noun after the head ("Premierminister Armeniens"); articles and "von" are dropped from it and each
      of its words loses a genitive -s / final -e.
    * Before the head, a word is a modifier when it is a known office adjective (erster, zweiter,
      stellvertretender, ehemaliger, designierter, geschäftsführender, ständiger, ...), when it is
      written in lower case (in a role that has any capital letter), or when it is a participle in -end...
      followed by another word. Adjective endings are stemmed (stellvertretende / stellvertretender /
      stellvertretenden -> stellvertretend). Courtesy modifiers that do not change the office are ignored:
      außerordentlicher, bevollmächtigter, amtierender, neuer. A "Vize" prefix on the head becomes the
      modifier "stellvertretend" ("Vizepräsident" = "stellvertretender Präsident").
    * Correct when both parse equal, or when head and modifier set are equal and one qualifier is empty
      or a subsequence of the other. A modifier never may be added or dropped: it changes the office.
    * Gold null vs pred null is correct; null against a role is wrong.
  Examples:
      "Präsident" ~ "belarussischer Präsident"                      correct (demonym dropped)
      "Gouverneur" ~ "Gouverneur des Gebiets Tula"                  correct (qualifier omitted)
      "Präsident der Republik Belarus" ~ "Präsident von Belarus"    correct (qualifier subsequence)
      "Premierminister" ~ "stellvertretender Premierminister"       WRONG (modifier changes the office)
      "Gouverneur des Gebiets Omsk" ~ "Gouverneur des Gebiets Tula" WRONG (conflicting qualifiers)
      "Präsident" ~ "Staatschef"                                    WRONG (different head noun)
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_ARTICLES = frozenset("der die das des dem den ein eine einer eines einem einen".split())
_NONWORD = re.compile(r"[\W_]+")
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i",
                          "ʼ": "", "’": ""})


def fold(s: str) -> str:
    """Casefold and strip diacritics: "Weißrussland" -> "weissrussland", "Präsident" -> "prasident"."""
    s = unicodedata.normalize("NFKC", s).casefold()
    s = s.translate(_SPECIAL)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def _strip_genitive(w: str) -> str:
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def _translit(w: str) -> str:
    w = w.replace("tsch", "ch").replace("sch", "sh").replace("zh", "sh").replace("kh", "h").replace("ch", "h")
    w = w.replace("w", "v").replace("j", "y").replace("x", "ks")
    w = re.sub(r"(?<=[aeiou])ye", "e", w)   # Miljajew ~ Milyaev, Sergejew ~ Sergeev
    w = re.sub(r"(?<=[aeiou])y(?![aeiou])", "i", w)   # Menjailo ~ Menyaylo
    w = re.sub(r"[iy]+$", "i", w)
    w = re.sub(r"([aou])e", r"\1", w)   # ASCII umlauts: Gedenkstaette ~ Gedenkstätte
    return re.sub(r"(.)\1+", r"\1", w)


def name_key(s: str | None) -> str:
    """Comparison key of a name (see the module docstring). "" for None/empty."""
    if not s:
        return ""
    words = [w for w in _NONWORD.sub(" ", fold(str(s))).split() if w not in _ARTICLES]
    if not words:
        return ""
    words[-1] = _strip_genitive(words[-1])
    return " ".join(_translit(w) for w in words)


def same_person(a: str | None, b: str | None) -> bool:
    """Person-name equality: equal name_keys, or equal surname keys and the same first initial."""
    if not a or not b:
        return not a and not b
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return bool(ka)
    ta, tb = ka.split(), kb.split()
    return len(ta) >= 2 and len(tb) >= 2 and ta[-1] == tb[-1] and ta[0][0] == tb[0][0]


def person_score(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    if name_key(a) == name_key(b) and name_key(a):
        return 2
    return 1 if same_person(a, b) else None


# --- roles

_DEMONYM = re.compile(r"isch(?:e|er|en|es|em)?$")
_DEMONYM_PREFIX = ("belarussisch", "weissrussisch", "belorussisch")
_ROLE_FUNCTION = frozenset("der die das des dem den von vom fur im in bei beim am an zu zum zur auf uber mit aus "
                           "nach gegenuber of for the".split())
_QUALIFIER_DROP = frozenset("der die das des dem den von vom the".split())
_MODIFIERS = frozenset("erst zweit dritt stellvertretend ehemalig designiert geschaftsfuhrend standig leitend "
                       "oberst stellv interimistisch kunftig scheidend".split())
_NEUTRAL_MODIFIERS = frozenset("ausserordentlich bevollmachtigt amtierend neu derzeitig jetzig".split())
_ADJ_END = re.compile(r"(?:em|en|er|es|e)$")
_PARTICIPLE = re.compile(r"end(?:e|er|en|es|em)?$")


def _adj_stem(w: str) -> str:
    m = _ADJ_END.search(w)
    if m and len(w) - len(m.group(0)) >= 3:
        return w[: m.start()]
    return w


@dataclass(frozen=True)
class _Role:
    mods: frozenset[str]
    head: str
    qualifier: tuple[str, ...]


def _parse_role(role: str) -> _Role:
    has_upper = any(ch.isupper() for ch in role)
    toks: list[tuple[str, str]] = []
    for orig in role.split():
        f = _NONWORD.sub("", fold(orig))
        if not f or _DEMONYM.search(f) or f.startswith(_DEMONYM_PREFIX):
            continue
        toks.append((orig, f))
    pre: list[tuple[str, str]] = []
    rest: list[str] = []
    for i, (orig, f) in enumerate(toks):
        if f in _ROLE_FUNCTION:
            rest = [t[1] for t in toks[i:]]
            break
        pre.append((orig, f))
    mods: list[str] = []
    head = ""
    for i, (orig, f) in enumerate(pre):
        if f == "und":
            continue
        last = i == len(pre) - 1
        is_mod = (_adj_stem(f) in _MODIFIERS or _adj_stem(f) in _NEUTRAL_MODIFIERS
                  or (has_upper and orig[:1].islower() and not last)
                  or (bool(_PARTICIPLE.search(f)) and not last))
        if is_mod and not last:
            mods.append(_adj_stem(f))
            continue
        if is_mod and last and not mods and not head and _adj_stem(f) in _MODIFIERS:
            mods.append(_adj_stem(f))   # a lone modifier with no noun ("Erster"): keep it as a modifier
            continue
        head = f
        rest = [t[1] for t in pre[i + 1:]] + rest
        break
    if head.startswith("vize") and len(head) > 6:
        head = head[4:]
        mods.append("stellvertretend")
    if _PARTICIPLE.search(head):
        head = _adj_stem(head)
    qualifier = tuple(_strip_genitive(w) for w in rest if w not in _QUALIFIER_DROP)
    return _Role(frozenset(m for m in mods if m not in _NEUTRAL_MODIFIERS), head, qualifier)


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return all(any(w == x for x in it) for w in short)


def role_match(gold: str | None, pred: str | None) -> bool:
    """Lenient role equality (rule and examples in the module docstring)."""
    if not gold or not pred:
        return not gold and not pred
    g, p = _parse_role(str(gold)), _parse_role(str(pred))
    if g == p:
        return True
    if g.head != p.head or g.mods != p.mods or not g.head:
        return False
    if not g.qualifier or not p.qualifier:
        return True
    short, long = sorted((g.qualifier, p.qualifier), key=len)
    return _is_subsequence(short, long)


# --- quotes

_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def quote_tokens(s: str | None) -> list[str]:
    if not s:
        return []
    toks = (_EDGE_PUNCT.sub("", fold(t)) for t in str(s).split())
    return [t for t in toks if t]


def quote_match(a: str | None, b: str | None) -> bool:
    """First 4 normalized tokens agree; a side with fewer (>= 3) tokens may be a prefix of the other."""
    ta, tb = quote_tokens(a)[:4], quote_tokens(b)[:4]
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    short, long = sorted((ta, tb), key=len)
    return len(short) >= 3 and long[: len(short)] == short


# --- figures

def num(v: Any) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def value_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Equal units and |v_pred - v_gold| <= 0.5 % of |v_gold| (sign counts)."""
    if gold.get("unit") != pred.get("unit"):
        return False
    gv, pv = num(gold.get("value")), num(pred.get("value"))
    if gv is None or pv is None:
        return False
    if gv == 0:
        return pv == 0
    return abs(pv - gv) <= 0.005 * abs(gv) * (1 + 1e-9)
