"""Joint-project mentions and their status (extract/projects.py) on German sentences written for these
tests in the style of BelTA reports; places come from the real gazetteer, as in the pipeline."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from coopgraph.extract import lexicon
from coopgraph.extract.orgs import find_orgs
from coopgraph.extract.persons import PlaceHit
from coopgraph.extract.projects import STATUS_RANK, ProjectMention, find_projects, patterns
from coopgraph.extract.sentences import split_sentences
from coopgraph.resources import data_path

SHARED = Path(os.environ.get("COOPGRAPH_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SEEDS = SHARED / "seeds"


def places_in(text: str) -> list[PlaceHit]:
    """Place hits the way the pipeline's coop_places component builds them."""
    return [PlaceHit(start, end, values[0][0], values[0][1]) for start, end, values in lexicon.places().find(text)]


def run(text: str) -> list[ProjectMention]:
    hits = places_in(text)
    found = find_projects(text, split_sentences(text), hits, find_orgs(text, hits))
    for m in found:  # provenance: the evidence is a sentence of the text and names the project
        assert 0 <= m.start < m.end <= len(text)
        assert m.extractor == "projects" and m.rule.startswith("project:")
        if m.status_cue:
            first = m.status_cue.split(" ... ")[0]
            assert first in text[m.start:m.end], (m.status_cue, text[m.start:m.end])
    return found


def one(text: str) -> ProjectMention:
    found = run(text)
    assert len(found) == 1, [m.name for m in found]
    return found[0]


# ------------------------------------------------------------------------------------------ status


def test_proposed_suggestion_with_product_and_region() -> None:
    m = one("TULA, 14. Mai (BelTA) – Der Gouverneur des Gebiets Tula schlug vor, im Gebiet Tula ein Montagewerk "
            "für Elektrobusse zu errichten.")
    assert (m.head, m.product, m.status) == ("montagewerk", "Elektrobusse", "proposed")
    assert (m.location, m.location_id, m.country, m.iso3166_2) == ("Gebiet Tula", "RU-TUL", "RU", "RU-TUL")
    assert m.status_cue.startswith("schlug")
    assert m.name == "Montagewerk für Elektrobusse im Gebiet Tula"
    assert "public_transport" in m.sectors


def test_proposed_examining_the_possibility_of_a_joint_venture() -> None:
    m = one("Die Partner aus Minsk und Samarkand prüfen die Möglichkeit, in Samarkand ein Joint Venture zur "
            "Herstellung von Milchprodukten zu gründen.")
    assert (m.head, m.product, m.status) == ("joint_venture", "Milchprodukte", "proposed")
    assert (m.location, m.location_id, m.country, m.iso3166_2) == ("Samarkand", "city:UZ:samarkand", "UZ", "UZ-SA")
    assert "food" in m.sectors


def test_agreed_signed_agreement_on_construction() -> None:
    m = one("Belarus und Kasachstan unterzeichneten in Astana ein Abkommen über den Bau eines Werks für "
            "Traktorkabinen in Kostanai.")
    assert (m.head, m.product, m.status) == ("werk", "Traktorkabinen", "agreed")
    assert (m.location, m.location_id, m.iso3166_2) == ("Kostanai", "city:KZ:kostanai", "KZ-39")
    assert m.name == "Werk für Traktorkabinen in Kostanai"
    assert "agricultural_machinery" in m.sectors


def test_agreed_future_signature_is_only_proposed() -> None:
    m = one("Die Seiten wollen im Herbst ein Abkommen über den Bau eines Werks für Traktorkabinen in Kostanai "
            "unterzeichnen.")
    assert m.status == "proposed"
    m = one("Ein Investitionsvertrag über ein Logistikzentrum bei Brest soll im Juni unterzeichnet werden.")
    assert (m.head, m.location_id, m.status) == ("zentrum", "city:BY:brest", "proposed")


