"""Contract fuzzing: schemathesis against both apps, from shared_spec/openapi.yaml.

Schemathesis generates requests from the OpenAPI document, valid ones (positive)
and ones that break it (negative), and checks every answer: no 5xx, status,
headers and body as documented, invalid input rejected, valid input accepted,
auth enforced. The requests go through the adapter, like every shared test, so
the same fuzzing runs in-process (WSGI) and, with --live, over HTTP.

The budget is FUZZ_EXAMPLES examples per operation, positive and negative mixed
(and as many scenarios for the stateful test): `make fuzz` uses 100, `.ci/run` 25.
Hypothesis' database is off: a run is reproducible from its seed (printed on
failure), and no state leaks between runs or machines.
"""

from __future__ import annotations

import os
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis import APIOperation
from schemathesis import BaseSchema
from schemathesis import GenerationMode
from schemathesis.core.result import Err
from schemathesis.core.result import Result
from schemathesis.errors import InvalidSchema

from tests.support.adapters import AppAdapter
from tests.support.openapi import SPEC_PATH

pytestmark = pytest.mark.fuzz


def operation_of(result: Result[APIOperation, InvalidSchema]) -> APIOperation:
    """Return the operation the document defines, or raise what is wrong with it."""
    if isinstance(result, Err):
        raise result.err()
    return result.ok()


OPERATIONS = [
    (operation.path, operation.method)
    for operation in map(
        operation_of, schemathesis.openapi.from_path(SPEC_PATH).get_all_operations()
    )
]
BUDGET = int(os.environ.get("FUZZ_EXAMPLES", "25"))


def fuzz_settings(examples: int) -> hypothesis.settings:
    return hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        # The app fixture is set up once per test, not per example: on purpose,
        # the examples share (and grow) one database.
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )


@pytest.fixture
def schema(app: AppAdapter, record_property: Any) -> BaseSchema:
    """The contract, with the adapter as the WSGI app that schemathesis calls.

    The requests sent are recorded as the test's `fuzz_requests` property; the
    terminal summary adds them up per app (tests/conftest.py).
    """
    # [app name, requests]: filled in while the test runs, read by its report
    sent: list[Any] = [app.name, 0]
    record_property("fuzz_requests", sent)

    def counting(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        sent[1] += 1
        return app.wsgi(environ, start_response)

    schema = schemathesis.openapi.from_path(SPEC_PATH)
    schema.app = counting
    return schema


def auth_headers(case: schemathesis.Case, token: str) -> dict[str, str] | None:
    """Send the fuzzer's token, unless the case carries a generated (bad) one."""
    if any(name.lower() == "authorization" for name in case.headers or {}):
        return None
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=lambda v: v)
def test_operation_honours_the_contract(
    app: AppAdapter, schema: BaseSchema, path: str, method: str
) -> None:
    """Valid and invalid requests to one operation all get documented answers."""
    operation = schema[path][method]
    token = app.user_with_token("fuzzer")
    # Each example of DELETE /api/auth/token/ revokes its token.
    fresh_token = operation.definition.raw["operationId"] == "token_delete"
    strategy = st.one_of(
        [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
    )

    @fuzz_settings(BUDGET)
    @hypothesis.given(case=strategy)
    def check(case: schemathesis.Case) -> None:
        key = app.token_for("fuzzer") if fresh_token else token
        case.call_and_validate(headers=auth_headers(case, key))

    check()


def test_create_read_update_delete_scenarios(
    app: AppAdapter, schema: BaseSchema
) -> None:
    """Schemathesis follows the document's links: create, then read, change, delete."""
    token = app.user_with_token("fuzzer")

    class Scenarios(schema.as_state_machine()):  # type: ignore[misc]  # a base class built at run time
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"headers": auth_headers(case, token)}

    Scenarios.run(settings=fuzz_settings(BUDGET))
