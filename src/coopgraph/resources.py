"""Packaged data files (gazetteers, rule patterns, sample corpus), loaded once."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DataError


def data_path(name: str = "") -> Path:
    base = Path(str(resources.files("coopgraph") / "data"))
    return base / name if name else base


def sample_corpus_path() -> Path:
    return data_path("sample")


@lru_cache(maxsize=None)
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Rows of ``data/<name>``, validated once: every row is a JSON object with a unique string ``id``.
    A broken row raises DataError naming the file, the line and the fix. A missing file is an empty table
    (data may be optional)."""
    path = data_path(name)
    if not path.is_file():
        return ()
    return tuple(parse_rows(path.read_text(encoding="utf-8").splitlines(), str(path)))


def parse_rows(lines: list[str], where: str) -> list[dict[str, Any]]:
    hint = "fix or remove that line: one JSON object per line, each with a unique string \"id\""
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{where}:{lineno}: not JSON ({exc.msg})", hint) from exc
        if not isinstance(row, dict):
            raise DataError(f"{where}:{lineno}: expected a JSON object, got {type(row).__name__}", hint)
        rid = row.get("id")
        if not isinstance(rid, str) or not rid:
            raise DataError(f"{where}:{lineno}: row without a string id", hint)
        if rid in seen:
            raise DataError(f"{where}:{lineno}: id {rid!r} already used on line {seen[rid]}", hint)
        seen[rid] = lineno
        rows.append(row)
    return rows
