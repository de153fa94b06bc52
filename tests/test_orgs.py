"""Organizations: the head-noun grammar, company evidence and the data files behind them (sentences written
for these tests)."""
from __future__ import annotations

import pytest

from coopgraph.clean import clean
from coopgraph.extract import extract, lexicon
from coopgraph.extract.orgs import find_orgs
from coopgraph.extract.persons import PlaceHit
from coopgraph.models import RawDoc


def orgs(text: str) -> dict[str, str]:
    """name -> rule of the organizations found in ``text``."""
    places = [PlaceHit(s, e, v[0][0], v[0][1]) for s, e, v in lexicon.places().find(text)]
    return {h.name: h.rule for h in find_orgs(text, places)}


def names(text: str) -> set[str]:
    return set(orgs(text))


@pytest.mark.parametrize("text, expected", [
    (("Die Sitzung der belarussisch-usbekischen zwischenstaatlichen Kommission für Handel und wirtschaftliche "
      "Zusammenarbeit fand in Taschkent statt."),
     "belarussisch-usbekische zwischenstaatliche Kommission für Handel und wirtschaftliche Zusammenarbeit"),
    ("Heute tagte der Rat für geschäftliche Zusammenarbeit zwischen Belarus und dem Gebiet Tula in Minsk.",
     "Rat für geschäftliche Zusammenarbeit zwischen Belarus und dem Gebiet Tula"),
    ("Das teilte die Pressestelle des Exekutivkomitees des Gebiets Witebsk mit.",
     "Exekutivkomitee des Gebiets Witebsk"),
    ("Die Gebietsregierung Tula will mehr Traktoren kaufen.", "Gebietsregierung Tula"),
    ("Die belarussische Botschaft in Kasachstan organisierte die Reise.", "belarussische Botschaft in Kasachstan"),
    ("Studenten der Staatlichen Agraruniversität Omsk besuchten das Werk.", "Staatliche Agraruniversität Omsk"),
    ("Das Ministerium für Architektur und Bauwesen von Belarus prüft das Projekt.",
     "Ministerium für Architektur und Bauwesen von Belarus"),
    ("Auf der Sitzung des belarussisch-kasachischen Geschäftsrates wurden Verträge signiert.",
     "belarussisch-kasachischer Geschäftsrat"),
    ("Das belarussische Gesundheitsministerium meldete neue Zahlen.", "belarussisches Gesundheitsministerium"),
    ("In der Sonderwirtschaftszone Grodnoinvest arbeiten viele Firmen.", "Sonderwirtschaftszone Grodnoinvest"),
    ("Er lehrt an der Staatlichen Technischen Universität Tula A.Ju. Sorokin seit Jahren.",
     "Staatliche Technische Universität Tula A.Ju. Sorokin"),
    ("Das Republikanische Zentrum für Meteorologie, Kontrolle der städtischen Luft und Umweltschutz warnt.",
     "Republikanisches Zentrum für Meteorologie, Kontrolle der städtischen Luft und Umweltschutz"),
    ("Der Russische Verband der Reeder und Spediteure tagte.", "Russischer Verband der Reeder und Spediteure"),
    ("Das Akimat des Gebiets Pawlodar lud die Delegation ein.", "Akimat des Gebiets Pawlodar"),
    ("Der Föderale Zolldienst Russlands prüft die Ware.", "Föderaler Zolldienst Russlands"),
    ("Die Belarussische Industrie- und Handelskammer lud ein.", "Belarussische Industrie- und Handelskammer"),
    ("Die Abteilung für Außenwirtschaft der Regierung der Region Tula bereitet das Treffen vor.",
     "Abteilung für Außenwirtschaft der Regierung der Region Tula"),
])
def test_bodies_by_head_noun_and_complements(text: str, expected: str) -> None:
    assert expected in names(text)


def test_the_rule_id_travels_with_the_hit() -> None:
    found = orgs("Die Gebietsregierung Tula will mehr Traktoren kaufen.")
    assert found["Gebietsregierung Tula"] == "head:regierung"


@pytest.mark.parametrize("text", [
    "Die Kommission hat getagt.",                                  # a generic noun alone
    "Der Rat der Experten war eindeutig.",                         # a genitive of persons is no body name
    "Das zuständige Ministerium prüft den Antrag.",                 # an adjective that does not name
    "Die Regierung hat beschlossen, die Steuern zu senken.",       # a common noun
    "Die Botschaft des Präsidenten an das Parlament war kurz.",    # a message, not an embassy
    "Die Botschaft der Partei an die Wähler war klar.",            # a message, not an embassy
    "Die Abteilung für Öffentlichkeitsarbeit beantwortet Fragen.",  # a department without its owner
    "Im Netzwerk der Händler und im Stockwerk darüber.",            # words that only end in a head noun
    "Er leistete seinen Wehrdienst, der öffentliche Dienst wartet.",  # a service, not an agency
])
def test_generic_nouns_are_not_names(text: str) -> None:
    assert names(text) == set()


def test_a_bare_committee_refers_to_the_one_named_before() -> None:
    found = orgs("Das Gebietsexekutivkomitee Brest lud ein. Nach Angaben des Gebietsexekutivkomitees kamen viele.")
    assert set(found) == {"Gebietsexekutivkomitee Brest"}
    assert names("Nach Angaben des Gebietsexekutivkomitees kamen viele Gäste.") == set()


