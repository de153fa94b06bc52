"""The word lists and patterns of the project finder, read from ``data/project_words.jsonl``.

One row a list, each with its id and a note that says what it is for: ``head`` rows (a head noun's suffix with
its singular and plural forms), ``family`` rows (normalized heads that may name one project), ``words`` rows and
``regex`` rows. The names below are what the other modules of the package use; a row they need that is missing
stops the run with the file and the fix (the file is validated once at load, see ``resources``)."""
from __future__ import annotations

import re
from typing import Any

from ...errors import DataError
from ...resources import data_path, load_jsonl

FILE = "project_words.jsonl"
STATUS_RANK = {"proposed": 1, "agreed": 2, "under_construction": 3, "operating": 4}

_ROWS: dict[str, dict[str, Any]] = {r["id"]: r for r in load_jsonl(FILE)}


def _row(rid: str, kind: str) -> dict[str, Any]:
    row = _ROWS.get(rid)
    if row is None or row.get("kind") != kind:
        raise DataError(f"{data_path(FILE)}: no {kind} row with id {rid!r}",
                        f"restore that row: the project finder reads it ({__name__})")
    return row


def words(rid: str) -> tuple[str, ...]:
    """The words of a ``words`` row, in the order written (suffix tests strip the first that matches)."""
    return tuple(_row(rid, "words")["words"])


def regex(rid: str) -> re.Pattern[str]:
    return re.compile(_row(rid, "regex")["regex"])


# ------------------------------------------------------------------------------------------ heads
# head suffix -> (singular forms, plural forms); a token ends with one of these ("Montagewerks"). The English
# loan "joint venture" is written with a space or a hyphen: it is matched on the text, never as a token's end.
JOINT_VENTURE = "head:joint_venture"
_HEAD_FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    r["id"].split(":", 1)[1]: (tuple(r["singular"]), tuple(r.get("plural", ())))
    for r in _ROWS.values() if r.get("kind") == "head" and r["id"] != JOINT_VENTURE}
JV_FORMS: tuple[str, ...] = tuple(_row(JOINT_VENTURE, "head")["singular"]) + tuple(
    _row(JOINT_VENTURE, "head").get("plural", ()))
_FORM_INFO: dict[str, tuple[str, bool]] = {}
for _base, (_sg, _pl) in _HEAD_FORMS.items():
    for _f in _sg:
        _FORM_INFO[_f] = (_base, False)
    for _f in _pl:
        _FORM_INFO[_f] = (_base, True)

# ------------------------------------------------------------------------------------------ compounds
WERK_NOT = words("words:werk-not")
WERK_OK = words("words:werk-ok")
ZENTRUM_NOT = words("words:zentrum-not")
PARK_OK = words("words:park-ok")
STATION_OK = words("words:station-ok")
LINIE_OK = words("words:linie-ok")
LAGER_OK = words("words:lager-ok")
FARM_OK = words("words:farm-ok")
KOMPLEX_OK = words("words:komplex-ok")
STAETTE_OK = words("words:staette-ok")
NON_PRODUCT_MOD = words("words:non-product-mod")
ACTION_SUFFIXES = words("words:action-suffixes")
DATIVE_PLURAL_N = words("words:dative-plural-n")
LINKING_S = regex("regex:linking-s")

# ------------------------------------------------------------------------------------------ head classes
FAMILY: dict[str, str] = {h: r["family"] for r in _ROWS.values() if r.get("kind") == "family" for h in r["heads"]}
PLANT = frozenset(_row("family:plant", "family")["heads"])
INHERENTLY_JOINT = frozenset(words("words:inherently-joint"))
NAMEABLE = frozenset(words("words:nameable"))
NEEDS_SETUP = frozenset(words("words:needs-setup"))
NAMED_OK = frozenset(words("words:named-ok"))  # a name is concrete

# ------------------------------------------------------------------------------------------ phrase words
DEFINITE = frozenset(words("words:definite"))
SETUP_NOUNS = frozenset(words("words:setup-nouns"))
NETWORK = frozenset(words("words:network"))
NETWORK_START = tuple(f"{w} " for w in words("words:network"))
NUMBER_WORDS = frozenset(words("words:number-words"))
ACTION_NOUNS = frozenset(words("words:action-nouns"))
ABSTRACT = frozenset(words("words:abstract"))
NOT_PRODUCT = frozenset(words("words:not-product"))
NOT_FILLER = frozenset(words("words:not-filler"))
DETS = frozenset(words("words:determiners"))
STOP_WORDS = frozenset(words("words:stop-words"))
NON_LOCATIVE_PREPS = frozenset(words("words:non-locative-preps"))
LOC_PREPS = frozenset(words("words:locative-preps"))
ORDINALS = frozenset(words("words:ordinals"))
APPROXIMATORS = frozenset(words("words:approximators"))
LOCATION_FILLERS = frozenset(words("words:location-fillers"))
ADMIN_IM = frozenset(words("words:admin-im"))
ADMIN_IN_DER = frozenset(words("words:admin-in-der"))

# ------------------------------------------------------------------------------------------ patterns
SETUP_VERBS = regex("regex:setup-verbs")
INFRA_SETUP = regex("regex:infra-setup")
RELATIVE = regex("regex:relative")
COMPLEMENT = regex("regex:complement")
CONJ_START = regex("regex:conj-start")
MEETING_BEFORE = regex("regex:meeting-before")
LOCATIVE_BEFORE = regex("regex:locative-before")
JOINT_MARKER = regex("regex:joint-marker")
MICRO_CUT = regex("regex:micro-cut")
VEHICLE = regex("regex:vehicle")
GENITIVE_SG_BEFORE = regex("regex:genitive-sg-before")

# punctuation only: how the text is cut into tokens and clauses
TOKEN_RX = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?(?:[.,]\d+)*|\S")
CLAUSE_CUT = re.compile(r",\s|;\s*|:\s|\s[–—-]\s|[()]|[„“”\"«»]")
WORD_RX = re.compile(r"[^\W\d_]+")