def test_under_construction() -> None:
    m = one("In Samarkand wird derzeit ein belarussisch-usbekisches Werk für Milchprodukte gebaut.")
    assert (m.head, m.product, m.location_id, m.status) == ("werk", "Milchprodukte", "city:UZ:samarkand",
                                                            "under_construction")
    m = one("In Kostanai wurde am Montag der Grundstein für ein Logistikzentrum der belarussischen Hersteller "
            "gelegt.")
    assert (m.head, m.location_id, m.status) == ("zentrum", "city:KZ:kostanai", "under_construction")
    m = one("Das Handelshaus in Kasan befindet sich noch im Bau, teilte der Generaldirektor mit.")
    assert (m.head, m.location_id, m.status) == ("handelshaus", "city:RU:kasan", "under_construction")


def test_under_construction_future_wording_is_proposed() -> None:
    m = one("Das Werk für Milchprodukte in Samarkand soll im kommenden Jahr gebaut werden.")
    assert m.status == "proposed"
    m = one("Mit dem Bau des Montagewerks für Mähdrescher in Kostanai soll im Frühjahr begonnen werden.")
    assert (m.head, m.product, m.status) == ("montagewerk", "Mähdrescher", "proposed")


def test_operating_cues() -> None:
    m = one("Im Montagewerk für Mähdrescher in Kostanai liefen die ersten zehn Maschinen vom Band.")
    assert (m.head, m.product, m.status) == ("montagewerk", "Mähdrescher", "operating")
    m = one("Das Joint Venture in Samarkand hat im März die Produktion von Käse und Butter aufgenommen.")
    assert (m.head, m.product, m.location_id, m.status) == ("joint_venture", "Käse und Butter",
                                                            "city:UZ:samarkand", "operating")
    m = one("Das Handelshaus in Kasan wurde im April feierlich eröffnet.")
    assert (m.head, m.status, m.status_cue) == ("handelshaus", "operating", "eröffnet")
    m = one("Die neue Werkstatt für Traktorkabinen in Kostanai produziert bereits 30 Kabinen pro Tag.")
    assert (m.head, m.status) == ("werkstatt", "operating")


def test_completed_construction_stage_counts_as_operating() -> None:
    m = one("Der Bau der ersten Halle des Logistikzentrums bei Brest ist abgeschlossen.")
    assert (m.head, m.location_id, m.status) == ("zentrum", "city:BY:brest", "operating")
    assert m.status_cue == "Bau ... abgeschlossen"
    m = one("Der Bau des Logistikzentrums bei Brest soll bis Ende des Jahres abgeschlossen werden.")
    assert m.status == "proposed"


def test_operating_future_traps() -> None:
    for sentence in (
        "Das Montagewerk für Elektrobusse im Gebiet Tula soll im Herbst in Betrieb genommen werden.",
        "Das Montagewerk für Elektrobusse im Gebiet Tula wird im Herbst in Betrieb genommen.",
        "Im Montagewerk für Elektrobusse im Gebiet Tula sollen die ersten Busse im Mai vom Band laufen.",
        "Das Montagewerk für Elektrobusse im Gebiet Tula wird nach Angaben des Ministeriums im Oktober eröffnet.",
    ):
        m = one(sentence)
        assert (m.location_id, m.status) == ("RU-TUL", "proposed"), sentence
    m = one("Das Montagewerk für Elektrobusse im Gebiet Tula wurde noch nicht in Betrieb genommen, hieß es.")
    assert m.status is None or m.status != "operating"


def test_most_advanced_cue_of_the_same_clause_wins() -> None:
    m = one("Das Joint Venture in Samarkand wurde 2021 gegründet und hat im März die Produktion aufgenommen.")
    assert (m.status, m.status_cue) == ("operating", "Produktion aufgenommen")
    m = one("Die Seiten vereinbarten, in Kostanai ein Werk für Traktorkabinen zu errichten.")
    assert m.status == "agreed"  # the governing clause states the agreement


def test_a_cue_in_another_clause_does_not_leak() -> None:
    found = run("Während das Logistikzentrum bei Brest bereits eröffnet wurde, schlagen die Partner vor, ein "
                "Containerterminal in Gomel zu errichten.")
    by_head = {m.head: m for m in found}
    assert by_head["zentrum"].status == "operating"
    assert by_head["terminal"].status == "proposed"
    assert by_head["terminal"].location_id == "city:BY:gomel"
    found = run("Das Werk für Traktorkabinen in Kostanai arbeitet seit 2020, und die Seiten erwägen nun ein "
                "zweites Werk für Motoren in Kostanai.")
    by_product = {m.product: m for m in found}
    assert by_product["Traktorkabinen"].status == "operating"
    assert by_product["Motoren"].status == "proposed"


