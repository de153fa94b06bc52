"""Organizations: the gazetteer (data/organizations.jsonl) plus a head-noun grammar for names it does not know.

The grammar (head nouns in data/org_heads.jsonl, word lists and patterns in data/org_patterns.jsonl) reads a
name around its head noun ("Kommission", "Exekutivkomitee", "Botschaft", "Werk", ... and compounds ending in
them): naming adjectives to the left ("belarussisch-kirgisische zwischenstaatliche", "Staatliche", "Minsker"), a
coordinated compound ("Industrie- und Handelskammer") and complements to the right: genitive chains ("des Gebiets
Minsk"), "für" + a coordinated noun phrase, "zwischen X und Y", "von X", "in <country>", a place or a name right
after the head ("Gebietsregierung Kursk"), a quoted name. Names are reported as written, in the nominative: the
adjectives take the strong ending of the head's gender ("des belarussisch-kasachischen Geschäftsrates" ->
"belarussisch-kasachischer Geschäftsrat"), the head loses its genitive ending, complements stay as written.
Companies the gazetteer does not know come from a name after a type noun ("Unternehmen Brestmasch"), legal forms
("PT Bukit Asam"), company morphology ("Belpromprojekt"), acronyms and sports clubs ("Dinamo Minsk").
Every hit carries the id of the rule (or head) that found it."""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from . import lexicon
from .lexicon import OrgHead
from .persons import OrgHit, PlaceHit

TOKEN = re.compile(r"\w+(?:[-.'’]\w+)*-?|[^\s\w]")
ADJ = re.compile(r"^(?P<stem>[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*?)(?P<end>e|en|er|es|em)$")
OPEN_QUOTES = {"„": "“”\"", "\"": "\"“”", "«": "»", "“": "”\""}
INITIALS = re.compile(r"^[A-ZÄÖÜ][a-z]?(?:\.[A-ZÄÖÜ][a-z]?)*$")
STRONG = {"m": "er", "f": "e", "n": "es"}
DETERMINERS = frozenset({"der", "die", "das", "des", "dem", "den"})
ARTICLE_WORDS = frozenset({"eine", "einen", "einem", "einer", "eines", "keine", "keinen", "keiner", "diese", "diesen",
                           "dieser", "dieses", "diesem", "jede", "jeden", "jeder", "jedes", "alle", "allen", "aller",
                           "seine", "seinen", "seiner", "ihre", "ihren", "ihrer", "unsere", "unseren", "unserer",
                           "welche", "welcher", "solche", "beide", "beiden", "viele", "vielen", "andere", "anderen"})


def _pat(name: str):
    return lexicon.org_patterns()[name]


def _cap(word: str) -> bool:
    return bool(word[:1]) and word[:1].isupper()


