"""Datelines, header dates and the year: only from evidence, never guessed."""
from __future__ import annotations

from datetime import date

import pytest

from coopgraph.dates import (
    infer_date,
    parse_dateline,
    parse_header,
    title_place,
    url_evidence,
)


def infer(text: str, *, raw: str | None = None, url: str | None = None,
          header: tuple[date, str] | None = None, given: tuple[str, str] | None = None):  # type: ignore[no-untyped-def]
    return infer_date(dateline=parse_dateline(text), text=text, raw_text=raw if raw is not None else text,
                      url=url, header=header, given=given)


# -- datelines ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, place, day, month, year, agency, span", [
    ("MINSK, 13. Februar (BelTA) - Belarus und", "Minsk", 13, 2, None, "BelTA", "MINSK, 13. Februar (BelTA) -"),
    ("GRODNO, 10. Dezember (BelTA) – Die Entwicklung", "Grodno", 10, 12, None, "BelTA",
     "GRODNO, 10. Dezember (BelTA) –"),
    ("NISCHNI NOWGOROD, 2. März 2024 (BelTA) — Das", "Nischni Nowgorod", 2, 3, 2024, "BelTA",
     "NISCHNI NOWGOROD, 2. März 2024 (BelTA) —"),
    ("ROSTOW AM DON, 5. Mai (BelTA) - Die", "Rostow am Don", 5, 5, None, "BelTA", "ROSTOW AM DON, 5. Mai (BelTA) -"),
    ("Minsk, 5. Mai (Sputnik) - Der", "Minsk", 5, 5, None, "Sputnik", "Minsk, 5. Mai (Sputnik) -"),
    ("SANKT PETERSBURG, 1. Juni - Die", "Sankt Petersburg", 1, 6, None, None, "SANKT PETERSBURG, 1. Juni -"),
    ("BREST, 4. Sept. (BelTA) - Die", "Brest", 4, 9, None, "BelTA", "BREST, 4. Sept. (BelTA) -"),
    ("MINSK, 13.Februar (BelTA)-Belarus", "Minsk", 13, 2, None, "BelTA", "MINSK, 13.Februar (BelTA)-"),
    ("MOSKAU, 12. September. /TASS/. Moskau und", "Moskau", 12, 9, None, "TASS",
     "MOSKAU, 12. September. /TASS/."),
    ("Minsk, 3. April 2024 – Das Werk", "Minsk", 3, 4, 2024, None, "Minsk, 3. April 2024 –"),
    ("Rostow-na-Donu, 5. Mai (BelTA) - Die", "Rostow-na-Donu", 5, 5, None, "BelTA", "Rostow-na-Donu, 5. Mai (BelTA) -"),
])
def test_dateline(text: str, place: str, day: int, month: int, year: int | None, agency: str | None,
                  span: str) -> None:
    dl = parse_dateline(text)
    assert dl is not None
    assert (dl.place, dl.day, dl.month, dl.year, dl.agency) == (place, day, month, year, agency)
    assert text[dl.start:dl.end] == span


@pytest.mark.parametrize("text", [
    "Am 5. März, so der Minister - wurde der Vertrag unterzeichnet.",
    "Das sagte er, 13. Februar - kurz vor der Abreise.",
    "GOMEL, 31. Februar (BelTA) - ein Tag, den es nicht gibt.",
    "MINSK, 13. Februar (BelTA) Belarus und Kasachstan",  # no dash: not a dateline
    "Minsk ist die Hauptstadt von Belarus.",
    "Seit 2019, 13. Februar - nichts.",
])
def test_not_a_dateline(text: str) -> None:
    assert parse_dateline(text) is None


@pytest.mark.parametrize("raw, titled", [
    ("MINSK", "Minsk"), ("NISCHNI NOWGOROD", "Nischni Nowgorod"), ("ROSTOW AM DON", "Rostow am Don"),
    ("ULAN-UDE", "Ulan-Ude"), ("FRANKFURT AN DER ODER", "Frankfurt an der Oder"),
    ("ROSTOW-NA-DONU", "Rostow-na-Donu"),
])
def test_title_place(raw: str, titled: str) -> None:
    assert title_place(raw) == titled


# -- header dates -------------------------------------------------------------------------------
@pytest.mark.parametrize("line, expected", [
    ("28 Oktober 2022, 09:38", (date(2022, 10, 28), True)),
    ("28. Oktober 2022 09:38", (date(2022, 10, 28), True)),
    ("28 Oktober 2022, 09:38 Uhr", (date(2022, 10, 28), True)),
    ("28.10.2022 09:38", (date(2022, 10, 28), True)),
    ("5 Juli 2024", (date(2024, 7, 5), False)),
    ("Freitag, 5. Juli 2024", (date(2024, 7, 5), False)),
    ("flag Freitag, 5 Juli 2024", None),  # the page render date, never the article date
    ("31 Februar 2024, 10:00", None),
    ("Am 28 Oktober 2022 kam die Delegation", None),
    ("Der Vertrag vom 28 Oktober 2022", None),
])
def test_header(line: str, expected: tuple[date, bool] | None) -> None:
    assert parse_header(line) == expected


