"""Meetings: participants, single named visitors and the place, on sentences written for these tests."""
from __future__ import annotations

from coopgraph.clean import clean
from coopgraph.extract import extract, lexicon
from coopgraph.models import Extraction, RawDoc


def run(text: str) -> Extraction:
    return extract(clean(RawDoc(id="m.txt", source="m.txt", fmt="text", content=text)))


def test_a_single_named_visitor_is_a_meeting_with_the_visited_region() -> None:
    ext = run("MINSK, 3. Mai (BelTA) – Eine Delegation unter der Leitung des Vorsitzenden des "
              "Gebietsexekutivkomitees Witebsk, Pjotr Sidorenko, besucht das russische Gebiet Smolensk. "
              "Die Seiten wollen den Handel mit Milchprodukten und Landtechnik ausbauen. "
              "Der Warenumsatz stieg im vergangenen Jahr auf 300 Millionen US-Dollar.")
    assert ext.meeting is not None
    assert ext.meeting.participants == ["Pjotr Sidorenko"]
    assert ext.meeting.place is not None and "Smolensk" in ext.meeting.place
    assert ext.meeting.rule == "meet:besuch"


def test_one_person_speaking_at_home_is_no_meeting() -> None:
    ext = run("MINSK, 3. Mai (BelTA) – Die Industrie des Gebiets Grodno ist im ersten Quartal gewachsen. "
              "Das sagte der Vorsitzende des Gebietsexekutivkomitees Grodno, Pjotr Sidorenko, während der "
              "Sitzung des Exekutivkomitees. Der Export von Möbeln stieg um 5 Prozent.")
    assert ext.meeting is None


def test_a_session_of_a_bilateral_commission_is_a_meeting() -> None:
    ext = run("ASTANA, 3. Mai (BelTA) – Das erklärte der stellvertretende Premierminister Pjotr Sidorenko auf "
              "der Sitzung der belarussisch-kasachischen Kommission für Handel. Der Warenumsatz zwischen "
              "Belarus und Kasachstan stieg 2024 um 8 Prozent auf 1,2 Milliarden US-Dollar.")
    assert ext.meeting is not None and ext.meeting.participants == ["Pjotr Sidorenko"]


def test_between_names_the_parties_and_the_city_after_the_cue_is_the_place() -> None:
    ext = run("ISLAMABAD, 3. Mai (BelTA) – Das teilte Industrieminister Pjotr Sidorenko am Rande der Gespräche "
              "zwischen dem belarussischen Präsidenten Alexander Lukaschenko und dem pakistanischen "
              "Premierminister Shahbaz Sharif mit, die heute in Islamabad stattfanden. Belarus will Traktoren liefern.")
    assert ext.meeting is not None
    assert sorted(ext.meeting.participants) == ["Alexander Lukaschenko", "Shahbaz Sharif"]
    assert ext.meeting.place == "Islamabad"


def test_the_destination_of_a_visit_is_the_place() -> None:
    ext = run("MINSK, 3. Mai (BelTA) – Der belarussische Premierminister Pjotr Sidorenko reist zu einem "
              "Arbeitsbesuch nach Kasachstan. Dort sind Gespräche mit Premierminister Olschas Bektenow geplant. "
              "Der Warenumsatz zwischen Belarus und Kasachstan stieg 2024 um 8 Prozent auf 1,2 Milliarden US-Dollar.")
    assert ext.meeting is not None and ext.meeting.place == "Kasachstan"


def test_earlier_visits_do_not_set_the_place() -> None:
    ext = run("MINSK, 3. Mai (BelTA) – Präsident Alexander Lukaschenko traf heute den serbischen Präsidenten "
              "Aleksandar Vučić. Der belarussische Präsident besuchte Serbien bereits viermal. "
              "Der Warenumsatz zwischen Belarus und Serbien stieg 2024 um 8 Prozent auf 300 Millionen US-Dollar.")
    assert ext.meeting is not None and ext.meeting.place == "Minsk"


