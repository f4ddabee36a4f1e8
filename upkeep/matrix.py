"""make test-matrix: the in-process suite on every Python the project supports.

Each Python is found on the PATH (python3.X), through pyenv, or by uv, and gets a
virtualenv of its own under var/matrix/ made from requirements.lock (a universal
lock: the same pins on every Python).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from upkeep import ROOT
from upkeep import make
from upkeep import uv

# The Pythons requires-python admits and the README names; PYTHONS="3.12 3.13"
# runs some of them (.ci/run, whose make test has run 3.11 already).
VERSIONS = tuple(os.environ.get("PYTHONS", "3.11 3.12 3.13").split())


def runs(python: str, version: str) -> bool:
    """Whether python runs and is version (pyenv's shims may not)."""
    try:
        result = subprocess.run(  # noqa: S603 - a Python interpreter
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return False
    return result.returncode == 0 and result.stdout.strip() == version


def find_python(version: str) -> str | None:
    """Return a Python of this version: the PATH's, pyenv's or one uv knows."""
    candidates = [shutil.which(f"python{version}")]
    if pyenv := shutil.which("pyenv"):
        latest = subprocess.run(  # noqa: S603
            [pyenv, "latest", version], capture_output=True, text=True, check=False
        ).stdout.strip()
        root = subprocess.run(  # noqa: S603
            [pyenv, "root"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if latest and root:
            candidates.append(f"{root}/versions/{latest}/bin/python")
    found = subprocess.run(  # noqa: S603
        [uv(), "python", "find", version],
        capture_output=True,
        text=True,
        check=False,
    )
    candidates.append(found.stdout.strip() if found.returncode == 0 else None)
    return next((c for c in candidates if c and runs(c, version)), None)


def main() -> int:
    pytest_args = " ".join(sys.argv[1:])
    results = {}
    for version in VERSIONS:
        python = find_python(version)
        if python is None:
            results[version] = "not found (install it with pyenv or uv)"
            continue
        status = make(
            "test",
            f"PYTHON={python}",
            f"VENV={ROOT / 'var' / 'matrix' / f'py{version}'}",
            f"PYTEST_ARGS={pytest_args}",
        )
        results[version] = "passed" if status == 0 else f"FAILED (make test: {status})"
    print("\nPython matrix (make test, in-process, SQLite):")
    for version, outcome in results.items():
        print(f"  Python {version}: {outcome}")
    return 0 if all(outcome == "passed" for outcome in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
