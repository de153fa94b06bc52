"""Story pairs: mirrors and rewrites across outlets, and what must stay apart (texts written for these tests)."""
from __future__ import annotations

from coopgraph.resolve import StoryDoc, fingerprint, same_story, story_doc, text_keys


def doc(key: int, date: str | None, persons: list[str], partners: list[str], figures: list[tuple[float, str]],
        text: str) -> StoryDoc:
    return story_doc(key, f"h{key}", date, fingerprint(persons, partners, figures, text))


VISIT_A = ("Der Präsident von Belarus empfing am Mittwoch den Staatschef von Algerien, Abdelmadschid Tebboune, in "
           "Minsk. Die Seiten sprachen über Lieferungen von Traktoren aus Minsk, über eine Montage in Oran, über "
           "Phosphate aus Djebel Onk und über Weizen aus Tiaret. Auch Sonatrach und Belaruskali wollen kooperieren.")
VISIT_B = ("Algeriens Präsident Abdelmadjid Tebboune hat in Minsk Gespräche geführt. Nach Angaben aus Algier geht es "
           "um eine Traktorenmontage in Oran, um Phosphat aus Djebel Onk, um Getreide aus Tiaret sowie um Projekte "
           "von Sonatrach mit Belaruskali.")
OTHER = ("Der Präsident von Belarus sprach am Donnerstag mit dem Außenminister von Algerien, Ahmed Attaf, über "
         "Hochschulen in Annaba, über Stipendien in Constantine, über ein Kulturfestival in Tlemcen und über "
         "Fußball in Blida.")


def test_text_keys_fold_transliteration_and_skip_years_and_small_numbers() -> None:
    names, numbers = text_keys("Die Firma Sonatrach und der Gouverneur Alijew trafen sich 2024 mit 3 Gästen. "
                               "Der Umsatz stieg um 4,9 Prozent auf 1.200 Tonnen.")
    assert "sonatrah" in names and "aliev" in names
    assert set(numbers) == {"4,9", "1200"}


def test_rewrite_in_other_words_with_transliterated_names() -> None:
    a = doc(1, "2025-12-03", ["Abdelmadschid Tebboune"], ["BY", "DZ"], [], VISIT_A)
    b = doc(2, "2025-12-04", ["Abdelmadjid Tebboune"], ["BY", "DZ"], [], VISIT_B)
    got = same_story(a, b, 0.02)
    assert got is not None and got[0] == "rewrite-names"
    assert same_story(b, a, 0.02) == got  # symmetric


def test_same_partner_different_story_stays_apart() -> None:
    a = doc(1, "2025-12-03", ["Abdelmadschid Tebboune"], ["BY", "DZ"], [], VISIT_A)
    c = doc(3, "2025-12-04", ["Ahmed Attaf"], ["BY", "DZ"], [], OTHER)
    assert same_story(a, c, 0.02) is None


def test_rewrite_far_apart_in_time_is_a_new_story() -> None:
    a = doc(1, "2025-12-03", ["Abdelmadschid Tebboune"], ["BY", "DZ"], [], VISIT_A)
    b = doc(2, "2026-03-04", ["Abdelmadjid Tebboune"], ["BY", "DZ"], [], VISIT_B)
    assert same_story(a, b, 0.02) is None


def test_undated_excerpt_sharing_a_person_and_its_figures() -> None:
    a = doc(1, "2018-02-05", ["Leonid Sajaz"], ["BY"], [(15.0, "percent"), (4.9e9, "USD")],
            "Die Agrarexporte wuchsen um 15 Prozent auf 4,9 Milliarden Dollar, sagte Leonid Sajaz.")
    b = doc(2, None, ["Leonid Sajaz"], ["BY", "RU"], [(15.0, "percent")],
            "Laut Minister Leonid Sajaz stiegen die Ausfuhren um 15 Prozent auf 4,9 Mrd. US-Dollar.")
    got = same_story(a, b, 0.0)
    assert got is not None and got[0] == "rewrite-figures"
    c = doc(3, None, ["Leonid Sajaz"], ["BY"], [(15.0, "percent")],
            "Leonid Sajaz meldete 15 Prozent mehr Milch und 12 Prozent mehr Getreide.")
    assert same_story(a, c, 0.0) is None  # one shared number is no story


def test_fingerprint_without_text_keeps_the_old_keys() -> None:
    fp = fingerprint(["Iwan Petrow"], ["BY"], [(1.0, "percent")])
    assert set(fp) == {"persons", "partners", "figures"}
    d = story_doc(1, "h", None, fp)
    assert d.names == frozenset() and d.numbers == frozenset()
