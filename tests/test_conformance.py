"""The conformance plugin, run on a tiny fake project with pytest's pytester."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.conformance import render
from tests.support.conformance import shared_test_id

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent

CONFTEST = """
import pytest

pytest_plugins = ["tests.support.conformance"]


@pytest.fixture(params=["flask", "django"])
def app(request):
    return request.param
"""

# The fake shared test: django answers 404 where flask answers 200.
TESTS = """
import pytest


def test_reads_a_product(app):
    assert app == "flask" or DJANGO_PASSES


@pytest.mark.parametrize("page", ["+2", "0"])
def test_refuses_a_page(app, page):
    pass


def test_the_document_is_valid():
    pass
"""

DIVERGENCE = """
divergences:
  - test: {test}
    app: django
    reason: "Django answers 404 here"
    contract: shared_spec/README.md#known-differences
"""

# No cache, and none of the outer suite's Django set-up in the fake project, nor its
# fuzzing plugins (schemathesis, Hypothesis, anyio): loading them is most of the time
# a pytest process takes to start, several times a run here.
ARGS = (
    "-p",
    "no:cacheprovider",
    "-p",
    "no:django",
    "-p",
    "no:schemathesis",
    "-p",
    "no:hypothesispytest",
    "-p",
    "no:anyio",
)


@pytest.fixture
def project(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> pytest.Pytester:
    """Make a fake twin project whose shared test fails on django."""
    # Its runs are in-process on SQLite and hardened, whatever the outer run is.
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("HARDENING", raising=False)
    pytester.makeini(f"[pytest]\npythonpath = {ROOT}\n")
    pytester.makeconftest(CONFTEST)
    (pytester.path / "tests").mkdir()
    (pytester.path / "shared_spec").mkdir()
    write_tests(pytester, django_passes=False)
    list_divergence(pytester, "tests/test_fake.py::test_reads_a_product")
    return pytester


def write_tests(pytester: pytest.Pytester, *, django_passes: bool) -> None:
    """Write the fake shared tests, with django failing the first or not."""
    source = f"DJANGO_PASSES = {django_passes}\n{TESTS}"
    (pytester.path / "tests" / "test_fake.py").write_text(source)


def list_divergence(pytester: pytest.Pytester, test: str) -> None:
    """List one expected divergence of django's, on test."""
    path = pytester.path / "shared_spec" / "divergences.yaml"
    path.write_text(DIVERGENCE.format(test=test))


def report(pytester: pytest.Pytester, mode: str = "inprocess-sqlite") -> dict[str, Any]:
    """Return the conformance report the fake project's run wrote."""
    path = pytester.path / "var" / "conformance" / f"{mode}.json"
    return json.loads(path.read_text())


def subtests(document: dict[str, Any], test: str) -> dict[str, str]:
    """Return each app's status on one shared test of a report."""
    result = next(item for item in document["results"] if item["test"] == test)
    return {subtest["name"]: subtest["status"] for subtest in result["subtests"]}


@pytest.mark.parametrize(
    ("nodeid", "name", "test"),
    [
        ("t.py::test_x[flask]", "flask", "t.py::test_x"),
        ("t.py::test_x[flask-page-+2]", "flask", "t.py::test_x[page-+2]"),
        ("t.py::test_x[page-+2-django]", "django", "t.py::test_x[page-+2]"),
        ("t.py::test_x", "flask", "t.py::test_x"),
    ],
    # A unit test of the plugin, run once: its ids name no app.
    ids=["app-alone", "app-first", "app-last", "no-app-in-the-id"],
)
def test_the_test_id_leaves_the_app_out(nodeid: str, name: str, test: str) -> None:
    assert shared_test_id(nodeid, name) == test


