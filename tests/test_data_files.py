"""Data files are checked once, at load, against data/schemas.jsonl: a broken row (bad JSON, a missing key, a
regex that does not compile, a duplicate id, a value the code does not know) stops the run with one line that
names the file, the line and the fix. Broken files are written to a temporary folder here; the packaged ones
must all pass."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from coopgraph import resources
from coopgraph.errors import DataError
from coopgraph.extract import offers
from coopgraph.extract.projects import status as project_status
from coopgraph.extract.projects import words as project_words
from coopgraph.resources import data_path, load_jsonl, read_rows, schema, schemas

CUE = {"id": "agreed:test", "kind": "cue", "status": "agreed", "pattern": r"\bvereinbart\b"}


def write(tmp_path: Path, name: str, rows: list[object]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    return path


def broken(path: Path, name: str) -> str:
    with pytest.raises(DataError) as info:
        read_rows(path, schema(name))
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("row, problem", [
    ({**CUE, "pattern": r"\b(vereinbart"}, "pattern is not a valid regex"),
    ({**CUE, "unless": "[abc"}, "unless is not a valid regex"),
    ({k: v for k, v in CUE.items() if k != "pattern"}, "has no 'pattern'"),
    ({**CUE, "status": None}, "has no 'status'"),
    ({**CUE, "status": "done"}, "status 'done' is not one of"),
    ({**CUE, "kind": "hope"}, "kind 'hope' is not one of"),
])
def test_a_broken_cue_row_names_file_line_and_fix(tmp_path: Path, row: dict, problem: str) -> None:
    good = {**CUE, "id": "agreed:other"}
    path = write(tmp_path, "project_patterns.jsonl", [good, "", row])
    message = broken(path, "project_patterns.jsonl")
    assert message.startswith(f"{path}:3: row 'agreed:test'"), message
    assert problem in message and " - " in message  # the hint after the dash says the fix


def test_bad_json_and_a_duplicate_id_name_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, "offer_patterns.jsonl", ['{"id": "cue:x", "type": "cue", "regex": "bereit"', CUE])
    assert broken(path, "offer_patterns.jsonl").startswith(f"{path}:1: not JSON")
    path = write(tmp_path, "meeting_cues.jsonl", [{"id": "meet:a", "kind": "talks", "pattern": "Treffen"},
                                                  {"id": "meet:a", "kind": "talks", "pattern": "Gespräch"}])
    assert broken(path, "meeting_cues.jsonl").startswith(f"{path}:2: id 'meet:a' already used on line 1")


def test_per_kind_keys_and_word_lists(tmp_path: Path) -> None:
    path = write(tmp_path, "project_words.jsonl", [{"id": "words:x", "kind": "words", "words": "Werk"}])
    assert "words is not a list of strings" in broken(path, "project_words.jsonl")
    path = write(tmp_path, "project_words.jsonl", [{"id": "head:x", "kind": "head", "plural": ["xe"]}])
    assert "has no 'singular'" in broken(path, "project_words.jsonl")
    path = write(tmp_path, "offer_patterns.jsonl", [{"id": "offer:x", "type": "offer", "words": ["a"]}])
    assert "has no 'regex'" in broken(path, "offer_patterns.jsonl")
    path = write(tmp_path, "offer_patterns.jsonl", [{"id": "w:x", "type": "modal", "regex": "kann"}])
    assert "has no 'words'" in broken(path, "offer_patterns.jsonl")  # any other type is a word list


def test_every_packaged_file_passes_its_schema_and_every_schema_names_a_file() -> None:
    assert {"project_patterns.jsonl", "project_words.jsonl", "offer_patterns.jsonl"} <= set(schemas())
    for name, rules in schemas().items():
        assert data_path(name).is_file(), name
        assert read_rows(data_path(name), rules), name


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The packaged data files copied to tmp_path, read from there; every load cache is emptied around the
    test so that neither the broken copy nor the real files leak into other tests."""
    for p in data_path().glob("*.jsonl"):
        shutil.copy(p, tmp_path / p.name)
    caches = (load_jsonl, resources.schemas, project_status.patterns, offers.grammar)
    for c in caches:
        c.cache_clear()
    monkeypatch.setattr(resources, "data_path", lambda name="": tmp_path / name if name else tmp_path)
    yield tmp_path
    monkeypatch.undo()
    for c in caches:
        c.cache_clear()


def test_a_broken_cue_stops_the_run_once_instead_of_rejecting_every_article(data_copy: Path) -> None:
    from coopgraph.models import RawDoc
    from coopgraph.pipeline import process

    path = data_copy / "project_patterns.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[4])
    row["pattern"] = "(?:gebaut"
    lines[4] = json.dumps(row, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = RawDoc(id="x", source="x.txt", fmt="text", content="MINSK, 3. März (BelTA) - In Kostanai wurde ein "
                 "Werk für Traktorkabinen gebaut. Belarus und Kasachstan bauen die Zusammenarbeit aus.")
    with pytest.raises(DataError, match=re.escape(f"{path}:5: row {row['id']!r}: pattern is not a valid regex")):
        process(raw)


def test_a_missing_offer_row_stops_the_run_with_the_fix(data_copy: Path) -> None:
    path = data_copy / "offer_patterns.jsonl"
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if '"type": "end"' not in line]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="no row of type 'end'.*restore the end row"):
        offers.grammar()


def test_project_word_lists_are_the_data_rows() -> None:
    rows = {r["id"]: r for r in load_jsonl("project_words.jsonl")}
    assert project_words.WERK_NOT == tuple(rows["words:werk-not"]["words"])  # a suffix test, order kept
    assert project_words.DETS == frozenset(rows["words:determiners"]["words"])
    assert project_words.SETUP_VERBS.pattern == rows["regex:setup-verbs"]["regex"]
    heads = [r for r in rows.values() if r["kind"] == "head" and r["id"] != "head:joint_venture"]
    assert len(project_words._FORM_INFO) == sum(len(r["singular"]) + len(r.get("plural", [])) for r in heads)
    assert (project_words._FORM_INFO["werks"], project_words._FORM_INFO["werken"]) == (("werk", False), ("werk", True))
    assert {project_words.FAMILY[h] for h in ("werk", "joint_venture", "handelshaus")} == {"plant", "jv", "trade"}


def test_the_place_checker_validates_an_edited_copy_and_never_writes_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "check_places.py"
    lines = data_path("places.jsonl").read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[9])
    row["aliases"] = [a for a in row["aliases"] if a != row["name"]] + [json.loads(lines[3])["aliases"][0]]
    lines[9] = json.dumps(row, ensure_ascii=False)
    draft = tmp_path / "places.jsonl"
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = draft.read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), "--quiet", "--path", str(draft)], capture_output=True,
                          check=False, text=True, timeout=120)
    assert done.returncode == 1
    assert f"{draft}:10 ({row['id']}): name {row['name']!r} missing from aliases" in done.stderr
    assert f"{draft}:10 ({row['id']}): alias" in done.stderr and "already used by" in done.stderr
    assert draft.read_text(encoding="utf-8") == before
    assert "--write" not in subprocess.run([sys.executable, str(script), "--help"], capture_output=True,
                                           check=False, text=True, timeout=60).stdout
