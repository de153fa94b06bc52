"""Quotations: marks, names in quotation marks, cut excerpts and speakers, on sentences written for these tests."""
from __future__ import annotations

from coopgraph.extract.persons import PersonDraft
from coopgraph.extract.quotes import attribute, find_quote_spans


def spans(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quote_spans(text, [(0, len(text))])]


def person(name: str, text: str) -> PersonDraft:
    mentions = []
    start = text.find(name)
    while start >= 0:
        mentions.append((start, start + len(name), "full"))
        start = text.find(name, start + 1)
    return PersonDraft(name=name, key=name.lower(), surname=name.split()[-1].lower(), start=mentions[0][0],
                       end=mentions[0][1], rule="test", mentions=mentions)


def test_english_quotes_closed_by_a_german_closing_mark() -> None:
    text = 'Sie sagte heute: "Der Handel mit Maschinen wächst schnell“, so die Sprecherin.'
    assert spans(text) == ["Der Handel mit Maschinen wächst schnell"]


def test_an_opening_mark_before_a_word_is_no_lost_closing_mark() -> None:
    text = "Der Minister sprach über den Handel. “Wir liefern mehr Traktoren als je zuvor“, sagte er."
    assert spans(text) == ["Wir liefern mehr Traktoren als je zuvor"]


def test_a_quotation_cut_by_the_end_of_the_text_is_still_one() -> None:
    text = "Ebenfalls heute fand ein Forum statt. „Daran nehmen viele Firmen aus beiden Ländern teil"
    got = find_quote_spans(text, [(0, len(text))])
    assert [text[q.start:q.end] for q in got] == ["Daran nehmen viele Firmen aus beiden Ländern teil"]
    assert got[0].cut
    assert attribute(text, got, [], [])[0].speaker is None


def test_a_cut_quotation_after_a_sentence_about_a_person_is_theirs() -> None:
    text = "Iwan Petrow nannte Beispiele. „Das Werk hat eine eigene Montage in Vietnam, die"
    quotes = attribute(text, find_quote_spans(text, [(0, len(text))]), [person("Iwan Petrow", text)], [])
    assert [q.speaker for q in quotes] == ["Iwan Petrow"]


def test_names_in_quotation_marks_are_no_quotations() -> None:
    assert spans("In Witebsk wird das Forum „Belarus und Usbekistan: Partner für die Zukunft“ stattfinden.") == []
    assert spans("Es lief unter dem Namen „Festival des neuen Films aus Osteuropa“. Es war ein Erfolg.") == []
    assert spans("Die Tagung des „Forums der Regionen beider Länder“, das im Juli stattfand, war groß.") == []


def test_a_colon_after_a_longer_speech_clause_names_the_speaker() -> None:
    text = ("Iwan Petrow sprach auch über die Ergebnisse der langen Gespräche: „Wir haben große Fortschritte "
            "gemacht.“")
    quotes = attribute(text, find_quote_spans(text, [(0, len(text))]), [person("Iwan Petrow", text)], [])
    assert [q.speaker for q in quotes] == ["Iwan Petrow"]


def test_erzaehlte_attributes_the_quote_after_it() -> None:
    text = ("Olga Sidorowa kam zuerst. „Kasachstan ist einer unserer drei wichtigsten Partner“, erzählte Iwan "
            "Petrow.")
    quotes = attribute(text, find_quote_spans(text, [(0, len(text))]),
                       [person("Olga Sidorowa", text), person("Iwan Petrow", text)], [])
    assert [q.speaker for q in quotes] == ["Iwan Petrow"]


def test_a_quotation_opening_a_paragraph_after_a_headline_is_kept() -> None:
    text = "Lukaschenko trifft Tokajew\n„Wir wollen den Handel mit Traktoren weiter ausbauen“, sagte er."
    assert spans(text) == ["Wir wollen den Handel mit Traktoren weiter ausbauen"]


def test_the_one_person_of_the_paragraph_before_a_quote_beats_the_previous_speaker() -> None:
    text = ("„Die Zusammenarbeit mit Kasachstan wächst jedes Jahr“, sagte Iwan Petrow.\n"
            "Nurlan Abenow will die Beziehungen ausbauen. „Mit der Region pflegen unsere Firmen enge Kontakte.“")
    quotes = attribute(text, find_quote_spans(text, [(0, text.index("\n")), (text.index("\n") + 1, len(text))]),
                       [person("Iwan Petrow", text), person("Nurlan Abenow", text)], [])
    assert [q.speaker for q in quotes] == ["Iwan Petrow", "Nurlan Abenow"]


def test_a_letter_is_quoted_for_its_author_not_its_addressee() -> None:
    text = ("Iwan Petrow hat dem Präsidenten Olaf Berg sein Beileid ausgesprochen. „Mit großem Schmerz haben "
            "wir die Nachricht erhalten“, heißt es im Schreiben an Olaf Berg.")
    quotes = attribute(text, find_quote_spans(text, [(0, len(text))]),
                       [person("Iwan Petrow", text), person("Olaf Berg", text)], [])
    assert [q.speaker for q in quotes] == ["Iwan Petrow"]
