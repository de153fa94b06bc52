"""The extraction components on small German articles written for these tests (spaCy blank "de")."""
from __future__ import annotations

from coopgraph.clean import clean
from coopgraph.extract import COMPONENTS, extract, nlp
from coopgraph.models import Extraction, RawDoc


def run(text: str, doc_id: str = "t.txt") -> Extraction:
    return extract(clean(RawDoc(id=doc_id, source=doc_id, fmt="text", content=text)))


VISIT = """GOMEL, 4. März (BelTA) - Das Gebiet Gomel und das Gebiet Kaluga wollen bei Landtechnik und Lebensmitteln enger zusammenarbeiten. Darüber sprach der Vorsitzende des Exekutivkomitees des Gebiets Gomel Iwan Krupko mit dem Gouverneur des Gebiets Kaluga Wladislaw Schapscha in Gomel.
„Die Region Kaluga ist für unsere Landmaschinenbauer ein wichtiger Markt. Wir sind bereit, in Kaluga ein Montagewerk für Mähdrescher aufzubauen“, sagte Iwan Krupko.
Schapscha erinnerte daran, dass der Handelsumsatz im vergangenen Jahr um 12 % auf 310 Millionen US-Dollar gestiegen sei. "Wir wollen ihn bis 2026 auf 500 Millionen US-Dollar steigern", betonte der Gouverneur.
Das Gebiet Kaluga zeigt außerdem Interesse an belarussischen Milchprodukten und an Kommunaltechnik.
"""


def test_components_run_as_a_spacy_pipeline() -> None:
    assert [name for name, _ in nlp().pipeline] == COMPONENTS
    assert nlp().lang == "de"


def test_persons_roles_sides_and_regions() -> None:
    ext = run(VISIT)
    people = {p.name: p for p in ext.persons}
    assert set(people) == {"Iwan Krupko", "Wladislaw Schapscha"}
    krupko, schapscha = people["Iwan Krupko"], people["Wladislaw Schapscha"]
    assert krupko.role == "Vorsitzender des Exekutivkomitees des Gebiets Gomel"
    assert (krupko.country, krupko.region) == ("BY", "Gebiet Gomel")
    assert schapscha.role == "Gouverneur des Gebiets Kaluga"
    assert (schapscha.country, schapscha.region) == ("RU", "Gebiet Kaluga")
    # the surname alone and "der Gouverneur" are mentions of the same person
    assert len(schapscha.mentions) >= 3


def test_quotes_and_speakers() -> None:
    ext = run(VISIT)
    got = {q.text.split()[0] + " " + q.text.split()[1]: q.speaker for q in ext.quotes}
    assert got == {"Die Region": "Iwan Krupko", "Wir wollen": "Wladislaw Schapscha"}


def test_partners_meeting_figures_sectors_offers() -> None:
    ext = run(VISIT)
    assert [(p.name, p.iso3166_2) for p in ext.partners] == [("Gebiet Gomel", "BY-HO"), ("Gebiet Kaluga", "RU-KLU")]
    assert ext.meeting is not None
    assert ext.meeting.participants == ["Iwan Krupko", "Wladislaw Schapscha"] and ext.meeting.place == "Gomel"
    figs = {(f.metric, f.value, f.unit, f.kind, f.period) for f in ext.figures}
    # the dateline gives no year, so "im vergangenen Jahr" cannot be resolved: period None
    assert figs == {("growth", 12, "percent", "actual", None), ("trade_turnover", 310_000_000, "USD", "actual", None),
                    ("trade_turnover", 500_000_000, "USD", "target", "2026")}
    assert all(f.parties == ["Gebiet Gomel", "Gebiet Kaluga"] for f in ext.figures)
    dated = run(VISIT.replace("4. März (BelTA)", "4. März 2025 (BelTA)"))
    assert ("growth", 12, "percent", "actual", "2024") in {(f.metric, f.value, f.unit, f.kind, f.period)
                                                            for f in dated.figures}
    assert {"agricultural_machinery", "food"} <= {s.sector for s in ext.sectors}
    kinds = {(o.type, o.actor) for o in ext.offers}
    assert ("need", "Gebiet Kaluga") in kinds
    assert any(o.type == "offer" for o in ext.offers)
    assert ext.relevant is True


def test_role_anaphora_pronouns_and_lost_opening_quote() -> None:
    text = """MINSK, 12. Mai (BelTA) - Alexander Lukaschenko hat den Präsidenten Simbabwes Emmerson Mnangagwa empfangen.
Der Staatschef erinnerte an die Lieferungen belarussischer Traktoren. „Wir haben in Simbabwe bereits mehr als tausend Maschinen montiert.
Jetzt geht es um Mähdrescher und Busse“, sagte er.
Mnangagwa dankte für die Hilfe. «Ohne die Technik aus Belarus wäre die Ernte kleiner ausgefallen», sagte der Gast.
"""
    ext = run(text)
    people = {p.name: p for p in ext.persons}
    assert set(people) == {"Alexander Lukaschenko", "Emmerson Mnangagwa"}
    assert people["Emmerson Mnangagwa"].country == "ZW"
    speakers = [(q.text.split()[0], q.speaker) for q in ext.quotes]
    assert speakers == [("Wir", "Alexander Lukaschenko"), ("Ohne", "Emmerson Mnangagwa")]
    assert "\n" in ext.quotes[0].text  # the first quote runs over two paragraphs


