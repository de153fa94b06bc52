"""Article -> Extraction. Each fact type is one module; here they run as spaCy components on
``spacy.blank("de")`` (tokens from spaCy's German tokenizer), passing a shared context in
``doc.user_data``. ``extract`` is the one entry point the pipeline calls."""
from __future__ import annotations

import gc
import re
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import IDX, LENGTH, LIKE_EMAIL, LIKE_URL
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import Deadline, OverBudget
from ..models import Article, Extraction, Person
from . import lexicon
from .figures import PartyMention, find_figures
from .meeting import find_meeting
from .offers import find_offers
from .orgs import find_orgs
from .partners import find_partners, implied_belarus, place_facts, refine_place_hits
from .persons import PersonFinder, PlaceHit, Tok
from .projects import find_projects
from .quotes import attribute, find_quote_spans
from .sectors import find_sectors, relevance
from .sentences import split_sentences
from .text import Spans

__all__ = ["extract", "nlp", "warm_up"]

COMPONENTS = ["coop_sentences", "coop_places", "coop_orgs", "coop_persons", "coop_partners", "coop_quotes",
              "coop_figures", "coop_sectors", "coop_meeting", "coop_offers", "coop_projects", "coop_relevance"]


def _ctx(doc: Doc) -> dict[str, Any]:
    return doc.user_data.setdefault("coop", {})


def _text(doc: Doc) -> str:
    """The article text (Doc.text would rebuild it from the tokens on every access)."""
    text: str = doc.user_data["article"].text
    return text


def _article(doc: Doc) -> Article:
    art: Article = doc.user_data["article"]
    return art


@Language.component("coop_sentences")
def _sentences(doc: Doc) -> Doc:
    art = _article(doc)
    ctx = _ctx(doc)
    spans: list[tuple[int, int]] = []
    text = _text(doc)
    for ps, pe in art.paragraphs or [(0, len(text))]:
        spans += split_sentences(text, ps, pe)
    ctx["sentences"] = spans
    return doc


@Language.component("coop_places")
def _places(doc: Doc) -> Doc:
    text = _text(doc)
    hits = []
    dl = _article(doc).dateline_span
    for start, end, values in lexicon.places().find(text):
        if dl and start < dl[1] and end > dl[0]:
            continue  # the dateline place is where the news was filed, not a mention
        surface, entry = values[0]
        hits.append(PlaceHit(start, end, surface, entry))
    hits = refine_place_hits(text, hits)
    if dl:
        hits = [h for h in hits if not (h.start < dl[1] and h.end > dl[0])]
    _ctx(doc)["places"] = hits
    return doc


