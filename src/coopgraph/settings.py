"""One Settings object: packaged defaults < user file < COOPGRAPH_* environment < flags."""
from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import UsageError

USER_FILE_ENV = "COOPGRAPH_CONFIG"
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

    def with_overrides(self, **overrides: Any) -> "Settings":
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
            if type(value) is not want:
                raise UsageError(f"{key} in {path} must be a {want.__name__}, not {value!r}",
                                 f"write e.g. {key} = {json.dumps(getattr(settings, key))}")
        settings = replace(settings, **data)
    from_env = {}
    for name in known:
        key = f"COOPGRAPH_{name.upper()}"
        if key in env:
            from_env[name] = _coerce(key, env[key], getattr(settings, name))
    settings = replace(settings, **from_env)
    return settings.with_overrides(**flags)
