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
