"""Faster forms of patterns and helpers on the ingest path, each against the plain form it replaces: the same
matches (spans and groups) on the sample corpus and on random strings built from the characters each pattern
turns on, the same shingles, the same punctuation-run test, the same plain data."""
from __future__ import annotations

import dataclasses
import random
import re
from typing import Any

import pytest

from coopgraph import dates, minhash, resolve
from coopgraph.extract import _PUNCT_ONLY, _punct_run, partners
from coopgraph.query.types import Record
from coopgraph.resources import sample_corpus_path

# the plain forms: each opens with a lookbehind, so ``re`` tries it at every position of a text
PLAIN = {
    "NUMBER": r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?!\d)",
    "YEAR_IN_TEXT": r"(?<![\d.,/])(19[9]\d|20[0-3]\d)(?![\d.,]\d)",
    "HYPHEN_PAIR": r"(?<![\w-])([A-ZÄÖÜ][a-zäöüß]+)-([A-ZÄÖÜ][a-zäöüß]+)(?![\w-])",
    "PROPER_NAME": r"(?<=[a-zäöüß,;:] )([A-ZÄÖÜ][a-zäöüß]{3,}(?:-[A-ZÄÖÜ][a-zäöüß]+)?)",
}
FAST = {"NUMBER": resolve.NUMBER, "YEAR_IN_TEXT": dates.YEAR_IN_TEXT, "HYPHEN_PAIR": partners.HYPHEN_PAIR,
        "PROPER_NAME": resolve.PROPER_NAME}
ALPHABETS = {"NUMBER": "0123456789.,/ -a\n", "YEAR_IN_TEXT": "1290.,/ -a3\n", "HYPHEN_PAIR": "AaÄäBbß- _,.\n1",
             "PROPER_NAME": "aAäÄzZß,;: -.\n1"}


def _sample_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(sample_corpus_path().iterdir()) if p.is_file()]


def _random_texts(alphabet: str, n: int = 4000, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24))) for _ in range(n)]


def _matches(p: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | Any, ...]]]:
    return [(m.span(), m.groups()) for m in p.finditer(text)]


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_fast_pattern_matches_as_the_plain_form(name: str) -> None:
    plain, fast = re.compile(PLAIN[name]), FAST[name]
    texts = _sample_texts() + _random_texts(ALPHABETS[name])
    assert any(plain.search(t) for t in texts)  # the texts exercise the pattern
    for t in texts:
        assert _matches(fast, t) == _matches(plain, t), t
        assert fast.findall(t) == plain.findall(t), t


def test_number_and_year_edge_cases() -> None:
    n = resolve.NUMBER
    assert n.findall("1.200,5 Tonnen, 4,9 Prozent, 320 Busse") == ["1.200,5", "4,9", "320"]
    assert n.findall("x1.2345 a,5 .123 12345") == ["1", "12345"]  # "2345" follows a period, "5" a comma
    # "3.2024" and "/2021" follow a period and a slash; "20245" holds "2024" before its fifth digit
    assert dates.YEAR_IN_TEXT.findall("2024, 1999, 2040, 3.2024, /2021, 20245, 2023") == ["2024", "1999", "2024",
                                                                                          "2023"]


def _shingles_plain(text: str) -> list[bytes]:
    words = minhash._WORD.findall(text.lower())
    n = minhash.SHINGLE
    return [" ".join(words[i:i + n]).encode("utf-8") for i in range(max(1, len(words) - n + 1))]


def test_shingles_are_the_joined_runs_of_words() -> None:
    texts = _sample_texts() + ["", "Ein", "ein Wort", "drei Wörter hier", "genau vier Wörter hier",
                               "Fünf Wörter, mit Äpfeln und ß"] + _random_texts("ab Äß-\n", 500)
    for t in texts:
        assert minhash.shingles(t) == _shingles_plain(t), t


def _text_numbers_plain(text: str) -> list[str]:
    """The numbers of ``resolve.text_keys`` as it read them before: every match in turn, with its group."""
    numbers = set()
    for m in re.compile(PLAIN["NUMBER"]).finditer(text):
        raw = m.group(1).replace(".", "")
        if "," not in raw and (int(raw) < 10 or 1990 <= int(raw) <= 2035):
            continue
        numbers.add(raw)
    return sorted(numbers)


def test_text_keys_numbers_are_those_of_every_match() -> None:
    texts = _sample_texts() + _random_texts(ALPHABETS["NUMBER"]) + _random_texts("2019.,05 a", 2000)
    assert any(_text_numbers_plain(t) for t in texts)
    for t in texts:
        assert resolve.text_keys(t)[1] == _text_numbers_plain(t), t


def test_punctuation_run_test_is_the_plain_search() -> None:
    texts = _sample_texts() + ["", "======", "=====", "a_b_c_d", "______", ". \n\n „", '"""" ""', "((( (((",
                               "((((((", "…!?…!?", "abc   \n\n   def"] + _random_texts("=._ \n(a!", 3000)
    for t in texts:
        assert _punct_run(t) == (_PUNCT_ONLY.search(t) is not None), t


def _plain_reference(v: Any) -> Any:
    """What ``as_dict`` gave before its inline scalar test: one recursive call per value."""
    if isinstance(v, (str, int, float, type(None))):
        return v
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _plain_reference(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, dict):
        return {k: _plain_reference(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain_reference(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return sorted(_plain_reference(x) for x in v)
    return v


@dataclasses.dataclass(frozen=True)
class _Inner(Record):
    name: str
    flag: bool
    value: float | None


@dataclasses.dataclass(frozen=True)
class _Outer(Record):
    items: list[Any]
    by_key: dict[str, Any]
    pair: tuple[int, str]
    tags: frozenset[str]
    inner: _Inner
    count: int = 0


def test_as_dict_gives_the_plain_data_of_the_recursive_walk() -> None:
    class Tag(str):
        pass

    inner = _Inner("a", True, None)
    rec = _Outer(items=["x", 1, 2.5, None, True, inner, [inner, ("t", 1)], {"k": {3}}, Tag("sub")],
                 by_key={"i": inner, "n": 1, "b": False, "l": [1, {"z"}], "s": Tag("t")},
                 pair=(1, "b"), tags=frozenset({"b", "a"}), inner=inner, count=3)
    assert rec.as_dict() == _plain_reference(rec)
    assert rec.as_dict()["items"][5] == {"name": "a", "flag": True, "value": None}
    assert rec.as_dict()["tags"] == ["a", "b"]
