"""RawDoc -> Article: boilerplate out, repeated paragraphs once, exact offsets, title/dateline/body, language."""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from coopgraph.clean import PARAGRAPH_SEP, clean, credited_agency, detect_language
from coopgraph.errors import NoArticle
from coopgraph.ingest import iter_documents
from coopgraph.models import Article, RawDoc
from coopgraph.settings import Settings

# Characters cleaning may write in place of a raw one: a whitespace run becomes one space,
# a rare double-quote look-alike becomes '"'.
QUOTE_LOOKALIKES = '"″＂〃‟〝〞'

# Lines of page furniture: none of them may survive in a clean text.
BOILERPLATE_LINE = re.compile(
    r"^(Projekte|Staatsorgane|Regionen|Wirtschaft|Alle Nachrichten|Abonnieren Sie uns auf.*|"
    r"Letzte Nachrichten aus Belarus|Twitter|X|Telegram|flag .*|Foto: .*|!\[[^\]]*\]\([^)]*\))$")


def raw(text: str, fmt: str = "text", doc_id: str = "t.txt", **kw) -> RawDoc:  # type: ignore[no-untyped-def]
    return RawDoc(id=doc_id, source=doc_id, fmt=fmt, content=text, **kw)


def articles_of(*paths: Path) -> list[Article]:
    out = []
    for item in iter_documents([str(p) for p in paths], Settings()):
        assert isinstance(item, RawDoc), item
        out.append(clean(item))
    return out


def assert_offsets_round_trip(a: Article) -> None:
    """Every character of the clean text maps to its raw character, except the inserted separators."""
    separators = {i for (_, end), (start, _) in zip(a.paragraphs, a.paragraphs[1:]) for i in range(end, start)}
    for i, ch in enumerate(a.text):
        if i in separators:
            with pytest.raises(IndexError):
                a.raw_offset(i)
            continue
        r = a.raw_offset(i)
        got = a.raw_text[r]
        if ch == " ":
            assert got.isspace(), (a.id, i, got)
        elif ch == '"':
            assert got in QUOTE_LOOKALIKES, (a.id, i, got)
        else:
            assert got == ch, (a.id, i, ch, got)
    # Each paragraph is one span of the text; the separators are exactly PARAGRAPH_SEP.
    for (s, e), (s2, _) in zip(a.paragraphs, a.paragraphs[1:]):
        assert a.text[e:s2] == PARAGRAPH_SEP
    assert a.paragraphs[0][0] == 0 and a.paragraphs[-1][1] == len(a.text)


def assert_no_boilerplate(a: Article) -> None:
    for line in a.text.split("\n"):
        assert not BOILERPLATE_LINE.match(line.strip()), (a.id, line)
    assert "Abonnieren Sie uns auf" not in a.text
    assert "![" not in a.text


# -- page furniture -----------------------------------------------------------------------------
def test_page_boilerplate_is_dropped(fixtures_dir: Path) -> None:
    (a,) = articles_of(fixtures_dir / "articles" / "mogiljow_kaluga_page.txt")
    assert_no_boilerplate(a)
    assert a.title == "Gebiet Mogiljow und Region Kaluga wollen Lieferungen von Aufzügen ausweiten"
    assert a.text.startswith("MOGILJOW, 3. März (BelTA) - Das Gebiet Mogiljow")
    assert a.text.endswith("eine Unternehmermission nach Kaluga zu schicken.")
    assert len(a.paragraphs) == 3
    assert a.removed["nav"] >= 5 and a.removed["render_date"] == 1 and a.removed["header_date"] == 1
    assert a.removed["credit"] == 2 and a.removed["image"] == 1 and a.removed["footer"] == 1
    # The flag line (14 April 2025) is the render date; the header gives the article date.
    assert (a.date, a.date_partial) == ("2025-03-03", "--03-03")
    assert (a.dateline_place, a.agency) == ("Mogiljow", "BelTA")
    assert a.text[a.dateline_span[0]:a.dateline_span[1]] == "MOGILJOW, 3. März (BelTA) -"


def test_render_date_without_header_is_not_the_date() -> None:
    text = ("Projekte\nflag Freitag, 5 Juli 2024\nAlle Nachrichten\n\n"
            "MINSK, 28. Oktober (BelTA) - Belarus und Kasachstan wollen gemeinsam Kabinen für Traktoren bauen. "
            "Das vereinbarten die Regierungschefs bei einem Treffen in Astana.\n")
    a = clean(raw(text))
    assert (a.date, a.date_partial) == (None, "--10-28")
    assert "flag" not in a.text and a.removed["render_date"] == 1


def test_footer_cuts_everything_after_it() -> None:
    text = ("MINSK, 5. Mai (BelTA) - Belarus und Serbien wollen Trolleybusse gemeinsam bauen. Das wurde "
            "in Belgrad vereinbart, teilte das Industrieministerium mit.\n"
            "Abonnieren Sie uns auf\nTelegram\nLetzte Nachrichten aus Belarus\n"
            "Ein anderer Artikel über Milchprodukte aus Gomel, der nicht mehr dazugehört und lang genug ist.\n")
    a = clean(raw(text))
    assert "Milchprodukte" not in a.text and "Telegram" not in a.text


