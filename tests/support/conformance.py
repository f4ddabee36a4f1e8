"""Record each shared test's outcome per app and write it as a conformance report.

Registered from tests/conftest.py. Every process that collects (the only one, or
each pytest-xdist worker) marks the expected divergences listed in
shared_spec/divergences.yaml as strict xfails and tags each item with its test id
and app; the process that reports (the only one, or the xdist controller) turns the
reports into var/conformance/<mode>.json, the format of wpt.fyi's per-run results,
and prints a one-screen matrix. A worker never writes.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml

APPS = ("flask", "django")
# Where the suite ran (in process or over HTTP, or in process on each app's core
# alone: HARDENING=0, make test-core) and on which database.
MODES = (
    "inprocess-sqlite",
    "inprocess-postgresql",
    "live-sqlite",
    "live-postgresql",
    "core-sqlite",
    "core-postgresql",
)
# In core mode a test marked hardening(...) is run as a non-strict xfail with this
# reason, and recorded by what the core did: PASS or FAIL.
NEEDS_HARDENING = "needs hardening/"
DIVERGENCES = Path("shared_spec/divergences.yaml")
OUTPUT = Path("var/conformance")
# The key of the tag each item carries in its reports' user_properties.
PROPERTY = "conformance"
VERSIONS = (
    "flask",
    "flask-sqlalchemy",
    "sqlalchemy",
    "marshmallow",
    "django",
    "djangorestframework",
    "pytest",
)
STRICT_XPASS = "[XPASS(strict)]"
# Words of a -m expression that name no marker.
MARK_OPERATORS = {"and", "or", "not"}
# The rows of the matrix printed at the end of a run, in order.
MATRIX = (
    "passed by both apps",
    "passed by Flask only",
    "passed by Django only",
    "passed by neither",
    "skipped",
    "expected divergences (xfail)",
    "run on one app only",
)
# Statuses that fail a run.
BAD = {"FAIL", "ERROR", "XPASS"}


def pytest_addoption(parser: pytest.Parser) -> None:
    """Let a run mark the expected divergences without writing a report."""
    parser.getgroup("catalog").addoption(
        "--no-conformance-report",
        action="store_true",
        help="mark the expected divergences, but write no report and print no "
        "matrix (make test-scale: the plain live suite's report stands)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the recorder for this session."""
    config.pluginmanager.register(Conformance(config), "conformance-recorder")


def shared_test_id(nodeid: str, app: str) -> str:
    """Return the node id without the app's part of its parameter id."""
    head, bracket, params = nodeid.partition("[")
    if not bracket:
        return nodeid
    parts = params.removesuffix("]").split("-")
    if app in parts:
        parts.remove(app)  # the app fixture's id is one whole part
    return f"{head}[{'-'.join(parts)}]" if parts else head


def core_mode() -> bool:
    """Return whether HARDENING turns the apps' hardening off (make test-core)."""
    return os.environ.get("HARDENING", "").strip().lower() in {
        "0",
        "false",
        "no",
        "off",
    }


def needs_hardening(item: pytest.Item) -> str | None:
    """Return the xfail reason of a test that needs hardening, in core mode."""
    marker = item.get_closest_marker("hardening")
    if marker is None or not core_mode():
        return None
    return NEEDS_HARDENING + ", ".join(f"{concern}.py" for concern in marker.args)


def load_divergences(path: Path) -> dict[tuple[str, str], str]:
    """Read the expected divergences: (test id, app) to reason."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("divergences") or []
    divergences: dict[tuple[str, str], str] = {}
    for entry in entries:
        test, app, reason = entry.get("test"), entry.get("app"), entry.get("reason")
        if not test or app not in APPS or not reason or not entry.get("contract"):
            raise pytest.UsageError(
                f"{path}: each divergence needs test, app (flask or django), reason "
                f"and contract; this one does not: {entry!r}"
            )
        if (test, app) in divergences:
            raise pytest.UsageError(f"{path}: {test} for {app} is listed twice")
        divergences[test, app] = reason
    return divergences


def shared_app(item: pytest.Item) -> str | None:
    """Return the app a shared test runs on, or None for a framework-only check."""
    callspec = getattr(item, "callspec", None)
    app = callspec.params.get("app") if callspec else None
    return app if app in APPS else None


def first_line(text: str, limit: int = 300) -> str:
    """Return the first non-blank line of text, shortened to limit characters."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def report_message(report: pytest.TestReport) -> str:
    """Return the first line of what a report says went wrong, or why it skipped."""
    if hasattr(report, "wasxfail"):
        return first_line(report.wasxfail)
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):  # a skip: (path, line number, reason)
        return first_line(str(longrepr[2]).removeprefix("Skipped: "))
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        return first_line(crash.message)
    return first_line(report.longreprtext)