def test_relative_clause_belongs_to_the_project() -> None:
    m = one("Als Beispiel nannte der Minister das Joint Venture MTZ-Asia in Samarkand, das Traktoren für den "
            "usbekischen Markt montiert.")
    assert (m.head, m.status, m.location_id) == ("joint_venture", "operating", "city:UZ:samarkand")
    assert m.name.startswith("Joint Venture MTZ-Asia")


def test_a_wish_or_plan_governs_its_complement_clause() -> None:
    m = one("Wir möchten, dass in Omsk ein Montagewerk für Busse entsteht, sagte der Gouverneur.")
    assert (m.head, m.location_id, m.status) == ("montagewerk", "city:RU:omsk", "proposed")
    m = one("Belarus und Usbekistan wollen in Samarkand ein Werk für Traktoren und Anhänger errichten.")
    assert (m.product, m.status) == ("Traktoren und Anhänger", "proposed")  # the modal reaches past "und"


def test_offer_and_idiom() -> None:
    m = one("Belarus bietet Usbekistan die Errichtung eines Werks für Landtechnik in Andischan an.")
    assert (m.product, m.location_id, m.status) == ("Landtechnik", "city:UZ:andijan", "proposed")
    m = one("Die Bauarbeiten am Logistikterminal in Brest laufen nach Plan.")
    assert (m.head, m.status) == ("terminal", "under_construction")  # "nach Plan" is no plan


def test_charging_stations_with_the_place_elsewhere_in_the_sentence() -> None:
    m = one("In der Region Tula wurden inzwischen zwölf Ladestationen für Elektrobusse in Betrieb genommen.")
    assert (m.head, m.location_id, m.status) == ("station", "RU-TUL", "operating")
    assert "ev_charging" in m.sectors


def test_project_of_a_concrete_object_names_the_object() -> None:
    m = one("Das Projekt einer gemeinsamen Milchfarm in Samarkand befindet sich in der Umsetzung.")
    assert (m.head, m.location_id, m.status) == ("farm", "city:UZ:samarkand", "under_construction")
    m = one("Belarus und Russland arbeiten an einem Projekt zum Bau eines Logistikzentrums in Smolensk.")
    assert (m.head, m.location_id, m.status) == ("zentrum", "city:RU:smolensk", "proposed")


# ------------------------------------------------------------------------------------------ one project, many mentions


ARTICLE = """KOSTANAI, 2. Juni (BelTA) – Belarus und Kasachstan haben im vergangenen Jahr vereinbart, ein Werk für Traktorkabinen in Kostanai zu bauen. Das berichtete der Akim des Gebiets Kostanai bei einem Treffen mit der belarussischen Delegation.
Im Februar war der Rohbau fertig, danach wurden die Maschinen geliefert. Das Werk für Traktorkabinen in Kostanai hat inzwischen die Serienfertigung aufgenommen, so der Akim.
Bis Ende des Jahres soll das Werk außerdem eine Lackiererei in Betrieb nehmen. Die Partner denken zudem über ein Servicezentrum für Mähdrescher in Kostanai nach.
"""


def test_several_mentions_make_one_project_with_its_most_advanced_status() -> None:
    found = run(ARTICLE)
    plants = [m for m in found if m.head == "werk"]
    assert len(plants) == 1
    m = plants[0]
    assert (m.product, m.location_id, m.status) == ("Traktorkabinen", "city:KZ:kostanai", "operating")
    assert ARTICLE[m.start:m.end].startswith("Das Werk für Traktorkabinen in Kostanai hat inzwischen")
    centre = [m for m in found if m.head == "zentrum"]
    assert len(centre) == 1 and centre[0].product == "Mähdrescher"


