#!/usr/bin/env python3
"""Generate and validate coopgraph's place gazetteer (src/coopgraph/data/places.jsonl).

The gazetteer holds sub-national places of Belarus's partners: regions (ISO 3166-2
subdivisions) and cities, each with the German name BelTA's German edition uses and
the variants a journalist might write. Countries themselves are NOT in here; they come
from CLDR via Babel at run time.

The tables below are the source of truth; places.jsonl is generated from them.

    python scripts/check_places.py            # validate places.jsonl, print counts
    python scripts/check_places.py --write    # regenerate places.jsonl, then validate
    python scripts/check_places.py --quiet    # only errors (exit code 1 on any)

Validation: key order, unique ids, every country/subdivision code exists in pycountry
and belongs to the row's country, the canonical name is among the aliases, aliases are
unique across rows (case-, diacritic- and hyphen-insensitive), no alias is a German
country name (those belong to the country resolver), no alias is on the stoplist of
German words and clashes, every subdivision of a fully covered country has a row, one
capital per country, and the file equals what the tables generate.
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


# --------------------------------------------------------------------------- helpers

def _dedupe(items):
    seen, out = set(), []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def _single_token(s: str) -> bool:
    return " " not in s and "-" not in s


def region(code, name, aliases, stem, adjective=None):
    return {"id": code, "kind": "region", "country": code.split("-")[0], "iso3166_2": code,
            "name": name, "aliases": _dedupe([name, *aliases]), "stem": stem,
            "adjective": adjective}


def oblast(code, stems, adjs=(), ru=(), extra=(), name=None, provinz=False):
    """Oblast-type region: 'Gebiet X' and its German variants."""
    forms = []
    for s in stems:
        forms += [f"Gebiet {s}", f"Region {s}", f"Oblast {s}", f"{s} Oblast"]
        if provinz:
            forms.append(f"Provinz {s}")
        if _single_token(s):
            forms += [f"{s}-Gebiet", f"{s}-Region"]
    for a in adjs:
        forms += [f"{a} Gebiet", f"{a} Region", f"{a} Oblast"]
    for r in ru:
        forms.append(f"{r} Oblast")
    return region(code, name or f"Gebiet {stems[0]}", [*forms, *extra], stems[0],
                  adjs[0] if adjs else None)


def krai(code, stems, adjs=(), ru=(), extra=()):
    """Krai: BelTA writes 'Region X'; 'Gebiet X' and 'Krai X' occur as well."""
    forms = []
    for s in stems:
        forms += [f"Region {s}", f"Gebiet {s}", f"Krai {s}", f"Kraj {s}", f"{s} Krai"]
        if _single_token(s):
            forms += [f"{s}-Region", f"{s}-Gebiet"]
    for a in adjs:
        forms += [f"{a} Region", f"{a} Gebiet"]
    for r in ru:
        forms += [f"{r} Krai", f"{r} Kraj"]
    return region(code, f"Region {stems[0]}", [*forms, *extra], stems[0],
                  adjs[0] if adjs else None)


def city_subject(code, names, adjective=None, extra=()):
    """Region row of a city that is itself a subdivision (RU-MOW, BY-HM, KZ-71 ...).
    The bare city name belongs to the city row, which carries the same code."""
    return region(code, f"Stadt {names[0]}", [*(f"Stadt {n}" for n in names), *extra],
                  names[0], adjective)


def cn_province(code, stems, extra=()):
    """Chinese province: 'Provinz X'; the bare name is the province (no city shares it)."""
    forms = []
    for s in stems:
        forms += [f"Provinz {s}", s, f"{s}-Provinz"]
    return region(code, f"Provinz {stems[0]}", [*forms, *extra], stems[0], None)


def province(code, stems, extra=()):
    """Provinces named 'Provinz X' (Armenian marzer)."""
    forms = []
    for s in stems:
        forms += [f"Provinz {s}", f"Marz {s}", f"Region {s}"]
    return region(code, f"Provinz {stems[0]}", [*forms, *extra], stems[0], None)


def slugify(s: str) -> str:
    s = s.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    s = s.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    s = s.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D").replace("ı", "i")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"['’.]", "", s.lower())
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def city(cc, code, names, capital=False):
    return {"id": f"city:{cc}:{slugify(names[0])}", "kind": "city", "country": cc,
            "iso3166_2": code, "name": names[0], "aliases": _dedupe(names),
            "capital": capital}


# --------------------------------------------------------------------------- tables

def belarus():
    rows = [
        oblast("BY-BR", ["Brest"], ["Brester"], ["Brestskaja"]),
        oblast("BY-HO", ["Gomel", "Homel", "Homjel"], ["Gomeler", "Homeler"],
               ["Gomelskaja", "Homelskaja"]),
        oblast("BY-HR", ["Grodno", "Hrodna"], ["Grodnoer"], ["Grodnenskaja", "Hrodsenskaja"]),
        oblast("BY-MA", ["Mogiljow", "Mogilew", "Mogilev", "Mahiljou", "Mahiljow"],
               ["Mogiljower", "Mogilewer"], ["Mogiljowskaja", "Mogilewskaja", "Mogilevskaja"]),
        oblast("BY-MI", ["Minsk"], ["Minsker"], ["Minskaja"]),
        oblast("BY-VI", ["Witebsk", "Vitebsk", "Wizebsk", "Viciebsk"],
               ["Witebsker", "Vitebsker"], ["Witebskaja", "Vitebskaja"]),
        city_subject("BY-HM", ["Minsk"], "Minsker", extra=["Hauptstadt Minsk"]),
    ]
    towns = {
        "BY-HM": [["Minsk", "Mensk"]],
        "BY-BR": [["Brest", "Brest-Litowsk", "Brest-Litovsk"],
                  ["Baranowitschi", "Baranovichi", "Baranawitschy", "Baranavichy"],
                  ["Pinsk"], ["Kobrin", "Kobryn"], ["Luninez", "Luninets", "Luninjez"],
                  ["Pruschany", "Pruzhany"], ["Iwazewitschi", "Ivatsevichi", "Ivatsevichy"],
                  ["Beresa", "Bereza", "Bjarosa", "Byaroza"],
                  ["Drogitschin", "Drahitschyn", "Drogichin"]],
        "BY-VI": [["Witebsk", "Vitebsk", "Wizebsk", "Viciebsk"], ["Orscha", "Orsha"],
                  ["Polozk", "Polotsk", "Polazk", "Polatsk"],
                  ["Nowopolozk", "Novopolotsk", "Nawapolazk", "Navapolatsk"],
                  ["Glubokoje", "Glubokoye", "Hlybokaje"], ["Postawy", "Postavy", "Pastawy"],
                  ["Lepel"], ["Braslaw", "Braslav", "Braslau"],
                  ["Tolotschin", "Tolochin", "Talatschyn"]],
        "BY-HO": [["Gomel", "Homel", "Homjel"], ["Mosyr", "Mozyr", "Masyr", "Mazyr"],
                  ["Schlobin", "Zhlobin"], ["Swetlogorsk", "Svetlogorsk", "Swetlahorsk", "Svetlahorsk"],
                  ["Retschiza", "Rechitsa", "Retschyza", "Rechytsa"],
                  ["Rogatschow", "Rogachev", "Rahatschou"],
                  ["Kalinkowitschi", "Kalinkovichi", "Kalinkawitschy"], ["Dobrusch", "Dobrush"],
                  ["Petrikow", "Petrikov"], ["Schitkowitschi", "Zhitkovichi"]],
        "BY-HR": [["Grodno", "Hrodna"], ["Lida"], ["Slonim"],
                  ["Wolkowysk", "Volkovysk", "Waukawysk"],
                  ["Nowogrudok", "Novogrudok", "Nawahrudak", "Navahrudak"],
                  ["Smorgon", "Smarhon"], ["Oschmjany", "Oshmyany", "Aschmjany"],
                  ["Mosty", "Masty"], ["Schtschutschin", "Shchuchin", "Schtschutschyn"],
                  ["Ostrowez", "Ostrovets", "Astrawez", "Astravets"], ["Skidel", "Skidzel"]],
        "BY-MI": [["Borissow", "Borisov", "Baryssau", "Barysaw"],
                  ["Soligorsk", "Salihorsk", "Saligorsk"],
                  ["Molodetschno", "Molodechno", "Maladsetschna", "Maladzyechna"],
                  ["Schodino", "Zhodino", "Schodsina", "Zhodzina"], ["Sluzk", "Slutsk"],
                  ["Dserschinsk", "Dzerzhinsk", "Dsjarschynsk", "Dzyarzhynsk"],
                  ["Nesswisch", "Neswisch", "Nesvizh", "Njaswisch", "Nyasvizh"],
                  ["Wilejka", "Vileyka"], ["Smolewitschi", "Smolevichi", "Smaljawitschy"],
                  ["Marjina Gorka", "Maryina Gorka", "Marjina Horka"],
                  ["Stolbzy", "Stolbtsy", "Stoubzy"], ["Fanipol"],
                  ["Logoisk", "Lahoisk", "Logojsk"], ["Saslawl", "Zaslavl", "Saslau"],
                  ["Beresino", "Berezino", "Bjaresino"], ["Woloschin", "Volozhin", "Waloschyn"],
                  ["Ljuban", "Lyuban"]],
        "BY-MA": [["Mogiljow", "Mogilew", "Mogilev", "Mahiljou", "Mahiljow"],
                  ["Bobruisk", "Bobrujsk", "Babrujsk", "Babruysk", "Bobruysk"],
                  ["Ossipowitschi", "Osipovichi", "Assipowitschy"],
                  ["Kritschew", "Krichev", "Krytschau"], ["Gorki", "Horki"],
                  ["Bychow", "Bykhov", "Bychau"], ["Schklow", "Shklov", "Schklou"],
                  ["Klimowitschi", "Klimovichi"]],
    }
    for code, lst in towns.items():
        for names in lst:
            rows.append(city("BY", code, names, capital=(names[0] == "Minsk")))
    return rows


def russia():
    R = "RU-"
    rows = [
        # oblasts: stems, -er adjectives, Russian adjective forms
        oblast(R + "AMU", ["Amur"], [], ["Amurskaja"]),
        oblast(R + "ARK", ["Archangelsk", "Arkhangelsk"], ["Archangelsker"], ["Archangelskaja"]),
        oblast(R + "AST", ["Astrachan", "Astrakhan"], ["Astrachaner"], ["Astrachanskaja"]),
        oblast(R + "BEL", ["Belgorod"], ["Belgoroder"], ["Belgorodskaja"]),
        oblast(R + "BRY", ["Brjansk", "Bryansk"], ["Brjansker"], ["Brjanskaja"]),
        oblast(R + "CHE", ["Tscheljabinsk", "Chelyabinsk", "Tschelyabinsk"], ["Tscheljabinsker"],
               ["Tscheljabinskaja"]),
        oblast(R + "IRK", ["Irkutsk"], ["Irkutsker"], ["Irkutskaja"]),
        oblast(R + "IVA", ["Iwanowo", "Ivanovo"], ["Iwanowoer"], ["Iwanowskaja"]),
        oblast(R + "KEM", ["Kemerowo", "Kemerovo"], ["Kemerowoer"], ["Kemerowskaja"],
               extra=["Kusbass", "Kuzbass", "Gebiet Kemerowo – Kusbass", "Gebiet Kemerowo-Kusbass",
                      "Region Kusbass"]),
        oblast(R + "KGD", ["Kaliningrad"], ["Kaliningrader"], ["Kaliningradskaja"],
               extra=["Exklave Kaliningrad"]),
        oblast(R + "KGN", ["Kurgan"], ["Kurganer"], ["Kurganskaja"]),
        oblast(R + "KIR", ["Kirow", "Kirov"], ["Kirower"], ["Kirowskaja"]),
        oblast(R + "KLU", ["Kaluga"], ["Kalugaer"], ["Kaluschskaja", "Kaluzhskaya"]),
        oblast(R + "KOS", ["Kostroma"], ["Kostromaer"], ["Kostromskaja"]),
        oblast(R + "KRS", ["Kursk"], ["Kursker"], ["Kurskaja"]),
        oblast(R + "LEN", ["Leningrad"], ["Leningrader"], ["Leningradskaja"]),
        oblast(R + "LIP", ["Lipezk", "Lipetsk"], ["Lipezker"], ["Lipezkaja"]),
        oblast(R + "MAG", ["Magadan"], ["Magadaner"], ["Magadanskaja"]),
        oblast(R + "MOS", ["Moskau"], ["Moskauer"], ["Moskowskaja"], extra=["Oblast Moskwa"]),
        oblast(R + "MUR", ["Murmansk"], ["Murmansker"], ["Murmanskaja"]),
        oblast(R + "NGR", ["Nowgorod", "Novgorod"], ["Nowgoroder"], ["Nowgorodskaja"]),
        oblast(R + "NIZ", ["Nischni Nowgorod", "Nizhny Novgorod", "Nischnij Nowgorod",
                           "Nishni Nowgorod"], ["Nischni Nowgoroder"],
               ["Nischegorodskaja", "Nizhegorodskaya"]),
        oblast(R + "NVS", ["Nowosibirsk", "Novosibirsk"], ["Nowosibirsker"], ["Nowosibirskaja"]),
        oblast(R + "OMS", ["Omsk"], ["Omsker"], ["Omskaja"]),
        oblast(R + "ORE", ["Orenburg"], ["Orenburger"], ["Orenburgskaja"]),
        oblast(R + "ORL", ["Orjol", "Oryol", "Orel"], ["Orjoler"], ["Orlowskaja"]),
        oblast(R + "PNZ", ["Pensa", "Penza"], ["Pensaer"], ["Pensenskaja"]),
        oblast(R + "PSK", ["Pskow", "Pskov"], ["Pskower"], ["Pskowskaja"]),
        oblast(R + "ROS", ["Rostow", "Rostov"], ["Rostower"], ["Rostowskaja"]),
        oblast(R + "RYA", ["Rjasan", "Ryazan"], ["Rjasaner"], ["Rjasanskaja"]),
        oblast(R + "SAK", ["Sachalin", "Sakhalin"], ["Sachaliner"], ["Sachalinskaja"],
               extra=["Sachalin"]),
        oblast(R + "SAM", ["Samara"], ["Samaraer"], ["Samarskaja"]),
        oblast(R + "SAR", ["Saratow", "Saratov"], ["Saratower"], ["Saratowskaja"]),
        oblast(R + "SMO", ["Smolensk"], ["Smolensker"], ["Smolenskaja"]),
        # "Gebiet Swerdlow": BelTA's short form from the adjective (Swerdlowskaja oblast)
        oblast(R + "SVE", ["Swerdlowsk", "Sverdlovsk", "Swerdlow"], ["Swerdlowsker"], ["Swerdlowskaja"]),
        oblast(R + "TAM", ["Tambow", "Tambov"], ["Tambower"], ["Tambowskaja"]),
        oblast(R + "TOM", ["Tomsk"], ["Tomsker"], ["Tomskaja"]),
        oblast(R + "TUL", ["Tula"], ["Tulaer"], ["Tulskaja"]),
        oblast(R + "TVE", ["Twer", "Tver"], ["Twerer"], ["Twerskaja"]),
        oblast(R + "TYU", ["Tjumen", "Tyumen"], ["Tjumener"], ["Tjumenskaja"]),
        oblast(R + "ULY", ["Uljanowsk", "Ulyanovsk"], ["Uljanowsker"], ["Uljanowskaja"]),
        oblast(R + "VGG", ["Wolgograd", "Volgograd"], ["Wolgograder"], ["Wolgogradskaja"]),
        oblast(R + "VLA", ["Wladimir", "Vladimir"], ["Wladimirer"], ["Wladimirskaja"]),
        oblast(R + "VLG", ["Wologda", "Vologda"], ["Wologdaer"], ["Wologodskaja"]),
        oblast(R + "VOR", ["Woronesch", "Voronezh", "Woronezh"], ["Woronescher"],
               ["Woroneschskaja"]),
        oblast(R + "YAR", ["Jaroslawl", "Yaroslavl"], ["Jaroslawler"], ["Jaroslawskaja"]),
        # krais
        krai(R + "ALT", ["Altai", "Altaj"], [], ["Altaiski", "Altaiskij"],
             extra=["Altairegion"]),
        krai(R + "KAM", ["Kamtschatka", "Kamchatka"], [], ["Kamtschatski"],
             extra=["Kamtschatka"]),
        krai(R + "KDA", ["Krasnodar"], ["Krasnodarer"], ["Krasnodarski"], extra=["Kuban"]),
        krai(R + "KHA", ["Chabarowsk", "Khabarovsk"], ["Chabarowsker"], ["Chabarowski"]),
        krai(R + "KYA", ["Krasnojarsk", "Krasnoyarsk"], ["Krasnojarsker"], ["Krasnojarski"]),
        krai(R + "PER", ["Perm"], ["Permer"], ["Permski"]),
        krai(R + "STA", ["Stawropol", "Stavropol"], ["Stawropoler"], ["Stawropolski"]),
        region(R + "PRI", "Region Primorje",
               ["Primorje", "Primorje-Region", "Gebiet Primorje", "Primorje-Gebiet",
                "Region Primorski", "Primorski Krai", "Primorskij Krai", "Primorsky Krai",
                "Krai Primorje"], "Primorje"),
        region(R + "ZAB", "Region Transbaikalien",
               ["Transbaikalien", "Transbaikal-Region", "Gebiet Transbaikalien",
                "Transbaikalische Region", "Sabaikalski Krai", "Zabaykalsky Krai",
                "Region Sabaikalje"], "Transbaikalien"),
        # republics
        region(R + "AD", "Adygeja", ["Republik Adygeja", "Adygea", "Adygeya", "Adygien",
                                    "Republik Adygea"], "Adygeja"),
        region(R + "AL", "Republik Altai", ["Altai-Republik", "Altairepublik", "Gorny Altai",
                                           "Republik Altaj"], "Altai"),
        region(R + "BA", "Baschkortostan", ["Republik Baschkortostan", "Baschkirien",
                                           "Bashkortostan", "Republik Baschkirien",
                                           "Bashkiria"], "Baschkortostan"),
        region(R + "BU", "Burjatien", ["Republik Burjatien", "Burjatija", "Buryatia",
                                      "Burjatische Republik"], "Burjatien"),
        region(R + "CE", "Tschetschenien", ["Tschetschenische Republik", "Republik Tschetschenien",
                                           "Tschetschnja", "Chechnya"], "Tschetschenien"),
        region(R + "CU", "Tschuwaschien", ["Tschuwaschische Republik", "Republik Tschuwaschien",
                                          "Tschuwaschija", "Chuvashia"], "Tschuwaschien"),
        region(R + "DA", "Dagestan", ["Republik Dagestan", "Daghestan"], "Dagestan"),
        region(R + "IN", "Inguschetien", ["Republik Inguschetien", "Ingushetia"], "Inguschetien"),
        region(R + "KB", "Kabardino-Balkarien", ["Kabardino-Balkarische Republik",
                                                "Republik Kabardino-Balkarien",
                                                "Kabardino-Balkaria"], "Kabardino-Balkarien"),
        region(R + "KC", "Karatschai-Tscherkessien", ["Karatschai-Tscherkessische Republik",
                                                     "Republik Karatschai-Tscherkessien",
                                                     "Karatschajewo-Tscherkessien",
                                                     "Karachay-Cherkessia"],
               "Karatschai-Tscherkessien"),
        region(R + "KK", "Chakassien", ["Republik Chakassien", "Chakasija", "Khakassia"],
               "Chakassien"),
        region(R + "KL", "Kalmückien", ["Republik Kalmückien", "Kalmykien", "Kalmykija",
                                       "Kalmykia"], "Kalmückien"),
        region(R + "KO", "Republik Komi", ["Komi-Republik", "Komi"], "Komi"),
        region(R + "KR", "Karelien", ["Republik Karelien", "Karelija", "Karelia"], "Karelien"),
        region(R + "ME", "Mari El", ["Republik Mari El", "Mari-El", "Marij El"], "Mari El"),
        region(R + "MO", "Mordwinien", ["Republik Mordwinien", "Mordowien", "Republik Mordowien",
                                       "Mordowija", "Mordovia"], "Mordwinien"),
        region(R + "SA", "Jakutien", ["Republik Sacha (Jakutien)", "Republik Sacha", "Sacha",
                                     "Republik Jakutien", "Sacha (Jakutien)", "Sacha-Jakutien",
                                     "Jakutija", "Yakutia"], "Jakutien"),
        region(R + "SE", "Nordossetien-Alanien", ["Republik Nordossetien-Alanien", "Nordossetien",
                                                 "Nord-Ossetien", "Republik Nordossetien",
                                                 "Republik Nord-Ossetien", "Nord-Ossetien-Alanien",
                                                 "Nordossetien – Alanien", "Nordossetien/Alanien"],
               "Nordossetien"),
        region(R + "TA", "Tatarstan", ["Republik Tatarstan", "Tatarien"], "Tatarstan"),
        region(R + "TY", "Tuwa", ["Republik Tuwa", "Tyva", "Tywa", "Tuva", "Republik Tyva"], "Tuwa"),
        region(R + "UD", "Udmurtien", ["Udmurtische Republik", "Republik Udmurtien", "Udmurtija",
                                      "Udmurtia"], "Udmurtien"),
        # autonomous okrugs and the autonomous oblast
        region(R + "CHU", "Autonomer Kreis der Tschuktschen",
               ["Autonomer Bezirk der Tschuktschen", "Tschukotka",
                "Autonomer Kreis Tschukotka", "Chukotka"], "Tschukotka"),
        region(R + "KHM", "Autonomer Kreis der Chanten und Mansen",
               ["Autonomer Kreis der Chanten und Mansen – Jugra", "Autonomer Bezirk der Chanten und Mansen",
                "Chanty-Mansischer Autonomer Kreis", "Autonomer Kreis Chanty-Mansijsk", "Jugra",
                "Yugra"], "Jugra"),
        region(R + "NEN", "Autonomer Kreis der Nenzen",
               ["Autonomer Bezirk der Nenzen", "Nenzischer Autonomer Kreis"], "Nenzen"),
        region(R + "YAN", "Autonomer Kreis der Jamal-Nenzen",
               ["Autonomer Bezirk der Jamal-Nenzen", "Jamal-Nenzischer Autonomer Kreis",
                "Jamalo-Nenzischer Autonomer Kreis"], "Jamal"),
        region(R + "YEV", "Jüdisches Autonomes Gebiet",
               ["Jüdische Autonome Oblast", "Jüdisches Autonomgebiet"], None),
        # federal cities: bare names live in the city rows
        city_subject(R + "MOW", ["Moskau"], "Moskauer"),
        city_subject(R + "SPE", ["Sankt Petersburg", "St. Petersburg"], "Petersburger"),
    ]
    cities = [
        ("MOW", ["Moskau", "Moscow"], True),
        ("SPE", ["Sankt Petersburg", "St. Petersburg", "Sankt-Petersburg", "St.-Petersburg",
                 "St Petersburg", "Saint Petersburg", "Petersburg", "Leningrad"]),
        ("TA", ["Kasan", "Kazan"]), ("BA", ["Ufa"]),
        ("SVE", ["Jekaterinburg", "Ekaterinburg", "Yekaterinburg"]),
        ("NVS", ["Nowosibirsk", "Novosibirsk"]), ("OMS", ["Omsk"]),
        ("CHE", ["Tscheljabinsk", "Chelyabinsk", "Tschelyabinsk"]), ("SAM", ["Samara"]),
        ("NIZ", ["Nischni Nowgorod", "Nizhny Novgorod", "Nischnij Nowgorod", "Nishni Nowgorod",
                 "Nizhni Novgorod"]),
        ("PRI", ["Wladiwostok", "Vladivostok"]), ("KHA", ["Chabarowsk", "Khabarovsk"]),
        ("KYA", ["Krasnojarsk", "Krasnoyarsk"]), ("KGD", ["Kaliningrad", "Königsberg"]),
        ("TUL", ["Tula"]), ("KLU", ["Kaluga"]), ("BRY", ["Brjansk", "Bryansk"]),
        ("SMO", ["Smolensk"]), ("PSK", ["Pskow", "Pskov"]),
        ("VOR", ["Woronesch", "Voronezh", "Woronezh"]), ("KRS", ["Kursk"]), ("BEL", ["Belgorod"]),
        ("ORL", ["Orjol", "Oryol"]), ("LIP", ["Lipezk", "Lipetsk"]), ("TAM", ["Tambow", "Tambov"]),
        ("RYA", ["Rjasan", "Ryazan"]), ("YAR", ["Jaroslawl", "Yaroslavl"]), ("KOS", ["Kostroma"]),
        ("IVA", ["Iwanowo", "Ivanovo"]), ("VLA", ["Wladimir"]), ("TVE", ["Twer", "Tver"]),
        ("NGR", ["Weliki Nowgorod", "Welikij Nowgorod", "Veliky Novgorod", "Nowgorod", "Novgorod"]),
        ("MUR", ["Murmansk"]), ("ARK", ["Archangelsk", "Arkhangelsk"]),
        ("VLG", ["Wologda", "Vologda"]), ("VLG", ["Tscherepowez", "Cherepovets"]), ("PER", ["Perm"]),
        ("UD", ["Ischewsk", "Izhevsk"]), ("CU", ["Tscheboksary", "Cheboksary"]),
        ("ME", ["Joschkar-Ola", "Yoshkar-Ola"]), ("MO", ["Saransk"]),
        ("ULY", ["Uljanowsk", "Ulyanovsk"]), ("PNZ", ["Pensa", "Penza"]),
        ("SAR", ["Saratow", "Saratov"]), ("VGG", ["Wolgograd", "Volgograd"]),
        ("AST", ["Astrachan", "Astrakhan"]),
        ("ROS", ["Rostow am Don", "Rostow-am-Don", "Rostow-na-Donu", "Rostov-on-Don", "Rostow",
                 "Rostov"]),
        ("KDA", ["Krasnodar"]), ("KDA", ["Sotschi", "Sochi"]),
        ("KDA", ["Noworossijsk", "Novorossiysk"]), ("STA", ["Stawropol", "Stavropol"]),
        ("DA", ["Machatschkala", "Makhachkala"]), ("CE", ["Grosny", "Grozny"]),
        ("SE", ["Wladikawkas", "Vladikavkaz"]), ("KB", ["Naltschik", "Nalchik"]),
        ("KC", ["Tscherkessk", "Cherkessk"]), ("AD", ["Maikop", "Maykop"]), ("IN", ["Magas"]),
        ("KL", ["Elista"]), ("TYU", ["Tjumen", "Tyumen"]), ("TOM", ["Tomsk"]),
        ("KEM", ["Kemerowo", "Kemerovo"]), ("KEM", ["Nowokusnezk", "Novokuznetsk"]),
        ("ALT", ["Barnaul"]), ("AL", ["Gorno-Altaisk", "Gorno-Altaysk"]), ("IRK", ["Irkutsk"]),
        ("SA", ["Jakutsk", "Yakutsk"]), ("BU", ["Ulan-Ude"]), ("ZAB", ["Tschita", "Chita"]),
        ("KIR", ["Kirow", "Kirov"]), ("KGN", ["Kurgan"]), ("ORE", ["Orenburg"]),
        ("CHE", ["Magnitogorsk"]), ("SAM", ["Toljatti", "Togliatti", "Tolyatti"]),
        ("TA", ["Nabereschnyje Tschelny", "Naberezhnye Chelny"]),
        ("TA", ["Nischnekamsk", "Nizhnekamsk"]), ("TA", ["Almetjewsk", "Almetyevsk"]),
        ("TA", ["Jelabuga", "Yelabuga", "Elabuga"]), ("BA", ["Sterlitamak"]),
        ("SVE", ["Nischni Tagil", "Nizhny Tagil"]), ("KHM", ["Surgut"]),
        ("KHM", ["Chanty-Mansijsk", "Khanty-Mansiysk"]), ("YAN", ["Salechard", "Salekhard"]),
        ("NEN", ["Narjan-Mar", "Naryan-Mar"]), ("CHU", ["Anadyr"]),
        ("KO", ["Syktywkar", "Syktyvkar"]), ("KR", ["Petrosawodsk", "Petrozavodsk"]),
        ("KK", ["Abakan"]), ("TY", ["Kysyl", "Kyzyl"]),
        ("AMU", ["Blagoweschtschensk", "Blagoveshchensk"]),
        ("SAK", ["Juschno-Sachalinsk", "Yuzhno-Sakhalinsk"]),
        ("KAM", ["Petropawlowsk-Kamtschatski", "Petropavlovsk-Kamchatsky"]), ("MAG", ["Magadan"]),
        ("YEV", ["Birobidschan", "Birobidzhan"]), ("KYA", ["Norilsk"]), ("KLU", ["Obninsk"]),
        ("MOS", ["Kolomna"]), ("MOS", ["Podolsk"]), ("ROS", ["Taganrog"]),
        ("BEL", ["Stary Oskol", "Staryj Oskol"]), ("PSK", ["Welikije Luki", "Velikiye Luki"]),
        ("TUL", ["Nowomoskowsk", "Novomoskovsk"]), ("LEN", ["Gatschina", "Gatchina"]),
        ("LEN", ["Wyborg", "Vyborg"]),
    ]
    for c in cities:
        rows.append(city("RU", R + c[0], c[1], capital=len(c) > 2 and c[2]))
    return rows


def kazakhstan():
    K = "KZ-"
    ob = lambda code, stems, adjs=(), extra=(): oblast(K + code, stems, adjs, (), extra, provinz=True)
    rows = [
        ob("10", ["Abai", "Abay"]),
        ob("11", ["Akmola", "Aqmola"]),
        ob("15", ["Aktobe", "Aktöbe", "Aqtöbe", "Aktjubinsk"]),
        ob("19", ["Almaty", "Alma-Ata"]),
        ob("23", ["Atyrau"]),
        ob("27", ["Westkasachstan", "West-Kasachstan"], extra=["Westkasachstanisches Gebiet"]),
        ob("31", ["Schambyl", "Zhambyl", "Jambyl", "Dschambul"]),
        ob("33", ["Schetissu", "Zhetisu", "Jetisu", "Schetyssu", "Zhetysu"]),
        ob("35", ["Karaganda", "Qaraghandy", "Karagandy"], ["Karagandaer"]),
        ob("39", ["Kostanai", "Kostanaj", "Qostanai", "Kostanay", "Qostanay"]),
        ob("43", ["Kysylorda", "Kyzylorda", "Qyzylorda"]),
        ob("47", ["Mangistau", "Mangghystau", "Mangystau"]),
        ob("55", ["Pawlodar", "Pavlodar"], ["Pawlodarer"]),
        ob("59", ["Nordkasachstan", "Nord-Kasachstan"], extra=["Nordkasachstanisches Gebiet"]),
        ob("61", ["Turkestan", "Türkistan", "Turkistan"]),
        ob("62", ["Ulytau"]),
        ob("63", ["Ostkasachstan", "Ost-Kasachstan"], extra=["Ostkasachstanisches Gebiet"]),
        city_subject(K + "71", ["Astana"]),
        city_subject(K + "75", ["Almaty"]),
        city_subject(K + "79", ["Schymkent", "Shymkent"]),
    ]
    cities = [
        ("71", ["Astana", "Nur-Sultan", "Akmola"], True),
        ("75", ["Almaty", "Alma-Ata", "Alma Ata"]),
        ("79", ["Schymkent", "Shymkent", "Tschimkent"]),
        ("35", ["Karaganda", "Qaraghandy", "Karagandy"]),
        ("35", ["Temirtau"]),
        ("15", ["Aktobe", "Aktöbe", "Aqtöbe", "Aktjubinsk"]),
        ("31", ["Taraz", "Dschambul"]),
        ("55", ["Pawlodar", "Pavlodar"]), ("55", ["Ekibastus", "Ekibastuz"]),
        ("63", ["Ust-Kamenogorsk", "Öskemen", "Oskemen"]),
        ("10", ["Semei", "Semey", "Semipalatinsk"]),
        ("23", ["Atyrau"]),
        ("39", ["Kostanai", "Kostanaj", "Qostanai", "Kostanay", "Qostanay"]),
        ("39", ["Rudny", "Rudnyi"]),
        ("43", ["Kysylorda", "Kyzylorda", "Qyzylorda"]),
        ("27", ["Uralsk"]),
        ("59", ["Petropawlowsk", "Petropawl", "Petropavl", "Petropavlovsk"]),
        ("47", ["Aktau", "Aqtau"]),
        ("11", ["Kokschetau", "Kokshetau"]),
        ("33", ["Taldykorgan", "Taldyqorghan"]),
        ("61", ["Turkestan", "Türkistan", "Turkistan"]),
        ("19", ["Konajew", "Qonajew", "Konaev", "Kapschagai"]),
        ("62", ["Scheskasgan", "Zhezkazgan", "Dscheskasgan"]),
    ]
    for c in cities:
        rows.append(city("KZ", K + c[0], c[1], capital=len(c) > 2 and c[2]))
    return rows


def uzbekistan():
    U = "UZ-"
    ob = lambda code, stems, adjs=(): oblast(U + code, stems, adjs, (), provinz=True)
    rows = [
        ob("AN", ["Andijan", "Andischan", "Andijon", "Andischon"]),
        ob("BU", ["Buchara", "Bukhara", "Buxoro"]),
        ob("FA", ["Fergana", "Ferghana", "Farg'ona"]),
        ob("JI", ["Dschisak", "Dschizak", "Jizzakh", "Jizzax"]),
        ob("NG", ["Namangan"]),
        ob("NW", ["Nawoi", "Navoi", "Navoiy"]),
        ob("QA", ["Kaschkadarja", "Qashqadaryo", "Kashkadarya"]),
        ob("SA", ["Samarkand", "Samarqand"], ["Samarkander"]),
        ob("SI", ["Syrdarja", "Sirdaryo", "Syrdarya"]),
        ob("SU", ["Surchandarja", "Surxondaryo", "Surkhandarya"]),
        ob("TO", ["Taschkent", "Tashkent", "Toshkent"], ["Taschkenter"]),
        ob("XO", ["Choresm", "Chorezm", "Khorezm", "Xorazm"]),
        region(U + "QR", "Karakalpakstan",
               ["Republik Karakalpakstan", "Karakalpakien", "Qoraqalpog'iston",
                "Autonome Republik Karakalpakstan"], "Karakalpakstan"),
        city_subject(U + "TK", ["Taschkent", "Tashkent"]),
    ]
    cities = [
        ("TK", ["Taschkent", "Tashkent", "Toshkent"], True),
        ("SA", ["Samarkand", "Samarqand"]), ("BU", ["Buchara", "Bukhara", "Buxoro"]),
        ("NG", ["Namangan"]), ("AN", ["Andijan", "Andischan", "Andijon", "Andischon"]),
        ("FA", ["Fergana", "Ferghana", "Farg'ona"]), ("FA", ["Kokand", "Qo'qon"]),
        ("QR", ["Nukus"]), ("NW", ["Nawoi", "Navoi", "Navoiy"]),
        ("QA", ["Karschi", "Qarshi", "Karshi"]), ("SU", ["Termes", "Termez", "Termiz"]),
        ("XO", ["Urgentsch", "Urgench", "Urganch"]), ("XO", ["Chiwa", "Khiva", "Xiva"]),
        ("JI", ["Dschisak", "Dschizak", "Jizzakh", "Jizzax"]), ("SI", ["Gulistan", "Guliston"]),
        ("TO", ["Almalyk", "Olmaliq"]),
    ]
    for c in cities:
        rows.append(city("UZ", U + c[0], c[1], capital=len(c) > 2 and c[2]))
    return rows


def china():
    C = "CN-"
    provinces = [
        ("AH", ["Anhui"]), ("FJ", ["Fujian"]), ("GD", ["Guangdong"]), ("GS", ["Gansu"]),
        ("GZ", ["Guizhou"]), ("HA", ["Henan"]), ("HB", ["Hubei"]), ("HE", ["Hebei"]),
        ("HI", ["Hainan"]), ("HL", ["Heilongjiang"]), ("HN", ["Hunan"]), ("JL", ["Jilin"]),
        ("JS", ["Jiangsu"]), ("JX", ["Jiangxi"]), ("LN", ["Liaoning"]), ("QH", ["Qinghai"]),
        ("SC", ["Sichuan", "Szetschuan"]), ("SD", ["Shandong", "Schantung"]),
        ("SN", ["Shaanxi"]), ("SX", ["Shanxi"]), ("YN", ["Yunnan"]), ("ZJ", ["Zhejiang"]),
    ]
    rows = [cn_province(C + code, stems) for code, stems in provinces]
    rows += [
        region(C + "GX", "Autonomes Gebiet Guangxi",
               ["Guangxi", "Autonomes Gebiet Guangxi der Zhuang", "Autonome Region Guangxi",
                "Guangxi-Zhuang"], "Guangxi"),
        region(C + "NM", "Autonomes Gebiet Innere Mongolei",
               ["Innere Mongolei", "Autonome Region Innere Mongolei"], "Innere Mongolei"),
        region(C + "NX", "Autonomes Gebiet Ningxia",
               ["Ningxia", "Autonomes Gebiet Ningxia der Hui", "Autonome Region Ningxia"], "Ningxia"),
        region(C + "XJ", "Autonomes Gebiet Xinjiang",
               ["Xinjiang", "Uigurisches Autonomes Gebiet Xinjiang", "Autonome Region Xinjiang",
                "Sinkiang"], "Xinjiang"),
        region(C + "XZ", "Autonomes Gebiet Tibet", ["Tibet", "Autonome Region Tibet"], "Tibet"),
        city_subject(C + "BJ", ["Peking", "Beijing"], "Pekinger",
                     extra=["Regierungsunmittelbare Stadt Peking"]),
        city_subject(C + "SH", ["Shanghai"], "Shanghaier",
                     extra=["Regierungsunmittelbare Stadt Shanghai"]),
        city_subject(C + "TJ", ["Tianjin"], None, extra=["Regierungsunmittelbare Stadt Tianjin"]),
        city_subject(C + "CQ", ["Chongqing"], None,
                     extra=["Regierungsunmittelbare Stadt Chongqing"]),
    ]
    cities = [
        ("BJ", ["Peking", "Beijing"], True), ("SH", ["Shanghai", "Schanghai"]),
        ("TJ", ["Tianjin", "Tientsin"]), ("CQ", ["Chongqing", "Tschungking", "Chungking"]),
        ("HL", ["Harbin"]), ("SD", ["Qingdao", "Tsingtau"]), ("SD", ["Jinan"]),
        ("SD", ["Yantai"]), ("SD", ["Weifang"]), ("HA", ["Zhengzhou"]),
        ("JS", ["Nanjing", "Nanking"]), ("JS", ["Suzhou"]), ("HB", ["Wuhan"]), ("SC", ["Chengdu"]),
        ("SN", ["Xi'an", "Xian", "Xi’an"]), ("GD", ["Shenzhen"]), ("GD", ["Guangzhou"]),
        ("XJ", ["Urumqi", "Ürümqi", "Urumtschi"]), ("ZJ", ["Hangzhou"]), ("ZJ", ["Yiwu"]),
        ("ZJ", ["Ningbo"]), ("JL", ["Changchun"]), ("LN", ["Shenyang"]), ("LN", ["Dalian"]),
        ("HN", ["Changsha"]), ("AH", ["Hefei"]), ("YN", ["Kunming"]), ("GS", ["Lanzhou"]),
        ("FJ", ["Xiamen"]), ("GX", ["Nanning"]), ("NM", ["Hohhot"]), ("NM", ["Manzhouli"]),
        ("HE", ["Shijiazhuang"]), ("SX", ["Taiyuan"]), ("JX", ["Nanchang"]),
        ("GZ", ["Guiyang"]), ("HI", ["Haikou"]),
    ]
    for c in cities:
        rows.append(city("CN", C + c[0], c[1], capital=len(c) > 2 and c[2]))
    return rows


def central_asia_caucasus():
    ob = lambda code, stems, adjs=(), extra=(): oblast(code, stems, adjs, (), extra, provinz=True)
    rows = [
        # Kyrgyzstan (complete)
        ob("KG-B", ["Batken"]),
        ob("KG-C", ["Tschui", "Chui", "Chüy", "Tschüi"]),
        ob("KG-J", ["Dschalal-Abad", "Jalal-Abad"]),
        ob("KG-N", ["Naryn"]),
        ob("KG-O", ["Osch", "Osh"]),
        ob("KG-T", ["Talas"]),
        ob("KG-Y", ["Issyk-Kul", "Yssykköl", "Issyk-Köl", "Ysyk-Köl"]),
        city_subject("KG-GB", ["Bischkek", "Bishkek"]),
        city_subject("KG-GO", ["Osch", "Osh"]),
        # Tajikistan
        ob("TJ-SU", ["Sughd", "Sogd", "Soghd"]),
        ob("TJ-KT", ["Chatlon", "Khatlon"]),
        region("TJ-GB", "Autonomes Gebiet Berg-Badachschan",
               ["Berg-Badachschan", "Gorno-Badachschan", "Gorno-Badakhshan",
                "Autonome Provinz Berg-Badachschan"], "Berg-Badachschan"),
        # Armenia (marzer)
        province("AM-AG", ["Aragazotn", "Aragatsotn"]),
        province("AM-AR", ["Ararat"]),
        province("AM-AV", ["Armawir", "Armavir"]),
        province("AM-GR", ["Gegharkunik"]),
        province("AM-KT", ["Kotajk", "Kotayk"]),
        province("AM-LO", ["Lori"]),
        province("AM-SH", ["Schirak", "Shirak"]),
        province("AM-SU", ["Sjunik", "Syunik"]),
        province("AM-TV", ["Tawusch", "Tavush"]),
        province("AM-VD", ["Wajoz Dsor", "Vayots Dzor"]),
        # Azerbaijan, Georgia, Moldova: autonomous entities only
        region("AZ-NX", "Autonome Republik Nachitschewan",
               ["Nachitschewan", "Nakhchivan", "Naxçıvan", "Republik Nachitschewan"],
               "Nachitschewan"),
        region("GE-AJ", "Adscharien", ["Autonome Republik Adscharien", "Adjara", "Adscharische Republik"],
               "Adscharien"),
        region("GE-AB", "Abchasien", ["Republik Abchasien", "Autonome Republik Abchasien", "Abkhazia"],
               "Abchasien"),
        region("MD-GA", "Gagausien", ["Autonome Territoriale Einheit Gagausien", "Autonomes Gebiet Gagausien",
                                      "Gagauzia", "Gagausija", "Gagauz Yeri"], "Gagausien"),
        region("MD-SN", "Transnistrien", ["Pridnestrowien", "Pridnestrowje", "Transnistria",
                                          "Pridnestrowische Moldauische Republik"], "Transnistrien"),
    ]
    cities = [
        ("KG", "KG-GB", ["Bischkek", "Bishkek", "Frunse"], True),
        ("KG", "KG-GO", ["Osch", "Osh"]), ("KG", "KG-Y", ["Karakol"]),
        ("KG", "KG-Y", ["Tscholpon-Ata", "Cholpon-Ata"]),
        ("KG", "KG-J", ["Dschalal-Abad", "Jalal-Abad", "Dschalalabad"]),
        ("KG", "KG-C", ["Tokmok", "Tokmak"]),
        ("TJ", "TJ-DU", ["Duschanbe", "Dushanbe"], True),
        ("TJ", "TJ-SU", ["Chudschand", "Khujand", "Chodschent"]),
        ("TJ", "TJ-KT", ["Bochtar", "Bokhtar"]), ("TJ", "TJ-KT", ["Kulob", "Kuljab", "Kulyab"]),
        ("AM", "AM-ER", ["Jerewan", "Eriwan", "Yerevan", "Erevan"], True),
        ("AM", "AM-SH", ["Gjumri", "Gyumri"]), ("AM", "AM-LO", ["Wanadsor", "Vanadzor"]),
        ("AZ", "AZ-BA", ["Baku"], True), ("AZ", "AZ-GA", ["Gandscha", "Ganja", "Gəncə"]),
        ("AZ", "AZ-SM", ["Sumgait", "Sumqayıt", "Sumqayit"]),
        ("GE", "GE-TB", ["Tiflis", "Tbilissi", "Tbilisi"], True),
        ("GE", "GE-AJ", ["Batumi"]), ("GE", "GE-IM", ["Kutaissi", "Kutaisi"]),
        ("GE", "GE-KK", ["Rustawi", "Rustavi"]),
        ("MD", "MD-CU", ["Chișinău", "Chisinau", "Kischinau", "Kischinjow", "Kischinew"], True),
        ("MD", "MD-BA", ["Bălți", "Balti", "Belzy"]), ("MD", "MD-SN", ["Tiraspol"]),
        ("MD", "MD-GA", ["Comrat", "Komrat"]), ("MD", "MD-BD", ["Bender", "Bendery", "Tighina"]),
        ("TM", "TM-S", ["Aschgabat", "Ashgabat", "Aşgabat", "Aschchabad"], True),
        ("TM", "TM-B", ["Turkmenbaschi", "Türkmenbaşy", "Turkmenbashi", "Krasnowodsk"]),
        ("TM", "TM-L", ["Turkmenabat", "Türkmenabat", "Tschardschou"]),
        ("TM", "TM-D", ["Daschogus", "Daşoguz", "Dashoguz"]),
    ]
    for c in cities:
        rows.append(city(c[0], c[1], c[2], capital=len(c) > 3 and c[3]))
    return rows


def other_partners():
    cities = [
        ("VN", "VN-HN", ["Hanoi", "Ha Noi"], True),
        ("VN", "VN-SG", ["Ho-Chi-Minh-Stadt", "Ho Chi Minh City", "Ho-Chi-Minh-City", "Saigon"]),
        ("VN", "VN-HP", ["Haiphong", "Hai Phong"]), ("VN", "VN-DN", ["Da Nang", "Danang", "Đà Nẵng"]),
        ("ID", "ID-JK", ["Jakarta", "Djakarta"], True), ("ID", "ID-JI", ["Surabaya"]),
        ("OM", "OM-MA", ["Maskat", "Muscat", "Masqat"], True), ("OM", "OM-ZU", ["Salala", "Salalah"]),
        ("OM", "OM-BS", ["Sohar", "Suhar"]),
        ("VE", "VE-A", ["Caracas"], True), ("VE", "VE-V", ["Maracaibo"]),
        ("CU", "CU-03", ["Havanna", "La Habana", "Havana"], True),
        ("CU", "CU-13", ["Santiago de Cuba"]),
        ("NI", "NI-MN", ["Managua"], True),
        ("IR", "IR-23", ["Teheran", "Tehran"], True), ("IR", "IR-10", ["Isfahan", "Esfahan"]),
        ("IR", "IR-03", ["Täbris", "Tabriz"]), ("IR", "IR-09", ["Maschhad", "Mashhad", "Meschhed"]),
        ("IR", "IR-07", ["Schiras", "Shiraz"]),
        ("EG", "EG-C", ["Kairo", "Cairo"], True), ("EG", "EG-ALX", ["Alexandria", "Alexandrien"]),
        ("EG", "EG-GZ", ["Gizeh", "Giza"]), ("EG", "EG-PTS", ["Port Said"]),
        ("DZ", "DZ-16", ["Algier", "Algiers"], True), ("DZ", "DZ-31", ["Oran"]),
        ("DZ", "DZ-23", ["Annaba"]),
        ("ZW", "ZW-HA", ["Harare"], True), ("ZW", "ZW-BU", ["Bulawayo"]),
        ("KE", "KE-30", ["Nairobi"], True), ("KE", "KE-28", ["Mombasa"]),
        ("ET", "ET-AA", ["Addis Abeba", "Addis Ababa"], True), ("ET", "ET-DD", ["Dire Dawa"]),
        ("RS", "RS-00", ["Belgrad", "Beograd", "Belgrade"], True),
        ("RS", "RS-06", ["Novi Sad", "Neusatz"]), ("RS", "RS-20", ["Nisch"]),
        ("RS", "RS-12", ["Kragujevac"]),
        ("TR", "TR-06", ["Ankara"], True), ("TR", "TR-34", ["Istanbul", "İstanbul"]),
        ("TR", "TR-35", ["Izmir", "İzmir"]), ("TR", "TR-07", ["Antalya"]), ("TR", "TR-16", ["Bursa"]),
        ("TR", "TR-33", ["Mersin"]),
        ("AE", "AE-AZ", ["Abu Dhabi", "Abu Dabi", "Abu Zabi"], True), ("AE", "AE-DU", ["Dubai"]),
        ("AE", "AE-SH", ["Schardscha", "Sharjah"]),
        ("LA", "LA-VT", ["Vientiane", "Wientiane", "Viangchan"], True),
        ("MM", "MM-18", ["Naypyidaw", "Naypyitaw", "Nay Pyi Taw"], True),
        ("MM", "MM-06", ["Rangun", "Yangon"]), ("MM", "MM-04", ["Mandalay"]),
        ("IN", "IN-DL", ["Neu-Delhi", "New Delhi", "Neu Delhi", "Delhi"], True),
        ("IN", "IN-MH", ["Mumbai", "Bombay"]), ("IN", "IN-KA", ["Bangalore", "Bengaluru"]),
        ("IN", "IN-TN", ["Chennai", "Madras"]), ("IN", "IN-WB", ["Kalkutta", "Kolkata"]),
        ("IN", "IN-TS", ["Hyderabad"]),
        ("PK", "PK-IS", ["Islamabad"], True), ("PK", "PK-SD", ["Karatschi", "Karachi"]),
        ("PK", "PK-PB", ["Lahore"]),
        ("MN", "MN-1", ["Ulan-Bator", "Ulan Bator", "Ulaanbaatar"], True),
        ("MN", "MN-037", ["Darchan", "Darkhan"]), ("MN", "MN-035", ["Erdenet"]),
        ("SY", "SY-DI", ["Damaskus", "Damascus"], True), ("SY", "SY-HL", ["Aleppo"]),
        ("SY", "SY-LA", ["Latakia", "Lattakia"]), ("SY", "SY-HI", ["Homs"]),
        ("QA", "QA-DA", ["Doha"], True),
        ("SA", "SA-01", ["Riad", "Riyadh"], True), ("SA", "SA-02", ["Dschidda", "Jeddah"]),
        ("SA", "SA-04", ["Dammam"]),
        ("BR", "BR-DF", ["Brasília", "Brasilia"], True), ("BR", "BR-SP", ["São Paulo", "Sao Paulo"]),
        ("BR", "BR-RJ", ["Rio de Janeiro"]),
        ("ZA", "ZA-GP", ["Pretoria", "Tshwane"], True), ("ZA", "ZA-GP", ["Johannesburg"]),
        ("ZA", "ZA-WC", ["Kapstadt", "Cape Town"]), ("ZA", "ZA-KZN", ["Durban"]),
        ("NG", "NG-FC", ["Abuja"], True), ("NG", "NG-LA", ["Lagos"]), ("NG", "NG-KN", ["Kano"]),
        ("ML", "ML-BKO", ["Bamako"], True),
        ("GQ", "GQ-BN", ["Malabo"], True),
        ("TZ", "TZ-03", ["Dodoma"], True),
        ("TZ", "TZ-02", ["Daressalam", "Dar es Salaam", "Dar-es-Salaam"]), ("TZ", "TZ-01", ["Arusha"]),
        ("UG", "UG-102", ["Kampala"], True), ("UG", "UG-113", ["Entebbe"]),
        ("MZ", "MZ-MPM", ["Maputo"], True), ("MZ", "MZ-S", ["Beira"]),
        ("LT", "LT-VL", ["Vilnius", "Wilna"], True), ("LT", "LT-KU", ["Kaunas"]),
        ("LT", "LT-KL", ["Klaipėda", "Klaipeda", "Memel"]),
        ("LV", "LV-RIX", ["Riga"], True), ("LV", "LV-DGV", ["Daugavpils", "Dünaburg"]),
        ("PL", "PL-14", ["Warschau", "Warszawa", "Warsaw"], True),
        ("PL", "PL-20", ["Białystok", "Bialystok"]), ("PL", "PL-06", ["Lublin"]),
        ("PL", "PL-06", ["Biała Podlaska", "Biala Podlaska"]),
        ("PL", "PL-12", ["Krakau", "Kraków", "Krakow"]), ("PL", "PL-22", ["Danzig", "Gdańsk", "Gdansk"]),
        ("UA", "UA-30", ["Kiew", "Kyjiw", "Kyiv", "Kiev"], True),
        ("UA", "UA-63", ["Charkiw", "Charkow", "Kharkiv"]), ("UA", "UA-51", ["Odessa", "Odesa"]),
        ("UA", "UA-46", ["Lwiw", "Lemberg", "Lviv"]),
        ("UA", "UA-74", ["Tschernihiw", "Tschernigow", "Chernihiv"]),
        ("UA", "UA-12", ["Dnipro", "Dnipropetrowsk"]),
    ]
    return [city(c[0], c[1], c[2], capital=len(c) > 3 and c[3]) for c in cities]


# Indonesian compass words and their German prefixes: "Kalimantan Timur" = "Ostkalimantan"
ID_COMPASS = {"Barat Daya": "Südwest", "Barat": "West", "Timur": "Ost", "Selatan": "Süd", "Utara": "Nord",
              "Tengah": "Zentral", "Tenggara": "Südost", "Pegunungan": "Hochland-"}
ID_ISLANDS = {"Jawa": "Java", "Sumatera": "Sumatra", "Kalimantan": "Kalimantan", "Sulawesi": "Sulawesi",
              "Papua": "Papua", "Maluku": "Molukken", "Nusa Tenggara": "Nusa Tenggara"}


def id_province(code, name, extra=()):
    """Indonesian province: the Indonesian name as written ("Kalimantan Timur"), 'Provinz X', and the
    German compass forms ("Ostkalimantan", "Ost-Kalimantan", "Provinz Ostkalimantan")."""
    forms = [f"Provinz {name}", name]
    for island, german in ID_ISLANDS.items():
        for word, prefix in ID_COMPASS.items():
            if name == f"{island} {word}":
                joined = prefix + (german.lower() if " " not in german and not prefix.endswith("-") else german)
                for g in _dedupe([joined, f"{prefix.rstrip('-')}-{german}"]):
                    forms += [g, f"Provinz {g}"]
    return region(code, f"Provinz {name}", [*forms, *extra], name, None)


def indonesia():
    """All provinces of Indonesia (ISO 3166-2:ID); Jakarta is a city subject."""
    rows = [id_province(f"ID-{c}", n) for c, n in [
        ("AC", "Aceh"), ("BA", "Bali"), ("BB", "Bangka Belitung"), ("BE", "Bengkulu"), ("BT", "Banten"),
        ("GO", "Gorontalo"), ("JA", "Jambi"), ("JB", "Jawa Barat"), ("JI", "Jawa Timur"), ("JT", "Jawa Tengah"),
        ("KB", "Kalimantan Barat"), ("KI", "Kalimantan Timur"), ("KR", "Kepulauan Riau"),
        ("KS", "Kalimantan Selatan"), ("KT", "Kalimantan Tengah"), ("KU", "Kalimantan Utara"),
        ("LA", "Lampung"), ("MA", "Maluku"), ("MU", "Maluku Utara"), ("NB", "Nusa Tenggara Barat"),
        ("NT", "Nusa Tenggara Timur"), ("PA", "Papua"), ("PB", "Papua Barat"), ("PD", "Papua Barat Daya"),
        ("PE", "Papua Pegunungan"), ("PS", "Papua Selatan"), ("PT", "Papua Tengah"), ("RI", "Riau"),
        ("SA", "Sulawesi Utara"), ("SB", "Sumatera Barat"), ("SG", "Sulawesi Tenggara"),
        ("SN", "Sulawesi Selatan"), ("SR", "Sulawesi Barat"), ("SS", "Sumatera Selatan"),
        ("ST", "Sulawesi Tengah"), ("SU", "Sumatera Utara")]]
    rows.append(region("ID-YO", "Sonderregion Yogyakarta", ["Yogyakarta", "Provinz Yogyakarta"], "Yogyakarta"))
    rows.append(city_subject("ID-JK", ["Jakarta"]))
    return rows


def build_rows():
    rows = belarus() + russia() + kazakhstan() + uzbekistan() + china()
    rows += central_asia_caucasus() + indonesia() + other_partners()
    return rows


def dump(rows) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


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
    probs = json.loads(gzip.open(path).read())
    out = []
    for a in aliases:
        if " " in a:
            continue
        p = probs.get(a.lower())
        if p is not None and p > -15.0:
            out.append(f"alias {a!r}: lower-case '{a.lower()}' is a frequent German word (logprob {p:.1f})")
    return out


def validate(path: Path, expected: str | None, quiet: bool = False) -> int:
    import pycountry

    errors, warnings = [], []
    text = path.read_text(encoding="utf-8")
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            errors.append(f"line {lineno}: blank line")
            continue
        try:
            rows.append((lineno, json.loads(line)))
        except json.JSONDecodeError as exc:
            errors.append(f"line {lineno}: {exc.msg}")
    if expected is not None and text != expected:
        errors.append("places.jsonl differs from what the tables generate: run with --write")

    ids = Counter(r.get("id") for _, r in rows)
    for i, n in ids.items():
        if n > 1:
            errors.append(f"duplicate id {i}")

    owner: dict[str, str] = {}
    country_names = german_country_names()
    covered = defaultdict(set)
    capitals = Counter()
    all_aliases = []
    for lineno, r in rows:
        where = f"line {lineno} ({r.get('id')})"
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
    ap.add_argument("--write", action="store_true", help="regenerate places.jsonl from the tables")
    ap.add_argument("--quiet", action="store_true", help="print only errors")
    ap.add_argument("--path", type=Path, default=PLACES, help="file to validate")
    args = ap.parse_args(argv)
    expected = dump(build_rows())
    if args.write:
        args.path.write_text(expected, encoding="utf-8")
    # The staleness check only makes sense for the packaged file.
    same_file = args.path.resolve() == PLACES.resolve()
    return validate(args.path, expected if same_file else None, args.quiet)


if __name__ == "__main__":
    sys.exit(main())
