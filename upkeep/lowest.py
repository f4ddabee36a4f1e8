"""make test-lowest: the suite on the lowest versions pyproject.toml allows.

    python -m upkeep.lowest [pytest arguments]

Every direct dependency at the lower bound of its range (uv's lowest-direct
resolution; what they need, at its newest), in var/lowest/, so that a bound in
pyproject.toml is one the suite has passed on.
"""

from __future__ import annotations

import re
import sys

from upkeep import ROOT
from upkeep.next import try_resolution

WORK = ROOT / "var" / "lowest"


def direct_dependencies() -> list[str]:
    """The names pyproject.toml depends on, dev extras included."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pattern = r'^\s+"([A-Za-z0-9_.-]+)[\[>=<]'
    return sorted(set(re.findall(pattern, text, re.MULTILINE)))


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    return try_resolution(
        "test-lowest",
        WORK,
        {"direct dependencies": direct_dependencies()},
        "--resolution",
        "lowest-direct",
    )


if __name__ == "__main__":
    sys.exit(main())