# -- the year, from evidence only -----------------------------------------------------------------
def test_dateline_with_year_is_a_full_date_without_partial() -> None:
    r = infer("NISCHNI NOWGOROD, 2. März 2024 (BelTA) - Der Gouverneur sagte.")
    assert (r.date, r.date_partial) == ("2024-03-02", None)


def test_no_evidence_gives_null_date_and_partial() -> None:
    r = infer("MINSK, 13. April (BelTA) - Allein im Jahr 2021 importierten beide Länder Autoteile.")
    assert (r.date, r.date_partial) == (None, "--04-13")
    assert "no year evidence" in r.year_evidence


def test_no_date_at_all() -> None:
    r = infer("Belarus und Kuba wollen mehr Arzneimittel gemeinsam herstellen.")
    assert (r.date, r.date_partial) == (None, None)


def test_header_gives_the_year() -> None:
    r = infer("MINSK, 28. Oktober (BelTA) - Text.", header=(date(2022, 10, 28), "28 Oktober 2022, 09:38"))
    assert (r.date, r.date_partial) == ("2022-10-28", "--10-28")
    assert r.year_evidence == "article header '28 Oktober 2022, 09:38'"


def test_header_across_new_year_picks_the_closest_year() -> None:
    r = infer("MINSK, 31. Dezember (BelTA) - Text.", header=(date(2025, 1, 1), "1 Januar 2025, 00:10"))
    assert r.date == "2024-12-31"


def test_url_slug_year() -> None:
    r = infer("MINSK, 13. April (BelTA) - Text.", url="https://deu.belta.by/economics/view/vertrag-2023-11408/")
    assert (r.date, r.date_partial) == ("2023-04-13", "--04-13")
    assert "URL slug year '2023'" in r.year_evidence


def test_url_full_date() -> None:
    r = infer("MINSK, 13. April (BelTA) - Text.", url="https://example.org/2023/04/13/vertrag/")
    assert r.date == "2023-04-13" and "URL date" in r.year_evidence


def test_url_with_two_years_is_no_evidence() -> None:
    assert url_evidence("https://example.org/rueckblick-2019-bis-2024/") == []
    assert url_evidence(None) == []


def test_image_path_and_timestamp() -> None:
    raw = ("![](https://deu.belta.by/images/storage/news/with_archive/2024/000019_1718097000_61022_big.jpg)\n"
           "MINSK, 11. Juni (BelTA) - Text.")
    r = infer("MINSK, 11. Juni (BelTA) - Text.", raw=raw)
    assert (r.date, r.date_partial) == ("2024-06-11", "--06-11")
    assert "1718097000" in r.year_evidence


def test_image_timestamp_far_from_the_dateline_is_not_used_as_a_date() -> None:
    # An archive photo: its timestamp (2019-04-13) says nothing about a dateline of 2 October.
    raw = "![](https://example.org/foto_1555140000.jpg)\nMINSK, 2. Oktober (BelTA) - Text."
    r = infer("MINSK, 2. Oktober (BelTA) - Text.", raw=raw)
    assert r.date is None and r.date_partial == "--10-02"


def test_weekday_and_a_year_named_in_the_text() -> None:
    text = "Er traf sich am Dienstag, dem 5. November, mit dem Gouverneur. Im Jahr 2024 wuchs der Handel."
    r = infer(text)
    assert (r.date, r.date_partial) == ("2024-11-05", "--11-05")
    assert "weekday" in r.year_evidence


def test_weekday_that_fits_two_named_years_is_ambiguous() -> None:
    # 5 November was a Tuesday in 2019 and in 2024.
    text = "Er traf sich am Dienstag, dem 5. November, mit dem Gouverneur. Seit 2019 und auch 2024 wächst der Handel."
    r = infer(text)
    assert (r.date, r.date_partial) == (None, "--11-05")


def test_weekday_that_fits_no_named_year() -> None:
    text = "Er traf sich am Mittwoch, dem 5. November, mit dem Gouverneur. Im Jahr 2024 wuchs der Handel."
    assert infer(text).date is None


@pytest.mark.parametrize("phrase", ["Im laufenden Jahr 2023", "im laufenden Jahr 2023", "seit Beginn des laufenden Jahres 2023",
                                    "In diesem Jahr 2023"])
def test_current_year_phrase(phrase: str) -> None:
    r = infer(f"MINSK, 13. April (BelTA) - {phrase} soll der Umsatz wachsen.")
    assert r.date == "2023-04-13", r.year_evidence


