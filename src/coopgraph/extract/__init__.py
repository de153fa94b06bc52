"""Article -> Extraction. Each fact type is one module; here they run as spaCy components on
``spacy.blank("de")`` (tokens from spaCy's German tokenizer). ``extract`` is the one entry point the pipeline
calls; ``run`` gives the annotated Doc.

Every component declares what it assigns and what it requires (``Language.component(assigns=, requires=)``,
checked by ``nlp().analyze_pipes()``): the typed extension attributes ``doc._.coop_<kind>`` (sentences,
places, orgs, persons, partners, quotes, figures, sectors, meeting, offers, projects, relevant, ...) and
``doc.spans``: each fact with a text span is also a Span in the SpanGroup ``doc.spans[<kind>]`` with the kind
as its label, the id of the rule that found it as ``span.id_`` and the canonical id of a gazetteer entry
(organization, place) as ``span.kb_id_``. The groups hold every fact found, also those ``extract`` leaves out
of an irrelevant article. Only ``run(..., spans=True)`` (the default) builds the SpanGroups: ``extract``
discards the Doc, and a Span costs tens of microseconds where an article has hundreds of facts (about 5 % of
extraction), so it and any other caller of the components get the facts without them."""
from __future__ import annotations

import gc
import re
from collections.abc import Callable
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
from .text import Spans, split_sentences

__all__ = ["KINDS", "extract", "nlp", "run", "warm_up"]

COMPONENTS = ["coop_sentences", "coop_places", "coop_orgs", "coop_persons", "coop_partners", "coop_quotes",
              "coop_figures", "coop_sectors", "coop_meeting", "coop_offers", "coop_projects", "coop_relevance"]


def _ctx(doc: Doc) -> dict[str, Any]:
    return doc.user_data.setdefault("coop", {})


KINDS = ("sentences", "places", "orgs", "persons", "partners", "named_partners", "quotes", "figures", "sectors",
         "meeting", "offers", "projects", "relevant", "relevance_score")


def _getter(kind: str) -> Callable[[Doc], Any]:
    def get(doc: Doc) -> Any:
        return _ctx(doc).get(kind)
    return get


for _kind in KINDS:  # read-only typed views of what the components assigned
    Doc.set_extension(f"coop_{_kind}", getter=_getter(_kind), force=True)


def _x(*kinds: str) -> list[str]:
    """The extension attributes of ``kinds``, as a component declares them."""
    return [f"doc._.coop_{k}" for k in kinds]


def _rule(fact: Any) -> str:
    rule = getattr(fact, "rule", None)
    if rule is None and isinstance(fact, PlaceHit):
        rule = fact.entry.rule
    return rule or ""


def _kb_id(fact: Any) -> str:
    if isinstance(fact, PlaceHit):
        return fact.entry.place_id
    return getattr(fact, "org_id", None) or getattr(fact, "canonical_id", None) or ""


def _assign(doc: Doc, kind: str, facts: Any) -> None:
    """Store ``facts`` as ``doc._.coop_<kind>`` and, when they have spans, as ``doc.spans[kind]``."""
    _ctx(doc)[kind] = facts
    if not doc.user_data.get(_SPANS, False):
        return
    if isinstance(facts, list):
        _span_group(doc, kind, [(f[0], f[1], kind, "", "") if isinstance(f, tuple) else
                                (f.start, f.end, kind, _rule(f), _kb_id(f)) for f in facts])
    elif facts is not None and hasattr(facts, "start"):  # the meeting
        _span_group(doc, kind, [(facts.start, facts.end, kind, _rule(facts), "")])


_SPANS = "coop_spans"  # doc.user_data key: True when the caller reads doc.spans (run(spans=True))


