"""Joint projects: a noun phrase that names a concrete undertaking ("ein Werk für Traktorkabinen in
Kostanai", "das Joint Venture in Samarkand", "ein Projekt in der Region Tula zur Einführung eines
Elektrobusses") with its product and location, and the status the sentence gives it.

Mentions. A head noun from the table below (Werk, Montagewerk, Werkstatt, Fabrik, Joint Venture,
Handelshaus, Drehscheibe, Logistik-/Servicezentrum, Industriepark, Ladestation, Terminal, Projekt, ...)
plus a location (a place in an "in/im/bei" phrase right after it, or inside its name: "MTZ-Tatarstan")
and/or a product ("für Mähdrescher", "zur Herstellung von Kabinen", "Kabinenwerk", a line "mit
Elektrobussen"). Without a place of its own the head takes the nearest place of the sentence, its own clause
first: a locative phrase ("In Nowosibirsk soll ein Montagewerk ... entstehen"), else a region or city
before it with no preposition of its own, as subject, object or genitive ("Das Gebiet Omsk will ein
Servicezentrum aufbauen"), never a place of origin ("Firmen aus Shandong") and never a Belarusian place
when the sentence names a foreign one. A bare head counts only as an anaphor ("das Werk" after "ein Werk
für ... in Kostanai") or with such a place and a status cue about it; plural infrastructure only as a
network or with a setup verb ("ein Netz von Servicezentren", "20 Ladestationen werden errichtet").
Generic talk ("Kooperationsprojekte", "neue Projekte umzusetzen", "15 Projekte", "30 Joint Ventures" but
not "eines gemeinsamen Joint Ventures") has no singular head or no concrete object; named enterprises ("Minsker
Traktorenwerk") are left out. A mention is kept when it has a status, an inherently joint head (joint
venture, trading house, assembly plant) or a joint marker ("gemeinsam", "belarussisch-usbekisch") nearby.

Status. Cue rows in ``project_patterns.jsonl`` (kind "cue": id, status, pattern, optional scope, unless,
present_future, requires/otherwise) fire in the sentence; a cue with ``requires`` gives its status only when
the sentence states that as a fact outside a plan, else ``otherwise`` ("Schritt für Schritt entsteht in Omsk
ein Werk" without Bau, Bauarbeiten, Grundstein, errichtet or gebaut only proposes). A cue in a micro-clause
with a modal, plan or future marker (kind "future": "soll", "wollen", "geplant", "im nächsten Jahr", "wird
... werden") only proposes: "soll ... in Betrieb genommen werden" is proposed, never operating; event
verbs in the present passive ("wird im Herbst eröffnet") are announcements too. Cues in the project's own
clause (with its relative clause) win over cues in the clause that governs it ("Die Seiten vereinbarten, ...
zu errichten"); among those the most advanced status wins; a cue that refers to neither only counts when it
is the nearest. Several mentions of one project in an article give one ProjectMention with the most
advanced status stated; its evidence (start, end) is the sentence that states it."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..models import ProjectMention
from ..resources import load_jsonl
from . import lexicon
from .persons import OrgHit, PlaceHit
from .sectors import find_sectors, fold_case

__all__ = ["ProjectMention", "find_projects", "STATUS_RANK"]

STATUS_RANK = {"proposed": 1, "agreed": 2, "under_construction": 3, "operating": 4}


# ------------------------------------------------------------------------------------------ heads
# head suffix -> (singular forms, plural forms); a token ends with one of these ("Montagewerks")
_HEAD_FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "werkstatt": (("werkstatt",), ("werkstätten",)),
    "werk": (("werk", "werks", "werkes"), ("werke", "werken")),
    "fabrik": (("fabrik",), ("fabriken",)),
    "stätte": (("stätte",), ("stätten",)),
    "standort": (("standort", "standorts", "standortes"), ("standorte", "standorten")),
    "produktion": (("produktion",), ()),
    "fertigung": (("fertigung",), ()),
    "montage": (("montage",), ()),
    "betrieb": (("betrieb", "betriebs", "betriebes"), ("betriebe", "betrieben")),
    "unternehmen": (("unternehmen", "unternehmens"), ()),
    "haus": (("haus", "hauses"), ("häuser", "häusern")),
    "gesellschaft": (("gesellschaft",), ("gesellschaften",)),
    "drehscheibe": (("drehscheibe",), ("drehscheiben",)),
    "zentrum": (("zentrum", "zentrums"), ("zentren",)),
    "park": (("park", "parks"), ()),
    "station": (("station",), ("stationen",)),
    "tankstelle": (("tankstelle",), ("tankstellen",)),
    "säule": (("säule",), ("säulen",)),
    "infrastruktur": (("infrastruktur",), ()),
    "linie": (("linie",), ("linien",)),
    "terminal": (("terminal", "terminals"), ()),
    "lager": (("lager", "lagers"), ()),
    "projekt": (("projekt", "projekts", "projektes"), ("projekte", "projekten")),
    "farm": (("farm",), ("farmen",)),
    "molkerei": (("molkerei",), ("molkereien",)),
    "komplex": (("komplex", "komplexes", "komplexe"), ("komplexen",)),
}
_FORM_INFO: dict[str, tuple[str, bool]] = {}
for _base, (_sg, _pl) in _HEAD_FORMS.items():
    for _f in _sg:
        _FORM_INFO[_f] = (_base, False)
    for _f in _pl:
        _FORM_INFO[_f] = (_base, True)

# compound modifiers that make "-werk" something else than a plant (Netzwerk, Handwerk, Bauwerk, ...)
WERK_NOT = ("netz", "bau", "kunst", "regel", "hand", "feuer", "trieb", "stell", "mauer", "schuh", "lauf", "uhr",
            "gesamt", "lebens", "hilfs", "bild", "meister", "folge", "schrift", "tage", "nach", "räder", "spät",
            "früh", "haupt", "boll", "blend", "fahr", "gemeinde", "dach", "stock", "back", "zucker")
ZENTRUM_NOT = ("stadt", "regional", "verwaltungs", "gebiets", "bezirks", "presse", "kongress", "messe", "industrie",
               "wirtschafts", "finanz", "welt", "gravitations", "kultur", "macht", "kreis", "rayon", "oblast",
               "einkaufs", "geschäfts", "medien", "informations")
PARK_OK = ("industrie", "techno", "technologie", "hightech", "high-tech", "gewerbe", "agro", "agrar", "logistik",
           "wissenschafts", "innovations", "chemie", "öko", "eco", "it-", "wissenschafts-", "agroindustrie")
STATION_OK = ("lade", "service", "wartungs", "tank", "e-tank", "strom")
LINIE_OK = ("montage", "produktions", "fertigungs", "abfüll", "verpackungs", "fließband", "eisenbahn", "bahn",
            "bus", "trolleybus", "straßenbahn", "metro", "u-bahn", "flug", "schiffs", "fähr", "container",
            "zug", "güterzug", "schienen", "verarbeitungs")
LAGER_OK = ("ersatzteil", "zoll", "logistik", "waren", "kühl", "konsignations", "distributions", "getreide",
            "tiefkühl", "frischwaren")
FARM_OK = ("milch", "milchvieh", "geflügel", "schweine", "rinder", "fisch", "agrar", "zucht", "vieh", "pilz")
KOMPLEX_OK = ("milchvieh", "vieh", "tierhaltungs", "logistik", "lager", "produktions", "industrie", "schlacht",
              "verarbeitungs", "agroindustrie", "gewächshaus")
STAETTE_OK = ("produktions", "fertigungs", "montage", "industrie", "herstellungs")
NON_PRODUCT_MOD = ("verarbeitungs", "montage", "produktions", "gemeinschafts", "zweig", "tochter", "haupt", "end",
                   "serien",
                   "fertigungs", "industrie", "pilot", "groß", "neu", "kraft", "werk", "betriebs", "herstellungs")
ACTION_SUFFIXES = ("verarbeitung", "montage", "produktion", "herstellung", "fertigung", "abfüllung", "zucht",
                   "reparatur", "wartung", "lagerung")
PLANT = {"werk", "montagewerk", "werkstatt", "fabrik", "produktionsstaette", "produktion", "montage",
         "montageproduktion", "kraftwerk", "farm", "komplex"}
FAMILY = {**{h: "plant" for h in PLANT}, "joint_venture": "jv", "handelshaus": "trade",
          "handelsgesellschaft": "trade", "drehscheibe": "trade"}
INHERENTLY_JOINT = {"joint_venture", "handelshaus", "handelsgesellschaft", "montagewerk", "montageproduktion"}
NAMEABLE = {"joint_venture", "handelshaus", "handelsgesellschaft", "park", "zentrum", "terminal", "drehscheibe",
            "werk", "fabrik"}
NEEDS_SETUP = {"produktion", "montage"}
NAMED_OK = {"joint_venture", "handelshaus", "handelsgesellschaft", "park", "drehscheibe"}  # a name is concrete
DEFINITE = {"der", "die", "das", "dem", "den", "des", "dieser", "diese", "dieses", "diesem", "diesen"}

SETUP_NOUNS = {"Aufbau", "Aufbaus", "Einrichtung", "Gründung", "Schaffung", "Organisation", "Organisierung",
               "Eröffnung", "Start", "Starts", "Lokalisierung", "Errichtung", "Ansiedlung", "Bau", "Baus",
               "Aufnahme", "Einführung", "Etablierung", "Idee", "Projekt", "Projekts"}
SETUP_VERBS = re.compile(r"\b(?:aufzubauen|aufbauen|aufgebaut|einzurichten|einrichten|eingerichtet|zu organisieren|"
                         r"organisieren|organisiert|zu gründen|gründen|gegründet|zu starten|starten|gestartet|"
                         r"zu lokalisieren|lokalisieren|lokalisiert|aufzunehmen|aufnehmen|aufgenommen|anzusiedeln|"
                         r"angesiedelt|zu schaffen|schaffen|geschaffen|zu errichten|errichten|errichtet)\b")
NETWORK = {"Netz", "Netzes", "Netzwerk", "Netzwerks", "Netzwerkes"}
NETWORK_START = ("Netz ", "Netzes ", "Netzwerk ", "Netzwerks ", "Netzwerkes ")
NUMBER_WORDS = {"zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf", "zwanzig",
                "dreißig", "vierzig", "fünfzig", "hundert", "mehrere"}
INFRA_SETUP = re.compile(r"\b(?:bauen|gebaut|zu bauen|installier\w*|eröffne\w*|in Betrieb|entsteh\w*|aufgestellt|"
                         r"aufzustellen|ausgebaut|auszubauen)\b")
ACTION_NOUNS = {"Herstellung", "Produktion", "Montage", "Fertigung", "Verarbeitung", "Wartung", "Reparatur",
                "Lagerung", "Bau", "Baus", "Errichtung", "Einführung", "Lieferung", "Lieferungen", "Modernisierung",
                "Erzeugung", "Abfüllung", "Verpackung", "Instandhaltung", "Vertrieb", "Verkauf", "Zucht",
                "Anbau", "Aufbau", "Ausbau", "Betrieb", "Nutzung", "Recycling", "Umschlag", "Veredelung",
                "Endmontage", "Großmontage", "Serienfertigung", "Serienproduktion", "Entwicklung", "Wiederaufbau",
                "Sanierung", "Ausrüstung", "Versorgung", "Schulung", "Ausbildung", "Einsatz", "Anschaffung",
                "Beschaffung", "Aufbereitung", "Gewinnung", "Förderung", "Service", "Lokalisierung"}
ABSTRACT = {"zusammenarbeit", "kooperation", "beziehungen", "entwicklung", "zukunft", "region", "regionen",
            "länder", "land", "seiten", "partner", "wirtschaft", "export", "exporte", "handel", "bevölkerung",
            "menschen", "jugend", "markt", "märkte", "potenzial", "möglichkeiten", "bedarf", "bereich", "industrie",
            "wachstum", "stabilität", "sicherheit", "integration", "frieden", "freundschaft", "jahr", "jahre",
            "zeit", "ziel", "ziele", "unternehmen", "betriebe", "projekte", "zwecke", "beispiel", "teil",
            "verfügung", "umsetzung", "wirtschaftszweige", "branche", "branchen", "sektor", "sektoren"}
NOT_PRODUCT = {"Millionen", "Milliarden", "Mio", "Mrd", "Dollar", "US-Dollar", "Euro", "Rubel", "Prozent", "Tonnen",
               "Einheiten", "Stück", "Jahre", "Jahr", "Jahren", "Arbeitsplätze", "Mitarbeiter", "Beschäftigte",
               "Quadratmeter", "Hektar", "Investitionen", "Investoren", "Belarus", "Seiten", "Partner"}
NOT_FILLER = {"Rahmen", "Treffen", "Besuch", "Besuchs", "Gespräch", "Gesprächen", "Verhandlungen", "Forum", "Forums",
              "Sitzung", "Konferenz", "Messe", "Ausstellung", "Delegation", "Betrieb", "Bau", "Zukunft", "Richtung"}
DETS = {"der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "eines", "einem", "einen", "dieser",
        "diese", "dieses", "diesem", "diesen", "ihre", "ihrer", "ihren", "seine", "seiner", "seinen", "unsere",
        "unserer", "unseren"}
STOP_WORDS = {"und", "oder", "sowie", "für", "von", "in", "im", "mit", "bei", "beim", "nach", "aus", "auf", "an",
              "am", "pro", "bis", "über", "unter", "zwischen", "durch", "gegen", "ohne", "um", "zu", "zur", "zum",
              "als", "wie", "auch", "noch", "nur", "nicht", "sondern", "sowohl", "werden", "wird", "wurde", "wurden",
              "ist", "sind", "soll", "sollen", "hat", "haben", "seit", "vor", "dass", "bereits", "schon", "jährlich",
              "insgesamt", "ebenfalls", "dort", "hier", "sich", "dabei", "etwa", "rund", "mehr", "weniger", "sehr",
              "jeweils", "sie", "er", "es", "wir", "ihr", "unter", "neben", "hinaus", "zudem", "außerdem"}
NON_LOCATIVE_PREPS = {"aus", "nach", "von", "vom", "mit", "zwischen", "für", "über", "gegen", "an", "am", "auf",
                      "zu", "zur", "zum", "durch", "um", "vor", "seit", "unter", "ohne", "wie", "als", "gegenüber",
                      "trotz", "außer", "bis", "ab", "per", "pro", "samt", "neben", "hinter", "statt", "dank"}
LOC_PREPS = {"in", "im", "bei", "beim", "nahe", "unweit"}
RELATIVE = re.compile(r"^(?:der|die|das|dessen|deren|dem|den|welche[rsmn]?|wo|in\s+(?:dem|der|denen)|an\s+(?:dem|der)|"
                      r"bei\s+(?:dem|der)|mit\s+(?:dem|der)|auf\s+(?:dem|der))\b")
COMPLEMENT = re.compile(r"^(?:dass|ob|damit|um|wie)\b|\bzu\s+\w+en\b|\b\w+zu\w+en\b")
CONJ_START = re.compile(r"^(?:und|oder|sowie|aber|doch|sondern|während|weil|da|wenn|als|nachdem|obwohl|so|"
                        r"sagte|betonte|erklärte|hieß|teilte|so\s+der|so\s+die)\b")
MEETING_BEFORE = re.compile(r"(?:Treffen\w*|Gespräch\w*|Besuch\w*|Verhandlung\w*|Sitzung\w*|Forum\w*|Konferenz\w*|"
                            r"Messe\w*|Ausstellung\w*|Reise\w*|Delegation\w*|Tagung\w*|Zeremonie\w*)\s+(?:\w+\s+)?$")
LOCATIVE_BEFORE = re.compile(r"\b(?P<prep>[Ii]n|[Ii]m|[Bb]ei|[Bb]eim|[Nn]ahe|[Uu]nweit)\s+"
                             r"(?:(?!(?:in|im|bei|beim)\s)[\w-]+\s+){0,3}$")
JOINT_MARKER = re.compile(r"gemeinsam|Gemeinschafts|Joint[- ]Venture|Kooperation|[Pp]artner|Zusammenarbeit|"
                          r"belarussisch-\w+|\w+-belarussisch")
TOKEN_RX = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?(?:[.,]\d+)*|\S")
CLAUSE_CUT = re.compile(r",\s|;\s*|:\s|\s[–—-]\s|[()]|[„“”\"«»]")
# "und" starts a new micro-clause only before a lower-case word ("und soll", "und die Seiten"), not inside a
# coordination of nouns ("Traktoren und Kommunaltechnik errichten")
MICRO_CUT = re.compile(r",\s|;\s*|:\s|\s[–—-]\s|[()]|\s(?:aber|doch|sondern)\s|"
                       r"\s(?:und|sowie|oder)\s(?=[a-zäöüß])")
DATIVE_PLURAL_N = ("ern", "eln", "kten", "äten", "ssen", "ilen", "ugen", "ügen", "offen", "ägen", "eiten", "eugen")
WORD_RX = re.compile(r"[^\W\d_]+")
# the vehicles a line is run with ("die erste Linie mit belarussischen Trolleybussen"), as the last noun written
VEHICLE = re.compile(r"(?:[Bb]us|[Bb]usse|[Bb]ussen|[Bb]ahn|[Bb]ahnen|[Zz]ug|[Zz]üge|[Zz]ügen|[Ww]agen|[Ww]aggons|"
                     r"[Ff]ahrzeug|[Ff]ahrzeuge|[Ff]ahrzeugen|[Ll]okomotiven|[Tt]rams?|[Ll]kw|LKW)$")
# a genitive singular article before "Joint Ventures", over up to two adjectives: "des Joint Ventures", "eines
# gemeinsamen belarussisch-usbekischen Joint Ventures" (the plural "der 30 Joint Ventures" has none of these)
GENITIVE_SG_BEFORE = re.compile(r"\b(?:[Ee]ines|[Dd]es|[Dd]ieses|[Jj]enes|[Uu]nseres|[Ii]hres|[Ss]eines)\s+"
                                r"(?:[a-zäöüß][\w-]*en\s+){0,2}$")


# ------------------------------------------------------------------------------------------ cue data
@dataclass(frozen=True)
class _Cue:
    id: str
    status: str
    rx: re.Pattern[str]
    scope: str  # sentence | clause
    present_future: bool
    unless: re.Pattern[str] | None
    needles: tuple[str, ...] | None = None  # one of these (lower-cased) is in every match: a cheap pre-test
    requires: re.Pattern[str] | None = None  # the status holds only if this is in the sentence ...
    otherwise: str | None = None  # ... else the cue gives this status (or nothing)


@dataclass(frozen=True)
class _Patterns:
    cues: tuple[_Cue, ...]
    future: tuple[re.Pattern[str], ...]
    present_future: tuple[re.Pattern[str], ...]
    not_future: tuple[re.Pattern[str], ...]
    negation: tuple[re.Pattern[str], ...]


def _needles(pattern: str) -> tuple[str, ...] | None:
    """Literal strings of which every match of ``pattern`` contains one, or None when there are none."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
        parsed = sre_parse.parse(pattern)
    except Exception:  # pragma: no cover - another Python's regex internals
        return None
    consts = sre_parse

    def seq(items: Any) -> set[str] | None:
        options: list[set[str]] = []
        run = ""
        for op, av in items:
            if op is consts.LITERAL:
                run += chr(av)
                continue
            if len(run) >= 3:
                options.append({run})
            run = ""
            if op is consts.SUBPATTERN:
                got = seq(av[-1])
            elif op is consts.BRANCH:
                branches = [seq(b) for b in av[1]]
                got = None if any(b is None for b in branches) else set().union(*(b for b in branches if b is not None))
            elif op in (consts.MAX_REPEAT, consts.MIN_REPEAT) and av[0] >= 1:
                got = seq(av[2])
            else:
                got = None
            if got:
                options.append(got)
        if len(run) >= 3:
            options.append({run})
        if not options:
            return None
        return min(options, key=lambda o: (len(o), -min(len(x) for x in o)))

    found = seq(parsed)
    return tuple(sorted({n.lower() for n in found})) if found else None


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    cues: list[_Cue] = []
    kinds: dict[str, list[re.Pattern[str]]] = {"future": [], "present_future": [], "not_future": [], "negation": []}
    for row in load_jsonl("project_patterns.jsonl"):
        kind = row.get("kind", "cue")
        rx = re.compile(row["pattern"])
        if kind == "cue":
            if row["status"] not in STATUS_RANK:
                raise ValueError(f"project_patterns.jsonl: {row['id']}: unknown status {row['status']!r}")
            unless = re.compile(row["unless"]) if row.get("unless") else None
            requires = re.compile(row["requires"]) if row.get("requires") else None
            if row.get("otherwise") is not None and row["otherwise"] not in STATUS_RANK:
                raise ValueError(f"project_patterns.jsonl: {row['id']}: unknown status {row['otherwise']!r}")
            cues.append(_Cue(row["id"], row["status"], rx, row.get("scope", "sentence"),
                             bool(row.get("present_future")), unless, _needles(row["pattern"]), requires,
                             row.get("otherwise")))
        elif kind in kinds:
            kinds[kind].append(rx)
        else:
            raise ValueError(f"project_patterns.jsonl: {row['id']}: unknown kind {kind!r}")
    return _Patterns(tuple(cues), tuple(kinds["future"]), tuple(kinds["present_future"]),
                     tuple(kinds["not_future"]), tuple(kinds["negation"]))


