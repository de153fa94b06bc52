"""The extraction components declare what they assign and what they require (spaCy's pipe analysis checks
the order), and every fact with a span is also in ``doc.spans[<kind>]`` with its rule id as ``span.id_``."""
from __future__ import annotations

import pytest

from coopgraph.clean import clean
from coopgraph.extract import COMPONENTS, KINDS, extract, nlp, run
from coopgraph.models import Article, RawDoc

TEXT = """MINSK, 4. März 2025 (BelTA) - Belarus und das Gebiet Kaluga wollen bei Landtechnik enger zusammenarbeiten.
Darüber sprach der Vorsitzende des Minsker Gebietsexekutivkomitees Iwan Krupko mit dem Gouverneur des Gebiets Kaluga Wladislaw Schapscha in Minsk.
„Die Region Kaluga ist für unsere Landmaschinenbauer ein wichtiger Markt. Wir sind bereit, dort ein Montagewerk aufzubauen“, sagte Iwan Krupko.
Der Handelsumsatz ist im vergangenen Jahr um 12 % auf 310 Millionen US-Dollar gestiegen, teilte das Minsker Traktorenwerk mit.
"""


def article(text: str = TEXT) -> Article:
    return clean(RawDoc(id="t.txt", source="t.txt", fmt="text", content=text))


def test_every_component_declares_what_it_assigns_and_the_order_satisfies_what_it_requires() -> None:
    analysis = nlp().analyze_pipes(pretty=False)
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]
    declared = {name: nlp().get_pipe_meta(name) for name in COMPONENTS}
    assigned = {a for meta in declared.values() for a in meta.assigns}
    assert {f"doc._.coop_{k}" for k in KINDS} <= assigned
    assert all(meta.assigns for meta in declared.values())
    # the persons read the organizations, so they must come after the component that assigns them
    assert "doc._.coop_orgs" in declared["coop_persons"].requires


def test_a_component_moved_before_its_input_is_reported() -> None:
    pipeline = nlp()
    order = [name for name, _ in pipeline.pipeline]
    assert order.index("coop_orgs") < order.index("coop_persons")
    import spacy
    from spacy.pipe_analysis import analyze_pipes
    reordered = spacy.blank("de")
    for name in ["coop_sentences", "coop_persons", "coop_places", "coop_orgs"]:
        reordered.add_pipe(name)
    problems = analyze_pipes(reordered)["problems"]
    assert set(problems["coop_persons"]) == {"doc._.coop_places", "doc._.coop_orgs"}


def test_facts_are_span_groups_with_the_rule_as_span_id() -> None:
    art = article()
    doc = run(art)
    ext = extract(art)
    persons = doc.spans["persons"]
    assert [s.text for s in persons] == [p.name for p in ext.persons] == ["Iwan Krupko", "Wladislaw Schapscha"]
    assert [s.id_ for s in persons] == [p.rule for p in ext.persons]
    assert {s.label_ for s in persons} == {"persons"}
    assert [(s.start_char, s.end_char) for s in doc.spans["quotes"]] == [(q.start, q.end) for q in ext.quotes]
    assert [s.id_ for s in doc.spans["quotes"]] == [q.rule for q in ext.quotes]
    assert {(s.start_char, s.end_char, s.id_) for s in doc.spans["figures"]} == \
        {(f.start, f.end, f.rule) for f in ext.figures} and ext.figures
    orgs = {(s.text, s.kb_id_) for s in doc.spans["orgs"]}
    assert any(kb and kb == o.canonical_id for _, kb in orgs for o in ext.organizations)
    places = doc.spans["places"]
    assert places and all(s.kb_id_ and s.id_ for s in places)
    assert {(s.start_char, s.end_char) for s in places} >= {(p.start, p.end) for p in ext.places} and ext.places
    mentions = doc.spans["person_mentions"]
    assert {s.label_ for s in mentions} >= {"full"} and len(mentions) >= len(persons)
    assert [(s.start_char, s.end_char) for s in doc.spans["sentences"]] == doc._.coop_sentences
    assert len(doc._.coop_sentences) == 5  # the quotation holds two


def test_extension_attributes_are_what_extract_reports() -> None:
    art = article()
    doc = run(art)
    ext = extract(art)
    assert doc._.coop_relevant is ext.relevant is True
    assert [p.name for p in doc._.coop_partners] == [p.name for p in ext.partners]
    assert doc._.coop_meeting == ext.meeting


PLAIN = ("Das Wetter bleibt in den kommenden Tagen wechselhaft und kühl. Am Wochenende regnet es vielerorts, "
         "nachts sinken die Werte unter den Gefrierpunkt. Erst in der nächsten Woche wird es wieder milder.\n")


@pytest.mark.parametrize("kind", ["persons", "orgs", "places", "figures", "quotes", "offers"])
def test_a_text_without_such_facts_has_an_empty_span_group(kind: str) -> None:
    doc = run(article(PLAIN))
    assert list(doc.spans[kind]) == [] and getattr(doc._, f"coop_{kind}") == []


def test_without_spans_the_components_assign_the_same_facts_and_no_span_groups() -> None:
    art = article()
    with_spans, without = run(art), run(art, spans=False)
    assert len(with_spans.spans) > 5 and len(without.spans) == 0
    for kind in KINDS:
        assert repr(getattr(without._, f"coop_{kind}")) == repr(getattr(with_spans._, f"coop_{kind}")), kind
