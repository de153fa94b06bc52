"""coopgraph: German news about economic cooperation -> a knowledge graph with provenance.

The public names are loaded on first use (PEP 562), so `coopgraph --help` does not import spaCy."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .models import Article, Extraction, RawDoc, Reject
    from .pipeline import ingest, process, process_many
    from .settings import Settings, load_settings

_LAZY = {"Article": "models", "Extraction": "models", "RawDoc": "models", "Reject": "models",
         "ingest": "pipeline", "process": "pipeline", "process_many": "pipeline",
         "Settings": "settings", "load_settings": "settings"}

__all__ = ["Article", "Extraction", "RawDoc", "Reject", "Settings", "__version__", "ingest", "load_settings",
           "process", "process_many"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'coopgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
