"""Issue 11 item 10 (settings): an out-of-range setting from the environment, the settings file or a
flag is refused at start with one line that names the setting and its valid range."""
from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.cli import main
from coopgraph.errors import UsageError
from coopgraph.settings import Settings, load_settings


@pytest.mark.parametrize("key, value, words", [
    ("COOPGRAPH_WORKERS", "70", "workers must be between 1 and 64"),
    ("COOPGRAPH_WORKERS", "0", "workers must be between 1 and 64"),
    ("COOPGRAPH_BATCH_SIZE", "0", "batch_size must be between 1 and"),
    ("COOPGRAPH_BATCH_SIZE", "-1", "batch_size must be between 1 and"),
    ("COOPGRAPH_MIN_TEXT_CHARS", "-5", "min_text_chars must be at least 0"),
    ("COOPGRAPH_MAX_FILE_BYTES", "-1", "max_file_bytes must be at least 1"),
    ("COOPGRAPH_MAX_RECORD_BYTES", "0", "max_record_bytes must be at least 1"),
    ("COOPGRAPH_DOC_SECONDS", "0", "doc_seconds must be between 0.1 and"),
    ("COOPGRAPH_DOC_SECONDS", "inf", "not a finite number"),
])
def test_out_of_range_environment_settings_are_refused(key: str, value: str, words: str) -> None:
    with pytest.raises(UsageError) as exc:
        load_settings(env={key: value})
    assert str(exc.value).startswith(f"{key}=") and value in str(exc.value) and words in str(exc.value)
    assert "\n" not in str(exc.value)


def test_the_cli_refuses_with_one_line_and_exit_code_2(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COOPGRAPH_WORKERS", "70")
    with pytest.raises(SystemExit) as exc:
        main(["stats"])
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert err == "Error: COOPGRAPH_WORKERS=70 is out of range - workers must be between 1 and 64\n"


def test_out_of_range_values_in_the_settings_file_are_refused(tmp_path: Path) -> None:
    conf = tmp_path / "config.toml"
    conf.write_text("batch_size = -1\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"batch_size in .*config.toml=-1 is out of range"):
        load_settings(conf, env={})


def test_out_of_range_flags_and_constructor_values_are_refused() -> None:
    with pytest.raises(UsageError, match="max_file_bytes must be at least 1"):
        load_settings(env={}, max_file_bytes=-1)
    with pytest.raises(UsageError, match="workers must be between 1 and 64"):
        Settings(workers=65)
    with pytest.raises(UsageError, match="not a number"):
        Settings(batch_size="200")  # type: ignore[arg-type]


def test_the_max_file_bytes_flag_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(tmp_path), "--max-file-bytes", "-1", "--db", str(tmp_path / "x.db")])
    assert exc.value.code == 2 and "max_file_bytes must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_values_in_range_are_kept() -> None:
    s = load_settings(env={"COOPGRAPH_WORKERS": "64", "COOPGRAPH_MIN_TEXT_CHARS": "0",
                           "COOPGRAPH_DOC_SECONDS": "2.5"})
    assert (s.workers, s.min_text_chars, s.doc_seconds) == (64, 0, 2.5)
