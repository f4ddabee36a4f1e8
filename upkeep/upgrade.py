"""make upgrade: the newest releases pyproject.toml allows, kept only if all passes.

    python -m upkeep.upgrade [PACKAGE]

Re-resolves requirements.lock into var/upgrade/ (every package, or PACKAGE alone),
prints the version diff, then runs the whole check in a virtualenv made from the new
lock: make lint, the suite on SQLite and PostgreSQL, the live suite, the browser
tests and a short bench. The new lock replaces requirements.lock only when every
step passes; otherwise it is left unchanged and the report says which app broke.
"""

from __future__ import annotations

import shutil
import sys

from upkeep import ROOT
from upkeep import compile_lock
from upkeep import failures_by_app
from upkeep import make
from upkeep import pins
from upkeep import version_diff

WORK = ROOT / "var" / "upgrade"
# Each step: its name, the make targets and variables, and the conformance mode it
# writes (which app broke), if any.
STEPS = [
    ("lint", ["lint"], None),
    ("suite, SQLite", ["test"], "inprocess-sqlite"),
    ("suite, PostgreSQL", ["test-postgres"], "inprocess-postgresql"),
    ("live suite", ["test-live"], "live-sqlite"),
    ("browser", ["test-browser"], None),
    (
        "bench, short",
        ["bench", "BENCH_DURATION=2", "BENCH_WARMUP=1", f"BENCH_RESULTS={WORK}/bench"],
        None,
    ),
]


def main() -> int:
    package = sys.argv[1] if len(sys.argv) > 1 else ""
    WORK.mkdir(parents=True, exist_ok=True)
    current, candidate = ROOT / "requirements.lock", WORK / "requirements.lock"
    # From the current lock: with PACKAGE, every other pin stays where it is.
    shutil.copyfile(current, candidate)
    options = ["--upgrade-package", package] if package else ["--upgrade"]
    compile_lock(candidate, *options)
    diff = version_diff(pins(current), pins(candidate))
    what = package or "every package"
    if not diff:
        print(f"Already the newest releases pyproject.toml allows for {what}.")
        return 0
    print(f"New versions for {what} ({len(diff)}):", *diff, sep="\n")

    variables = [f"VENV={WORK / 'venv'}", f"LOCK={candidate}"]
    report = []
    for name, arguments, mode in STEPS:
        status = make(
            *arguments, *variables, env={"PYTEST_ARGS": "-p no:cacheprovider"}
        )
        line = f"  {name:<20} {'passed' if status == 0 else 'FAILED'}"
        if status and mode:
            broken = {
                app: tests for app, tests in failures_by_app(mode).items() if tests
            }
            line += "".join(
                f"; {app}: {len(tests)} failed" for app, tests in broken.items()
            )
            for app, tests in broken.items():
                line += "".join(f"\n      {app}: {test}" for test in tests[:10])
        report.append((status, line))

    print(
        f"\nmake upgrade ({what}):", *diff, "", *(line for _, line in report), sep="\n"
    )
    if any(status for status, _ in report):
        print(
            "\nrequirements.lock is unchanged; the new one is "
            "var/upgrade/requirements.lock."
        )
        return 1
    shutil.copyfile(candidate, current)
    print("\nEvery check passed: requirements.lock now holds the new versions.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