def test_cue_rows_have_ids_and_the_meeting_kinds() -> None:
    rows = lexicon.meeting_cues()
    assert len({rid for rid, _, _ in rows}) == len(rows)
    assert {"talks", "session", "signing", "visit", "plan"} <= {kind for _, kind, _ in rows}


def test_the_dateline_is_no_place_when_the_belarusian_side_is_from_another_region() -> None:
    ext = run("MINSK, 3. Mai (BelTA) – Das erklärte der Vorsitzende des Gebietsexekutivkomitees Brest, Pjotr "
              "Sidorenko, heute beim Treffen mit dem Konsul Kasachstans, Nurlan Abenow. "
              "Der Warenumsatz zwischen Belarus und Kasachstan stieg 2024 um 8 Prozent auf 1,2 Milliarden US-Dollar.")
    assert ext.meeting is not None and ext.meeting.place is None


def test_the_seat_of_an_authority_is_the_place() -> None:
    ext = run("MINSK, 3. Mai (BelTA) – Die Zusammenarbeit wurde heute beim Treffen des Vorsitzenden des "
              "Gebietsexekutivkomitees Mogiljow, Pjotr Sidorenko, mit dem Akim des Gebiets Pawlodar, Nurlan Abenow, "
              "im Gebietsexekutivkomitee Mogiljow besprochen. "
              "Der Warenumsatz zwischen Belarus und Kasachstan stieg 2024 um 8 Prozent auf 1,2 Milliarden US-Dollar.")
    assert ext.meeting is not None and ext.meeting.place == "Mogiljow"


def test_a_session_of_a_council_of_belarus_and_a_region_is_bilateral() -> None:
    ext = run("MINSK, 3. Mai (BelTA) – Das teilte Vizepremier Pjotr Sidorenko in der Sitzung des Rates für "
              "Zusammenarbeit von Belarus und Swerdlowsk mit. "
              "Der Warenumsatz zwischen Belarus und Russland stieg 2024 um 8 Prozent auf 1,2 Milliarden US-Dollar.")
    assert ext.meeting is not None and ext.meeting.participants == ["Pjotr Sidorenko"]

HOME_TRADE = " Der Warenumsatz zwischen Belarus und Kuba stieg 2024 um 8 Prozent auf 100 Millionen US-Dollar."


def test_the_home_dateline_is_no_place_for_talks_of_ministers() -> None:
    ext = run("MINSK, 3. Mai (BelTA) – Das erklärte Premierminister Pjotr Sidorenko während des Treffens mit "
              "dem kubanischen Premierminister Manuel Cruz." + HOME_TRADE)
    assert ext.meeting is not None and ext.meeting.place is None


def test_the_home_dateline_is_the_place_with_the_president_or_at_a_seat_of_the_capital() -> None:
    ext = run("MINSK, 3. Mai (BelTA) – Das erklärte Präsident Alexander Lukaschenko beim Treffen mit dem "
              "kubanischen Premierminister Manuel Cruz." + HOME_TRADE)
    assert ext.meeting is not None and ext.meeting.place == "Minsk"
    ext = run("MINSK, 3. Mai (BelTA) – Das wurde beim Treffen von Premierminister Pjotr Sidorenko mit dem "
              "kubanischen Premierminister Manuel Cruz im Haus der Regierung erörtert." + HOME_TRADE)
    assert ext.meeting is not None and ext.meeting.place == "Minsk"


def test_a_dateline_abroad_is_the_place() -> None:
    ext = run("HAVANNA, 3. Mai (BelTA) – Das erklärte Premierminister Pjotr Sidorenko während des Treffens mit "
              "dem kubanischen Premierminister Manuel Cruz." + HOME_TRADE)
    assert ext.meeting is not None and ext.meeting.place not in (None, "Minsk")


def test_an_earlier_session_is_not_this_meetings_place() -> None:
    ext = run("MINSK, 3. Mai (BelTA) – Das erklärte Präsident Alexander Lukaschenko während des Treffens mit dem "
              "kubanischen Premierminister Manuel Cruz. Vor einem Monat fand in Gomel eine Sitzung der "
              "Kommission statt." + HOME_TRADE)
    assert ext.meeting is not None and ext.meeting.place == "Minsk"