def phase_status(report: pytest.TestReport, previous: str | None) -> str | None:
    """Return a test's status once this phase's report is taken into account."""
    xfail = hasattr(report, "wasxfail")
    if xfail and report.wasxfail.startswith(NEEDS_HARDENING):
        # What the core does without it, not an expected failure.
        if report.skipped:
            return "FAIL"
        if report.when == "call":
            return "PASS"
    if report.when == "teardown":
        failed_late = report.failed and previous in (None, "PASS", "XPASS")
        return "ERROR" if failed_late else previous
    if report.skipped:
        return "XFAIL" if xfail else "SKIP"
    if report.failed:
        if report.when == "setup":
            return "ERROR"
        longrepr = report.longrepr
        strict_xpass = isinstance(longrepr, str) and longrepr.startswith(STRICT_XPASS)
        return "XPASS" if strict_xpass else "FAIL"
    if report.when == "call":
        return "XPASS" if xfail else "PASS"
    return previous


def marker_names(expression: str) -> set[str]:
    """Return the marker names a -m expression mentions."""
    return set(re.findall(r"[A-Za-z_]\w*", expression)) - MARK_OPERATORS


def git(root: Path, *args: str) -> str | None:
    """Return the output of a git command in root, or None when git cannot say."""
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", *args],  # noqa: S607 - git from the PATH
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip()