def test_container_date_is_the_strongest_evidence() -> None:
    r = infer("MINSK, 12. April (BelTA) - Text.", url="https://deu.belta.by/x-2022-1/",
              given=("2023-04-12", "JSONL 'date' field"))
    assert (r.date, r.year_evidence) == ("2023-04-12", "JSONL 'date' field")


def test_container_date_without_day_month_in_text() -> None:
    r = infer("Belarus und Kuba wollen mehr Arzneimittel herstellen.", given=("2024-09-01", "feed entry published date"))
    assert (r.date, r.date_partial) == ("2024-09-01", None)


def test_leap_day_needs_a_leap_year() -> None:
    assert infer("MINSK, 29. Februar (BelTA) - Text.", given=("2024-02-29", "feed")).date == "2024-02-29"
    assert infer("MINSK, 29. Februar (BelTA) - Text.", url="https://example.org/x-2023-5/").date is None


def test_day_phrase_without_dateline() -> None:
    r = infer("Die Messe beginnt am 23. Juni in Minsk und dauert vier Tage.")
    assert (r.date, r.date_partial) == (None, "--06-23")


def test_day_phrase_followed_by_a_year_is_not_partial() -> None:
    r = infer("Das Abkommen wurde am 23. Juni 2021 unterzeichnet.")
    assert r.date_partial is None


# -- year evidence: slug id-year, partial-year statistics, header furniture ----------------------
def test_url_slug_ending_in_id_and_year_wins_over_other_years_in_the_slug() -> None:
    url = "https://deu.belta.by/economics/view/programm-fuer-2026-2027-unterzeichnet-12345-2025/"
    assert url_evidence(url)[0].year == 2025
    got = infer("MINSK, 24. November (BelTA) - Das Programm für 2026-2027 wurde unterzeichnet.", url=url)
    assert got.date == "2025-11-24" and "12345-2025" in got.year_evidence


def test_url_with_two_years_and_no_id_suffix_is_still_no_evidence() -> None:
    assert url_evidence("https://example.org/news/plan-2026-2027-unterzeichnet") == []


@pytest.mark.parametrize("sentence, month_day, year", [
    ("In den ersten sechs Monaten des Jahres 2019 stieg der Handel um 8 %.", (8, 1), 2019),
    ("Im ersten Halbjahr 2021 wuchs der Export um 5 %.", (7, 20), 2021),
    ("Von Januar bis November 2018 stieg der Umsatz um 3 %.", (1, 15), 2019),
])
def test_figures_of_a_running_year_date_the_report(sentence: str, month_day: tuple[int, int], year: int) -> None:
    m, d = month_day
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember"]
    got = infer(f"Der Minister sprach am {d}. {months[m - 1]} mit Journalisten. {sentence}")
    assert got.date == f"{year}-{m:02d}-{d:02d}"


def test_running_year_named_as_comparison_is_no_evidence() -> None:
    got = infer("Der Minister sprach am 3. März mit Journalisten. Der Umsatz lag über dem Wert gegenüber dem "
                "ersten Halbjahr 2019.")
    assert got.date is None and got.date_partial == "--03-03"


def test_header_with_a_read_counter() -> None:
    assert parse_header("  19 November 2018    Gelesen: 1184") == (date(2018, 11, 19), False)


def test_dateline_with_agency_after_a_comma() -> None:
    dl = parse_dateline("Minsk, 19. November, AZERTAC")
    assert dl is not None and (dl.place, dl.day, dl.month, dl.agency) == ("Minsk", 19, 11, "AZERTAC")


def test_without_dateline_the_first_date_mention_counts_range_end_and_weekday() -> None:
    got = infer("Der Präsident reiste vom 31. Juli bis 1. August nach Minsk. Das Forum wurde am 29. Juli eröffnet.")
    assert got.date_partial == "--08-01"
    got = infer("Seit Mittwoch, dem 25. September, gilt in drei Regionen die Alarmstufe Rot.")
    assert got.date_partial == "--09-25"


def test_agency_credited_in_a_sentence_and_a_bare_dateline_place() -> None:
    from coopgraph.clean import clean
    from coopgraph.models import RawDoc

    def art(text: str):  # type: ignore[no-untyped-def]
        return clean(RawDoc(id="x.txt", source="x.txt", fmt="text", content=text))

    body = "Belarus und Armenien wollen den Handel mit Lebensmitteln und Landtechnik im kommenden Jahr ausbauen. "
    assert art(body + "Das berichtet die Nachrichtenagentur BelTA.\n").agency == "BelTA"
    assert art(body + "Dies teilt BELTA unter Berufung auf das Ministerium mit.\n").agency == "BelTA"
    assert art(body + "Das sagte der Minister.\n").agency is None
    a = art("PEKING. " + body + "Das sagte der Minister.\n")
    assert a.dateline_place == "Peking"
    assert art("VIDEO. " + body + "Das sagte der Minister.\n").dateline_place is None