def test_later_plan_does_not_override_a_stated_fact_and_a_plan_is_not_a_fact() -> None:
    text = ("Die Seiten unterzeichneten ein Abkommen über den Bau eines Handelshauses in Kasan. "
            "Das Handelshaus soll im Herbst eröffnet werden.")
    m = one(text)
    assert (m.head, m.status) == ("handelshaus", "agreed")
    assert text[m.start:m.end].startswith("Die Seiten unterzeichneten")


def test_hub_plan_stays_a_plan_across_mentions() -> None:
    text = ("KASAN, 9. Juli (BelTA) – Das Minsker Traktorenwerk und Partner aus Tatarstan wollen in Kasan eine "
            "gemeinsame Handelsdrehscheibe für Landtechnik aufbauen. Die Drehscheibe soll Anfang nächsten Jahres "
            "eröffnet werden.")
    m = one(text)
    assert (m.head, m.product, m.location_id, m.iso3166_2) == ("drehscheibe", "Landtechnik", "city:RU:kasan", "RU-TA")
    assert m.status == "proposed"


def test_definite_anaphor_carries_the_status() -> None:
    text = ("Belarus und Usbekistan haben in Samarkand ein Gemeinschaftsunternehmen für Milchprodukte gegründet. "
            "Das Gemeinschaftsunternehmen hat im Mai die Produktion aufgenommen.")
    m = one(text)
    assert (m.head, m.product, m.location_id, m.status) == ("joint_venture", "Milchprodukte", "city:UZ:samarkand",
                                                           "operating")


# ------------------------------------------------------------------------------------------ products and names


def test_products_are_given_in_the_nominative() -> None:
    m = one("Die Seiten vereinbarten den Bau eines Werks zur Herstellung von Mähdreschern im Gebiet Kostanai.")
    assert (m.product, m.location_id) == ("Mähdrescher", "KZ-39")
    m = one("In Bischkek wurde ein Montagewerk für die Montage von MAZ-Lastwagen eröffnet.")
    assert m.product == "MAZ-Lastwagen"
    m = one("In Kostanai wurde ein Kabinenwerk in Betrieb genommen.")
    assert (m.product, m.name) == ("Kabinen", "Kabinenwerk in Kostanai")
    m = one("Belarus plant in Kostanai eine Werkstatt zur Herstellung einheitlicher Kabinen.")
    assert m.product == "einheitliche Kabinen"


def test_electric_bus_and_charging_project_in_tula() -> None:
    m = one("Der Präsident hält ein Projekt in der Region Tula zur Lieferung von Elektrobussen und zum Bau von "
            "Ladestationen für vielversprechend.")
    assert (m.head, m.product, m.status) == ("projekt", "Elektrobusse und Ladestationen", "proposed")
    assert (m.location, m.location_id) == ("Region Tula", "RU-TUL")
    assert m.name == "Projekt zur Lieferung von Elektrobussen und zum Bau von Ladestationen in der Region Tula"
    assert {"public_transport", "ev_charging"} <= set(m.sectors)


def test_trading_company_named_after_its_region() -> None:
    m = one("In Kasan arbeitet seit Jahren die Handels- und Produktionsgesellschaft MTZ-Tatarstan.")
    assert m.head == "handelsgesellschaft"
    assert m.name.startswith("Handels- und Produktionsgesellschaft MTZ-Tatarstan")
    assert (m.location_id, m.iso3166_2, m.status) == ("city:RU:kasan", "RU-TA", "operating")
    m = one("Die Handelsgesellschaft MTZ-Tatarstan soll künftig auch Kommunaltechnik anbieten.")
    assert (m.location_id, m.iso3166_2) == ("RU-TA", "RU-TA")


def test_coordinated_heads_share_the_place() -> None:
    found = run("Die Seiten prüfen die Einrichtung eines Servicezentrums und eines Ersatzteillagers in Karaganda.")
    assert {(m.head, m.location_id, m.status) for m in found} == {
        ("zentrum", "city:KZ:karaganda", "proposed"), ("lager", "city:KZ:karaganda", "proposed")}


