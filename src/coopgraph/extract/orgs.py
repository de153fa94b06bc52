"""Organizations: gazetteer aliases plus patterns for names the gazetteer does not know
(ministries, executive committees, embassies, "Minsker ...werk", "X-Verband", a type noun before a
name, acronyms, unknown words acting as a company). Names are normalized to the nominative."""
from __future__ import annotations

import re

from . import lexicon
from .persons import OrgHit, PlaceHit

_ADJ = r"[a-zäöü][a-zäöüß]+(?:e|en|es|er|em)"
MINISTRY = re.compile(
    r"(?:(?P<adj>" + _ADJ + r")\s+)?(?P<head>(?:[A-ZÄÖÜ][a-zäöüß\-]*m|M)inisteri(?:um|ums|en))"
    r"(?P<comp>\s+(?:für|des|der)\s+(?:[A-ZÄÖÜ][\w\-]+|und|[a-zäöü]+e[nr]?)(?:,?\s+(?:und\s+)?[A-ZÄÖÜ][\w\-]+){0,5})?")
EXECUTIVE = re.compile(
    r"(?:(?P<adj>[A-ZÄÖÜ][a-zäöü]+er)\s+)?(?P<head>(?:Gebiets|Stadt|Bezirks|Regional)?[Ee]xekutivkomitee(?:s)?)"
    r"(?P<comp>\s+(?:des\s+(?:Gebiets|Gebietes|Bezirks|Bezirkes)\s+[A-ZÄÖÜ][\w\-]+|(?:von\s+)?[A-ZÄÖÜ][\w\-]+))?")
MISSION = re.compile(
    r"(?P<head>Botschaft|Generalkonsulat|Konsulat|Handelsvertretung|Handelsmission)(?:s|es)?"
    r"(?P<coord>\s+und\s+(?:dem|der|das|des)?\s*(?:Botschaft|Generalkonsulat|Konsulat|Handelsvertretung)(?:s|es)?)?"
    r"\s+(?P<country>[A-ZÄÖÜ][\w\-]+)")
CITY_COMPANY = re.compile(
    r"(?P<adj>[A-ZÄÖÜ][a-zäöü]+er)\s+(?:(?P<adj2>[A-ZÄÖÜ][a-zäöü]+(?:isch|lich)(?:e|es|er|en))\s+)?"
    r"(?P<head>[A-ZÄÖÜ][a-zäöü]+)\b")
COMPANY_HEADS = ("werk", "werke", "werks", "werkes", "kombinat", "kombinats", "fabrik", "betrieb", "betriebs", "holding",
                 "konzern", "konzerns", "hütte", "raffinerie", "institut", "instituts", "universität", "akademie",
                 "börse", "kammer", "bank", "zentrum", "zentrums", "stadtverwaltung", "gebietsverwaltung",
                 "stadtduma", "gebietsduma", "verwaltung")
WORKS_IN_CITY = re.compile(r"\b(?P<head>[A-ZÄÖÜ][a-zäöü]*(?:werk|kombinat|fabrik))\s+(?P<city>[A-ZÄÖÜ][a-zäöü]+)\b")
ADMIN_OF = re.compile(r"\b(?P<head>Stadtverwaltung|Gebietsverwaltung|Verwaltung|Regierung|Stadtregierung)\s+"
                      r"(?P<prep>von|der\s+Stadt|des\s+Gebiets)\s+(?P<place>[A-ZÄÖÜ][\w\-]+)")
COMMISSION = re.compile(
    r"(?P<adj>[a-zäöü]+isch(?:-[a-zäöü]+isch)+(?:e|en|er|es|em))\s+(?P<head>(?:[A-ZÄÖÜ][a-zäöü]*)?(?:[Kk]ommission|"
    r"[Aa]rbeitsgruppe|[Gg]eschäftsrat|[Uu]nternehmerrat|[Ww]irtschaftsrat|[Hh]andelskammer|[Kk]omitee))"
    r"(?P<comp>\s+für\s+(?:[a-zäöü]+(?:e|en|er)\s+)?[A-ZÄÖÜ][\w\-]+(?:\s+und\s+(?:[a-zäöü]+(?:e|en|er)\s+)?"
    r"[A-ZÄÖÜ][\w\-]+)?)?")
