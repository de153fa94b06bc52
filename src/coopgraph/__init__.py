"""coopgraph: German news about economic cooperation -> a knowledge graph with provenance."""
from __future__ import annotations

__version__ = "0.1.0"

from .models import Article, Extraction, RawDoc, Reject  # noqa: E402
from .pipeline import ingest, process, process_many  # noqa: E402
from .settings import Settings, load_settings  # noqa: E402

__all__ = ["Article", "Extraction", "RawDoc", "Reject", "Settings", "ingest", "load_settings", "process",
           "process_many", "__version__"]
