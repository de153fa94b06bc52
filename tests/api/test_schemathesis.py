"""Every operation of /openapi.json, driven by schemathesis in-process (ASGI, no network) on a copy of the sample
database, with writes enabled (the token is sent): no answer is a server error (5xx) and every answer matches the
schema the API publishes for its status code (response conformance). A bounded, derandomized number of examples
per operation keeps the run short and the same on every machine."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[dev]')")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from coopgraph.api import create_app  # noqa: E402
from coopgraph.settings import Settings  # noqa: E402

TOKEN = "schemathesis-token"
EXAMPLES = 4  # per operation and mode
# no 5xx; the body, the status code and the content type of every answer as the schema documents them
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def test_no_server_error_and_every_response_matches_its_schema(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "fuzz.db"
    shutil.copy(sample_db, db)
    app = create_app(Settings(db=str(db), quiet=True), api_token=TOKEN)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    ran: Counter[str] = Counter()
    failures: list[str] = []

    def explore(operation: schemathesis.APIOperation, mode: GenerationMode) -> None:
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(mode))
        def check(case: schemathesis.Case) -> None:
            ran[operation.label] += 1
            try:
                case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                                       checks=CHECKS)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - a failed check or a group: collect them
                failures.append(f"{operation.label} [{mode.value}] {case.path_parameters or ''} {case.query or ''}: "
                                f"{str(exc).strip()[:400]}")

        try:
            check()
        except Unsatisfiable:  # no input of this operation can be invalid (it takes no parameters)
            assert mode is GenerationMode.NEGATIVE

    for result in schema.get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):  # valid input, and input the API must refuse
            explore(result.ok(), mode)
    assert len(ran) >= 20 and all(ran.values()), ran  # every operation of the API was exercised
    print(f"schemathesis: {sum(ran.values())} examples over {len(ran)} operations, {len(failures)} failures")
    assert not failures, "\n\n".join(failures[:15])