ROMAN = re.compile(r"^[IVXLCDM]+$")
# "Kontinentale Hockey-Liga (KHL)": the full name before an acronym in brackets
NAME_BEFORE_ACRONYM = re.compile(
    r"(?P<name>[A-ZÄÖÜ][\w\-]+(?:\s+(?:[A-ZÄÖÜ][\w\-]+|für|der|des|und|von))*?\s+[A-ZÄÖÜ][\w\-]+)"
    r"\s+\((?P<acr>[A-ZÄÖÜ][A-Za-zÄÖÜ]{1,7})\)")
BODY = re.compile(
    r"(?P<adj>Zentrale[nr]?|Staatliche[nr]?|Nationale[nr]?|Ständige[nr]?|Gemischte[nr]?|Zwischenstaatliche[nr]?|"
    r"Parlamentarische[nr]?|Eurasische[nr]?|Republikanische[snr]?)\s+"
    r"(?P<head>Kommission|Komitee[s]?|Agentur|Behörde|Zentrum[s]?|Versammlung|Rat[e]?[s]?)"
    r"(?P<comp>\s+(?:für|der|des)\s+[A-ZÄÖÜ][\w\-]+(?:,?\s+(?:und\s+|der\s+|des\s+|von\s+|über\s+)?"
    r"(?:[a-zäöü]+(?:e|en|er)\s+)?[A-ZÄÖÜ][\w\-]+){0,7})?")
_ACR_IN_BRACKETS = re.compile(r"\((?!BelTA\))[A-ZÄÖÜ][A-Za-zÄÖÜ]{1,7}\)")
_WORKS = re.compile(r"(?:werk|kombinat|fabrik) [A-ZÄÖÜ]")
NEUTER_HEADS = ("Zentrum", "Komitee", "Institut", "Werk", "Kombinat", "Ministerium")
MASCULINE_HEADS = ("Rat",)
HYPHEN_ORG = re.compile(r"\b[A-ZÄÖÜ][\w]*-(?:Verband|Werk|Werke|Holding|Konzern|Gruppe|Kombinat|Zentrum|Verbandes|Werks|"
                        r"Werkes|Konzerns|Holdings|Gruppe)\b")
TYPED_NAME = re.compile(
    r"(?:Unternehmens?|Firma|Konzerns?|Holding|Betriebs?|Werks?|Produktionsgesellschaft|Handelshaus|"
    r"Aktiengesellschaft|Gemeinschaftsunternehmens?|Joint\s+Ventures?|Herstellers?|Agroholding|Bank|Gesellschaft)"
    r"\s+(?:„(?P<q1>[^“”\"]{2,50})[“”]|\"(?P<q2>[^\"]{2,50})\"|«(?P<q3>[^»]{2,50})»|"
    r"(?P<bare>[A-ZÄÖÜ][\w]*(?:-[\w]+)*(?:\s+[A-ZÄÖÜ]{2,}[\w\-]*)?))")
ACRONYM = re.compile(r"(?<![\w-])(?P<a>[A-ZÄÖÜ]{2,7}(?:-[A-ZÄÖÜ]+)?)(?:s)?(?![\w-])")
ACRONYM_STOP = {
    "USD", "EUR", "RUB", "BYN", "CNY", "KZT", "UZS", "USA", "UdSSR", "BELTA", "BelTA", "TASS", "RIA", "AFP", "DPA",
    "UN", "EU", "OK", "TV", "PR", "IT", "KI", "CEO", "PDF", "GMBH", "AG", "GUS-Raum", "II", "III", "IV", "VI", "VII",
    "VIII", "IX", "XI", "XII", "XX", "XXI", "ANM", "CO", "LKW", "PKW", "BIP", "MW", "KW", "GW", "KWH", "HIV", "COVID",
    "SMS", "URL", "WWW", "NR", "ZB", "DDR", "BRD", "SSR", "UNO", "A", "B", "C", "D", "E", "TJ", "BY", "RU", "KZ", "UZ",
    "NATO", "OSZE", "ID", "BELARUS", "RF", "VR", "DR", "UAE", "VAE", "KVDR", "AES", "USB", "GPS",
}
ORG_VERB = re.compile(r"\s+(?:zeigt|zeigte|produziert|produzierte|liefert|lieferte|exportiert|exportierte|"
                      r"investiert|plant|baut|errichtet|hat|wird|ist\s+bereit|stellt|fertigt|montiert|Interesse)\b")