def test_a_meeting_place_is_not_the_project_location() -> None:
    m = one("Bei den Gesprächen in Minsk schlugen die Seiten ein gemeinsames Werk für Tierarzneimittel vor.")
    assert (m.product, m.location) == ("Tierarzneimittel", None)


def test_definite_mention_refers_back_before_taking_a_meeting_place() -> None:
    text = ("Die Seiten unterzeichneten ein Abkommen über den Bau eines Werks für Traktorkabinen in Kostanai. "
            "Die Gespräche über das Kabinenwerk hatten im März in Minsk begonnen.")
    m = one(text)
    assert (m.location_id, m.status) == ("city:KZ:kostanai", "agreed")


def test_joint_venture_and_its_plant_are_one_project() -> None:
    text = ("Die Gebiete Mogiljow und Samarkand gründen ein Joint Venture zur Milchverarbeitung in Samarkand. "
            "Das gemeinsame Milchverarbeitungswerk soll jährlich 50.000 Tonnen Milch verarbeiten.")
    m = one(text)
    assert (m.head, m.product, m.location_id) == ("joint_venture", "Milch", "city:UZ:samarkand")


def test_named_enterprises_and_world_regions_are_no_project_places() -> None:
    assert run("Das Belarussische Automobilwerk hat in Schodino einen neuen Muldenkipper vorgestellt.") == []
    m = one("Das Montagewerk für Aufzüge in Zentralasien soll bis 2027 entstehen.")
    assert (m.location, m.status) == (None, "proposed")


# ---------------------------------------------------------------------- recall: places, lines, networks


def test_place_stated_before_the_head_in_the_same_sentence() -> None:
    m = one("In Nowosibirsk soll nach Angaben des Gouverneurs ein Montagewerk für Stadtbusse entstehen.")
    assert (m.head, m.product, m.location_id, m.status) == ("montagewerk", "Stadtbusse", "city:RU:nowosibirsk",
                                                           "proposed")
    m = one("Belarus und das Gebiet Omsk erwägen, in Omsk belarussische Kommunaltechnik einzusetzen und ein "
            "Servicezentrum aufzubauen.")
    assert (m.head, m.location_id, m.status) == ("zentrum", "city:RU:omsk", "proposed")
    m = one("Im Gebiet Brjansk hat man zum Stadtjubiläum die erste Linie mit belarussischen Trolleybussen eröffnet.")
    assert (m.head, m.location, m.location_id, m.status) == ("linie", "Gebiet Brjansk", "RU-BRY", "operating")


def test_the_subject_region_is_the_place() -> None:
    m = one("Das Gebiet Omsk will zusammen mit belarussischen Herstellern ein Servicezentrum für Kommunaltechnik "
            "aufbauen.")
    assert (m.head, m.product, m.location_id, m.status) == ("zentrum", "Kommunaltechnik", "RU-OMS", "proposed")
    assert m.name == "Servicezentrum für Kommunaltechnik im Gebiet Omsk"
    m = one("Belarus und das Gebiet Omsk prüfen die Möglichkeit, Kommunaltechnik zu liefern und ein Servicezentrum "
            "aufzubauen.")
    assert (m.location, m.location_id) == ("Gebiet Omsk", "RU-OMS")
    m = one("Der Gouverneur des Gebiets Pawlodar regte an, gemeinsam ein Werk für Ballenpressen zu errichten, und "
            "schlug einen Standort vor.")
    assert (m.product, m.location_id) == ("Ballenpressen", "KZ-55")


def test_a_place_right_after_the_head_wins_and_belarus_never_when_a_foreign_place_is_named() -> None:
    m = one("Die Region Kostanai und Belarus vereinbarten, ein Servicezentrum in Karaganda einzurichten.")
    assert m.location_id == "city:KZ:karaganda"
    m = one("Das Gebiet Gomel und das kasachische Gebiet Pawlodar wollen gemeinsam ein Werk für Anhänger bauen.")
    assert m.location_id == "KZ-55"
    m = one("In Minsk unterzeichneten Belarus und Usbekistan ein Abkommen über ein Joint Venture für Aufzüge.")
    assert (m.head, m.location, m.status) == ("joint_venture", None, "agreed")