# ------------------------------------------------------------------------------------------ helpers
@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int


@dataclass
class _Loc:
    hit: PlaceHit | None
    written: str  # the place as written, nominative ("Kostanaj", "Gebiet Tula")
    place_id: str | None
    country: str | None
    iso: str | None
    pp: str  # the phrase for the name: "in Kostanaj", "im Gebiet Tula"
    start: int


@dataclass
class _Cand:
    start: int
    end: int
    head: str
    core: str  # "Werkstatt", "Joint Venture MAZ Asia"
    sent: tuple[int, int]
    head_start: int
    product: str | None = None
    purpose: str | None = None  # a project's object phrase as written: "zur Einführung eines Elektrobusses"
    product_span: tuple[int, int] | None = None
    loc: _Loc | None = None
    status: str | None = None
    cue: str | None = None
    cue_id: str | None = None
    qualified: bool = False
    plural: bool = False
    anaphor: bool = False
    compound_product: bool = False  # the product is the compound's modifier ("Kabinenwerk")
    weak: bool = False  # neither place nor product attached: kept as an anaphor or with a place and a cue
    weak_loc: _Loc | None = None
    tier: int | None = None  # how the status cue relates: 0 own clause, 1 governing clause, 2 plan, None not
    definite: bool = False  # "das Kabinenwerk": refers back before it takes a place from elsewhere in the sentence
    loc_fallback: bool = False  # the place is not attached to the phrase but found elsewhere in the sentence


