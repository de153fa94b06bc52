"""Rules and gazetteers are data (src/coopgraph/data/*.jsonl): every row has an id, ids are unique,
patterns compile, codes are real ISO 3166 codes. The per-file validators in scripts/ check the rest."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest

from coopgraph.resources import data_path

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p.name for p in data_path().glob("*.jsonl"))
SECTORS = set("""agricultural_machinery agriculture automotive aviation biotechnology chemicals construction culture defense
e_commerce education elevators emergency_vehicles energy ev_charging fertilizers finance food forestry_machinery
housing_utilities industry it light_industry logistics machine_building machine_tools medical metallurgy
microelectronics mining_equipment petrochemicals pharmaceuticals public_transport science security services
shipbuilding sport tourism trade transport veterinary_pharma""".split())


def rows(name: str) -> list[dict]:
    lines = (data_path() / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_the_data_files_are_there() -> None:
    assert {"places.jsonl", "organizations.jsonl", "roles.jsonl", "sectors.jsonl", "figure_cues.jsonl",
            "demonyms.jsonl", "given_names.jsonl", "known_persons.jsonl", "boilerplate.jsonl",
            "agencies.jsonl", "country_aliases.jsonl", "relevance.jsonl"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_every_row_has_a_unique_id(name: str) -> None:
    ids = [r.get("id") for r in rows(name)]
    assert all(isinstance(i, str) and i for i in ids), f"{name}: a row without id"
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"{name}: duplicate ids {dupes[:5]}"


def test_codes_are_iso_3166() -> None:
    for r in rows("places.jsonl"):
        assert pycountry.countries.get(alpha_2=r["country"]), r["id"]
        if r.get("iso3166_2"):
            assert pycountry.subdivisions.get(code=r["iso3166_2"]), r["id"]
    for r in rows("country_aliases.jsonl"):
        assert r["country"] is None or pycountry.countries.get(alpha_2=r["country"]), r["id"]


def test_patterns_compile_and_sector_labels_are_the_vocabulary() -> None:
    for r in rows("boilerplate.jsonl"):
        re.compile(r["pattern"])
    assert {r["sector"] for r in rows("sectors.jsonl")} <= SECTORS
    assert {r["value"] for r in rows("figure_cues.jsonl") if r["type"] == "metric"} <= {
        "trade_turnover", "exports", "imports", "investment", "production_capacity", "project_count", "growth", "other"}


@pytest.mark.parametrize("script", ["check_places.py", "check_lexicons.py", "check_names.py"])
def test_validators_pass(script: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / script)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "0 errors" in done.stdout
