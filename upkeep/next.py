"""make test-next: the suite against the next releases of both frameworks.

    python -m upkeep.next [pytest arguments]

Resolves pyproject.toml with the upper bounds of the frameworks and their closest
libraries lifted (the newest Django and DRF, Flask, Werkzeug and the Flask
extensions, SQLAlchemy), into var/next/, installs that in a virtualenv of its own,
runs the in-process suite on SQLite there, and reports per app what fails. The
project's own lock and .venv are left alone.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from upkeep import ROOT
from upkeep import compile_lock
from upkeep import failures_by_app
from upkeep import make
from upkeep import pins
from upkeep import version_diff

WORK = ROOT / "var" / "next"
# Released only, newest of each, whatever pyproject.toml's upper bounds say.
NEXT = {
    "flask": [
        "flask",
        "werkzeug",
        "flask-sqlalchemy",
        "sqlalchemy",
        "flask-migrate",
        "flask-login",
        "flask-wtf",
        "flask-admin",
        "flask-limiter",
        "flask-caching",
        "marshmallow",
    ],
    "django": ["django", "djangorestframework", "dj-database-url", "whitenoise"],
}


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    overrides = WORK / "overrides.txt"
    overrides.write_text(
        "\n".join(name for names in NEXT.values() for name in names) + "\n",
        encoding="utf-8",
    )
    # From the current lock, only the watched distributions (and whatever they
    # need) move.
    shutil.copyfile(ROOT / "requirements.lock", WORK / "requirements.lock")
    upgrades = [
        option
        for names in NEXT.values()
        for name in names
        for option in ("--upgrade-package", name)
    ]
    return try_resolution(
        "test-next", WORK, NEXT, *upgrades, "--override", str(overrides)
    )


def try_resolution(
    target: str, work: Path, watched: dict[str, list[str]], *options: str
) -> int:
    """Resolve with options into work/, run the in-process suite there, report.

    watched names, per app, the distributions whose versions the report shows.
    """
    lock = work / "requirements.lock"
    compile_lock(lock, *options)
    current, resolved = pins(ROOT / "requirements.lock"), pins(lock)
    print(f"{target}: versions against requirements.lock:")
    print(*version_diff(current, resolved) or ["  (none)"], sep="\n")

    status = make(
        "test",
        f"VENV={work / 'venv'}",
        f"LOCK={lock}",
        f"PYTEST_ARGS={' '.join(sys.argv[1:])}",
    )
    failed = failures_by_app("inprocess-sqlite")
    report = {
        "versions": {
            app: {name: [current.get(name), resolved.get(name)] for name in names}
            for app, names in watched.items()
        },
        "failed": failed,
        "passed": status == 0,
    }
    (work / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nmake {target}:")
    for group, names in watched.items():
        moved = [
            f"{name} {current.get(name)} -> {resolved.get(name)}"
            for name in names
            if current.get(name) != resolved.get(name)
        ]
        print(f"  {group}: {', '.join(moved) or 'the same versions'}")
    for app in ("flask", "django", "both"):
        tests = failed.get(app, [])
        if app != "both" or tests:
            print(f"  {app}: {f'{len(tests)} failing' if tests else 'passes'}")
        for test in tests[:20]:
            print(f"      {test}")
    print(f"\nReport: {work / 'report.json'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