def _is_cap(t: str) -> bool:
    return t[:1].isupper() and any(c.isalpha() for c in t)


def _is_acronymish(t: str) -> bool:
    return sum(1 for c in t if c.isupper()) >= 2 and t[:1].isupper()


def _looks_adj(t: str) -> bool:
    return t.isalpha() and t.islower() and len(t) > 3 and t not in STOP_WORDS and t.endswith(
        ("e", "en", "er", "es", "em"))


def _loc_from_hit(h: PlaceHit, pp: str) -> _Loc:
    e = h.entry
    written = e.alias if e.form == "genitive" and e.alias else h.surface
    return _Loc(h, written, e.place_id, e.country, e.iso3166_2 if e.kind != "country" else None, pp, h.start)


def _strip_genitive(w: str) -> str:
    lw = w.lower()
    if lw.endswith("busses"):
        return w[:-3]
    if lw.endswith(("kes", "tes", "ses", "zes", "ßes", "ches", "ges", "xes")) and len(w) > 5:
        return w[:-2]
    if lw.endswith("s") and not lw.endswith(("ss", "us", "is", "os")) and len(w) > 3:
        return w[:-1]
    return w


def _strip_dative_plural(w: str) -> str:
    return w[:-1] if w.lower().endswith(DATIVE_PLURAL_N) and len(w) > 4 else w