def test_a_place_of_origin_or_of_a_partner_is_not_the_project_place() -> None:
    m = one("Belarus ist bereit, Firmen aus Shandong beim Aufbau eines Logistikzentrums für Landtechnik zu "
            "unterstützen.")
    assert m.location is None
    m = one("Die Seiten wollen mit Betrieben des Gebiets Tscheljabinsk ein Werk für Bergbautechnik gründen.")
    assert m.location is None


def test_a_line_run_with_vehicles() -> None:
    m = one("In Kasan wurde am Freitag die erste Linie mit Elektrobussen aus Minsk in Betrieb genommen.")
    assert (m.head, m.product, m.location_id, m.status) == ("linie", "Elektrobusse", "city:RU:kasan", "operating")
    assert m.name == "Linie mit Elektrobussen in Kasan"
    m = one("Im Gebiet Brjansk wurde die erste Linie mit belarussischen Trolleybussen eröffnet.")
    assert m.product is not None and m.product.endswith("Trolleybusse")
    m = one("In Witebsk soll bis Jahresende eine zweite Linie mit Elektrobussen entstehen.")
    assert (m.head, m.status) == ("linie", "proposed")
    m = one("Die Montagelinie mit einer Kapazität von 500 Einheiten in Kostanai wurde im Mai eröffnet.")
    assert (m.head, m.product, m.status) == ("linie", None, "operating")  # a capacity is not a vehicle


def test_plural_infrastructure_with_a_setup_verb() -> None:
    m = one("Die Seiten planen, im Gebiet Tula bis 2026 ein Netz von Ladestationen aufzubauen.")
    assert (m.head, m.location_id, m.status) == ("station", "RU-TUL", "proposed")
    assert m.name == "Netz von Ladestationen im Gebiet Tula"
    m = one("In Samara werden in diesem Jahr 20 Ladestationen errichtet.")
    assert (m.head, m.location_id, m.status) == ("station", "city:RU:samara", "under_construction")
    m = one("Der Hersteller will in Usbekistan ein Netz von Servicezentren für Aufzüge schaffen.")
    assert (m.head, m.product, m.location_id, m.status) == ("zentrum", "Aufzüge", "country:UZ", "proposed")
    m = one("Belarus und das Gebiet Omsk wollen ein Netz von modernen Servicezentren für Landtechnik einrichten.")
    assert (m.head, m.location_id) == ("zentrum", "RU-OMS")
    assert run("In Usbekistan gibt es drei Servicezentren, sagte der Botschafter.") == []
    assert run("Belarus liefert jedes Jahr Ladestationen nach Russland.") == []


def test_genitive_singular_joint_venture_is_one_project() -> None:
    m = one("Die Seiten erörterten die Gründung eines gemeinsamen Joint Ventures zur Herstellung von Aufzügen in "
            "Taschkent.")
    assert (m.head, m.product, m.location_id, m.status) == ("joint_venture", "Aufzüge", "city:UZ:taschkent",
                                                           "proposed")
    assert m.name.startswith("Joint Venture ")
    m = one("Ein Vertrag über die Gründung des Joint Ventures in Samarkand wurde unterzeichnet.")
    assert (m.head, m.location_id, m.status) == ("joint_venture", "city:UZ:samarkand", "agreed")
    m = one("Der Direktor des belarussisch-usbekischen Joint Ventures in Andischan sagte, man produziere bereits "
            "Traktoren.")
    assert (m.head, m.location_id) == ("joint_venture", "city:UZ:andijan")
    assert run("Die Zahl der gemeinsamen Joint Ventures in Samarkand ist auf 12 gestiegen.") == []


OMSK_ARTICLE = """OMSK, 3. März (BelTA) – Belarus und das Gebiet Omsk haben ein Abkommen über den Bau eines Werkes für Kommunaltechnik in Omsk unterzeichnet. Das teilte der Gouverneur nach den Gesprächen in Minsk mit.
Die Zusammenarbeit mit belarussischen Herstellern wachse von Jahr zu Jahr, so der Gouverneur. „Schritt für Schritt entsteht in Omsk ein modernes Werk für Kommunaltechnik“, sagte er. Der Bau soll im Frühjahr beginnen.
"""


