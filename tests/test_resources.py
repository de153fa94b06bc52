"""Data files are validated once, at load: a broken row names its file, line and the fix."""
from __future__ import annotations

import pytest

from coopgraph.errors import DataError
from coopgraph.resources import parse_rows


def test_valid_rows_parse() -> None:
    assert parse_rows(['{"id": "a", "x": 1}', "", '{"id": "b"}'], "t.jsonl") == [{"id": "a", "x": 1}, {"id": "b"}]


@pytest.mark.parametrize("lines, message", [
    (['{"id": "a"}', '{"id": "b",'], "t.jsonl:2: not JSON"),
    (['["id", "a"]'], "t.jsonl:1: expected a JSON object, got list"),
    (['{"name": "x"}'], "t.jsonl:1: row without a string id"),
    (['{"id": 7}'], "t.jsonl:1: row without a string id"),
    (['{"id": "a"}', '', '{"id": "a"}'], "t.jsonl:3: id 'a' already used on line 1"),
])
def test_broken_rows_name_file_line_and_fix(lines: list[str], message: str) -> None:
    with pytest.raises(DataError) as info:
        parse_rows(lines, "t.jsonl")
    assert str(info.value).startswith(message) and "fix or remove that line" in str(info.value)


def test_a_broken_data_file_stops_the_run_once_instead_of_rejecting_every_article(monkeypatch) -> None:
    from coopgraph.extract import lexicon
    from coopgraph.models import RawDoc
    from coopgraph.pipeline import process

    def broken() -> None:
        raise DataError("places.jsonl:7: not JSON", "fix or remove that line")

    monkeypatch.setattr(lexicon, "places", broken)
    raw = RawDoc(id="x", source="x.txt", fmt="text",
                 content="MINSK, 3. März (BelTA) - Belarus und Kasachstan bauen die Zusammenarbeit aus.")
    with pytest.raises(DataError, match="places.jsonl:7"):
        process(raw)