def _nominative_item(det: str | None, adjs: list[str], nouns: list[str], case: str) -> str:
    if det:
        adjs = []
        if case == "gen" and det in ("des", "eines", "dieses"):
            nouns = nouns[:-1] + [_strip_genitive(nouns[-1])]
        elif case == "dat" and det == "den":
            nouns = nouns[:-1] + [_strip_dative_plural(nouns[-1])]
    else:
        if case == "gen":
            adjs = [a[:-1] if a.endswith("er") else a for a in adjs]
        elif case == "dat":
            adjs = [a[:-1] if a.endswith(("en", "em")) else a for a in adjs]
            nouns = nouns[:-1] + [_strip_dative_plural(nouns[-1])]
    return " ".join(adjs + nouns)


class _Sentence:
    """One sentence, tokenized once, with its clause and micro-clause boundaries and its cues."""

    def __init__(self, text: str, s: int, e: int, places: list[PlaceHit]) -> None:
        self.text, self.s, self.e = text, s, e
        self.toks = [_Tok(m.group(), s + m.start(), s + m.end()) for m in TOKEN_RX.finditer(text[s:e])]
        self.tok_at = {t.start: i for i, t in enumerate(self.toks)}
        self.places = [h for h in places if s <= h.start < e]
        self.place_at = {h.start: h for h in self.places if h.entry.form != "adjective"}
        seg = text[s:e]
        self.clauses = self._cuts(CLAUSE_CUT, seg)
        self.micro = self._cuts(MICRO_CUT, seg)
        self._cues: list[tuple[_Cue, int, int, str, bool]] | None = None

    def _cuts(self, rx: re.Pattern[str], seg: str) -> list[tuple[int, int]]:
        out, pos = [], self.s
        for m in rx.finditer(seg):
            a, b = self.s + m.start(), self.s + m.end()
            if a > pos:
                out.append((pos, a))
            pos = b
        if pos < self.e:
            out.append((pos, self.e))
        return out or [(self.s, self.e)]

    @staticmethod
    def _index(spans: list[tuple[int, int]], pos: int) -> int:
        i = bisect_right([a for a, _ in spans], pos) - 1
        return max(i, 0)

    def micro_region(self, a: int, b: int) -> tuple[int, int]:
        i, j = self._index(self.micro, a), self._index(self.micro, max(a, b - 1))
        return self.micro[i][0], self.micro[j][1]

    def cues(self) -> list[tuple[_Cue, int, int, str, bool]]:
        """(cue, start, end, status after the future check, demoted?) for every cue that fires."""
        if self._cues is not None:
            return self._cues
        pats = patterns()
        out = []
        low = self.text[self.s:self.e].lower()
        for cue in pats.cues:
            if cue.needles is not None and not any(n in low for n in cue.needles):
                continue
            for m in cue.rx.finditer(self.text, self.s, self.e):
                ms, me = m.start(), m.end()
                ra, rb = self.micro_region(ms, me)
                region = self.text[ra:rb]
                if cue.unless is not None and cue.unless.search(region):
                    continue
                if any(n.search(self.text, ra, me) for n in pats.negation):
                    continue
                status, demoted = cue.status, False
                if cue.requires is not None and not self.states(cue.requires):
                    if cue.otherwise is None:
                        continue
                    status = cue.otherwise
                if status != "proposed":
                    future = any(f.search(region) for f in pats.future)
                    if not future and cue.present_future:
                        future = any(f.search(region) for f in pats.present_future) and \
                            not any(f.search(region) for f in pats.not_future)
                    if future:
                        status, demoted = "proposed", True
                out.append((cue, ms, me, status, demoted))
        self._cues = out
        return out

    def states(self, rx: re.Pattern[str]) -> bool:
        """Whether the sentence states ``rx`` as a fact: a match in a micro-clause without a plan, modal or
        future marker and without a negation ("Der Bau soll im Frühjahr beginnen" states no construction)."""
        pats = patterns()
        for m in rx.finditer(self.text, self.s, self.e):
            ra, rb = self.micro_region(m.start(), m.end())
            region = self.text[ra:rb]
            if any(f.search(region) for f in pats.future) or any(n.search(region) for n in pats.negation):
                continue
            return True
        return False

    def scopes(self, pos: int, phrase_end: int) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
        """The phrase's own clause (with a relative clause right after it and the main clause's rest) and
        the clause that governs it ("Die Seiten vereinbarten, ... zu errichten")."""
        i = self._index(self.clauses, pos)
        own = [self.clauses[i]]
        j = i + 1
        if j < len(self.clauses) and self.clauses[i][1] - phrase_end <= 40:
            nxt = self.text[self.clauses[j][0]:self.clauses[j][1]].strip()
            if RELATIVE.match(nxt):
                own.append(self.clauses[j])
                j += 1
                if j < len(self.clauses):
                    rest = self.text[self.clauses[j][0]:self.clauses[j][1]].strip()
                    first = rest.split(" ", 1)[0]
                    if first.islower() and first.isalpha() and not CONJ_START.match(rest) and \
                            not RELATIVE.match(rest):
                        own.append(self.clauses[j])
        governing = None
        a, b = self.clauses[i]
        if i > 0 and COMPLEMENT.search(self.text[a:b].strip()):
            governing = self.clauses[i - 1]
        return own, governing


# ------------------------------------------------------------------------------------------ phrase parsing
def _network_before(before: list[str]) -> bool:
    """'ein Netz von (modernen) Servicezentren', '20 Ladestationen', 'drei neue Servicezentren': plural
    infrastructure built as one undertaking (the words before the head, as split from the text)."""
    words = [w.strip(",;:") for w in before]
    if words and _looks_adj(words[-1]):
        words = words[:-1]
    if len(words) >= 2 and words[-1] in ("von", "aus") and words[-2] in NETWORK:
        return True
    return bool(words) and (words[-1].isdigit() or words[-1].lower() in NUMBER_WORDS)


def _classify(base: str, prefix: str, plural: bool, before: list[str]) -> str | None:
    p = prefix.lower().replace("-", "")
    plural_ok = base in ("station", "tankstelle", "säule") or (base == "zentrum" and _network_before(before))
    if plural and not plural_ok:
        return None
    if base == "werkstatt":
        return "werkstatt"
    if base == "werk":
        if p == "ge" or (p.endswith(WERK_NOT) and not p.endswith(("montage", "zement", "stahl", "säge"))):
            return None
        if p.endswith("kraft"):
            return "kraftwerk"
        return "montagewerk" if p.endswith("montage") else "werk"
    if base == "fabrik":
        return "fabrik"
    if base in ("stätte", "standort"):
        return "produktionsstaette" if p.endswith(STAETTE_OK) else None
    if base in ("produktion", "fertigung"):
        return "montageproduktion" if p.endswith("montage") else "produktion"
    if base == "montage":
        return "montage"
    if base == "betrieb":
        if p.endswith("montage"):
            return "montagewerk"
        if p.endswith("gemeinschafts"):
            return "joint_venture"
        return "werk" if p.endswith(("produktions", "fertigungs")) else None
    if base == "unternehmen":
        if p.endswith("gemeinschafts") or (not p and before and before[-1].lower().startswith("gemeinsam")):
            return "joint_venture"
        return None
    if base == "haus":
        return "handelshaus" if p.endswith("handels") else None
    if base == "gesellschaft":
        if p.endswith(("handels", "vertriebs")):
            return "handelsgesellschaft"
        if p.endswith("produktions") and len(before) >= 2 and before[-1] == "und" and before[-2] == "Handels-":
            return "handelsgesellschaft"
        if not p and before and before[-1].lower().startswith("gemeinsam"):
            return "joint_venture"
        return None
    if base == "drehscheibe":
        return "drehscheibe"
    if base == "zentrum":
        return "zentrum" if p and not p.endswith(ZENTRUM_NOT) else None
    if base == "park":
        return "park" if p.endswith(PARK_OK) else None
    if base == "station":
        return "station" if p.endswith(STATION_OK) else None
    if base == "tankstelle":
        return "station"
    if base == "säule":
        return "station" if p.endswith("lade") else None
    if base == "infrastruktur":
        return "infrastruktur" if p.endswith("lade") else None
    if base == "linie":
        return "linie" if p.endswith(LINIE_OK) or p == "" else None  # "die erste Linie mit Elektrobussen"
    if base == "terminal":
        return "terminal"
    if base == "lager":
        return "lager" if p.endswith(LAGER_OK) else None
    if base == "projekt":
        return "projekt"
    if base == "farm":
        return "farm" if p.endswith(FARM_OK) else None
    if base == "molkerei":
        return "fabrik"
    if base == "komplex":
        return "komplex" if p.endswith(KOMPLEX_OK) else None
    return None