def _nominative_head(word: str) -> str:
    if word.endswith("ees"):
        return word[:-1]
    if re.search(r"(ums|werks|werkes|kombinats|betriebs|konzerns|instituts|zentrums|komitees|verbandes|werkes)$", word):
        return re.sub(r"(es|s)$", "", word)
    if word.endswith("ministerien"):
        return word
    return word


def _as_written(surface: str, aliases: frozenset[str], canonical: str) -> str:
    """The name as written, in the nominative: an alias without its genitive ending, an acronym
    without a plural/genitive s; an inflected form we generated maps to the canonical name."""
    if surface.endswith("s") and surface[:-1].isupper() and len(surface) > 2:
        return surface[:-1]
    if _stems(surface) == _stems(canonical):
        return canonical
    words = surface.split()
    for i, w in enumerate(words):
        for cut in ("es", "s"):
            if w.endswith(cut):
                cand = " ".join(words[:i] + [w[: -len(cut)]] + words[i + 1:])
                if cand in aliases:
                    return cand
    return surface if surface in aliases else canonical


def _cut_at_name(comp: str) -> str:
    """A complement ends where a person's name begins ('... Volksabstimmungen Igor Karpenko')."""
    given = lexicon.given_names()
    words = comp.split(" ")
    for i, w in enumerate(words):
        if w in given and i + 1 < len(words) and words[i + 1][:1].isupper():
            return " ".join(words[:i]).rstrip(" ,")
    return comp


