"""Walks over an article that extraction shortens: per-token judgements cached for the process (PersonFinder),
sentences scanned for a slow pattern only where a literal it starts with lies (figures' scale stops). Each
gives what the plain walk gives, pinned on the sample corpus and fixtures and on random texts."""
from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

from coopgraph.extract import make_doc
from coopgraph.extract.figure_text import split_at_scale_stops
from coopgraph.extract.hits import Tok
from coopgraph.extract.person_roles import _is_cap, role_of_token
from coopgraph.extract.persons import PRONOUNS_M, PersonFinder
from coopgraph.extract.text import split_sentences
from coopgraph.resources import sample_corpus_path


def _texts() -> list[str]:
    paths = sorted(sample_corpus_path().iterdir())
    paths += sorted((Path(__file__).parent / "fixtures" / "articles").rglob("*"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths if p.is_file()]


def _random_text(rnd: random.Random) -> str:
    words = ["er", "Er", "ihm", "Ihn", "sein", "Minister", "Industrieminister", "Vizepremierministers", "Gouverneurs",
             "Botschafter", "Lukaschenko", "Nordossetien-Alanien", "Sadık", "O'Neill", "BelAZ", "MTZ", "-Minsk",
             "Ex--Chef", "der", "Präsident", "Präsidenten", "Haus", "haus", "2024", "A", "Ä", "İstanbul", "ÖL",
             "d’Artagnan", "Vize-Premier", "minister", "Er's", "Ministerin"]
    return " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 40)))


def _toks(text: str) -> list[Tok]:
    return [Tok(t.text, t.idx, t.idx + len(t.text), t.i) for t in make_doc(text)]


def test_person_finder_token_walk_matches_the_plain_walks() -> None:
    rnd = random.Random(11)
    texts = _texts() + [_random_text(rnd) for _ in range(500)]
    roles = 0
    for text in texts:
        toks = _toks(text)
        finder = PersonFinder(text, toks, [], [], [(0, len(text))])
        cued = [k for k, t in enumerate(toks) if t.text[:1].isupper() or t.text in PRONOUNS_M]
        assert finder._cued == cued, text
        assert finder._caps == [k for k, t in enumerate(toks) if _is_cap(t.text)], text
        plain_roles = [k for k in cued if toks[k].text[:1].isupper() and role_of_token(toks[k].text)]
        assert finder._role_positions == plain_roles, text
        roles += len(plain_roles)
    assert roles > 100


def _random_figure_text(rnd: random.Random) -> str:
    words = ["$53", "Mrd.", "Mio.", "Tsd.", "Mlrd.", "Mld.", "xMrd.", "Mrd", "Im", "Die", "laufenden", "Jahr", "Belarus",
             "Export", "12,5", "Dollar.", "Mehr", "im", "Deshalb", "Innerhalb", "Imker"]
    seps = [" ", " ", "  ", "\n", ". ", ""]
    return "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 30)))


def test_scale_stop_prefilter_matches_the_scan_of_every_sentence() -> None:
    rnd = random.Random(12)
    cases = [(text, split_sentences(text)) for text in _texts()]
    for _ in range(3000):
        text = _random_figure_text(rnd)
        cuts = sorted({0, len(text), *(rnd.randint(0, len(text)) for _ in range(rnd.randint(0, 6)))})
        cases.append((text, [(a, b) for a, b in pairwise(cuts) if a < b]))
    cut = 0
    for text, sents in cases:
        plain = split_at_scale_stops(text, sents, prefilter=False)
        assert split_at_scale_stops(text, sents) == plain, (text, sents)
        cut += len(plain) - len(sents)
    assert cut > 100


def _random_partner_text(rnd: random.Random) -> str:
    words = ["Gebiete", "Gebieten", "Regionen", "Oblaste", "Oblasten", "Provinzen", "Republiken", "Städte", "Städten",
             "xGebiete", "zwischen", "Zwischen", "unseren", "beiden", "den", "Ländern", "Staaten", "Kaluga", "und", "in",
             "zwischen unseren Ländern", "zwischen den  beiden\nStaaten", "Zwischen beiden Staaten", "zwischen\nbeiden Ländern"]
    return "".join(rnd.choice(words) + rnd.choice([" ", "  ", "\n", ", ", ""]) for _ in range(rnd.randint(1, 12)))


def test_partner_scans_run_on_every_text_they_can_match() -> None:
    """refine_place_hits scans for PLURAL_HEAD only in a text holding one of PLURAL_HEADS, find_partners for
    OUR_COUNTRIES only in one holding "zwischen": every text either pattern matches holds them (a skipped
    scan would have found nothing)."""
    from coopgraph.extract.partners import OUR_COUNTRIES, PLURAL_HEAD, PLURAL_HEADS

    rnd = random.Random(13)
    texts = _texts() + [_random_partner_text(rnd) for _ in range(4000)]
    heads = ours = 0
    for text in texts:
        if PLURAL_HEAD.search(text):
            heads += 1
            assert any(w in text for w in PLURAL_HEADS), text
        if OUR_COUNTRIES.search(text):
            ours += 1
            assert "zwischen" in text, text
    assert heads > 100 and ours > 20


def _random_sentences(rnd: random.Random) -> str:
    words = ["Die", "z.B.", "5.", "Mai", "a.", "Nr.", "Mrd.", "Er", "sagte:", "„Gut.“", "Gut!", "Warum?", "Ende…", "„Ja",
             "(Minsk)", "Ä", "ok.", "2024.", "ca.", "usw.", "»So«", "x", "Ok?!", "'Zitat.'", "12."]
    seps = [" ", " ", "  ", "\n", "\n\n", "\n\n\n", ". ", "", "\t", ".\n\n"]
    return "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 30)))


def test_sentence_split_matches_the_lookbehind_scan() -> None:
    rnd = random.Random(14)
    texts = _texts() + [_random_sentences(rnd) for _ in range(4000)]
    bounds = 0
    for text in texts:
        ranges = [(0, None)] + [tuple(sorted((rnd.randint(0, len(text)), rnd.randint(0, len(text))))) for _ in range(3)]
        for start, end in ranges:
            plain = split_sentences(text, start, end, plain=True)
            assert split_sentences(text, start, end) == plain, (text, start, end)
            bounds += len(plain)
    assert bounds > 10_000


def test_acronym_pattern_finds_what_its_lookbehind_led_form_finds() -> None:
    """data/org_patterns.jsonl's acronym pattern checks what precedes an acronym after its first capital; the
    lookbehind-led form it replaces must find the same acronyms."""
    import re

    from coopgraph.extract import lexicon

    led = re.compile(r"(?<![\w-])(?P<a>[A-ZÄÖÜ]{2,7}(?:-[A-ZÄÖÜ]+)?)(?:s)?(?![\w-])")
    rnd = random.Random(15)
    parts = ["MAZ", "MAZs", "BelAZ", "EU", "A", "ÄÖÜ", "ABCDEFGHI", "GUS-", "-ÖL", "x", "1", "_", "-", " ", " ", "\n",
             "Minsk", "EAWU-Staaten", "ABCDEFGs", "(UN)", "„OAO“"]
    texts = _texts() + ["".join(rnd.choice(parts) for _ in range(rnd.randint(1, 20))) for _ in range(5000)]
    found = 0
    for text in texts:
        new = [(m.span(), m.span("a")) for m in lexicon.org_patterns()["acronym"].finditer(text)]
        assert new == [(m.span(), m.span("a")) for m in led.finditer(text)], text
        found += len(new)
    assert found > 1000
