"""Routes of the web UI (filled in by the web step)."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
