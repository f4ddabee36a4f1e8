"""The size of a feature's side: its lines by kind, and the distributions it imports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reader import claims
from reader.imports import distributions
from reader.imports import normalize
from reader.imports import version
from reader.loc import KINDS
from reader.loc import count_lines
from reader.pages import escape
from reader.twins import Part

HARDENING = "/hardening/"
# The app's own code: its folder, less its migrations and its tests.
APP_FOLDERS = {"flask": "flask_app/", "django": "django_app/"}
NOT_APP_CODE = ("/migrations/", "/tests/")


@dataclass
class Tally:
    """One side of a feature: its lines by kind, and what they import."""

    counts: Counter[str]
    distributions: set[str]


def tally(parts: Iterable[Part]) -> Tally:
    """Count each line of the parts once, and gather what they import."""
    lines: dict[Path, set[int]] = {}
    for part in parts:
        lines.setdefault(part.file, set()).update(part.lines())
    counts: Counter[str] = Counter(dict.fromkeys(KINDS, 0))
    found: set[str] = set()
    for path, numbers in lines.items():
        counts.update(count_lines(path, numbers))
        found |= distributions(path, numbers)
    return Tally(counts, found)


def is_hardening(part: Part) -> bool:
    """Return whether a part lives in its app's hardening/ package."""
    return HARDENING in f"/{part.path}"


def is_app_code(part: Part, side: str) -> bool:
    """Return whether a part is the app's own code: not a migration, test or bench."""
    path = f"/{part.path}"
    return part.path.startswith(APP_FOLDERS[side]) and not any(
        folder in path for folder in NOT_APP_CODE
    )


@cache
def frameworks() -> dict[str, frozenset[str]]:
    """Return each framework's own distributions, as the claims count them."""
    spec = claims.load_spec()
    return {
        side: frozenset(normalize(name) for name in names)
        for side, names in spec["frameworks"].items()
    }


def beyond_framework(side: str, names: set[str]) -> set[str]:
    """Return the distributions that are not the side's framework's own."""
    own = frameworks()[side]
    return {name for name in names if normalize(name) not in own}


def distribution_list(names: set[str], versions: bool = False) -> str:
    """Return distribution names, sorted, with their locked versions if asked."""
    if not names:
        return "none"
    ordered = sorted(names, key=str.lower)
    return ", ".join(
        escape(f"{name} {version(name)}" if versions else name) for name in ordered
    )