def _span_group(doc: Doc, name: str, items: list[tuple[int, int, str, str, str]]) -> None:
    if not doc.user_data.get(_SPANS, False):
        return
    spans = []
    for start, end, label, rule, kb_id in items:
        span = doc.char_span(start, end, label=label, kb_id=kb_id, span_id=rule, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[name] = spans


def _text(doc: Doc) -> str:
    """The article text (Doc.text would rebuild it from the tokens on every access)."""
    text: str = doc.user_data["article"].text
    return text


def _article(doc: Doc) -> Article:
    art: Article = doc.user_data["article"]
    return art


@Language.component("coop_sentences", assigns=[*_x("sentences"), "doc.spans"])
def _sentences(doc: Doc) -> Doc:
    art = _article(doc)
    spans: list[tuple[int, int]] = []
    text = _text(doc)
    for ps, pe in art.paragraphs or [(0, len(text))]:
        spans += split_sentences(text, ps, pe)
    _assign(doc, "sentences", spans)
    return doc


@Language.component("coop_places", assigns=[*_x("places"), "doc.spans"])
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
    _assign(doc, "places", hits)
    return doc


@Language.component("coop_orgs", assigns=[*_x("orgs"), "doc.spans"], requires=_x("places"))
def _orgs(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    orgs = find_orgs(_text(doc), ctx["places"])
    dl = _article(doc).dateline_span
    if dl:
        orgs = [o for o in orgs if not (o.start < dl[1] and o.end > dl[0])]
    _assign(doc, "orgs", orgs)
    return doc


@Language.component("coop_persons", assigns=[*_x("persons", "orgs"), "doc.spans"],
                    requires=_x("places", "orgs", "sentences"))
def _persons(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    text = _text(doc)
    offsets = doc.to_array([IDX, LENGTH])
    starts = offsets[:, 0].tolist()
    ends = (offsets[:, 0] + offsets[:, 1]).tolist()
    toks = list(map(Tok, [text[s:e] for s, e in zip(starts, ends)], starts, ends, range(len(starts))))
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
    _assign(doc, "orgs", [o for o in orgs if (o.org_id or o.name.lower()) in outside])
    _assign(doc, "persons", persons)
    _span_group(doc, "person_mentions", [(s, e, k, p.rule, "") for p in persons for s, e, k in p.mentions])
    return doc


@Language.component("coop_partners", assigns=[*_x("places", "partners", "named_partners"), "doc.spans"],
                    requires=_x("persons", "places", "orgs", "sentences"))
def _partners(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    art = _article(doc)
    first_par_end = art.paragraphs[0][1] if art.paragraphs else len(_text(doc))
    person_spans = Spans((s, e) for p in ctx["persons"] for s, e, _ in p.mentions)
    places = [h for h in ctx["places"] if not person_spans.covers(h.start)]
    _assign(doc, "places", places)
    role_spans = [p.role_span for p in ctx["persons"] if p.role_span]
    named = find_partners(_text(doc), places, ctx["orgs"], ctx["sentences"], first_par_end, role_spans)
    _assign(doc, "named_partners", len(named))
    _assign(doc, "partners", implied_belarus(_text(doc), places, named))
    return doc


@Language.component("coop_quotes", assigns=[*_x("quotes"), "doc.spans"], requires=_x("persons", "orgs"))
def _quotes(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    art = _article(doc)
    spans = find_quote_spans(_text(doc), art.paragraphs or [(0, len(_text(doc)))])
    _assign(doc, "quotes", attribute(_text(doc), spans, ctx["persons"], ctx["orgs"]))
    return doc


@Language.component("coop_figures", assigns=[*_x("figures"), "doc.spans"],
                    requires=_x("partners", "places", "sentences"))
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
    _assign(doc, "figures", find_figures(_text(doc), ctx["sentences"], art.date, mentions, defaults, lead))
    return doc


_MARKET_AFTER = re.compile(r"\w*\s+(?:Markt|Märkte|Absatzmarkt|Absatzmärkte)\b")  # a country's market names it
_LEAD_BEFORE, _LEAD_AFTER = 300, 500  # characters of headline before the dateline, of lead after it


@Language.component("coop_sectors", assigns=[*_x("sectors"), "doc.spans"], requires=_x("persons"))
def _sectors(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    names = [(s, e) for p in ctx["persons"] for s, e, k in p.mentions if k in ("full", "surname")]
    _assign(doc, "sectors", find_sectors(_text(doc), names))
    return doc


@Language.component("coop_meeting", assigns=[*_x("meeting"), "doc.spans"],
                    requires=_x("sentences", "persons", "places"))
def _meeting(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    _assign(doc, "meeting", find_meeting(_text(doc), ctx["sentences"], ctx["persons"], ctx["places"],
                                         _article(doc).dateline_place))
    return doc


@Language.component("coop_offers", assigns=[*_x("offers"), "doc.spans"],
                    requires=_x("sentences", "places", "orgs", "persons", "partners", "quotes"))
def _offers(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    _assign(doc, "offers", find_offers(_text(doc), ctx["sentences"], ctx["places"], ctx["orgs"], ctx["persons"],
                                       ctx["partners"], ctx["quotes"]))
    return doc


@Language.component("coop_projects", assigns=[*_x("projects"), "doc.spans"],
                    requires=_x("sentences", "places", "orgs"))
def _projects(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    _assign(doc, "projects", find_projects(_text(doc), ctx["sentences"], ctx["places"], ctx["orgs"]))
    return doc


@Language.component("coop_relevance", assigns=_x("relevant", "relevance_score"),
                    requires=_x("named_partners", "figures"))
def _relevance(doc: Doc) -> Doc:
    ctx = _ctx(doc)
    relevant, score = relevance(_text(doc), ctx["named_partners"], len(ctx["figures"]))
    _assign(doc, "relevant", relevant)
    _assign(doc, "relevance_score", score)
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
    getters = pipeline.vocab.lex_attr_getters  # type: ignore[attr-defined]  # a Cython attribute the stubs omit
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
# six characters in a row of a wider class (whitespace too): a cheap scan, true wherever _PUNCT_ONLY matches,
# so _PUNCT_ONLY's slower alternation runs only on the few texts where it can match
_PUNCT_OR_SPACE = re.compile(r"[\W_]{6}")


def _punct_run(text: str) -> bool:
    """``_PUNCT_ONLY.search(text) is not None``."""
    return _PUNCT_OR_SPACE.search(text) is not None and _PUNCT_ONLY.search(text) is not None


def make_doc(text: str) -> Doc:
    """spaCy's German tokens for ``text`` in linear time: each long punctuation run and each chunk of over
    100 characters without a space is one token; the text between is tokenized as usual. Token offsets
    are exact: ``doc.text == text``."""
    pipeline = nlp()
    # fast path: no chunk over 100 characters (str.split and \S agree on what whitespace is) and no run of
    # punctuation - what nearly every article looks like - is one call to the tokenizer
    if max(map(len, text.split()), default=0) <= 100 and not _punct_run(text):
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


def run(article: Article, deadline: Deadline | None = None, spans: bool = True) -> Doc:
    """The article's Doc after every component (see the module docstring for what each assigns); without
    ``spans`` the components leave ``doc.spans`` empty. ``deadline`` is checked before each component: a
    document past it raises OverBudget instead of holding up the run."""
    pipeline = nlp()
    doc = make_doc(article.text)
    doc.user_data["article"] = article
    doc.user_data[_SPANS] = spans
    for name, proc in pipeline.pipeline:
        if deadline is not None and deadline.passed():
            raise OverBudget(f"over the time budget before {name}")
        doc = proc(doc)
    return doc


def extract(article: Article, deadline: Deadline | None = None) -> Extraction:
    """All facts of one article (``run``, then the facts of a relevant article)."""
    ctx = _ctx(run(article, deadline, spans=False))
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
