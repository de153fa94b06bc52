"""Partners from place mentions, on short German texts written for these tests."""
from __future__ import annotations

from coopgraph.clean import clean
from coopgraph.extract import extract
from coopgraph.extract.lexicon import declined, places
from coopgraph.models import Extraction, RawDoc


def run(text: str, doc_id: str = "p.txt") -> Extraction:
    return extract(clean(RawDoc(id=doc_id, source=doc_id, fmt="text", content=text)))


def partners(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(p.name, p.kind, p.country, p.iso3166_2) for p in run(text).partners]


def test_plural_head_with_a_list_of_regions() -> None:
    got = partners("MINSK, 3. Mai (BelTA) - Belarussische Baufirmen errichten Schulen in den Gebieten Kaluga, Tula "
                   "und Nischni Nowgorod. Der Export von Baustoffen dorthin wächst, sagte der Minister.\n")
    codes = [p[3] for p in got if p[1] == "region"]
    assert codes == ["RU-KLU", "RU-TUL", "RU-NIZ"]
    assert not any(p[1] == "city" for p in got)  # "Kaluga" after "Gebieten" is the region, not the city
    assert got[0][:3] == ("Belarus", "country", "BY")


def test_regions_listed_after_regionen_across_countries() -> None:
    got = partners("Die Regionen Gomel und Karaganda wollen den Handel mit Milchprodukten ausbauen.\n")
    assert [(p[2], p[3]) for p in got if p[1] == "region"] == [("BY", "BY-HO"), ("KZ", "KZ-35")]


def test_city_after_regional_government_compound_is_the_region() -> None:
    got = partners("Die Gebietsregierung Kursk und die Republik Belarus haben ein Kooperationsabkommen über "
                   "Landtechnik unterzeichnet.\n")
    assert ("Gebiet Kursk", "region", "RU", "RU-KRS") in got
    assert not any(p[1] == "city" for p in got)


def test_region_in_a_genitive_title_is_not_a_partner() -> None:
    got = partners("Der Vorsitzende des Gebietsexekutivkomitees Brest und der Bürgermeister von Kasan sprachen "
                   "über Lieferungen von Landtechnik. Der Vorsitzende des Gebietsexekutivkomitees Brest lobte "
                   "die Zusammenarbeit.\n")
    assert not any(p[3] == "BY-BR" for p in got)


def test_hyphenated_country_pair_inside_a_name() -> None:
    got = partners("Das Wirtschaftsforum Belarus-Vietnam beginnt morgen. Die Unternehmen wollen den Handel "
                   "mit Düngemitteln steigern.\n")
    assert [p[2] for p in got] == ["BY", "VN"]


def test_belarus_is_implied_when_no_belarusian_place_acts() -> None:
    got = partners("MINSK, 4. Januar (BelTA) - Die Exporte belarussischer Milchprodukte sind 2023 um 8 % "
                   "gestiegen. Das teilte das Landwirtschaftsministerium mit.\n")
    assert got == [("Belarus", "country", "BY", None)]


def test_world_region_from_an_adjective_before_a_plural_of_countries() -> None:
    got = partners("MINSK, 4. Juni (BelTA) - Belaruskali weitet die Lieferungen von Kalidünger in afrikanische "
                   "und südostasiatische Staaten aus.\n")
    names = [p[0] for p in got]
    assert "Afrika" in names and "Südostasien" in names
    assert all(p[2] is None for p in got if p[0] in ("Afrika", "Südostasien"))


def test_world_region_that_only_locates_a_named_country_is_not_a_partner() -> None:
    got = partners("Kirgisistan ist für Belarus ein wichtiger Handelspartner in Zentralasien. Der Handel "
                   "wuchs um 12 Prozent.\n")
    assert [p[0] for p in got] == ["Belarus", "Kirgisistan"]


def test_world_region_header_of_a_list_is_not_a_partner() -> None:
    got = partners("Belarus kooperierte früher vor allem mit den Ländern Westafrikas: Ghana, Nigeria und "
                   "Senegal. Nun wächst der Handel mit Kenia.\n")
    names = [p[0] for p in got]
    assert "Westafrika" not in names and {"Ghana", "Nigeria", "Kenia"} <= set(names)


def test_venue_of_an_event_is_not_a_partner() -> None:
    got = partners("Der Handel zwischen Belarus und Tadschikistan hat sich verdoppelt, sagte der Premier bei "
                   "einem Treffen, das während eines Besuchs in Russland stattfand.\n")
    assert [p[2] for p in got] == ["BY", "TJ"]


def test_city_code_only_for_cities_that_are_subdivisions() -> None:
    got = partners("Die Städte Minsk und Kaluga haben einen Partnerschaftsvertrag über Handel unterzeichnet.\n")
    assert ("Minsk", "city", "BY", "BY-HM") in got and ("Kaluga", "city", "RU", None) in got


def test_declined_multiword_names_and_gazetteer_forms() -> None:
    assert "Russischen Föderation" in declined("Russische Föderation")
    assert "Persischen Golfs" in declined("Persischer Golf")
    assert not any(f.endswith("Föderations") for f in declined("Russische Föderation"))
    assert declined("Belarus") == [] and declined("Republik Belarus") == []
    for surface, code in [("Provinz Ostjava", "ID-JI"), ("Kalimantan Timur", "ID-KI"), ("Gebiet Swerdlow", "RU-SVE")]:
        hits = places().find(surface)
        assert len(hits) == 1 and hits[0][2][0][1].iso3166_2 == code, surface
    got = partners("Die Zusammenarbeit mit der Russischen Föderation und mit Botswana wächst.\n")
    assert {p[2] for p in got} == {"BY", "RU", "BW"}


def test_bilateral_phrase_makes_the_countries_of_two_regions_partners() -> None:
    got = partners("Das Gebiet Witebsk und das Gebiet Sughd Tadschikistans wollen kooperieren. Der Handel "
                   "zwischen unseren Ländern wuchs, sagte der Gouverneur.\n")
    assert [p[3] or p[2] for p in got] == ["BY-VI", "BY", "TJ-SU", "TJ"]


def test_place_named_as_a_comparison_is_not_a_partner() -> None:
    got = partners("Belarus will die Lieferungen nach Kenia steigern. Der Minister verglich Kenia mit Indien vor "
                   "20 Jahren, einem Markt mit großem Potenzial.\n")
    assert [p[2] for p in got] == ["BY", "KE"]