def test_two_people_with_one_surname_stay_apart() -> None:
    text = """TSCHEBOKSARY, 2. Juni (BelTA) - Das Oberhaupt Tschuwaschiens Oleg Nikolajew und das Oberhaupt Jakutiens Aisen Nikolajew haben Minsk besucht.
„Wir brauchen belarussische Busse“, sagte Oleg Nikolajew. Aisen Nikolajew sprach über Kipplaster von BelAZ.
"""
    ext = run(text)
    names = sorted(p.name for p in ext.persons)
    assert names == ["Aisen Nikolajew", "Oleg Nikolajew"]
    assert ext.quotes[0].speaker == "Oleg Nikolajew"


def test_organizations_patterns() -> None:
    text = """MINSK, 9. April (BelTA) - Das belarussische Industrieministerium und die Kontinentale Logistik-Allianz (KLA) haben mit der Botschaft und dem Generalkonsulat Kasachstans über Lieferungen gesprochen.
Die Traktoren des Modells MAZ-203 kommen vom Minsker Traktorenwerk und vom Splav-Verband. Das XXVI. Forum findet im Herbst statt.
"""
    ext = run(text)
    names = {o.name for o in ext.organizations}
    assert {"belarussisches Industrieministerium", "Kontinentale Logistik-Allianz", "Botschaft Kasachstans",
            "Generalkonsulat Kasachstans", "Minsker Traktorenwerk", "Splav-Verband"} <= names
    assert not names & {"MAZ-203", "XXVI", "KLA"}


def test_partners_skip_locative_countries_and_lone_cities() -> None:
    text = """BREST, 16. Juli (BelTA) - Das Gebiet Brest und das Gebiet Turkestan in Kasachstan wollen in der Textilindustrie zusammenarbeiten. Die Gäste besuchten Betriebe in Pinsk und Kobrin.
"""
    ext = run(text)
    assert [p.name for p in ext.partners] == ["Gebiet Brest", "Gebiet Turkestan"]


def test_negative_article_has_no_partners_figures_or_sectors() -> None:
    text = """MINSK, 3. Februar (BelTA) - Die belarussische Biathletin Anna Sola hat beim Weltcup in Oberhof die Silbermedaille gewonnen. Im Sprint über 7,5 Kilometer lag sie nur 4,2 Sekunden hinter der Siegerin.
„Ich bin sehr glücklich über diese Medaille, das Schießen war heute fast perfekt“, sagte Anna Sola nach dem Rennen. Die Staffel startet am Sonntag, das Finale der Saison folgt im März.
"""
    ext = run(text)
    assert ext.relevant is False
    assert ext.partners == [] and ext.figures == [] and ext.sectors == [] and ext.meeting is None
    assert [p.name for p in ext.persons] == ["Anna Sola"]
    assert ext.quotes and ext.quotes[0].speaker == "Anna Sola"


def test_figure_parties_default_to_the_counterpart_of_the_lead() -> None:
    lead = ("MINSK, 4. März 2025 (BelTA) - Belarus und Kasachstan wollen ihren Handel ausbauen. "
            "Das sagte der Minister in Minsk.\n")
    body = "Im vergangenen Jahr betrug der Warenumsatz 1,2 Milliarden US-Dollar.\n"
    fig = next(f for f in run(lead + body).figures if f.value == 1.2e9)
    assert fig.parties == ["Belarus", "Kasachstan"] and fig.period == "2024"
    own = ("MINSK, 4. März 2025 (BelTA) - Die belarussische Industrie hat ihre Produktion erhöht. "
           "Das teilte das Statistikamt mit.\n" + body + "Ein Teil ging nach Kasachstan.\n")
    fig = next(f for f in run(own).figures if f.value == 1.2e9)
    assert fig.parties == ["Belarus"]  # the lead names no counterpart: Belarus's own total


def test_a_countrys_market_names_the_figure_partner() -> None:
    filler = "Die Betriebe der Region arbeiten an neuen Erzeugnissen für Industrie und Landwirtschaft. " * 8
    text = ("MINSK, 4. März 2025 (BelTA) - Die Region Brest hat ihre Exporte erhöht. Das teilte das Komitee mit.\n"
            + filler + "\n"
            "In fünf Jahren hat sich der Export auf den kasachischen Markt verdreifacht. "
            "Die Zusammenarbeit mit Kasachstan wächst.\n")
    ext = run(text)
    fig = next(f for f in ext.figures if f.unit == "times")
    assert fig.value == 3 and "Kasachstan" in fig.parties
