"""Per-token walks that extraction does once per article with per-word judgements cached for the process:
each gives what the plain walk over the tokens gives. Pinned on the sample corpus and fixtures and on random
words (pronouns, role nouns and their compounds, acronyms, hyphens, apostrophes, digits)."""
from __future__ import annotations

import random
from pathlib import Path

from coopgraph.extract import make_doc
from coopgraph.extract.hits import Tok
from coopgraph.extract.person_roles import _is_cap, role_of_token
from coopgraph.extract.persons import PRONOUNS_M, PersonFinder
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
