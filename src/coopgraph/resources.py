"""Packaged data files (gazetteers, rule patterns, sample corpus), loaded once."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


def data_path(name: str = "") -> Path:
    base = Path(str(resources.files("coopgraph") / "data"))
    return base / name if name else base


def sample_corpus_path() -> Path:
    return data_path("sample")


@lru_cache(maxsize=None)
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Rows of ``data/<name>``; a missing file is an empty table (data may be optional)."""
    path = data_path(name)
    if not path.is_file():
        return ()
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{lineno}: {exc.msg}") from exc
    return tuple(rows)
