"""Packaged data files (gazetteers, rule patterns, sample corpus), loaded and validated once.

Every ``data/*.jsonl`` row is a JSON object with a unique string ``id``. A file named in ``data/schemas.jsonl``
is checked further at load: the keys every row needs (``required``, and ``required_by`` its ``by`` key, "*" for
any other value), the keys that hold a regex (they must compile), the keys that hold a list of strings
(``lists``) and the values a key may take (``values``). A broken row stops the run with one line that names
the file, the line and the fix (DataError), before any article is read with it."""
from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DataError

SCHEMAS = "schemas.jsonl"
_HINT = "fix or remove that line: one JSON object per line, each with a unique string \"id\""


def data_path(name: str = "") -> Path:
    base = Path(str(resources.files("coopgraph") / "data"))
    return base / name if name else base


def sample_corpus_path() -> Path:
    return data_path("sample")


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Rows of ``data/<name>``, validated once (see the module docstring). A missing file is an empty table
    (data may be optional)."""
    path = data_path(name)
    if not path.is_file():
        return ()
    return tuple(read_rows(path, schema(name)))


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """The schema rows of ``data/schemas.jsonl`` by the file they describe."""
    path = data_path(SCHEMAS)
    if not path.is_file():
        return {}
    rows = read_rows(path, None)
    for lineno, row in _numbered(path, rows):
        unknown = set(row) - {"id", "note", "required", "regex", "lists", "by", "required_by", "values"}
        if unknown:
            raise DataError(f"{path}:{lineno}: unknown schema keys {sorted(unknown)}",
                            "use required, regex, lists, by, required_by, values")
    return {r["id"]: r for r in rows}


def schema(name: str) -> dict[str, Any] | None:
    return None if name == SCHEMAS else schemas().get(name)


def read_rows(path: Path, rules: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The rows of one JSONL file, checked as ``parse_rows`` does and against ``rules`` (a schema row)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read ({exc})", "restore the file from the repository") from exc
    return parse_rows(text.splitlines(), str(path), rules)


def parse_rows(lines: list[str], where: str, rules: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{where}:{lineno}: not JSON ({exc.msg})", _HINT) from exc
        if not isinstance(row, dict):
            raise DataError(f"{where}:{lineno}: expected a JSON object, got {type(row).__name__}", _HINT)
        rid = row.get("id")
        if not isinstance(rid, str) or not rid:
            raise DataError(f"{where}:{lineno}: row without a string id", _HINT)
        if rid in seen:
            raise DataError(f"{where}:{lineno}: id {rid!r} already used on line {seen[rid]}", _HINT)
        seen[rid] = lineno
        if rules is not None:
            check_row(row, rules, f"{where}:{lineno}")
        rows.append(row)
    return rows


def check_row(row: dict[str, Any], rules: dict[str, Any], where: str) -> None:
    """Raise DataError (``where`` is "file:line") when ``row`` breaks its file's schema."""
    rid = row["id"]
    need = list(rules.get("required", ()))
    by = rules.get("by")
    if by is not None:
        per = rules.get("required_by", {})
        need += per.get(row.get(by), per.get("*", []))
    for key in need:
        if row.get(key) is None:
            raise DataError(f"{where}: row {rid!r} has no {key!r}",
                            f"add \"{key}\" to that row (every such row needs {', '.join(need)})")
    for key, allowed in rules.get("values", {}).items():
        if key in row and row[key] not in allowed:
            raise DataError(f"{where}: row {rid!r}: {key} {row[key]!r} is not one of {allowed}",
                            f"use one of those values or add the new one to {SCHEMAS} and to the code that reads it")
    for key in rules.get("lists", ()):
        value = row.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise DataError(f"{where}: row {rid!r}: {key} is not a list of strings", f"write {key} as [\"...\", ...]")
    for key in rules.get("regex", ()):
        value = row.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise DataError(f"{where}: row {rid!r}: {key} is not a string", f"write {key} as a regex string")
        try:
            re.compile(value)
        except re.error as exc:
            raise DataError(f"{where}: row {rid!r}: {key} is not a valid regex ({exc})",
                            "fix the pattern (JSON strings need doubled backslashes: \"\\\\b\")") from exc


def _numbered(path: Path, rows: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row) for rows read from ``path``."""
    numbers = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]
    return list(zip(numbers, rows))