def find_orgs(text: str, places: list[PlaceHit]) -> list[OrgHit]:
    hits: list[OrgHit] = []
    for start, end, values in lexicon.organizations().find(text, trailing_hyphen_ok=True):
        surface, entry = values[0]
        name = _as_written(surface, entry.aliases, entry.name)
        hits.append(OrgHit(start, end, name, entry.kind, entry.country, entry.org_id, "org:gazetteer"))

    def add(start: int, end: int, name: str, kind: str, rule: str, country: str | None = None) -> None:
        hits.append(OrgHit(start, end, name, kind, country, None, rule))

    for m in (MINISTRY.finditer(text) if "inisteri" in text else ()):
        head = _nominative_head(m.group("head"))
        adj = m.group("adj")
        name = head
        if adj and any(p.start == m.start("adj") and p.entry.form == "adjective" for p in places):
            name = re.sub(r"(en|em|es|er|e)$", "", adj) + "es " + head
        start = m.start("adj") if adj and name != head else m.start("head")
        comp = _cut_at_name(m.group("comp") or "")
        if head.startswith("Minister") and not comp and name == head:
            continue  # "das Ministerium" alone: which one is said elsewhere
        if comp and not name.startswith(tuple("abcdefghijklmnopqrstuvwxyzäöü")):
            name = name + comp
        end = m.start("comp") + len(comp) if comp else m.end("head")
        country = next((p.entry.country for p in places if p.start == m.start("adj")), None) if adj else None
        add(start, end, " ".join(name.split()), "ministry", "org:ministry", country)
    for m in (EXECUTIVE.finditer(text) if "xekutivkomitee" in text else ()):
        comp = m.group("comp") or ""
        if comp.strip().split()[0:1] and comp.strip().split()[0][:1].isupper() and "des" not in comp \
                and not any(p.start == m.start("comp") + len(comp) - len(comp.lstrip()) for p in places):
            comp = ""
        adj = m.group("adj")
        if adj and not any(p.start == m.start("adj") and p.entry.form == "adjective" for p in places):
            adj = None
        if not adj and not comp:
            # "nach Angaben des Gebietsexekutivkomitees": the committee named before, if any
            add(m.start("head"), m.end("head"), "", "committee", "org:executive-committee-bare", "BY")
            continue
        name = (adj + " " if adj else "") + _nominative_head(m.group("head")) + comp
        start = m.start("adj") if adj else m.start("head")
        add(start, m.start("head") + len(m.group("head")) + len(comp), " ".join(name.split()), "committee",
            "org:executive-committee", "BY")
    gazetteer = lexicon.organizations()
    for m in (NAME_BEFORE_ACRONYM.finditer(text) if _ACR_IN_BRACKETS.search(text) else ()):
        words = m.group("name").split()
        acr = m.group("acr")
        if any(h[0] == 0 and h[1] == len(acr) for h in gazetteer.find(acr)):
            continue  # a known organization: the gazetteer names it
        # keep the shortest tail of the phrase that starts with the acronym's first letter
        for k in range(len(words) - 1, -1, -1):
            if words[k][:1] == acr[:1] and words[k][:1].isupper():
                name = " ".join(words[k:])
                if not lexicon.is_german_word(words[k]) or len(words) - k >= 2:
                    start = m.start("name") + len(" ".join(words[:k])) + (1 if k else 0)
                    add(start, m.end(), nominative_name(name), "other", "org:name-with-acronym")
                break
    for m in BODY.finditer(text):
        head = re.sub(r"(es|s)$", "", m.group("head")) if m.group("head").startswith(("Komitee", "Zentrum", "Rat")) \
            else m.group("head")
        ending = "es" if head.startswith(NEUTER_HEADS) else "er" if head.startswith(MASCULINE_HEADS) else "e"
        adj = re.sub(r"(en|er|es|e)$", "", m.group("adj")) + ending
        comp = _cut_at_name(m.group("comp") or "")
        add(m.start(), m.start("comp") + len(comp) if comp else m.end("head"), f"{adj} {head}{comp}", "agency",
            "org:public-body")
    for m in (COMMISSION.finditer(text) if "isch-" in text else ()):
        adj = re.sub(r"(en|em|es|er|e)$", "", m.group("adj")) + "e"
        add(m.start(), m.end(), " ".join(f"{adj} {m.group('head')}{m.group('comp') or ''}".split()), "committee",
            "org:commission")
    for m in (WORKS_IN_CITY.finditer(text) if _WORKS.search(text) else ()):
        if any(p.start == m.start("city") and p.entry.kind == "city" for p in places):
            add(m.start(), m.end(), m.group(0), "company", "org:works-in-city")
    for m in (ADMIN_OF.finditer(text) if ("erwaltung" in text or "egierung" in text) else ()):
        if any(p.start == m.start("place") and p.entry.form != "adjective" for p in places):
            add(m.start(), m.end(), m.group(0), "agency", "org:administration")
    for m in MISSION.finditer(text):
        country_hit = next((p for p in places if p.start == m.start("country") and p.entry.kind == "country"), None)
        if country_hit is None:
            continue
        add(m.start(), m.end(), f"{m.group('head')} {m.group('country')}", "embassy", "org:mission",
            country_hit.entry.country)
        if m.group("coord"):
            other = re.search(r"(Botschaft|Generalkonsulat|Konsulat|Handelsvertretung)", m.group("coord"))
            if other:
                add(m.start("coord") + other.start(), m.end(), f"{other.group(1)} {m.group('country')}", "embassy",
                    "org:mission-coordinated", country_hit.entry.country)
    for m in CITY_COMPANY.finditer(text):
        head = m.group("head")
        if not head.lower().endswith(COMPANY_HEADS):
            continue
        if any(p.start == m.start() and p.entry.form == "adjective" for p in places):
            adj2 = m.group("adj2")
            mid = (re.sub(r"(en|em|es|er|e)$", "", adj2) + ("es" if head.lower().endswith(
                ("werk", "werks", "kombinat", "kombinats", "institut", "zentrum")) else "e") + " ") if adj2 else ""
            add(m.start(), m.end(), f"{m.group('adj')} {mid}{_nominative_head(head)}", "company",
                "org:city-company")
    for m in HYPHEN_ORG.finditer(text):
        name = re.sub(r"(es|s)$", "", m.group(0)) if re.search(r"(Verbandes|Werks|Werkes|Konzerns|Holdings)$",
                                                                m.group(0)) else m.group(0)
        add(m.start(), m.end(), name, "company", "org:hyphen-compound")
    for m in TYPED_NAME.finditer(text):
        name = m.group("q1") or m.group("q2") or m.group("q3") or m.group("bare")
        gstart = next(m.start(g) for g in ("q1", "q2", "q3", "bare") if m.group(g))
        if m.group("bare"):
            if lexicon.is_german_word(name.split()[0]) or any(p.start <= gstart < p.end for p in places):
                continue
        add(gstart, gstart + len(name), name.strip(), "company", "org:typed-name")
    for m in ACRONYM.finditer(text):
        a = m.group("a")
        if a in ACRONYM_STOP or a.upper() in ACRONYM_STOP or len(a.replace("-", "")) < 2 or ROMAN.match(a):
            continue
        if any(p.start <= m.start() < p.end for p in places):
            continue
        add(m.start("a"), m.end("a"), a, "other", "org:acronym")
    for m in re.finditer(r"(?<![\w-])([A-ZÄÖÜ][a-zäöü]{4,}[a-z]*)(?=" + ORG_VERB.pattern + r")", text):
        word = m.group(1)
        if lexicon.is_german_word(word) or word in lexicon.given_names() or word in lexicon.name_stopwords():
            continue
        if any(p.start <= m.start() < p.end for p in places) or re.search(r"(ow|ew|in|ko|itsch)$", word):
            continue
        if re.search(r"(zh|sh|kh|mash|prom|stroi|tech|agro|neft|gaz|holding)", word.lower()):
            add(m.start(1), m.end(1), word, "company", "org:unknown-subject")
    for h in hits:
        h.name = nominative_name(h.name)
    named = [h for h in hits if h.kind == "committee" and h.name and "xekutivkomitee" in h.name]
    for h in hits:
        if h.rule == "org:executive-committee-bare":
            before = [n for n in named if n.start < h.start]
            if before:
                h.name, h.org_id = before[-1].name, before[-1].org_id
    hits = [h for h in hits if h.name]
    return _resolve(hits)