def test_a_listed_divergence_that_fails_is_an_expected_failure(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest(*ARGS)
    result.assert_outcomes(passed=6, xfailed=1)
    result.stdout.fnmatch_lines(
        [
            "*conformance: inprocess-sqlite*",
            "3 shared tests, by outcome on each app:",
            "  passed by both apps * 2",
            "  expected divergences (xfail) * 1",
            "framework checks: 1 PASS",
            "written to var/conformance/inprocess-sqlite.json",
        ]
    )
    document = report(project)
    test = "tests/test_fake.py::test_reads_a_product"
    assert subtests(document, test) == {"flask": "PASS", "django": "XFAIL"}
    assert subtests(document, "tests/test_fake.py::test_refuses_a_page[+2]") == {
        "flask": "PASS",
        "django": "PASS",
    }
    xfail = document["results"][0]["subtests"][1]
    assert xfail["message"] == "Django answers 404 here"
    assert document["framework_checks"] == [
        {"test": "tests/test_fake.py::test_the_document_is_valid", "status": "PASS"}
    ]
    assert document["run_info"]["partial"] is False


def test_a_listed_divergence_that_passes_fails_the_run(
    project: pytest.Pytester,
) -> None:
    write_tests(project, django_passes=True)
    result = project.runpytest(*ARGS)
    result.assert_outcomes(passed=6, failed=1)
    result.stdout.fnmatch_lines(["*XPASS(strict)*Django answers 404 here*"])
    document = report(project)
    test = "tests/test_fake.py::test_reads_a_product"
    assert subtests(document, test) == {"flask": "PASS", "django": "XPASS"}


def test_a_stale_divergence_fails_the_run(project: pytest.Pytester) -> None:
    write_tests(project, django_passes=True)
    list_divergence(project, "tests/test_fake.py::test_gone")
    result = project.runpytest(*ARGS, "-k", "django")
    result.assert_outcomes(passed=3, failed=1)
    # The reason, then (with it on pytest 8.1 and newer) the summary line.
    result.stdout.fnmatch_lines(
        [
            "stale entries in shared_spec/divergences.yaml*",
            "FAILED shared_spec/divergences.yaml::stale-entries*",
        ]
    )
    check = report(project)["framework_checks"][-1]
    assert check["status"] == "FAIL"
    assert "tests/test_fake.py::test_gone (django): no such test" in check["message"]


def test_a_narrowed_run_says_it_is_partial(project: pytest.Pytester) -> None:
    result = project.runpytest(*ARGS, "-k", "flask")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["  run on one app only * 3", "PARTIAL run: -k flask*"])
    run_info = report(project)["run_info"]
    assert run_info["partial"] is True
    assert "-k" in run_info["args"]


def test_under_xdist_the_controller_writes_the_report(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only xdist: the other installed plugins take seconds to load in each worker.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = project.runpytest_subprocess(*ARGS, "-p", "xdist.plugin", "-n", "2")
    result.assert_outcomes(passed=6, xfailed=1)
    document = report(project)
    test = "tests/test_fake.py::test_reads_a_product"
    assert subtests(document, test) == {"flask": "PASS", "django": "XFAIL"}
    assert [result["test"] for result in document["results"]] == [
        test,
        "tests/test_fake.py::test_refuses_a_page[+2]",
        "tests/test_fake.py::test_refuses_a_page[0]",
    ]
    assert document["run_info"]["partial"] is False


def test_the_page_shows_each_mode_and_app_side_by_side(tmp_path: Path) -> None:
    run_info = {
        "started": "2026-01-01T00:00:00Z",
        "finished": "2026-01-01T00:01:00Z",
        "commit": "0123456789abcdef",
        "dirty": False,
        "python": "3.11.7",
        "versions": {"flask": "3.1.3"},
        "database": "sqlite 3.40.1",
        "partial": True,
        "partial_reasons": ["-k flask"],
        "args": ["-m", "not fuzz"],
    }
    subtests = [
        {"name": "flask", "status": "PASS"},
        {"name": "django", "status": "FAIL", "message": "assert 404 == <b>200</b>"},
    ]
    result = {"test": "tests/t.py::test_x[+2]", "status": "OK", "subtests": subtests}
    check = {"test": "bench/tests/t.py::test_y", "status": "PASS"}
    reports: dict[str, dict[str, object]] = {
        mode: {
            "run_info": {**run_info, "mode": mode},
            "results": [result],
            "framework_checks": [check],
        }
        for mode in ("inprocess-sqlite", "live-postgresql")
    }
    page = render(reports, tmp_path / "conformance.html")
    assert '<a href="index.html">' in page
    assert "<script" not in page
    assert page.count('<td class="status status-fail"') == 2
    assert "assert 404 == &lt;b&gt;200&lt;/b&gt;" in page
    assert "<code>-m &#x27;not fuzz&#x27;</code>" in page
    assert "reader.css" not in page


def test_in_core_mode_a_test_that_needs_hardening_is_recorded_as_the_core_does(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = (project.path / "tests" / "test_fake.py").read_text()
    marked = source.replace(
        "\ndef test_reads_a_product(",
        '\n@pytest.mark.hardening("caching")\ndef test_reads_a_product(',
    )
    (project.path / "tests" / "test_fake.py").write_text(marked)
    project.makeini(
        f"[pytest]\npythonpath = {ROOT}\nmarkers =\n    hardening(*concerns): x\n"
    )
    monkeypatch.setenv("HARDENING", "0")
    result = project.runpytest_subprocess(*ARGS)
    # django's core fails it: recorded as a failure, yet the run passes.
    result.assert_outcomes(passed=5, xpassed=1, xfailed=1)
    document = report(project, "core-sqlite")
    assert document["run_info"]["mode"] == "core-sqlite"
    statuses = subtests(document, "tests/test_fake.py::test_reads_a_product")
    assert statuses == {"flask": "PASS", "django": "FAIL"}
    result.stdout.fnmatch_lines(["*passed by Flask only*1*"])