def test_repeated_paragraphs_are_stored_once(fixtures_dir: Path) -> None:
    (a,) = articles_of(fixtures_dir / "articles" / "minsk_usbekistan_repeated.txt")
    assert a.text.count("Das Montagewerk in Andijan soll künftig") == 1
    assert a.text.count("ein verlässlicher Partner") == 1
    assert a.removed["repeated_paragraph"] == 2
    assert len(a.paragraphs) == 3
    assert a.date == "2024-06-11"  # image path and timestamp


def test_short_repeated_lines_are_kept() -> None:
    text = ("MINSK, 5. Mai (BelTA) - Belarus und Vietnam wollen mehr Lastwagen in Hanoi montieren, "
            "sagte der Minister.\nJa.\nDie Gespräche gehen im Herbst weiter, hieß es aus dem Ministerium.\nJa.")
    assert clean(raw(text)).text.count("Ja.") == 2


# -- normalization and the offset map --------------------------------------------------------------
MESSY = (
    "  MINSK,\t5. Mai (BelTA) -  Belarus\u00a0und   Vietnam wollen die Mon\u00adtage\u200b von Lastwagen\r\n"
    "ausbauen, und zwar schon in diesem Herbst.\r\n"
    "\r\n"
    "Der Minister sagte: ″Wir sind bereit″, und nannte „konkrete Schritte“ für   die Zusammenarbeit.\u2028"
    "Weitere Gespräche folgen im Juni.\r\n"
)


def test_whitespace_and_quotes_are_normalized() -> None:
    a = clean(raw(MESSY))
    assert a.text == (
        "MINSK, 5. Mai (BelTA) - Belarus und Vietnam wollen die Montage von Lastwagen "
        "ausbauen, und zwar schon in diesem Herbst.\n\n"
        'Der Minister sagte: "Wir sind bereit", und nannte „konkrete Schritte“ für die Zusammenarbeit.\n\n'
        "Weitere Gespräche folgen im Juni."
    )
    assert_offsets_round_trip(a)


def test_offsets_are_exact_for_every_fixture_article(articles_dir: Path) -> None:
    for a in articles_of(articles_dir):
        assert_offsets_round_trip(a)
        # The offset runs never overlap and stay inside the raw text.
        runs = sorted(a.offset_map)
        for (c1, r1, n1), (c2, _, _) in itertools.pairwise(runs):
            assert c1 + n1 <= c2
        assert all(0 <= r and r + n <= len(a.raw_text) for _, r, n in runs)


def test_raw_offset_out_of_range() -> None:
    a = clean(raw(MESSY))
    with pytest.raises(IndexError):
        a.raw_offset(len(a.text) + 5)


def test_hard_wrapped_prose_is_joined_into_one_paragraph() -> None:
    # A long line without closing punctuation, continued by a line that starts in lower case.
    text = ("MINSK, 5. Mai (BelTA) - Belarus und Vietnam wollen die Montage von Lastwagen in\n"
            "der Stadt Hanoi gemeinsam ausbauen, teilte das Industrieministerium am Abend mit.\n"
            "Neuer Absatz über Kipper für den Bergbau, die ebenfalls montiert werden sollen.")
    a = clean(raw(text))
    assert len(a.paragraphs) == 2
    assert "Lastwagen in der Stadt Hanoi" in a.text
    assert_offsets_round_trip(a)


# -- title, dateline, body ------------------------------------------------------------------------
def test_title_without_dateline() -> None:
    text = ("Belarus und Simbabwe bauen Traktorenmontage aus\n\n"
            "Belarus will in Simbabwe mehr Traktoren montieren. Das teilte das Industrieministerium in Minsk mit.\n\n"
            "Die ersten Maschinen sollen im Herbst vom Band laufen.")
    a = clean(raw(text))
    assert a.title == "Belarus und Simbabwe bauen Traktorenmontage aus"
    assert a.text.startswith("Belarus will in Simbabwe")
    assert a.dateline_place is None and a.dateline_span is None


def test_title_repeated_as_first_paragraph_is_dropped() -> None:
    html = ("<html><head><title>Belarus liefert Busse nach Kuba</title></head><body><article>"
            "<p>Belarus liefert Busse nach Kuba</p>"
            "<p>HAVANNA, 3. Juli (BelTA) - Belarus wird in diesem Jahr weitere Stadtbusse nach Kuba liefern. "
            "Das teilte der Hersteller nach einem Treffen im Verkehrsministerium in Havanna mit.</p>"
            "</article></body></html>")
    a = clean(raw(html, fmt="html", doc_id="kuba.html"))
    assert a.title == "Belarus liefert Busse nach Kuba"
    assert a.text.startswith("HAVANNA, 3. Juli (BelTA) -")