def _compound_product(prefix: str, strip: tuple[str, ...] = NON_PRODUCT_MOD) -> str | None:
    """'Traktoren' of 'Traktorenwerk', 'Mähdrescher' of 'Mähdrescher-Montagewerk', 'Milch' of the action noun
    'Milchverarbeitung' (with ``strip=ACTION_SUFFIXES``)."""
    parts = [x for x in prefix.split("-") if x]
    while parts:
        low = parts[-1].lower()
        cut = next((m for m in strip if low.endswith(m)), None)
        if cut is None:
            break
        rest = parts[-1][: len(parts[-1]) - len(cut)]
        parts = parts[:-1] + ([rest] if rest else [])
    if not parts:
        return None
    word = "-".join(parts)
    if re.search(r"(?:ungs|ions|täts|heits|keits|schafts)$", word):
        word = word[:-1]
    if len(word) < 3:
        return None
    return word[:1].upper() + word[1:]


class _Parser:
    def __init__(self, text: str, sent: _Sentence, orgs: list[OrgHit]) -> None:
        self.text, self.sent, self.orgs = text, sent, orgs
        self.toks = sent.toks

    # -- noun phrases ---------------------------------------------------------------------------
    def np(self, k: int, case: str) -> tuple[str, int, str] | None:
        """A product noun phrase from token k: (nominative text, next index, last noun)."""
        toks = self.toks
        det = None
        if k < len(toks) and toks[k].text.lower() in DETS:
            det = toks[k].text.lower()
            k += 1
        while k < len(toks) and (toks[k].text[:1].isdigit() or toks[k].text in ("bis", "zu", "rund", "etwa")):
            k += 1
        adjs: list[str] = []
        while k < len(toks) and _looks_adj(toks[k].text) and len(adjs) < 3:
            adjs.append(toks[k].text)
            k += 1
        nouns: list[str] = []
        while k < len(toks) and len(nouns) < 2:
            t = toks[k]
            if t.start in self.sent.place_at or not _is_cap(t.text) or t.text.lower() in DETS or \
                    t.text in NOT_PRODUCT:
                break
            if nouns and not (_is_acronymish(nouns[-1]) or _is_acronymish(t.text)):
                break
            nouns.append(t.text)
            k += 1
        if not nouns:
            return None
        return _nominative_item(det, adjs, nouns, case), k, nouns[-1]

    def purpose(self, j: int) -> tuple[list[str], int, str] | None:
        """'für Traktorkabinen', 'zur Herstellung von Mähdreschern', 'zur Einführung eines Elektrobusses und
        zum Bau von Ladestationen': (product items in the nominative, next index, first object noun)."""
        toks = self.toks
        if j + 1 >= len(toks):
            return None
        prep, k = toks[j].text, j + 1
        if prep in ("von", "mit"):  # "mit": "die erste Linie mit Elektrobussen" (the caller checks the vehicle)
            case = "dat"
        elif prep in ("eines", "einer", "des", "der"):  # "das Projekt eines Werks für Elektrobusse"
            case, k = "gen", j
        elif prep in ("zur", "zum", "für"):
            k2 = k + 1 if prep == "für" and toks[k].text.lower() in DETS else k
            t = toks[k2].text if k2 < len(toks) else ""
            action = t in ACTION_NOUNS or (prep != "für" and t.endswith("ung") and _is_cap(t))
            own = _compound_product(t, ACTION_SUFFIXES) if action and t not in ACTION_NOUNS else None
            if own is not None and not (k2 + 1 < len(toks) and (toks[k2 + 1].text == "von" or
                                                                toks[k2 + 1].text.lower() in DETS)):
                return [own], k2 + 1, own  # "zur Milchverarbeitung": the compound names the product
            if not action:
                if prep != "für":
                    return None  # "zum Beispiel", "zur Verfügung"
                case = "acc"
            else:
                k = k2 + 1
                if k < len(toks) and toks[k].text == "von":
                    case, k = "dat", k + 1
                elif k < len(toks) and (toks[k].text.lower() in ("des", "eines", "der", "einer", "dieses")
                                        or _looks_adj(toks[k].text) or _is_cap(toks[k].text)):
                    case = "gen"
                else:
                    return None
        else:
            return None
        res = self.np(k, case)
        if res is None:
            return None
        item, k, noun = res
        items = [item]
        while k + 1 < len(toks) and toks[k].text in ("und", "sowie", ",") and len(items) < 4:
            nxt = toks[k + 1].text
            if nxt in ("zur", "zum", "für"):
                more = self.purpose(k + 1)
                if more is None:
                    break
                items += more[0]
                k = more[1]
                continue
            if not (_is_cap(nxt) or _looks_adj(nxt) or nxt.lower() in DETS):
                break
            if toks[k].text == "," and not _is_cap(nxt):
                break  # "ein Werk für Kommunaltechnik, dessen Bau ...", ", die Bauarbeiten laufen": a new clause
            res2 = self.np(k + 1, case)
            if res2 is None or res2[2].lower() in ABSTRACT:
                break
            items.append(res2[0])
            k = res2[1]
        return items, k, noun

    # -- places -----------------------------------------------------------------------------------
    def location_pp(self, j: int) -> tuple[_Loc, int] | None:
        toks = self.toks
        if j >= len(toks) or toks[j].text not in LOC_PREPS:
            return None
        for k in range(j + 1, min(j + 8, len(toks))):
            t = toks[k]
            hit = self.sent.place_at.get(t.start)
            if hit is not None and hit.entry.kind == "world_region":
                return None  # "in Zentralasien": too vague to place a project
            if hit is not None:
                end_k = k
                while end_k < len(toks) and toks[end_k].end <= hit.end:
                    end_k += 1
                prep_start = toks[j].start
                # the nearest locative preposition before the place names it best ("in Kostanaj")
                for q in range(k - 1, j, -1):
                    if toks[q].text in LOC_PREPS:
                        prep_start = toks[q].start
                        break
                return _loc_from_hit(hit, self.text[prep_start:hit.end]), end_k
            low = t.text.lower()
            if low in DETS or low in ("von", "in", "im", "nähe", "der", "des") or _looks_adj(t.text) or \
                    (_is_cap(t.text) and t.text not in SETUP_NOUNS and t.text not in NOT_FILLER):
                continue
            return None
        return None

    def name_after(self, j: int) -> tuple[str, int, _Loc | None]:
        """A proper name right after the head: 'MAZ Asia', 'MTZ-Tatarstan', '„Großer Stein“'."""
        toks = self.toks
        if j >= len(toks):
            return "", j, None
        words: list[_Tok] = []
        k = j
        if toks[k].text in ("„", "\"", "«", "»"):
            close = {"„": "“", "\"": "\"", "«": "»", "»": "«"}[toks[k].text]
            m = k + 1
            while m < len(toks) and m - k <= 6 and toks[m].text not in (close, "”", "“", "\""):
                m += 1
            if m < len(toks) and m - k <= 6 and m > k + 1:
                return self.text[toks[k].start:toks[m].end], m + 1, self._inner_place(toks[k + 1:m])
            return "", j, None
        while k < len(toks) and len(words) < 3:
            t = toks[k]
            if t.start in self.sent.place_at:
                break
            if _is_acronymish(t.text) or (words and _is_cap(t.text) and not lexicon.is_german_word(t.text)):
                words.append(t)
                k += 1
                continue
            break
        if not words:
            return "", j, None
        return self.text[words[0].start:words[-1].end], k, self._inner_place(words)

    def _inner_place(self, words: list[_Tok]) -> _Loc | None:
        auto = lexicon.places()
        for t in words:
            for part in re.split(r"[-\s]", t.text.strip("„“\"")):
                if len(part) < 3:
                    continue
                for s, e, values in auto.find(part):
                    if s == 0 and e == len(part):
                        surface, entry = values[0]
                        if entry.form == "adjective":
                            continue
                        off = t.start + t.text.find(part)
                        hit = PlaceHit(off, off + len(part), surface, entry)
                        return _loc_from_hit(hit, "")
        return None