class _Text:
    """The tokens of one text and the place hits, indexed by token."""

    def __init__(self, text: str, places: list[PlaceHit]) -> None:
        self.text = text
        spans = [m.span() for m in TOKEN.finditer(text)]
        self.words = [text[s:e] for s, e in spans]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.places = places
        self.place_at = {p.start: p for p in places}
        self.given = lexicon.given_names()

    def t(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def tok_after(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect_left(self.starts, pos)

    def place(self, i: int, nouns_only: bool = True) -> int | None:
        """End token (exclusive) of a place name starting at token i."""
        if not (0 <= i < len(self.words)) or self.is_given(i):
            return None  # "Wladimir Kucharew" is a person, not the city
        p = self.place_at.get(self.starts[i])
        w = self.words[i]
        if p is None and "-" in w.strip("-"):
            # the gazetteer does not match inside "Belarus-Sankt": look at the first part alone
            first = w.split("-")[0]
            found = lexicon.places().find(first)
            if not found or found[0][:2] != (0, len(first)) or found[0][2][0][1].form == "adjective":
                return None
            p_end = self.starts[i] + len(first)
        elif p is None or (nouns_only and p.entry.form == "adjective"):
            return None
        else:
            p_end = p.end
        j = self.tok_after(p_end)
        if j < len(self.words) and self.ends[j - 1] > p_end and not self.words[j - 1].endswith("-"):
            # the hit ends inside a hyphenated token: "Belarus-Sankt Petersburg"
            rest = self.words[j - 1][p_end - self.starts[j - 1]:].lstrip("-")
            tail = rest + (" " + self.t(j) if j < len(self.words) else "")
            found = lexicon.places().find(tail)
            if found and found[0][0] == 0:
                return j + (1 if found[0][1] > len(rest) else 0)
            return j if _cap(rest) else None
        return j

    def is_given(self, i: int) -> bool:
        return self.t(i) in self.given and _cap(self.t(i + 1))

    def proper(self, i: int) -> bool:
        """A capitalized word that is not German vocabulary (a name): 'Majlis', 'Bremino-Orscha', 'VEN'."""
        w = self.t(i)
        if not _cap(w) or self.is_given(i) or w.rstrip("-") in lexicon.name_stopwords():
            return False
        parts = w.split("-")
        if len(parts) > 1 and len(parts[0]) == 1:
            return False  # "E-Mail", "U-Bahn"
        return w.isupper() or not any(_german(x) for x in {w, parts[0], parts[-1]} if x)


@lru_cache(maxsize=50_000)
def _german(word: str) -> bool:
    """German vocabulary, a compound of it included ("Maschinenbau"), but not a name ending in a place
    ("Veneminsk" is no compound of "Minsk")."""
    if not lexicon.is_german_word(word):
        return False
    lw = word.lower()
    if lw in lexicon.german_words():
        return not lexicon.places().find(word)
    tails = [lw[cut:] for cut in range(3, len(lw) - 4) if lw[cut:] in lexicon.german_words()]
    return any(not lexicon.places().find(t.capitalize()) for t in tails) or not tails


@lru_cache(maxsize=100_000)
def _head_of(word: str) -> tuple[OrgHead, str, bool] | None:
    """(head, the word in the nominative, whether it is a compound) for a word ending in a head noun."""
    if not _cap(word) or word.endswith("-") or len(word) < 3:
        return None
    lw = word.lower()
    for h in lexicon.org_heads():
        hl = h.head.lower()
        for ending in (("",) if h.gender == "f" else ("es", "s", "")):
            if not lw.endswith(hl + ending):
                continue
            base = word[: len(word) - len(ending)] if ending else word
            prefix = base[: len(base) - len(hl)]
            if not prefix and not h.simple:
                continue  # "Gebietsregierung Kursk", but "Regierung" alone is a common noun
            if prefix and (not h.compound or len(prefix.strip("-")) < 3 or base.lower() in h.not_compounds):
                continue
            if ending == "s" and hl.endswith("s"):
                continue
            return h, base, bool(prefix)
    return None


def _adjective(tx: _Text, i: int) -> str | None:
    """'inv' for a city adjective (Minsker), 'name' for a naming adjective, None otherwise."""
    w = tx.t(i)
    p = tx.place_at.get(tx.starts[i]) if 0 <= i < len(tx.words) else None
    if p is not None and p.entry.form == "adjective" and _cap(w) and w.endswith("er") and p.end == tx.ends[i] \
            and p.entry.kind == "city":
        return "inv"
    m = ADJ.match(w)
    if not m:
        return None
    stem = m.group("stem").lower()
    last = stem.split("-")[-1]
    if last.endswith("isch") or last in _pat("naming_adjectives"):
        return "name"
    return None


def _np(tx: _Text, k: int, depth: int = 0, body_nouns: frozenset[str] | None = None,
        genitive: bool = True, coordinate: bool = False) -> int | None:
    """End (exclusive) of a noun phrase starting at token k: adjectives, a noun, names after it, genitives."""
    j = k
    while ADJ.match(tx.t(j)) and (not _cap(tx.t(j)) or _cap(tx.t(j + 1))) and \
            tx.t(j).lower() not in ARTICLE_WORDS and tx.t(j) not in DETERMINERS and (tx.t(j)[:1].islower() or _adjective(tx, j)):
        j += 1
    noun = tx.t(j)
    if not _cap(noun) or not noun[0].isalpha() or tx.is_given(j) or \
            (genitive and noun in _pat("genitive_stop_nouns")):
        return None
    if body_nouns is not None and noun not in body_nouns:
        return None
    place_end = tx.place(j)
    j = place_end if place_end is not None else j + 1
    if coordinate and tx.t(j) == "und" and _cap(tx.t(j + 1)) and tx.t(j + 1).isalpha() and not tx.is_given(j + 1) \
            and not _head_of(tx.t(j + 1)) and tx.place(j + 1) is None and body_nouns is None:
        j += 2  # "Verband der Industriellen und Unternehmer"
    # names after the noun: "Gebiets Nischni Nowgorod", "Republik Belarus", "Union Belarus-Russland"
    for _ in range(3):
        end = tx.place(j)
        if end is not None:
            j = end
        elif tx.proper(j) and not _head_of(tx.t(j)):
            j += 1
        else:
            break
    if depth < 3:
        while tx.t(j) in ("des", "der") or (tx.t(j) == "von" and depth < 2) or (tx.t(j) == "über" and depth):
            if tx.t(j) == "über":  # "Organisation des Vertrags über kollektive Sicherheit"
                end = _np(tx, j + 1, depth + 1, genitive=False)
            elif tx.t(j) == "von":
                end = _places_coord(tx, j + 1) or _np(tx, j + 1, depth + 1)
            else:
                end = _np(tx, j + 1, depth + 1)
            if end is None:
                break
            j = end
    return j


def _places_coord(tx: _Text, k: int) -> int | None:
    """'Belarus und dem Gebiet Nischni Nowgorod', 'Belarus und Russland': places, coordinated."""
    end = tx.place(k)
    if end is None:
        return None
    if tx.t(end) == "und":
        m = end + 1 + (1 if tx.t(end + 1) in DETERMINERS else 0)
        end2 = tx.place(m)
        if end2 is not None:
            return end2
    return end


def _np_list(tx: _Text, k: int) -> int | None:
    """'Handel, Wirtschaft und Investitionszusammenarbeit': a coordinated list of noun phrases."""
    end = _np(tx, k, genitive=False)
    if end is None:
        return None
    closed = end
    while tx.t(end) in (",", "und"):
        nxt = _np(tx, end + 1, genitive=False)
        if nxt is None:
            break
        is_und = tx.t(end) == "und"
        end = nxt
        if is_und:
            closed = end
    return closed


def _complements(tx: _Text, h: OrgHead, k: int) -> tuple[int, list[str]]:
    """End token (exclusive) of the complements after the head at token k-1, and their kinds."""
    kinds: list[str] = []
    comps = h.complements
    for _ in range(8):
        t = tx.t(k)
        if not kinds and "quote" in comps and t in OPEN_QUOTES:
            close = next((j for j in range(k + 1, min(k + 9, len(tx.words))) if tx.t(j) in OPEN_QUOTES[t]), None)
            if close is not None and close > k + 1 and _cap(tx.t(k + 1)):
                k = close + 1
                kinds.append("quote")
            break
        if not kinds and "place" in comps:
            end = tx.place(k)
            if end is not None:
                k = end
                kinds.append("place")
                if h.kind == "university" and INITIALS.match(tx.t(k)) and tx.t(k + 1) == "." and tx.proper(k + 2):
                    k += 3  # named after a person: "Staatliche Universität Tula L.N. Tolstoi"
                continue
        if not kinds and "name" in comps and tx.proper(k) and not _head_of(t) and tx.place(k) is None:
            j = k
            while j < k + 3 and tx.proper(j) and not _head_of(tx.t(j)):
                j += 1
            k = j
            kinds.append("name")
            continue
        if t in ("des", "der") and ("gen" in comps or "gen_body" in comps or "gen_place" in comps
                                    or kinds[-1:] == ["fuer"]):
            body = _pat("genitive_body_nouns") if "gen_body" in comps and "gen" not in comps else None
            end = _np(tx, k + 1, body_nouns=body, coordinate=True)
            if end is None:
                break
            if "gen" not in comps and "gen_body" not in comps and not any(
                    tx.place_at.get(tx.starts[x]) for x in range(k + 1, end)):
                break  # "Verwaltung des Gebiets Kursk", not "Verwaltung der Telegraphenagentur"
            k = end
            kinds.append("gen")
            continue
        if t == "für" and "fuer" in comps and not kinds:
            end = _np_list(tx, k + 1)
            if end is None:
                break
            k = end
            kinds.append("fuer")
            continue
        if t == "zwischen" and kinds[-1:] == ["fuer"]:
            end = _places_coord(tx, k + 1)
            if end is None or tx.t(end - 1) == "und":
                break
            k = end
            kinds.append("between")
            continue
        if t == "von" and ("von" in comps or kinds[-1:] in (["fuer"], ["gen"])):
            end = _places_coord(tx, k + 1)
            if end is None:
                break
            k = end
            kinds.append("von")
            continue
        if t == "in" and ("in" in comps or kinds[-1:] == ["fuer"]):
            end = tx.place(k + 1)
            p = tx.place_at.get(tx.starts[k + 1]) if end is not None else None
            if end is None or p is None or not (p.entry.kind == "country" or (h.kind == "embassy" and p.entry.kind == "city")):
                break  # "Botschaft in Russland", "Generalkonsulat in Schanghai"
            k = end
            kinds.append("in")
            continue
        break
    return k, kinds


def _nominative_adj(word: str, how: str, gender: str) -> str:
    if how == "inv":
        return word
    m = ADJ.match(word)
    return (m.group("stem") + STRONG[gender]) if m else word


def _bodies(tx: _Text) -> list[OrgHit]:
    hits: list[OrgHit] = []
    last_end = -1
    for i in range(len(tx.words)):
        if i < last_end:
            continue
        found = _head_of(tx.words[i])
        if found is None:
            continue
        h, base, compound = found
        # left: naming adjectives, a coordinated compound ("Industrie- und Handelskammer")
        j = i - 1
        coord = None
        if tx.t(j) == "und" and tx.t(j - 1).endswith("-") and len(tx.t(j - 1)) > 2:
            coord = j - 1
            j -= 2
        mods: list[tuple[int, str]] = []
        while j >= 0:
            how = _adjective(tx, j)
            if how is None:
                break
            mods.insert(0, (j, how))
            j -= 1
        end, kinds = _complements(tx, h, i + 1)
        has_gen = any(tx.t(x) in ("des", "der") for x in range(i + 1, end))
        if h.needs - set(kinds) - ({"gen"} if has_gen else set()):
            continue  # "Abteilung für Öffentlichkeitsarbeit": a department is named with its owner
        hyphen_name = "-" in base and _cap(base) and not lexicon.is_german_word(base.split("-")[0])
        alone = (("compound" in h.alone and compound) or ("adjective" in h.alone and mods)
                 or ("city_adjective" in h.alone and any(how == "inv" for _, how in mods))
                 or ("coordinated" in h.alone and coord is not None) or hyphen_name)
        if not kinds and not alone and tx.t(i + 1) == "und":
            # "der Botschaft und dem Generalkonsulat Kasachstans": the complement of the second head is shared
            k2 = i + 2 + (1 if tx.t(i + 2) in DETERMINERS else 0)
            other = _head_of(tx.t(k2))
            if other is not None and other[0].kind == h.kind:
                end2, kinds2 = _complements(tx, other[0], k2 + 1)
                if kinds2:
                    shared = tx.text[tx.starts[k2 + 1]: tx.ends[end2 - 1]]
                    hits.append(OrgHit(tx.starts[i], tx.ends[i], " ".join(f"{base} {shared}".split()), h.kind, None, None,
                                       h.head_id + ":coordinated"))
                    continue
        if not kinds and not alone:
            if compound and h.anaphor and not mods:
                # "nach Angaben des Gebietsexekutivkomitees": the committee named before, if any
                hits.append(OrgHit(tx.starts[i], tx.ends[i], "", h.kind, None, None, "org:anaphor:" + h.head_id))
            continue
        # "des Werks MAZ VEN", "das Werk Amkodor", "Minsker Automobilwerk MAZ": the name is the company;
        # "Automobilwerk Gäncä" names a works by its place
        if h.name_after == "name" and (kinds[:1] == ["quote"] or (kinds[:1] == ["name"] and (not compound or all(
                tx.t(x).isupper() for x in range(i + 1, end))))):
            first = i + 1 + (1 if kinds[0] == "quote" else 0)
            last = end - (1 if kinds[0] == "quote" else 0)
            s, e = tx.starts[first], tx.ends[last - 1]
            hits.append(OrgHit(s, e, " ".join(tx.text[s:e].split()), "company", None, None, h.head_id + ":name"))
            last_end = end
            continue
        words = [_nominative_adj(tx.t(m), how, h.gender) for m, how in mods]
        if coord is not None:
            words += [tx.t(coord), "und"]
        words.append(base)
        if kinds:
            words.append(tx.text[tx.starts[i + 1]: tx.ends[end - 1]])
        start_tok = mods[0][0] if mods else coord if coord is not None else i
        s, e = tx.starts[start_tok], tx.ends[end - 1]
        hits.append(OrgHit(s, e, " ".join(" ".join(words).split()), h.kind, None, None, h.head_id))
        last_end = end
    return hits


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


def find_orgs(text: str, places: list[PlaceHit]) -> list[OrgHit]:
    hits: list[OrgHit] = []
    for start, end, values in lexicon.organizations().find(text, trailing_hyphen_ok=True):
        surface, entry = values[0]
        name = _as_written(surface, entry.aliases, entry.name)
        hits.append(OrgHit(start, end, name, entry.kind, entry.country, entry.org_id, "org:gazetteer"))
    tx = _Text(text, places)
    for h in list(hits):
        # "MAZ Asia", "MAZ VEN": a known acronym and a name after it is a subsidiary of its own
        j = tx.tok_after(h.end)
        if h.name.isupper() and h.kind == "company" and j < len(tx.words) and tx.starts[j] == h.end + 1 and tx.proper(j) \
                and tx.place(j) is None and not _head_of(tx.t(j)) and not lexicon.organizations().find(tx.t(j)):
            hits.append(OrgHit(h.start, tx.ends[j], f"{h.name} {tx.t(j)}", h.kind, h.country, None,
                               "org:gazetteer-subsidiary"))
    hits += _bodies(tx)
    from .org_names import acronyms, clubs, companies, unknown_subjects

    hits += companies(tx, text)
    hits += clubs(tx)
    hits += acronyms(tx, text, places)
    hits += unknown_subjects(text, places)
    for h in hits:
        if h.rule != "org:gazetteer" and h.country is None:
            h.country = _country_of(h, places)
    heads = {x.head_id: x.head.lower() for x in lexicon.org_heads()}
    for h in hits:
        if h.rule.startswith("org:anaphor:"):
            noun = heads[h.rule[len("org:anaphor:"):]]
            before = [n for n in hits if n.name and n.start < h.start and noun in n.name.lower()]
            if before:
                last = max(before, key=lambda n: n.start)
                h.name, h.org_id = last.name, last.org_id
    hits = [h for h in hits if h.name]
    known = [h for h in hits if h.org_id and h.start > 0 and text[h.start - 1] in OPEN_QUOTES]
    for h in hits:
        if h.org_id is None and h.rule.startswith("head:"):
            # "Industriepark „Großer Stein“": the body whose quoted name the gazetteer knows
            inner = [k for k in known if h.start < k.start and k.end < h.end and k.end + 1 == h.end]
            if inner:
                h.org_id = inner[0].org_id
    gazetteer = lexicon.organizations()
    for h in hits:
        if h.org_id is None and h.rule.startswith("head:") and h.name[:1].islower():
            # "belarussische Industrie- und Handelskammer": a known body written with a lower-case adjective
            cap = h.name[:1].upper() + h.name[1:]
            found = gazetteer.find(cap)
            if len(found) == 1 and found[0][:2] == (0, len(cap)):
                entry = found[0][2][0][1]
                h.org_id, h.country = entry.org_id, h.country or entry.country
    return _same_body(_drop_contained(_resolve(hits)), places)


def _same_head(word: str) -> str:
    """'gebietsverwaltung' -> 'gebiets#': heads that name one body under several translations."""
    for head in _pat("same_body_heads"):
        if word.endswith(head) and len(word) > len(head):
            return word[: -len(head)] + "#"
    return word


def _same_body(hits: list[OrgHit], places: list[PlaceHit]) -> list[OrgHit]:
    """"Minsker Gebietsexekutivkomitee" and "Gebietsexekutivkomitee Minsk" are one body: the same words once
    the city adjective is read as its city; so are "Gebietsregierung Witebsk" and "Gebietsverwaltung Witebsk"
    (data/org_patterns.jsonl: same_body_heads). The first mention is kept."""
    seen: dict[frozenset[str], str] = {}
    out = []
    for h in hits:
        words = h.name.split()
        for p in places:
            if h.start <= p.start < h.end and p.entry.form == "adjective" and p.entry.kind == "city":
                words = [p.entry.name if w == p.surface else w for w in words]
        key = frozenset(_same_head(w.lower()) for w in words if w.lower() not in DETERMINERS)
        if h.rule.startswith("head:") and len(key) > 1 and seen.get(key, h.name) != h.name:
            continue  # every mention of the first name stays (the role filter looks at each)
        seen.setdefault(key, h.name)
        out.append(h)
    return out


def _is_adj_word(w: str) -> bool:
    return bool(ADJ.match(w)) and (w[:1].islower() or bool(_CAP_ADJ_ANY.match(w)))


_CAP_ADJ_ANY = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]*(?:isch|lich|ig|al|är|iv|ell|ert|st)(?:e|en|er|es|em)$")
_COMPLEMENT_STARTS = frozenset({"für", "des", "der", "von", "in", "zwischen"})


def _drop_contained(hits: list[OrgHit]) -> list[OrgHit]:
    """A shorter mention of a body named in full elsewhere in the text is the same body: "zwischenstaatliche
    Kommission" after "belarussisch-kirgisische zwischenstaatliche Kommission für Handel ...", "Parlamentarische
    Versammlung" after "Parlamentarische Versammlung der Union ...". A name inside another's complement
    ("Unionsstaat" in "Oberster Staatsrat des Unionsstaates") is a body of its own."""
    stems = [_stems(h.name) for h in hits]
    words = [h.name.split() for h in hits]
    out = []
    for a, (ha, sa) in enumerate(zip(hits, stems)):
        n = len(sa)
        same = False
        for b, sb in enumerate(stems):
            if b == a or len(sb) <= n or (hits[b].org_id and hits[b].org_id == ha.org_id):
                continue
            for p in range(len(sb) - n + 1):
                if sb[p:p + n] != sa:
                    continue
                before, after = words[b][:p], words[b][p + n:]
                if not before or all(_is_adj_word(w) or w == "und" or w.endswith("-") for w in before) and (
                        not after or after[0] in _COMPLEMENT_STARTS):  # the body with complements
                    same = True
        if not same:
            out.append(ha)
    return out


def _country_of(hit: OrgHit, places: list[PlaceHit]) -> str | None:
    """The country of the first country adjective or name inside the hit ("belarussische Botschaft")."""
    for p in places:
        if hit.start <= p.start < hit.end and p.entry.country:
            return p.entry.country
    return None


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
        if kept and h.start < kept[-1].end:
            k = kept[-1]
            if (h.end - h.start) > (k.end - k.start):
                kept[-1] = h
            elif (h.start, h.end) == (k.start, k.end) and k.org_id and not h.org_id and h.rule.startswith("head:"):
                k.name = h.name  # the gazetteer's entity, named as written in the nominative by the grammar
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