def postgres_version(url: str) -> str:
    """Return the PostgreSQL server's name and version, as the server says it."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    # The suite makes its own databases beside the one named: ask the server itself.
    conninfo = make_conninfo(
        re.sub(r"^[^:]*://", "postgresql://", url), dbname="postgres", connect_timeout=5
    )
    try:
        with psycopg.connect(conninfo) as connection:
            row = connection.execute("SHOW server_version").fetchone()
    except psycopg.Error as error:
        return f"postgresql (version unknown: {first_line(str(error), 80)})"
    return f"postgresql {row[0].split()[0]}" if row else "postgresql"


def now() -> str:
    """Return the time now, in UTC, as RFC 3339."""
    moment = datetime.datetime.now(datetime.UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


class StaleDivergences(pytest.Item):
    """Fail the run for each listed divergence that names no test."""

    def __init__(self, *, stale: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stale = stale

    def runtest(self) -> None:
        """Fail, naming the stale entries."""
        raise StaleDivergenceError(
            f"stale entries in {DIVERGENCES} (remove them, or fix the test id): "
            + "; ".join(self.stale)
        )

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: str | None = None
    ) -> str:
        """Say what is stale, without a traceback."""
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, None, str]:
        """Point at the divergences file."""
        return self.path, None, self.name


class StaleDivergenceError(Exception):
    """A listed divergence names no test."""


class Conformance:
    """Record one pytest session: its collecting side and its reporting side."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.root = config.rootpath
        self.is_worker = hasattr(config, "workerinput")
        self.started = now()
        self.divergences = load_divergences(self.root / DIVERGENCES)
        # The collecting side: shared test runs deselected outside the -m's
        # families, and those left to run (each xdist worker collects them all).
        self.collected = {"deselected": 0, "selected": 0}
        # The reporting side: statuses by node id, and what each node is.
        self.statuses: dict[str, str | None] = {}
        self.messages: dict[str, str] = {}
        self.tags: dict[str, dict[str, Any]] = {}
        self.path: Path | None = None
        self.document: dict[str, Any] | None = None

    # The collecting side.

    @pytest.hookimpl(wrapper=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, items: list[pytest.Item]
    ) -> Iterator[None]:
        """Tag each item, mark each listed divergence, and fail stale entries."""
        # Before -k, -m and --deselect take items away, so every listed test is seen.
        stale = self.mark_divergences(items)
        yield
        if stale:  # after them, so no selection leaves this failure out
            items.append(
                StaleDivergences.from_parent(
                    session,
                    name="stale-entries",
                    path=self.root / DIVERGENCES,
                    nodeid=f"{DIVERGENCES}::stale-entries",
                    stale=stale,
                )
            )

    def mark_divergences(self, items: list[pytest.Item]) -> list[str]:
        """Tag each item, mark each listed divergence; return the stale entries."""
        found: set[tuple[str, str]] = set()
        files: set[str] = set()
        for index, item in enumerate(items):
            tag: dict[str, Any] = {"index": index}
            if app := shared_app(item):
                test = shared_test_id(item.nodeid, app)
                tag.update(test=test, app=app)
                files.add(test.split("::", 1)[0])
                if core_reason := needs_hardening(item):
                    found.add((test, app))  # a divergence of the hardened apps
                    item.add_marker(pytest.mark.xfail(reason=core_reason))
                elif reason := self.divergences.get((test, app)):
                    found.add((test, app))
                    item.add_marker(pytest.mark.xfail(strict=True, reason=reason))
            item.user_properties.append((PROPERTY, tag))
        return self.stale_entries(found, files)

    def stale_entries(self, found: set[tuple[str, str]], files: set[str]) -> list[str]:
        """Return the divergences that name no test, where this run can tell."""
        # A file named with ::test in the arguments was not collected whole.
        here = self.config.invocation_params.dir
        narrowed = {
            (here / arg.split("::", 1)[0]).resolve()
            for arg in self.config.args
            if "::" in arg
        }
        stale = []
        for test, app in self.divergences.keys() - found:
            file = test.split("::", 1)[0]
            path = (self.root / file).resolve()
            if not path.is_file():
                stale.append(f"{test} ({app}): no such file")
            elif file in files and path not in narrowed:
                stale.append(f"{test} ({app}): no such test")
        return sorted(stale)

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        """Count the shared test runs a selection leaves out of this run."""
        # -m "not fuzz" sets a family with its own make target aside, not a shared test.
        named = marker_names(self.config.option.markexpr or "")
        for item in items:
            marks = {mark.name for mark in item.iter_markers()}
            if shared_app(item) and not marks & named:
                self.collected["deselected"] += 1

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Count the shared test runs left to run; tell the controller, on a worker."""
        self.collected["selected"] = sum(
            1 for item in session.items if shared_app(item)
        )
        if self.is_worker:
            # pytest-xdist gives a worker's config this dict; pytest's types lack it.
            self.config.workeroutput[PROPERTY] = self.collected  # type: ignore[attr-defined]  # xdist's

    # The reporting side.

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """Take in what an xdist worker collected (each worker collects them all)."""
        output: dict[str, Any] = getattr(node, "workeroutput", {})
        collected: dict[str, int] | None = output.get(PROPERTY)
        if collected and collected["selected"] >= self.collected["selected"]:
            self.collected = dict(collected)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Fold one phase's report into its test's status."""
        if self.is_worker:
            return
        for name, value in report.user_properties:
            if name == PROPERTY and isinstance(value, dict):
                self.tags[report.nodeid] = value
        previous = self.statuses.get(report.nodeid)
        status = phase_status(report, previous)
        self.statuses[report.nodeid] = status
        if status != previous and status not in ("PASS", None):
            self.messages[report.nodeid] = report_message(report)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        """Write the report when this run took in any shared test."""
        if self.is_worker or self.config.option.no_conformance_report:
            return
        results, checks = self.results()
        if not results:
            return
        self.document = {
            "run_info": self.run_info(session, exitstatus),
            "results": results,
            "framework_checks": checks,
        }
        self.path = self.root / OUTPUT / f"{self.document['run_info']['mode']}.json"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole, then renamed: a reader never sees half a report.
        scratch = self.path.with_suffix(".json.tmp")
        scratch.write_text(json.dumps(self.document, indent=1) + "\n", encoding="utf-8")
        scratch.replace(self.path)

    def results(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Return the shared tests with a subtest per app, and the other checks."""
        results: dict[str, dict[str, Any]] = {}
        checks = []
        order = sorted(self.statuses, key=lambda nodeid: self.index(nodeid))
        for nodeid in order:
            status = self.statuses[nodeid] or "ERROR"
            entry = {"status": status}
            if nodeid in self.messages and status != "PASS":
                entry["message"] = self.messages[nodeid]
            tag = self.tags.get(nodeid, {})
            if "app" not in tag:
                checks.append({"test": nodeid, **entry})
                continue
            result = results.setdefault(tag["test"], {"test": tag["test"]})
            result.setdefault("subtests", []).append({"name": tag["app"], **entry})
        shared = []
        for test, result in results.items():
            subtests = sorted(
                result["subtests"], key=lambda sub: APPS.index(sub["name"])
            )
            status = overall_status(subtests)
            shared.append({"test": test, "status": status, "subtests": subtests})
        return shared, checks

    def index(self, nodeid: str) -> tuple[int, str]:
        """Return a node's place in collection order (xdist reports come in any)."""
        return self.tags.get(nodeid, {}).get("index", len(self.tags)), nodeid

    def run_info(self, session: pytest.Session, exitstatus: int) -> dict[str, Any]:
        """Return the context of this run: mode, code, versions, what it left out."""
        option = self.config.option
        # --live and --base-url come from tests/conftest.py.
        live = bool(getattr(option, "live", False) or getattr(option, "base_url", []))
        url = os.environ.get("DATABASE_URL", "")
        postgres = url.startswith(("postgres://", "postgresql"))
        reasons = self.partial_reasons(session, exitstatus)
        versions: dict[str, str | None] = {}
        for name in VERSIONS:
            try:
                versions[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                versions[name] = None
        status = git(self.root, "status", "--porcelain")
        return {
            "mode": MODES[4 + postgres] if core_mode() else MODES[2 * live + postgres],
            "started": self.started,
            "finished": now(),
            "commit": git(self.root, "rev-parse", "HEAD"),
            "dirty": None if status is None else bool(status),
            "python": platform.python_version(),
            "versions": versions,
            "database": postgres_version(url)
            if postgres
            else f"sqlite {sqlite3.sqlite_version}",
            "partial": bool(reasons),
            "partial_reasons": reasons,
            "args": list(self.config.invocation_params.args),
        }

    def partial_reasons(self, session: pytest.Session, exitstatus: int) -> list[str]:
        """Say how this run left shared tests out, if it did."""
        option = self.config.option
        reasons = []
        if option.keyword:
            reasons.append(f"-k {option.keyword}")
        if self.collected["deselected"]:
            reasons.append(
                f"{self.collected['deselected']} shared test runs deselected"
            )
        if getattr(option, "lf", False) or getattr(option, "stepwise", False):
            reasons.append("--lf or --sw")
        if option.ignore or option.ignore_glob:
            reasons.append("--ignore")
        tests = (self.root / "tests").resolve()
        here = self.config.invocation_params.dir
        if not any(
            "::" not in arg and tests.is_relative_to((here / arg).resolve())
            for arg in self.config.args
        ):
            reasons.append("collected from " + " ".join(self.config.args))
        ran = sum(1 for tag in self.tags.values() if "app" in tag)
        if (
            ran < self.collected["selected"]
            or exitstatus == pytest.ExitCode.INTERRUPTED
        ):
            missing = self.collected["selected"] - ran
            reasons.append(f"stopped early: {missing} shared test runs did not run")
        return reasons

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Print the matrix of shared tests per app, and where the report went."""
        if self.document is None or self.path is None:
            return
        run_info = self.document["run_info"]
        counts = Counter(matrix_row(result) for result in self.document["results"])
        checks = Counter(check["status"] for check in self.document["framework_checks"])
        write = terminalreporter.write_line
        terminalreporter.section(f"conformance: {run_info['mode']}", sep="-")
        write(f"{len(self.document['results'])} shared tests, by outcome on each app:")
        for row in MATRIX:
            if counts[row] or row != MATRIX[-1]:
                write(f"  {row:<30}{counts[row]:>5}")
        summary = ", ".join(f"{count} {status}" for status, count in checks.items())
        write(f"framework checks: {summary or 'none'}")
        if run_info["partial"]:
            write("PARTIAL run: " + "; ".join(run_info["partial_reasons"]))
        write(f"written to {self.path.relative_to(self.root)}")


def matrix_row(result: dict[str, Any]) -> str:
    """Return the row of the matrix a shared test counts in."""
    statuses = {subtest["name"]: subtest["status"] for subtest in result["subtests"]}
    if len(statuses) < len(APPS):
        return MATRIX[6]
    failed = {app for app, status in statuses.items() if status in BAD}
    passed = {app for app, status in statuses.items() if status == "PASS"}
    if passed == set(APPS):
        return MATRIX[0]
    if failed and passed:
        return MATRIX[1] if "flask" in passed else MATRIX[2]
    if failed:
        return MATRIX[3]
    if "XFAIL" in statuses.values():
        return MATRIX[5]
    return MATRIX[4]


def overall_status(subtests: list[dict[str, Any]]) -> str:
    """Return a shared test's own status: OK when it ran on any app."""
    statuses = {subtest["status"] for subtest in subtests}
    if statuses - {"SKIP", "ERROR"}:
        return "OK"
    return "SKIP" if statuses == {"SKIP"} else "ERROR"