def test_a_figurative_present_does_not_advance_the_status() -> None:
    found = run(OMSK_ARTICLE)
    plants = [m for m in found if m.head == "werk"]
    assert len(plants) == 1
    m = plants[0]
    assert (m.product, m.location_id, m.status) == ("Kommunaltechnik", "city:RU:omsk", "agreed")
    assert "haben ein Abkommen über den Bau eines Werkes" in OMSK_ARTICLE[m.start:m.end]


def test_entsteht_needs_a_construction_fact() -> None:
    m = one("In Kostanai entsteht ein Logistikzentrum für belarussische Landtechnik.")
    assert m.status == "proposed"
    m = one("In Kostanai entsteht ein Logistikzentrum für Landtechnik, dessen Bau im Frühjahr beginnen soll.")
    assert (m.product, m.status) == ("Landtechnik", "proposed")
    m = one("In Kostanai entsteht ein Logistikzentrum für Landtechnik, die Bauarbeiten laufen seit März.")
    assert (m.product, m.status) == ("Landtechnik", "under_construction")
    m = one("In Omsk soll ein Servicezentrum für Kommunaltechnik entstehen.")
    assert m.status == "proposed"


def test_an_announced_start_of_construction_is_not_construction() -> None:
    m = one("Der Bau des Logistikzentrums bei Brest soll im Frühjahr beginnen.")
    assert (m.head, m.status) == ("zentrum", "proposed")
    m = one("Die Bauarbeiten am Logistikzentrum bei Brest beginnen im Mai.")
    assert m.status == "proposed"
    m = one("Die Bauarbeiten am Logistikzentrum bei Brest haben im Mai begonnen.")
    assert m.status == "under_construction"


# ------------------------------------------------------------------------------------------ negatives


@pytest.mark.parametrize("sentence", [
    "Die Dynamik sollte vor allem durch Kooperationsprojekte in der Industrie beibehalten werden.",
    "Der Dialog mit der Botschaft wird dazu beitragen, neue Projekte umzusetzen.",
    "Im Rahmen des Programms werden derzeit 15 gemeinsame Projekte in Kasachstan umgesetzt.",
    "Aber wir denken, dass es sich um ein gemeinsames Projekt handelt, das neue Möglichkeiten eröffnet.",
    "Ein Projekt zur Entwicklung der Zusammenarbeit zwischen den Regionen wurde vereinbart.",
    "Die Delegation aus Kostanai besuchte das Minsker Traktorenwerk und die Witebsker Teppichfabrik.",
    "In erster Linie geht es um Landtechnik, sagte der Minister in Astana.",
    "Das Netzwerk der Händler in Kasachstan wurde im vergangenen Jahr erweitert.",
    "Belarus hat in Usbekistan den Maschinenpark der Landwirte erneuert.",
    "Das Werk ist bereit, mehr zu liefern, sagte der Direktor.",
    "Belarus produziert seit mehr als fünf Jahren Ladestationen für Elektrofahrzeuge.",
    "Derzeit arbeiten in Usbekistan mehr als 30 Joint Ventures mit belarussischem Kapital.",
    "Die Fertigung von Traktoren wird in 15 Ländern gemeinsam organisiert.",
    "Der Generaldirektor des Werks Amkodor sagte, das Werk liefere Technik nach Kasachstan.",
    "Die Seiten haben kein Abkommen über ein Werk in Tula unterzeichnet.",
])
def test_generic_project_talk_is_not_a_mention(sentence: str) -> None:
    assert run(sentence) == [], [m.name for m in run(sentence)]


def test_no_head_no_work() -> None:
    assert run("Der Handelsumsatz zwischen Belarus und Kasachstan ist um zwölf Prozent gestiegen.") == []
    assert find_projects("", [], [], []) == []


# ------------------------------------------------------------------------------------------ data, speed, seeds