def _core_word(token: str, form_start: int, base: str, plural: bool) -> str:
    """The head word in the nominative singular: 'Montagewerks' -> 'Montagewerk'; plurals stay as written."""
    if plural:
        return token
    prefix = token[:form_start]
    return prefix + (base if prefix else base.capitalize())


@lru_cache(maxsize=1)
def _head_automaton() -> Any:
    """Every head form, lower-cased, in one Aho-Corasick automaton (a regex alternation is ten times slower)."""
    items = [(form, (form, base, plural)) for form, (base, plural) in _FORM_INFO.items()]
    items += [(jv, (jv, "venture", False)) for jv in ("joint venture", "joint-venture", "joint ventures",
                                                         "joint-ventures")]
    return lexicon.keyword_automaton(items)


def _head_hits(text: str) -> list[tuple[int, int, int, str, str]]:
    """(token start, head form start, end, base, normalized head) of the head nouns in ``text``."""
    low = fold_case(text)  # offsets of text: "İ" lowercases to two characters
    n = len(low)
    out = []
    for end_idx, values in _head_automaton().iter(low):
        end = end_idx + 1
        if end < n and (low[end].isalnum() or low[end] == "-"):
            continue
        form, base, plural = values[0]
        start = end - len(form)
        if base == "venture":
            if form.endswith("s") and not GENITIVE_SG_BEFORE.search(text, max(0, start - 60), start):
                continue  # "30 Joint Ventures": a count, not a project ("eines gemeinsamen Joint Ventures" is one)
            if text.startswith("Joint", start) and (start == 0 or not text[start - 1].isalnum()):
                out.append((start, start, end, base, "joint_venture"))
            continue
        ts = start
        while ts > 0 and (text[ts - 1].isalnum() or text[ts - 1] == "-"):
            ts -= 1
        if not text[ts].isupper():
            continue
        if base == "unternehmen" and text.endswith("Venture ", 0, ts):
            continue
        before = text[max(0, ts - 40):ts].split()[-4:]
        norm = _classify(base, text[ts:start], plural, before)
        if norm is not None:
            out.append((ts, start, end, base, norm))
    out.sort()
    return out


def _head_tokens(text: str, sent: _Sentence, hits: list[tuple[int, int, int, str, str]]
                 ) -> list[tuple[int, int, str, str]]:
    """(token index, where the head form starts in the token or -1, base, normalized head)."""
    heads: list[tuple[int, int, str, str]] = []
    for ts, start, end, base, norm in hits:
        i = sent.tok_at.get(ts)
        if i is None:
            continue
        if base == "venture":
            heads.append((i + (1 if text[start + 5] == " " else 0), -1, "venture", norm))
        elif sent.toks[i].end == end:
            heads.append((i, start - ts, base, norm))
    heads.sort()
    return heads


def _infra_setup(text: str, sent: _Sentence, c: _Cand) -> bool:
    """Plural infrastructure is one undertaking only when set up: '20 Ladestationen werden errichtet',
    'Ladestationen aufzubauen', 'wurden zwölf Ladestationen in Betrieb genommen'."""
    ca, cb = sent.clauses[sent._index(sent.clauses, c.head_start)]
    return bool(SETUP_VERBS.search(text, ca, cb) or INFRA_SETUP.search(text, ca, cb))


def _setup_context(text: str, sent: _Sentence, i: int) -> bool:
    """'Produktion'/'Montage' name a project only when set up: 'Aufbau einer Produktion von ...', 'eine
    gemeinsame Montage von ...', '... eine Produktion von Generika zu organisieren'."""
    toks = sent.toks
    back = [t.text for t in toks[max(0, i - 4):i]]
    if any(w in SETUP_NOUNS for w in back):
        return True
    ca, cb = sent.clauses[sent._index(sent.clauses, toks[i].start)]
    return bool(re.search(r"\bgemeinsam", text[ca:cb])) or bool(SETUP_VERBS.search(text, toks[i].end, cb))


def _candidates(text: str, sent: _Sentence, orgs: list[OrgHit], hits: list[tuple[int, int, int, str, str]]
                ) -> list[_Cand]:
    parser = _Parser(text, sent, orgs)
    toks = sent.toks
    parsed: list[tuple[int, _Cand, bool]] = []  # (head token index, candidate, named?)
    for i, form_start, base, norm in _head_tokens(text, sent, hits):
        tok = toks[i]
        plural = form_start >= 0 and _FORM_INFO[tok.text[form_start:].lower()][1]
        if form_start == -1:
            first = i - 1 if i > 0 and toks[i].text.startswith("Venture") and toks[i - 1].text == "Joint" else i
            start, core = toks[first].start, "Joint Venture"
        else:
            start, core = tok.start, _core_word(tok.text, form_start, base, plural)
            if norm == "handelsgesellschaft" and i >= 3 and toks[i - 1].text == "und" and toks[i - 2].text == "-":
                start = toks[i - 3].start
                core = text[start:tok.start] + core
            elif norm == "joint_venture" and base in ("unternehmen", "gesellschaft") and not form_start:
                start = toks[i - 1].start
                core = "gemeinsames Unternehmen" if base == "unternehmen" else "gemeinsame Gesellschaft"
        # existing enterprises named after their city ("Minsker Traktorenwerk") or inside an org name
        if i > 0 and any(h.entry.form == "adjective" and h.entry.kind == "city" and h.end == toks[i - 1].end
                         for h in sent.places):
            continue
        if i > 1 and norm != "joint_venture" and _is_cap(toks[i - 1].text) and toks[i - 1].text.isalpha() and \
                toks[i - 1].text.endswith(("e", "en", "er", "es", "em")) and toks[i - 2].text.lower() in DETS:
            continue  # "das Belarussische Automobilwerk": an enterprise's name
        if norm == "linie" and i > 0 and toks[i - 1].text in ("erster", "zweiter", "vorderster", "letzter"):
            continue  # "in erster Linie"
        if norm not in INHERENTLY_JOINT and norm != "park" and any(o.start <= tok.start < o.end for o in orgs):
            continue
        if norm in NEEDS_SETUP and not _setup_context(text, sent, i):
            continue
        if plural and norm in ("station", "zentrum"):
            # "ein Netz von (modernen) Ladestationen": the network is the undertaking
            k = i - 1
            if k > 0 and _looks_adj(toks[k].text):
                k -= 1
            if k > 0 and toks[k].text in ("von", "aus") and toks[k - 1].text in NETWORK:
                start, core = toks[k - 1].start, text[toks[k - 1].start:tok.end]
        cand = _Cand(start, tok.end, norm, core, (sent.s, sent.e), tok.start, plural=plural,
                     definite=_definite(toks, i))
        j = i + 1
        named = False
        if norm in NAMEABLE:
            name, j2, inner = parser.name_after(j)
            if name:
                cand.core, j, named = f"{core} {name}", j2, True
                cand.loc = inner
        for _ in range(3):
            got = False
            if cand.loc is None or cand.loc.pp == "":
                lp = parser.location_pp(j)
                if lp is not None:
                    cand.loc, j = lp
                    got = True
            if cand.product is None and j < len(toks) and (toks[j].text in ("für", "zur", "zum") or (
                    toks[j].text == "von" and norm in ("produktion", "montage", "montageproduktion")) or (
                    norm == "projekt" and toks[j].text in ("eines", "einer", "des", "der")) or (
                    norm == "linie" and toks[j].text == "mit")):
                pur = parser.purpose(j)
                if pur is not None:
                    items, k, noun = pur
                    if toks[j].text == "mit" and not VEHICLE.search(noun):
                        break  # "eine Linie mit einer Kapazität von ...": only vehicles serve a line
                    if noun.lower() in ABSTRACT or items[0].lower() in ABSTRACT:
                        break  # "für den Export", "zur Entwicklung der Zusammenarbeit": no concrete object
                    cand.product = " und ".join(items)
                    cand.purpose = text[toks[j].start:toks[k - 1].end]
                    cand.product_span = (toks[j].start, toks[k - 1].end)
                    j = k
                    got = True
            if not got:
                break
        cand.end = max(cand.end, toks[j - 1].end)
        if cand.product is None and norm in PLANT and form_start > 0:
            cand.product = _compound_product(tok.text[:form_start])
            cand.compound_product = cand.product is not None
        parsed.append((i, cand, named))
    by_index = {i: c for i, c, _ in parsed}
    out: list[_Cand] = []
    for i, c, named in parsed:
        if c.loc is None and c.product is None and not named:
            # "eines Servicezentrums und eines Ersatzteillagers in Karaganda": coordinated heads share the place
            k = i + 1
            if k < len(toks) and toks[k].text in ("und", "sowie", ","):
                k += 1
                if k < len(toks) and toks[k].text.lower() in DETS:
                    k += 1
                other = by_index.get(k)
                if other is not None and other.loc is not None and c.head != "projekt":
                    c.loc = other.loc
        if c.head == "projekt" and c.product is None:
            c.anaphor = _definite(toks, i)
            if c.anaphor:
                out.append(c)
            continue  # "ein gemeinsames Projekt", "neue Projekte": no concrete object
        if c.loc is None and c.product is None and not (named and c.head in NAMED_OK):
            if c.head not in NEEDS_SETUP and (not c.plural or (c.head in ("station", "zentrum") and (
                    c.core.startswith(NETWORK_START) or _infra_setup(text, sent, c)))):
                # "das Werk" after "ein Werk für Traktorkabinen in Kostanai"; a bare "ein Logistikzentrum"
                # counts only with a place in the sentence and a status cue about it
                c.anaphor = _definite(toks, i)
                c.weak = True
                out.append(c)
            continue
        if c.plural and c.loc is None:
            c.weak = True  # "Ladestationen für Elektrofahrzeuge" in general; "im Gebiet Tula 20 Ladestationen"
        out.append(c)
    # "Das Joint Venture hat die Produktion von Käse aufgenommen": the production is what the project does
    others = [c for c in out if c.head not in NEEDS_SETUP]
    for c in [c for c in out if c.head in NEEDS_SETUP]:
        clause = sent._index(sent.clauses, c.head_start)
        same = [o for o in others if sent._index(sent.clauses, o.head_start) == clause]
        if same:
            near = min(same, key=lambda o: abs(o.head_start - c.head_start))
            if near.product is None:
                near.product = c.product
            out.remove(c)
    # a project whose object is itself a plant ("Projekt zum Bau eines Milchwerks in Samarkand"): the plant
    keep = []
    for c in out:
        plant = next((o for o in out if o is not c and o.head != "projekt" and not o.anaphor and not o.weak and
                      c.product_span and c.product_span[0] <= o.head_start < c.product_span[1]), None) \
            if c.head == "projekt" else None
        if plant is not None:
            if plant.loc is None:
                plant.loc = c.loc
            continue
        # a bare head inside another phrase's object ("zum Bau von Ladestationen") is part of that project
        if c.weak and any(o.product_span and o.product_span[0] <= c.head_start < o.product_span[1]
                          for o in out if o is not c):
            continue
        keep.append(c)
    return keep