@Language.component("coop_orgs")
def _orgs(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    orgs = find_orgs(_text(doc), ctx["places"])
    dl = _article(doc).dateline_span
    if dl:
        orgs = [o for o in orgs if not (o.start < dl[1] and o.end > dl[0])]
    ctx["orgs"] = orgs
    return doc


@Language.component("coop_persons")
def _persons(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    text = _text(doc)
    toks = [Tok(text[s:s + n], s, s + n, i) for i, (s, n) in enumerate(doc.to_array([IDX, LENGTH]).tolist())]
    finder = PersonFinder(text, toks, ctx["places"], ctx["orgs"], ctx["sentences"])
    persons = finder.find()
    names = Spans((s, e) for p in persons for s, e, k in p.mentions if k == "full")
    orgs = [o for o in ctx["orgs"] if not names.overlaps(o.start, o.end)]
    # an organization named inside someone's title ("Vorsitzende des russischen Föderationsrates") is still an
    # organization written in the text; only the role-bound bodies of data/org_patterns.jsonl (an executive
    # committee in its own chairman's title) are part of the title when they are named nowhere else
    role_spans = Spans(p.role_span for p in persons if p.role_span)
    bound = lexicon.org_patterns()["role_bound"]
    outside = {o.org_id or o.name.lower() for o in orgs
               if not bound.search(o.name) or not role_spans.contains(o.start, o.end)}
    ctx["orgs"] = [o for o in orgs if (o.org_id or o.name.lower()) in outside]
    ctx["persons"] = persons
    return doc


@Language.component("coop_partners")
def _partners(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    art = _article(doc)
    first_par_end = art.paragraphs[0][1] if art.paragraphs else len(_text(doc))
    person_spans = Spans((s, e) for p in ctx["persons"] for s, e, _ in p.mentions)
    places = [h for h in ctx["places"] if not person_spans.covers(h.start)]
    ctx["places"] = places
    role_spans = [p.role_span for p in ctx["persons"] if p.role_span]
    named = find_partners(_text(doc), places, ctx["orgs"], ctx["sentences"], first_par_end, role_spans)
    ctx["named_partners"] = len(named)
    ctx["partners"] = implied_belarus(_text(doc), places, named)
    return doc


@Language.component("coop_quotes")
def _quotes(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    art = _article(doc)
    spans = find_quote_spans(_text(doc), art.paragraphs or [(0, len(_text(doc)))])
    ctx["quotes"] = attribute(_text(doc), spans, ctx["persons"], ctx["orgs"])
    return doc


@Language.component("coop_figures")
def _figures(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    partners = ctx["partners"]
    art = _article(doc)
    by_iso: dict[str, Any] = {}
    by_country: dict[str, Any] = {}
    for p in partners:  # the first (main) partner of a code names it: "Gebiet Samarkand" before "Samarkand"
        if p.iso3166_2:
            by_iso.setdefault(p.iso3166_2, p)
        if p.kind == "country" and p.country:
            by_country.setdefault(p.country, p)
    # the lead: the headline before the dateline and the first lines after it (or the text's start)
    dl = art.dateline_span
    lead = (max(0, dl[0] - _LEAD_BEFORE), dl[1] + _LEAD_AFTER) if dl else (0, _LEAD_BEFORE + _LEAD_AFTER)
    text = _text(doc)
    mentions = []
    in_lead: set[str] = set()
    for h in ctx["places"]:
        p = by_iso.get(h.entry.iso3166_2) if h.entry.kind != "country" else by_country.get(h.entry.country)
        if h.entry.form == "adjective":  # "chinesische Lieferungen": no party, but the viewpoint of a cue
            mentions.append(PartyMention(p.name if p else h.entry.name, h.start, h.end, h.entry.country == "BY",
                                         adjective=True))
        if p is None:
            continue
        if h.entry.form != "adjective" or _MARKET_AFTER.match(text, h.end):  # "auf den russischen Markt"
            mentions.append(PartyMention(p.name, h.start, h.end, p.country == "BY"))
        if lead[0] <= h.start < lead[1]:
            in_lead.add(p.name)
    lead_foreign = next((p.name for p in partners if p.country != "BY" and p.name in in_lead), None)
    # Defaults for a side a figure's sentence leaves open: the acting Belarusian party (Belarus itself when
    # no partner was found - the corpus is about Belarus), and the counterpart the lead names. An article
    # whose lead names no counterpart reports the Belarusian side's own totals ("exports grew 12 %").
    by_side = next((p.name for p in partners if p.country == "BY"), None) or "Belarus"
    defaults = [by_side, lead_foreign]
    ctx["figures"] = find_figures(_text(doc), ctx["sentences"], art.date, mentions, defaults, lead)
    return doc


_MARKET_AFTER = re.compile(r"\w*\s+(?:Markt|Märkte|Absatzmarkt|Absatzmärkte)\b")  # a country's market names it
_LEAD_BEFORE, _LEAD_AFTER = 300, 500  # characters of headline before the dateline, of lead after it


@Language.component("coop_sectors")
def _sectors(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    names = [(s, e) for p in ctx["persons"] for s, e, k in p.mentions if k in ("full", "surname")]
    ctx["sectors"] = find_sectors(_text(doc), names)
    return doc


@Language.component("coop_meeting")
def _meeting(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    ctx["meeting"] = find_meeting(_text(doc), ctx["sentences"], ctx["persons"], ctx["places"],
                                  _article(doc).dateline_place)
    return doc


@Language.component("coop_offers")
def _offers(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    ctx["offers"] = find_offers(_text(doc), ctx["sentences"], ctx["places"], ctx["orgs"], ctx["persons"],
                                ctx["partners"], ctx["quotes"])
    return doc


@Language.component("coop_projects")
def _projects(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    ctx["projects"] = find_projects(_text(doc), ctx["sentences"], ctx["places"], ctx["orgs"])
    return doc


@Language.component("coop_relevance")
def _relevance(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    ctx["relevant"], ctx["relevance_score"] = relevance(_text(doc), ctx["named_partners"], len(ctx["figures"]))
    return doc


def warm_up() -> None:
    """Load every lexicon and model now (a long run pays this once, at the start)."""
    from ..clean import detect_language

    nlp()
    for loader in (lexicon.places, lexicon.organizations, lexicon.roles, lexicon.role_suffixes,
                   lexicon.given_names, lexicon.known_persons, lexicon.name_stopwords, lexicon.german_words,
                   lexicon.sector_automaton, lexicon.figure_cues):
        loader()
    detect_language("Belarus und Kasachstan bauen die Zusammenarbeit in der Industrie aus.")
    gc.collect()
    gc.freeze()  # the lexicons live as long as the process: keep them out of every later GC pass


@lru_cache(maxsize=1)
def nlp() -> Language:
    pipeline = spacy.blank("de")
    # The article length limit is coopgraph's (Settings.max_article_chars, checked with its own message
    # before extraction); spaCy's 1,000,000 default guards memory of parser/NER models we do not use.
    pipeline.max_length = 10**12
    _bound_lexeme_attributes(pipeline)
    for name in COMPONENTS:
        pipeline.add_pipe(name)
    return pipeline


# Longest token that spaCy's URL and e-mail patterns see: an address is at most 254 characters and
# browsers cut URLs near 2,000. The patterns backtrack quadratically on a long token without a space
# (a 15,889-character run of punctuation took 6 s in spaCy's like_url when its lexeme was created).
_MAX_EMAIL = 254
_MAX_URL = 2048


def _bound_lexeme_attributes(pipeline: Language) -> None:
    """Make the regex-based lexeme flags linear: a token over the limit is a URL only by its scheme and is
    never an e-mail address."""
    getters = pipeline.vocab.lex_attr_getters
    like_url, like_email = getters[LIKE_URL], getters[LIKE_EMAIL]

    def bounded_url(text: str) -> bool:
        if len(text) > _MAX_URL:
            return text.startswith(("http://", "https://", "www."))
        return bool(like_url(text))

    def bounded_email(text: str) -> bool:
        return len(text) <= _MAX_EMAIL and bool(like_email(text))

    getters[LIKE_URL] = bounded_url
    getters[LIKE_EMAIL] = bounded_email


def _person_facts(ctx: dict[str, Any]) -> list[Person]:
    partners = ctx["partners"]
    out = []
    for p in ctx["persons"]:
        region = None
        if p.region_entry is not None:
            # the partner's own name for the region ("Republik Tatarstan"), not a city that shares its code
            match = next((q for q in partners if q.iso3166_2 and q.iso3166_2 == p.region_entry.iso3166_2
                          and q.kind == p.region_entry.kind), None)
            region = match.name if match else (p.region_entry.alias or p.region_entry.name)
        out.append(Person(start=p.start, end=p.end, extractor="persons", rule=p.rule, name=p.name, role=p.role,
                          country=p.country, region=region, mentions=[(s, e) for s, e, _ in sorted(p.mentions)]))
    return out


# Runs spaCy's tokenizer handles in quadratic time, each made one token: six or more punctuation
# characters in a row ("======", '""""""', "((((((("), which it peels one prefix/suffix at a time, copying
# the rest of the word each time (8,000 "=" took 24 s), and any chunk of over 100 characters without a
# space ("a:a:a:...", "http://a/a/a/..."), where its URL and infix patterns rescan the chunk for every
# piece (40,000 characters of "a:" took 35 s). Neither is part of a name or figure: German words and
# hyphenated compounds stay far below 100 characters.
_PUNCT_RUN = re.compile(r"\S{101,}|(?:[^\w\s]|_){6,}")
_PUNCT_ONLY = re.compile(r"(?:[^\w\s]|_){6,}")


def make_doc(text: str) -> Doc:
    """spaCy's German tokens for ``text`` in linear time: each long punctuation run and each chunk of over
    100 characters without a space is one token; the text between is tokenized as usual. Token offsets
    are exact: ``doc.text == text``."""
    pipeline = nlp()
    # fast path: no chunk over 100 characters (str.split and \S agree on what whitespace is) and no run of
    # punctuation - what nearly every article looks like - is one call to the tokenizer
    if max(map(len, text.split()), default=0) <= 100 and not _PUNCT_ONLY.search(text):
        return pipeline.make_doc(text)
    runs = list(_PUNCT_RUN.finditer(text))
    if not runs:
        return pipeline.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []

    def add(segment: str) -> None:
        if not segment:
            return
        for tok in pipeline.tokenizer(segment):
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))

    pos = 0
    for m in runs:
        add(text[pos:m.start()])
        words.append(m.group())
        spaces.append(False)
        pos = m.end()
    add(text[pos:])
    doc = Doc(pipeline.vocab, words=words, spaces=spaces)
    if doc.text != text:  # cannot happen; if it ever did, offsets would be wrong, so use the slow path
        return pipeline.make_doc(text)
    return doc


def extract(article: Article, deadline: Deadline | None = None) -> Extraction:
    """All facts of one article. ``deadline`` is checked before each component: a document past it raises
    OverBudget instead of holding up the run."""
    pipeline = nlp()
    doc = make_doc(article.text)
    doc.user_data["article"] = article
    for name, proc in pipeline.pipeline:
        if deadline is not None and deadline.passed():
            raise OverBudget(f"over the time budget before {name}")
        doc = proc(doc)
    ctx = _ctx(doc)
    relevant = ctx["relevant"]
    orgs = ctx["orgs"]
    from ..models import Organization

    org_facts, seen = [], set()
    for o in orgs:
        key = o.org_id or o.name.lower()
        if key in seen:
            continue
        seen.add(key)
        org_facts.append(Organization(start=o.start, end=o.end, extractor="orgs", rule=o.rule, name=o.name,
                                      kind=o.kind, country=o.country, canonical_id=o.org_id))
    return Extraction(
        article=article,
        relevant=relevant,
        relevance_score=ctx["relevance_score"],
        persons=_person_facts(ctx),
        organizations=org_facts,
        places=place_facts(ctx["places"]),
        partners=ctx["partners"] if relevant else [],
        figures=ctx["figures"] if relevant else [],
        sectors=ctx["sectors"] if relevant else [],
        meeting=ctx["meeting"] if relevant else None,
        quotes=ctx["quotes"],
        offers=ctx["offers"] if relevant else [],
        projects=ctx["projects"] if relevant else [],
    )
