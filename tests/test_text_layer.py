"""The shared text layer (coopgraph.extract.text): its span and position look-ups answer exactly what a scan
over all spans would, including empty, nested and overlapping spans."""
from __future__ import annotations

import random

from coopgraph.extract.text import Positions, Spans


def _scan(spans: list[tuple[int, int]], a: int, b: int) -> tuple[bool, bool, bool]:
    return (any(s <= a < e for s, e in spans), any(s <= a and b <= e for s, e in spans),
            any(s < b and a < e for s, e in spans))


def test_spans_agree_with_a_scan_on_random_spans() -> None:
    rnd = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rnd.randint(0, 8)):
            s = rnd.randint(0, 40)
            spans.append((s, s + rnd.randint(0, 12)))
        index = Spans(spans)
        for a in range(-2, 55):
            for b in (a, a + 1, a + 3, a + 9):
                assert (index.covers(a), index.contains(a, b), index.overlaps(a, b)) == _scan(spans, a, b), \
                    (spans, a, b)


def test_spans_of_nothing_answer_no() -> None:
    index = Spans([])
    assert not index and not index.covers(0) and not index.contains(0, 0) and not index.overlaps(0, 5)


def test_positions_find_the_sentence_of_an_offset() -> None:
    sents = Positions([(0, 10), (12, 20), (20, 31)])
    assert [sents.index(p) for p in (0, 9, 10, 11, 12, 19, 20, 30, 31, -1)] == [0, 0, -1, -1, 1, 1, 2, 2, -1, -1]
    assert sents.span(15) == (12, 20) and sents.span(11) is None


def test_positions_of_overlapping_spans_take_the_first_that_holds_the_offset() -> None:
    sents = Positions([(0, 10), (5, 20), (3, 4)])
    assert [sents.index(p) for p in (3, 7, 12, 25)] == [0, 0, 1, -1]


def test_word_edges_of_the_figure_scan_agree_with_a_walk() -> None:
    from coopgraph.extract.figure_text import _Words

    rnd = random.Random(5)
    for _ in range(500):
        text = "".join(rnd.choice("ab_ 1.é-") for _ in range(rnd.randint(0, 40)))
        words, n = _Words(text), len(text)
        for p in range(n + 1):
            ws = p
            while ws > 0 and text[ws - 1].isalnum():
                ws -= 1
            we = p
            while we < n and text[we].isalnum():
                we += 1
            assert (words.left(p), words.right(p)) == (ws, we), (text, p)


# --- the one implementation of each text operation --------------------------------------------------------

def test_every_module_uses_the_text_layers_operations_not_a_copy() -> None:
    from coopgraph import eval_match, resolve
    from coopgraph.extract import names, orgs, persons, sectors, sentences, text

    assert sentences.split_sentences is text.split_sentences
    assert names.name_key is text.name_key is persons.name_key is resolve.name_key
    assert names.fold_word is text.fold_word is persons.fold_word
    assert eval_match.fold is text.fold and eval_match.strip_genitive is text.strip_genitive
    assert sectors.fold_case is text.fold_case
    assert orgs.token_spans is text.token_spans


def test_sentences_end_at_a_period_unless_it_closes_an_abbreviation_a_day_or_an_initial() -> None:
    from coopgraph.extract.text import split_sentences

    text = ("Prof. Dr. Iwanow kam am 5. Mai nach Minsk. Der Umsatz stieg um ca. 5 Mio. Euro, u.a. bei Traktoren. "
            "„Wir sind bereit.“ Danach sprach A. Petrow.\n\nNeuer Absatz ohne Punkt")
    sents = [text[s:e] for s, e in split_sentences(text)]
    assert sents == ["Prof. Dr. Iwanow kam am 5. Mai nach Minsk.", "Der Umsatz stieg um ca. 5 Mio. Euro, u.a. bei Traktoren.",
                     "„Wir sind bereit.“", "Danach sprach A. Petrow.", "Neuer Absatz ohne Punkt"]
    assert split_sentences("  Ein Satz. Zwei Sätze.  ", 0, 12) == [(2, 11)]  # trimmed, inside the bounds


def test_tokens_keep_hyphenated_and_dotted_words_whole() -> None:
    from coopgraph.extract.text import token_spans

    text = "Die Industrie- und Handelskammer, Bremino-Orscha und PT S.A (O’Neil)."
    assert [text[s:e] for s, e in token_spans(text)] == [
        "Die", "Industrie-", "und", "Handelskammer", ",", "Bremino-Orscha", "und", "PT", "S.A", "(", "O’Neil", ")", "."]


def test_name_folding_joins_transliterations_and_nothing_else() -> None:
    from coopgraph.extract.text import fold_word, name_key

    assert name_key("Alexander Lukaschenko") == name_key("Alexander Lukashenko") == "alexander lukashenko"
    assert name_key("Aleksandr Lukashenko") != name_key("Alexander Lukaschenko")  # given names: given_names.jsonl
    assert fold_word("Minnichanow") == fold_word("Minnikhanov") and fold_word("Sergej") == fold_word("Sergei")
    assert name_key("Rustam Minnichanow") != name_key("Rustam Minnullin")
    assert name_key("Nordossetien-Alanien") == "nordosetien alanien"  # hyphen splits, doubled letters fold


def test_the_other_folds_keep_their_own_contracts() -> None:
    from coopgraph.extract.text import fold, fold_case, slug

    assert fold("Weißrussland") == "weissrussland" and fold("Präsident") == "prasident" and fold("Łódź") == "lodz"
    assert fold_case("İzmir und Minsk") == "izmir und minsk"  # one character per character: offsets hold
    assert "İzmir".lower() != "izmir" and fold_case("ABC") == "abc"
    assert slug("Gebiet Nischni Nowgorod") == "gebiet_nischni_nowgorod" and slug("Müller’s Öl") == "muellers_oel"


def test_inflection_helpers() -> None:
    from coopgraph.extract.text import genitive_stems, strip_ending, strip_genitive

    assert genitive_stems("Gouverneurs") == ["Gouverneur"] and genitive_stems("Rates") == ["Rat", "Rate"]
    assert genitive_stems("Minister") == []
    assert [strip_ending(w) for w in ("kommission", "belarussischen", "rates", "werk")] == \
        ["kommission", "belarussisch", "rat", "werk"]
    assert [strip_genitive(w) for w in ("gouverneurs", "belarus", "russe", "gus")] == \
        ["gouverneur", "belarus", "russ", "gus"]