def test_coordinated_heads_share_the_complement() -> None:
    found = names("Er sprach mit der Botschaft und dem Generalkonsulat Usbekistans.")
    assert {"Botschaft Usbekistans", "Generalkonsulat Usbekistans"} <= found


def test_a_shorter_mention_of_a_named_body_is_the_same_body() -> None:
    found = names("Die belarussisch-kubanische gemischte Kommission für Handel tagte. Danach sprach die gemischte "
                  "Kommission über Zucker.")
    assert found == {"belarussisch-kubanische gemischte Kommission für Handel"}


def test_one_body_under_two_surfaces_is_listed_once() -> None:
    found = names("Die Gebietsregierung Tula lud ein. Später sprach die Tulaer Gebietsregierung.")
    assert found == {"Gebietsregierung Tula"}


def test_one_government_under_two_translations_is_listed_once() -> None:
    found = names("Die Gebietsregierung Tula lud ein. Die Gebietsverwaltung Tula plant einen Besuch.")
    assert found == {"Gebietsregierung Tula"}
    assert names("Die Gebietsregierung Tula und die Stadtverwaltung Tula planen.") == {
        "Gebietsregierung Tula", "Stadtverwaltung Tula"}


def test_a_name_ending_in_a_city_is_not_a_german_compound() -> None:
    assert "Andiminsk Tractores" in names("Die Leistung des Werks Andiminsk Tractores steigt.")


@pytest.mark.parametrize("text, expected", [
    ("Die Busse baut das Maschinenbauunternehmen Pinskmasch.", "Pinskmasch"),
    ("Der Textilbetrieb „Wolnatex“ exportiert Stoffe.", "Wolnatex"),
    ("Laut Belstroiprojekt beginnt der Bau im Mai.", "Belstroiprojekt"),
    ("Die Kohle kauft PT Sumber Batu seit Jahren.", "PT Sumber Batu"),
    ("Die Jahreskapazität des Werks ABC KRAN liegt bei 100 Maschinen.", "ABC KRAN"),
    ("Die Fabrik gehört zu Andina Tractores.", "Andina Tractores"),
    ("Das schrieb die Zeitung Sowjetskaja Pravda am Montag.", "Sowjetskaja Pravda"),
])
def test_company_names_never_seen_before(text: str, expected: str) -> None:
    assert expected in names(text)


def test_person_names_are_not_company_morphology() -> None:
    assert names("Laut Ahmed und Joachim wächst der Handel mit Gonzales.") == set()


def test_clubs_only_in_sports_news() -> None:
    assert "Dinamo Minsk" in names("Im Spiel der Liga gewann Dinamo Minsk gegen Spartak Moskau mit 3:2.")
    assert "Dinamo Minsk" not in names("Die Delegation besuchte Dinamo Minsk und das Traktorenwerk.")


@pytest.mark.parametrize("text", [
    "Ein Traktor mit 80 PS kostet weniger.",    # a unit after a number
    "PEKING. China baut einen Park.",           # a dateline place in capitals
    "Präsident trifft Kollegen VIDEO",          # a caption
    "ZAWOD KRASNY OKTJABR PROTIV\nDer Park wächst.",  # a headline in capitals
])
def test_capitals_that_are_not_organizations(text: str) -> None:
    assert not {n for n in names(text) if n.isupper()}


def test_as_written_in_the_nominative_with_the_canonical_id_kept() -> None:
    text = "MINSK, 3. Mai (BelTA) - Die Lastwagen von MAZ fahren in Kenia.\n"
    ext = extract(clean(RawDoc(id="t.txt", source="t.txt", fmt="text", content=text)))
    maz = [o for o in ext.organizations if o.canonical_id == "org:by:maz"]
    assert [o.name for o in maz] == ["MAZ"]


def test_an_organization_in_a_role_phrase_is_listed() -> None:
    text = ("MINSK, 3. Mai (BelTA) - Das sagte die Vorsitzende des russischen Föderationsrates Walentina "
            "Matwijenko am Montag in Minsk.\n")
    ext = extract(clean(RawDoc(id="t.txt", source="t.txt", fmt="text", content=text)))
    assert "russischer Föderationsrat" in {o.name for o in ext.organizations}


def test_org_data_files_are_validated_at_load(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rows = list(lexicon.load_jsonl("org_heads.jsonl"))
    broken = dict(rows[0], gender="x")
    monkeypatch.setattr(lexicon, "load_jsonl", lambda name: (rows[1], broken))
    lexicon.org_heads.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"org_heads.jsonl:2: gender 'x': use m, f or n"):
            lexicon.org_heads()
    finally:
        monkeypatch.undo()
        lexicon.org_heads.cache_clear()
    assert lexicon.org_heads()


def test_every_head_and_pattern_row_has_an_id() -> None:
    heads = lexicon.org_heads()
    assert len({h.head_id for h in heads}) == len(heads)
    assert {"acronym_stop", "company_type_nouns", "naming_adjectives"} <= set(lexicon.org_patterns())