def _definite(toks: list[_Tok], i: int) -> bool:
    """'das Werk', 'das neue Werk', 'dieses Joint Venture'."""
    k = i - 1
    if k >= 0 and toks[k].text == "Joint":
        k -= 1
    if k >= 0 and _looks_adj(toks[k].text):
        k -= 1
    return k >= 0 and toks[k].text.lower() in DEFINITE


def _bare_place(sent: _Sentence, h: PlaceHit) -> bool:
    """A place with no preposition of its own: the clause's subject ("Das Gebiet Omsk und Belarus prüfen"),
    an object or a genitive ("der Gouverneur des Gebiets Omsk"), not "aus Omsk", "nach Omsk", "zwischen ...",
    "mit Betrieben des Gebiets Omsk"."""
    toks = sent.toks
    i = sent.tok_at.get(h.start)
    if i is None:
        return False
    ca = sent.clauses[sent._index(sent.clauses, h.start)][0]
    k = i - 1
    crossed = False  # the noun a genitive place belongs to: what governs that noun decides
    while k >= 0 and toks[k].start >= ca:
        t = toks[k].text
        if t.lower() in DETS or t in ("und", "sowie") or (crossed and _looks_adj(t)) or \
                any(p.start <= toks[k].start < p.end for p in sent.places if p.entry.form != "adjective"):
            k -= 1
            continue
        if not crossed and _is_cap(t) and t.isalpha() and toks[k + 1].text in ("des", "der", "eines", "einer"):
            crossed = True
            k -= 1
            continue
        return t.lower() not in NON_LOCATIVE_PREPS
    return True


def _in_phrase(written: str) -> str:
    """'im Gebiet Omsk', 'in der Region Tula', 'in Nowosibirsk'."""
    first = written.split(" ", 1)[0]
    if first in ("Gebiet", "Bezirk", "Rayon", "Kreis", "Oblast"):
        return f"im {written}"
    if first in ("Region", "Republik", "Provinz", "Stadt", "Autonomen"):
        return f"in der {written}"
    return f"in {written}"


def _fallback_location(text: str, sent: _Sentence, cand: _Cand, orgs: list[OrgHit]) -> _Loc | None:
    """A place in a locative phrase elsewhere in the sentence ("In Kostanai wurde der Bau ... abgeschlossen");
    for a bare head only in its own or its governing clause."""
    best: tuple[tuple[int, int, int], _Loc] | None = None
    own = sent._index(sent.clauses, cand.head_start)
    allowed = None
    if cand.weak:
        own_spans, governing = sent.scopes(cand.head_start, cand.end)
        allowed = own_spans + ([governing] if governing else [])
    # never a Belarusian place when the sentence names a foreign one ("In Minsk unterzeichneten Belarus und
    # Usbekistan ein Abkommen über ein Joint Venture": the venture is not in Minsk)
    foreign = any(h.entry.country and h.entry.country != "BY" for h in sent.places
                  if h.entry.form != "adjective" and h.entry.kind != "world_region")
    for h in sent.places:
        if h.entry.form == "adjective" or h.entry.kind == "world_region" or cand.start <= h.start < cand.end:
            continue
        if foreign and h.entry.country == "BY":
            continue
        if allowed is not None and not any(a <= h.start < b for a, b in allowed):
            continue
        if any(o.start <= h.start < o.end for o in orgs):
            continue
        pre = text[max(sent.s, h.start - 40):h.start]
        m = LOCATIVE_BEFORE.search(pre)
        if m:
            if MEETING_BEFORE.search(pre[:m.start()]):
                continue
            pp_start = h.start - len(pre) + m.start()
            pp = text[pp_start:h.end]
            loc, kind = _loc_from_hit(h, pp[:1].lower() + pp[1:]), 0
        elif h.entry.kind != "country" and h.end <= cand.start and _bare_place(sent, h):
            # "Das Gebiet Omsk will ein Servicezentrum aufbauen", "Belarus und das Gebiet Omsk prüfen ...": a
            # region or city stated before the head as subject or object, after a locative phrase; not a place
            # of origin or destination ("Unternehmen aus Shandong", "Lieferungen nach Omsk")
            loc = _loc_from_hit(h, "")
            loc.pp = _in_phrase(loc.written)
            kind = 1
        else:
            continue
        dist = cand.start - h.end if h.end <= cand.start else h.start - cand.end
        key = (0 if sent._index(sent.clauses, h.start) == own else 1, kind, dist)
        if best is None or key < best[0]:
            best = (key, loc)
    return best[1] if best else None