def test_html_page_main_text_and_metadata(fixtures_dir: Path) -> None:
    (a,) = articles_of(fixtures_dir / "articles" / "witebsk_wologda.html")
    assert a.title == "Gebiet Witebsk liefert mehr Flachsprodukte nach Wologda"
    assert a.url == ("https://deu.belta.by/regions/view/"
                     "gebiet-witebsk-liefert-mehr-flachsprodukte-nach-wologda-2024-4711/")
    assert a.text.startswith("WITEBSK, 19. November (BelTA) -")
    assert "Startseite" not in a.text and "Alle Rechte vorbehalten" not in a.text
    assert (a.date, a.date_partial, a.agency) == ("2024-11-19", "--11-19", "BelTA")
    assert_offsets_round_trip(a)


def test_html_without_article_is_no_article() -> None:
    with pytest.raises(NoArticle) as err:
        clean(raw("<html><body><nav><a href='/'>Startseite</a></nav></body></html>", fmt="html"))
    assert err.value.stage == "clean" and "no article text" in str(err.value)


def test_page_furniture_only_is_no_article() -> None:
    with pytest.raises(NoArticle):
        clean(raw("Projekte\nStaatsorgane\nAlle Nachrichten\nWirtschaft\n28 Oktober 2022, 09:38\n"))


@pytest.mark.parametrize("text, url, agency", [
    ("Belarus und Laos wollen Traktoren montieren, hieß es in Vientiane.\nQuelle: BelTA\n", None, "BelTA"),
    ("Belarus und Laos wollen Traktoren montieren. Mehr auf www.belta.by und bei den Partnern.", None, "BelTA"),
    ("Belarus und Laos wollen Traktoren montieren, hieß es in Vientiane nach dem Treffen.",
     "https://deu.belta.by/economics/view/laos-2024-1/", "BelTA"),
    ("Belarus und Laos wollen Traktoren montieren, hieß es in Vientiane nach dem Treffen.", None, None),
])
def test_agency_credit(text: str, url: str | None, agency: str | None) -> None:
    assert clean(raw(text, url=url)).agency == agency


def test_credit_line_is_not_body_text() -> None:
    a = clean(raw("Belarus und Laos wollen Traktoren montieren, hieß es in Vientiane.\nQuelle: BelTA\n"))
    assert "Quelle" not in a.text and a.agency == "BelTA"


def test_credited_agency_needs_a_whole_word() -> None:
    assert credited_agency("Mehr unter notbelta.byzantium.example", None) is None


# -- language -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, lang", [
    ("Belarus und Kasachstan wollen die Zusammenarbeit in der Industrie weiter ausbauen.", "de"),
    ("Belarus and Kazakhstan want to expand their cooperation in industry and agriculture.", "en"),
    ("Беларусь и Казахстан намерены расширять сотрудничество в промышленности.", "ru"),
])
def test_language(text: str, lang: str) -> None:
    got, score = detect_language(text)
    assert got == lang and 0 < score <= 1


def test_language_of_too_short_text_is_unknown() -> None:
    assert detect_language("Minsk") == (None, None)


def test_legacy_encoded_article_is_cleaned(formats_dir: Path) -> None:
    a, b = articles_of(formats_dir / "kasan_cp1251.txt", formats_dir / "mozyr_latin1.txt")
    assert (a.language, a.encoding) == ("ru", "cp1251")
    assert b.language == "de" and b.dateline_place == "Mozyr"
    assert "Größere Mengen" in b.text


# -- the real seeds and the bundled sample corpus -------------------------------------------------
def test_seed_000_paragraphs_once(seeds_dir: Path) -> None:
    (a,) = articles_of(next(seeds_dir.glob("000_*.txt")))
    paragraphs = [a.text[s:e] for s, e in a.paragraphs]
    assert len(paragraphs) == len(set(paragraphs))
    raw_lines = [line.strip() for line in a.raw_text.splitlines()
                 if len(line.strip()) > 80 and not BOILERPLATE_LINE.match(line.strip())]
    assert len(raw_lines) > len(set(raw_lines)), "seed 000 should contain repeated paragraphs"
    for line in set(raw_lines):
        assert a.text.count(line) == 1


def test_no_boilerplate_survives_in_the_seeds(seeds_dir: Path) -> None:
    for a in articles_of(seeds_dir):
        assert_no_boilerplate(a)


def test_seed_offsets_round_trip(seeds_dir: Path) -> None:
    for a in articles_of(seeds_dir):
        assert_offsets_round_trip(a)


def test_sample_corpus_cleans_without_boilerplate_and_offsets_round_trip(sample_dir: Path) -> None:
    articles = articles_of(sample_dir)
    assert len(articles) >= 20
    for a in articles:
        assert_no_boilerplate(a)
        assert_offsets_round_trip(a)
        assert a.language == "de"


def test_a_lone_surrogate_in_a_rawdoc_built_by_a_caller_becomes_a_replacement_character() -> None:
    text = ("MINSK, 3. Mai (BelTA) - Belarus und Kuba wollen die Montage von Bussen in Havanna ausbauen\ud800, "
            "teilte das Industrieministerium mit.")
    art = clean(RawDoc(id="s", source="s", fmt="text", content=text))
    assert "ausbauen\ufffd," in art.text and "\ud800" not in art.raw_text
    art.text.encode("utf-8")  # storable
