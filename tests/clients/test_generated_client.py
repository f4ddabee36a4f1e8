"""A typed client generated from the served document, driven through a whole flow.

The flow (tests/clients/flow.py) is type-checked against the generated package with
mypy --strict, then run with the tool virtualenv's Python against the app that
served the document.
"""

from __future__ import annotations

import pytest

from tests.clients.conftest import HERE
from tests.clients.conftest import Generated
from tests.clients.conftest import Tools
from tests.clients.conftest import run

pytestmark = pytest.mark.clients

FLOW = HERE / "flow.py"


def test_the_generator_warns_of_nothing(generated: Generated) -> None:
    assert "warning" not in generated.output.lower(), generated.output
    assert "error" not in generated.output.lower(), generated.output


def test_the_flow_type_checks_against_the_generated_client(
    generated: Generated, tools: Tools
) -> None:
    # Reading anonymously with a plain Client, the enum members the flow names, the
    # models it reads: any mismatch with what was generated is a type error here.
    result = run(
        [
            tools.mypy,
            "--config-file",
            HERE / "mypy.ini",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            generated.root / "mypy-cache",
            FLOW,
        ],
        env={"MYPYPATH": str(generated.root)},
    )
    assert result.returncode == 0, f"mypy --strict {FLOW.name}:\n{result.stdout}"


def test_the_whole_flow_through_the_generated_client(
    generated: Generated, tools: Tools
) -> None:
    result = run(
        [tools.python, FLOW, generated.served.server.base_url],
        env={"PYTHONPATH": str(generated.root)},
    )
    print(result.stdout)
    assert result.returncode == 0, f"{FLOW.name} exited {result.returncode}:\n" + (
        result.stdout
    )