def _status(sent: _Sentence, cand: _Cand) -> tuple[str | None, str | None, str | None, int | None]:
    cues = sent.cues()
    if not cues:
        return None, None, None, None
    own, governing = sent.scopes(cand.head_start, cand.end)

    def inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
        return any(s <= a < e or s < b <= e or (a <= s and e <= b) for s, e in spans)

    # "Wir möchten, dass in Omsk ein Servicezentrum entsteht": a wish or plan governs what its clause says
    pats = patterns()
    wished = governing is not None and any(f.search(sent.text, governing[0], governing[1]) for f in pats.future)
    ranked = []
    for cue, a, b, status, demoted in cues:
        is_own = inside(own, a, b)
        if wished and is_own and not demoted and (status != "proposed" or cue.status != "proposed"):
            status, demoted = "proposed", True
        is_gov = governing is not None and inside([governing], a, b) and not cand.anaphor
        if cand.anaphor and not is_own:
            continue  # "das Werk" takes only what its own clause says of it
        if cue.scope == "clause" and not (is_own or is_gov):
            continue
        tier = None
        if is_own and not demoted:
            tier = 0
        elif is_gov and not demoted:
            tier = 1
        elif is_own or is_gov:
            tier = 2
        dist = 0 if a < cand.end and cand.start < b else (cand.start - b if b <= cand.start else a - cand.end)
        ranked.append((tier, -STATUS_RANK[status], dist, a, cue, status, b))
    if not ranked:
        return None, None, None, None
    referring = [r for r in ranked if r[0] is not None]
    if referring:
        best = min(referring, key=lambda r: (r[0], r[1], r[2]))
    else:
        best = min(ranked, key=lambda r: (r[2], r[1]))
    tier, _, _, a, cue, status, b = best
    return status, _cue_text(sent.text[a:b]), cue.id, tier


def _cue_text(s: str) -> str:
    """The cue as written; a long one with a gap ('Bau einer Werkstatt ... abgeschlossen') as
    'Bau ... abgeschlossen'."""
    words = s.split()
    if len(words) <= 4:
        return " ".join(words)
    while len(words) > 2 and words[0].lower() in DETS:
        words = words[1:]
    return f"{words[0]} ... {words[-1]}"


def _compatible(a: _Cand, b: _Cand, ignore_place: bool = False, ignore_family: bool = False) -> bool:
    if FAMILY.get(a.head, a.head) != FAMILY.get(b.head, b.head) and not ignore_family:
        return False
    if a.loc and b.loc and a.loc.place_id != b.loc.place_id and not ignore_place:
        same_region = bool(a.loc.iso) and a.loc.iso == b.loc.iso  # Kostanai and Gebiet Kostanai
        in_country = (a.loc.iso is None or b.loc.iso is None) and a.loc.country == b.loc.country  # ... Kasachstan
        if not (same_region or in_country):
            return False
    if a.product and b.product:
        wa = [w.lower() for w in WORD_RX.findall(a.product) if w[:1].isupper() and len(w) >= 4]
        wb = [w.lower() for w in WORD_RX.findall(b.product) if w[:1].isupper() and len(w) >= 4]
        if wa and wb and not any(x[:5] in y or y[:5] in x for x in wa for y in wb):
            return False  # "Traktorkabinen" and "Kabinen" are one product, "Kabinen" and "Motoren" are not
    return True


def _name(c: _Cand, product: str | None, loc: _Loc | None) -> str:
    parts = [c.core]
    if c.purpose and (c.head in ("projekt", "produktion", "montage", "montageproduktion") or
                      c.purpose.startswith("mit ")):
        parts.append(c.purpose)
    elif product and not (c.compound_product and c.product == product):
        parts.append(f"für {product}")
    if loc is not None and loc.written not in c.core:
        parts.append(loc.pp or f"in {loc.written}")
    return " ".join(parts)


def find_projects(text: str, sentences: list[tuple[int, int]], places: list[PlaceHit],
                  orgs: list[OrgHit]) -> list[ProjectMention]:
    """Project mentions of one article, one per project, in text order (see the module docstring)."""
    hits = _head_hits(text)
    if not hits:
        return []
    starts = [h[0] for h in hits]
    places = sorted(places, key=lambda h: h.start)
    cands: list[_Cand] = []
    for s, e in sentences:
        a, b = bisect_right(starts, s - 1), bisect_right(starts, e - 1)
        if a == b:
            continue
        sent = _Sentence(text, s, e, places)
        found = _candidates(text, sent, orgs, hits[a:b])
        for c in found:
            c.status, c.cue, c.cue_id, c.tier = _status(sent, c)
            if c.weak or c.anaphor:
                c.weak_loc = _fallback_location(text, sent, c, orgs) if c.weak else None
                continue
            if c.loc is None:
                c.loc_fallback = True
            if c.loc is None or not c.loc.pp:
                near = _fallback_location(text, sent, c, orgs)
                # "In Kasan gibt es die ... MTZ-Tatarstan": the city is more precise than the name's region
                if c.loc is None or (near is not None and near.iso == c.loc.iso and near.place_id != c.loc.place_id
                                     and near.hit is not None and near.hit.entry.kind == "city"):
                    c.loc = near
            c.qualified = c.status is not None or c.head in INHERENTLY_JOINT or bool(JOINT_MARKER.search(text, s, e))
            if c.head in NEEDS_SETUP and c.loc is None and c.status is None:
                c.qualified = False  # "die gemeinsame Fertigung von Traktoren" in general
        cands += found
    groups: list[list[_Cand]] = []
    for c in cands:
        if c.anaphor:
            # the latest project of the same kind ("das Werk"); "das Projekt" takes the latest of any kind
            prior = [g for g in groups if c.head == "projekt" or
                     FAMILY.get(g[0].head, g[0].head) == FAMILY.get(c.head, c.head)]
            if prior:
                max(prior, key=lambda g: max(o.start for o in g)).append(c)
                continue
            if not c.weak:
                continue  # "das Projekt" with nothing before it to refer to
        if c.weak:
            if c.weak_loc is None or c.status is None or c.tier not in (0, 1) or c.head == "projekt":
                continue
            c.loc, c.weak, c.anaphor, c.qualified = c.weak_loc, False, False, True
        if c.definite and c.loc_fallback:
            # "Die Gespräche über das Kabinenwerk hatten in Minsk begonnen": the Kostanai plant, not one in Minsk
            fam = FAMILY.get(c.head, c.head)
            kin = {fam, "jv"} if fam == "plant" else {fam}  # "das gemeinsame Milchwerk" of a joint venture
            prior = [g for g in groups if FAMILY.get(g[0].head, g[0].head) in kin and
                     all(_compatible(c, o, ignore_place=True, ignore_family=True) for o in g if not o.anaphor)]
            if prior:
                c.loc = None
                max(prior, key=lambda g: max(o.start for o in g)).append(c)
                continue
        for g in groups:
            if all(_compatible(c, o) for o in g if not o.anaphor):
                g.append(c)
                break
        else:
            groups.append([c])
    out: list[ProjectMention] = []
    for g in groups:
        if not any(c.qualified for c in g if not c.anaphor) and not any(c.anaphor and c.status for c in g):
            continue
        # the status stated most advanced wins (a plan never counts as done: its cue was demoted already)
        rep = max(g, key=lambda c: (STATUS_RANK.get(c.status or "", 0), -c.start))
        desc = max(g, key=lambda c: ((c.product is not None) + (c.loc is not None) + (c.head != "projekt")
                                     - 3 * c.anaphor, -c.start))
        product = desc.product or next((c.product for c in g if c.product), None)
        loc = desc.loc or next((c.loc for c in g if c.loc), None)
        s, e = rep.sent
        sectors: list[str] = []
        for h in find_sectors(text[s:e]):
            if h.sector not in sectors:
                sectors.append(h.sector)
        rule = f"project:{desc.head}" + (f"/{rep.cue_id}" if rep.cue_id else "")
        out.append(ProjectMention(
            start=s, end=e, extractor="projects", rule=rule, name=_name(desc, product, loc), head=desc.head,
            product=product, location=loc.written if loc else None, location_id=loc.place_id if loc else None,
            country=loc.country if loc else None, iso3166_2=loc.iso if loc else None, sectors=sectors,
            status=rep.status, status_cue=rep.cue))
    out.sort(key=lambda m: m.start)
    return out
