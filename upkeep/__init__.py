"""Keeping both halves current: make upgrade, make test-next, make test-matrix.

Helpers the three share: the lock's pins, make runs in a virtualenv of their own,
and which app broke, read from the shared suite's conformance report.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var"
# name==version at the start of a line of a pip-compile lock.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def uv() -> str:
    """The uv the Makefile found or installed (it passes UV)."""
    return os.environ.get("UV", "uv")


def pins(lock: Path) -> dict[str, str]:
    """Each locked distribution's version, by its normalised name."""
    return {
        re.sub(r"[-_.]+", "-", name).lower(): version
        for name, version in PIN.findall(lock.read_text(encoding="utf-8"))
    }


def version_diff(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Lines naming every distribution added, removed or moved."""
    lines = []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before != after:
            lines.append(f"  {name:<28} {before or '-':>12} -> {after or '-'}")
    return lines


def compile_lock(output: Path, *options: str) -> None:
    """Resolve pyproject.toml into output as make lock does, with options added."""
    subprocess.run(  # noqa: S603 - uv with fixed arguments
        [
            uv(),
            "pip",
            "compile",
            "pyproject.toml",
            "--extra",
            "dev",
            "--universal",
            "--python-version",
            "3.11",
            "--generate-hashes",
            "--quiet",
            "-o",
            str(output),
            *options,
        ],
        cwd=ROOT,
        check=True,
    )


def make(*arguments: str, env: dict[str, str] | None = None) -> int:
    """Run make with these targets and variables; return its status."""
    print(f"\n$ make {' '.join(arguments)}", flush=True)
    return subprocess.run(  # noqa: S603 - make with our own targets
        [os.environ.get("MAKE", "make"), "--no-print-directory", *arguments],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    ).returncode


def failures_by_app(mode: str) -> dict[str, list[str]]:
    """The tests each app failed in the last run of mode (var/conformance/)."""
    path = ROOT / "var" / "conformance" / f"{mode}.json"
    if not path.exists():
        return {}
    document = json.loads(path.read_text(encoding="utf-8"))
    failed: dict[str, list[str]] = {"flask": [], "django": []}
    for result in document["results"]:
        for subtest in result["subtests"]:
            if subtest["status"] not in {"PASS", "SKIP", "XFAIL"}:
                failed.setdefault(subtest["name"], []).append(result["test"])
    for check in document.get("framework_checks", []):
        if check["status"] not in {"PASS", "SKIP"}:
            app = "flask" if "flask" in check["test"] else "django"
            if "flask_app/" not in check["test"] and "django_app/" not in check["test"]:
                app = "both"
            failed.setdefault(app, []).append(check["test"])
    return failed