def test_cue_rows_are_data() -> None:
    rows = [json.loads(line) for line in data_path("project_patterns.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    cues = [r for r in rows if r["kind"] == "cue"]
    assert {r["status"] for r in cues} == set(STATUS_RANK)
    for r in rows:
        assert {"id", "kind", "status", "pattern"} <= set(r), r
        re.compile(r["pattern"])
        if r.get("unless"):
            re.compile(r["unless"])
    assert {r["kind"] for r in rows} == {"cue", "future", "present_future", "not_future", "negation"}
    assert len(patterns().cues) == len(cues)


def test_the_rule_names_the_head_and_the_cue_row_of_the_data() -> None:
    """The rule id travels onto the fact: "project:<head>/<cue id>", the cue id a row of project_patterns.jsonl
    and the head one the head rows of project_words.jsonl classify to."""
    cue_ids = {c.id for c in patterns().cues}
    m = one("In Kostanai wurde der Bau einer Werkstatt für Traktorkabinen abgeschlossen.")
    head, _, cue = m.rule.removeprefix("project:").partition("/")
    assert head == m.head == "werkstatt" and cue in cue_ids and m.status == "operating"
    m = one("Belarus und Usbekistan haben vereinbart, in Samarkand ein Joint Venture für Aufzüge zu gründen.")
    head, _, cue = m.rule.removeprefix("project:").partition("/")
    assert head == "joint_venture" and cue in cue_ids and m.status == "agreed"


def test_cue_prefilter_never_hides_a_match() -> None:
    """Each cue row carries literal needles derived from its pattern; a sentence without them is not scanned."""
    sentences = [s for s in re.findall(r"[A-ZÄÖÜ][^.]*\.", Path(__file__).read_text(encoding="utf-8")) if len(s) > 30]
    sentences += ["Der Bau einer Werkstatt für Kabinen wurde abgeschlossen.", "Die Seiten schlugen den Bau vor."]
    checked = 0
    for cue in patterns().cues:
        for sentence in sentences:
            for m in cue.rx.finditer(sentence):
                checked += 1
                assert cue.needles is None or any(n in m.group().lower() for n in cue.needles), (cue.id, m.group())
    assert checked > 50


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles (/work/shared/seeds) are not on this machine")
def test_seed_003_kostanai_cab_workshop_is_operating() -> None:
    from coopgraph.clean import clean
    from coopgraph.ingest import iter_documents
    from coopgraph.settings import Settings

    paths = sorted(SEEDS.glob("003_*.txt"))
    if not paths:
        pytest.skip("seed 003 is not among the seed articles")
    article = next(clean(item) for item in iter_documents([str(paths[0])], Settings()) if hasattr(item, "content"))
    text = article.text
    dl = article.dateline_span
    hits = [h for h in places_in(text) if not (dl and h.start < dl[1] and h.end > dl[0])]
    sentences = [s for ps, pe in (article.paragraphs or [(0, len(text))]) for s in split_sentences(text, ps, pe)]
    found = find_projects(text, sentences, hits, find_orgs(text, hits))
    cab = [m for m in found if m.location_id == "city:KZ:kostanai"]
    assert len(cab) == 1, [m.name for m in found]
    m = cab[0]
    assert (m.head, m.status, m.country, m.iso3166_2) == ("werkstatt", "operating", "KZ", "KZ-39")
    assert "Kabinen" in (m.product or "")
    assert "abgeschlossen" in (m.status_cue or "")
    assert "abgeschlossen" in text[m.start:m.end] and "Werkstatt" in text[m.start:m.end]
    # generic talk in the same article is not a project
    assert not any("Kooperationsprojekt" in m.name or m.head == "projekt" for m in found)


def test_dotted_capital_i_keeps_project_offsets() -> None:
    # "İ" lowercases to two characters; the head finder must keep the offsets of the text itself
    text = ("İİİ İstanbul-Gespräche: In Kostanai soll ein gemeinsames Montagewerk für Traktoren entstehen, "
            "teilte das Industrieministerium mit.")
    hits = places_in(text)
    projects = find_projects(text, split_sentences(text), hits, find_orgs(text, hits))
    assert projects and all(0 <= p.start < p.end <= len(text) for p in projects)
    assert any("Montagewerk" in text[p.start:p.end] for p in projects)
