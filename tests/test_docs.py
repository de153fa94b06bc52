"""Docs are tested: every command has help, docs/cli.md is generated from it, the public API is fixed."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import coopgraph
from coopgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_every_command_has_help_text() -> None:
    for name, cmd in cli.commands.items():
        assert cmd.help and len(cmd.help.strip()) > 20, f"`coopgraph {name}` needs a help text"
        for param in cmd.params:
            if param.param_type_name == "option" and not getattr(param, "hidden", False):
                assert param.help or param.name in {"fmt"}, f"`coopgraph {name} {param.opts[0]}` needs help"


def test_cli_reference_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == module.render(), \
        "docs/cli.md is stale: run python scripts/gen_cli_docs.py"


def test_public_api_is_locked() -> None:
    assert sorted(coopgraph.__all__) == sorted([
        "Article", "Extraction", "RawDoc", "Reject", "Settings", "ingest", "load_settings", "process",
        "process_many", "__version__"])
    for name in coopgraph.__all__:
        assert hasattr(coopgraph, name)
