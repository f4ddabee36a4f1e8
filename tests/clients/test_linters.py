"""The served document under Redocly CLI and Spectral: no error, no warning.

Each reads the project's ruleset in shared_spec/ (the linters' recommended rules but
for the project's conventions, each exception with its reason there).
"""

from __future__ import annotations

import json

import pytest

from tests.clients.conftest import ROOT
from tests.clients.conftest import Served
from tests.clients.conftest import Tools
from tests.clients.conftest import run

pytestmark = pytest.mark.clients

# Nothing leaves the machine: no usage data, no look-up of a newer release.
REDOCLY_QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def test_redocly_finds_nothing(served: Served, tools: Tools) -> None:
    result = run(
        [
            tools.redocly,
            "lint",
            "--config",
            ROOT / "shared_spec" / "redocly.yaml",
            "--lint-config",
            "error",
            "--format",
            "json",
            served.document,
        ],
        env=REDOCLY_QUIET,
        split=True,
    )
    # stderr says which file it read (and a banner about Node.js's support, no finding).
    said = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, said
    report = json.loads(result.stdout)
    findings = [
        f"{problem['severity']} {problem['ruleId']}: {problem['message']} at "
        + ", ".join(location.get("pointer", "?") for location in problem["location"])
        for problem in report["problems"]
    ]
    assert report["totals"]["errors"] == report["totals"]["warnings"] == 0, findings
    assert not findings, findings


def test_spectral_finds_nothing(served: Served, tools: Tools) -> None:
    result = run(
        [
            tools.spectral,
            "lint",
            "--ruleset",
            ROOT / "shared_spec" / "spectral.yaml",
            "--fail-severity",
            "warn",
            served.document,
        ]
    )
    assert result.returncode == 0, result.stdout
    assert "No results with a severity of 'warn' or higher" in result.stdout, (
        result.stdout
    )
