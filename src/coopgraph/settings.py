"""One Settings object: packaged defaults < user file < COOPGRAPH_* environment < flags."""
from __future__ import annotations

import json
import math
import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import UsageError

USER_FILE_ENV = "COOPGRAPH_CONFIG"
MAX_WORKERS = 64  # the same bound as the -j/--workers flag

# Valid range (inclusive; None = no upper bound) of every numeric setting.
LIMITS: dict[str, tuple[float, float | None]] = {
    "max_file_bytes": (1, None),
    "max_record_bytes": (1, None),
    "batch_size": (1, 100_000),
    "min_text_chars": (0, None),
    "workers": (1, MAX_WORKERS),
    "max_article_chars": (1, None),
    "doc_seconds": (0.1, 86_400),
}


def _range_text(low: float, high: float | None) -> str:
    return f"at least {low}" if high is None else f"between {low} and {high}"


def check_range(name: str, value: Any, label: str) -> None:
    """Raise UsageError naming ``label`` (the setting as the user wrote it) and the valid range."""
    low, high = LIMITS[name]
    nan = isinstance(value, float) and math.isnan(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or nan:
        raise UsageError(f"{label}={value!r} is not a number", f"{name} must be {_range_text(low, high)}")
    if value < low or (high is not None and value > high):
        raise UsageError(f"{label}={value!r} is out of range", f"{name} must be {_range_text(low, high)}")
DEFAULT_USER_FILE = Path("~/.config/coopgraph/config.toml")


@dataclass(frozen=True)
class Settings:
    db: str = "coopgraph.db"
    max_file_bytes: int = 20 * 1024 * 1024  # a single article file (txt/html) larger than this is rejected
    max_record_bytes: int = 5 * 1024 * 1024  # one JSONL line / feed entry / WARC record
    batch_size: int = 200  # articles per database transaction
    min_text_chars: int = 40  # shorter clean text is rejected as "no article"
    quiet: bool = False
    workers: int = 1  # processes for cleaning and extraction (the store is written by the main process)
    # A cleaned article longer than this is rejected (news articles are under 20,000 characters; extraction of
    # 200,000 takes about 2 s). spaCy's own 1,000,000 limit is lifted so that this message speaks first.
    max_article_chars: int = 200_000
    # CPU-time budget of one document's cleaning and extraction (the same on a loaded machine); over it -> a reject
    doc_seconds: float = 20.0

    def __post_init__(self) -> None:
        """Out-of-range values fail here, naming the setting and its range, not deep inside a run."""
        for name in LIMITS:
            check_range(name, getattr(self, name), f"setting {name}")

    def with_overrides(self, **overrides: Any) -> Settings:
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **clean) if clean else self


def _coerce(name: str, value: str, target: Any) -> Any:
    if isinstance(target, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(target, int):
        try:
            return int(value)
        except ValueError as exc:
            raise UsageError(f"{name}={value!r} is not a whole number", "set it to e.g. 1000") from exc
    if isinstance(target, float):
        try:
            number = float(value)
        except ValueError as exc:
            raise UsageError(f"{name}={value!r} is not a number", "set it to e.g. 20") from exc
        if not math.isfinite(number):
            raise UsageError(f"{name}={value!r} is not a finite number", "set it to e.g. 20")
        return number
    return value


def load_settings(user_file: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None,
                  **flags: Any) -> Settings:
    """Build the effective settings. ``flags`` that are None are ignored."""
    env = dict(os.environ) if env is None else env
    settings = Settings()
    known = {f.name: f for f in fields(Settings)}
    path = Path(user_file or env.get(USER_FILE_ENV) or DEFAULT_USER_FILE).expanduser()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read settings file {path}: {exc}", "fix the TOML or remove the file") from exc
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise UsageError(f"unknown settings in {path}: {', '.join(unknown)}",
                             f"valid keys: {', '.join(sorted(known))}")
        for key, value in data.items():  # a wrong type would otherwise fail deep inside a run
            want = type(getattr(settings, key))
            if want is float and type(value) is int:
                value = data[key] = float(value)
            if type(value) is not want:
                raise UsageError(f"{key} in {path} must be a {want.__name__}, not {value!r}",
                                 f"write e.g. {key} = {json.dumps(getattr(settings, key))}")
            if key in LIMITS:
                check_range(key, value, f"{key} in {path}")
        settings = replace(settings, **data)
    from_env = {}
    for name in known:
        key = f"COOPGRAPH_{name.upper()}"
        if key in env:
            from_env[name] = _coerce(key, env[key], getattr(settings, name))
            if name in LIMITS:
                check_range(name, from_env[name], key)
    settings = replace(settings, **from_env)
    return settings.with_overrides(**flags)