_CAP_ADJ = re.compile(r"^([A-ZÄÖÜ][a-zäöüß]*(?:isch|lich|ig|al|är|iv|ell|ert|st))(en|em)$")


def _stems(name: str) -> list[str]:
    return [re.sub(r"(es|en|em|er|e|s)$", "", w.lower()) for w in name.split()]


def nominative_name(name: str) -> str:
    """'Belarussischen Staatlichen Landwirtschaftsakademie' -> 'Belarussische Staatliche ...':
    leading capitalized adjectives take the nominative ending used with the definite article."""
    words = name.split()
    for i, w in enumerate(words[:-1]):
        m = _CAP_ADJ.match(w)
        if not m:
            break
        words[i] = m.group(1) + "e"
    return " ".join(words)


def _resolve(hits: list[OrgHit]) -> list[OrgHit]:
    """Longest span wins where matches overlap; the first mention of each name/id is kept."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[OrgHit] = []
    for h in hits:
        if kept and h.start < kept[-1].end and h.rule != "org:mission-coordinated":
            if (h.end - h.start) > (kept[-1].end - kept[-1].start) and h.start == kept[-1].start:
                kept[-1] = h
            continue
        kept.append(h)
    return kept


def org_alias_key(name: str) -> str:
    """Canonical key of an organization name for scoring: the gazetteer id when the name (or its
    genitive) is a known alias, else the name itself."""
    hits = lexicon.organizations().find(name)
    if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(name):
        return hits[0][2][0][1].org_id
    return name
