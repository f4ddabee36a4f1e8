"""The third-party distributions, from requirements.lock, that Python code imports."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Collection
from functools import cache
from importlib import machinery
from importlib import metadata
from importlib import util
from pathlib import Path
from typing import TypeGuard

from reader.twins import ROOT
from reader.twins import read_lines

LOCK = ROOT / "requirements.lock"
REQUIREMENT = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
# A dotted path in a string, as Django settings and importlib name modules.
DOTTED_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


def normalize(name: str) -> str:
    """Return a distribution's name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def locked_versions() -> dict[str, str]:
    """Return the version of each locked distribution, by normalized name."""
    lines = LOCK.read_text(encoding="utf-8").splitlines()
    return {
        normalize(match[1]): match[2]
        for line in lines
        if (match := REQUIREMENT.match(line))
    }


@cache
def own_modules() -> frozenset[str]:
    """Return the project's own top-level packages, Django's apps included."""
    folders = [*ROOT.iterdir(), *(ROOT / "django_app").iterdir()]
    return frozenset(path.name for path in folders if (path / "__init__.py").is_file())


@cache
def distribution_of_module() -> dict[str, str]:
    """Map each third-party top-level module to the locked distribution shipping it."""
    found = {}
    for module, names in metadata.packages_distributions().items():
        if module in sys.stdlib_module_names or module in own_modules():
            continue
        for name in names:
            if normalize(name) in locked_versions():
                found[module] = name
    return found


def names_module(value: object) -> TypeGuard[str]:
    """Tell whether a string names a third-party package or a module in it."""
    if not isinstance(value, str) or not DOTTED_PATH.fullmatch(value):
        return False
    top, _, rest = value.partition(".")
    if top not in distribution_of_module():
        return False
    spec = util.find_spec(top)
    if spec is None or not rest:
        return spec is not None
    # "flask.sqlite3" is a file name; "whitenoise.middleware.X" names a module.
    child = rest.partition(".")[0]
    return any(
        (Path(folder) / child).is_dir() or (Path(folder) / f"{child}{suffix}").is_file()
        for folder in spec.submodule_search_locations or []
        for suffix in machinery.all_suffixes()
    )


def modules_named(path: Path, lines: Collection[int]) -> set[str]:
    """Return the modules the given lines import, use by an imported name, or name.

    A string naming a module counts: Django's settings load their middleware,
    apps and backends by dotted path.
    """
    tree = ast.parse("\n".join(read_lines(path)))
    # The names the module's own imports bind, and where they come from.
    imported = {}
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                imported[alias.asname or alias.name.partition(".")[0]] = alias.name
        elif isinstance(statement, ast.ImportFrom) and not statement.level:
            for alias in statement.names:
                imported[alias.asname or alias.name] = statement.module or ""
    modules: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) not in lines:
            continue
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            modules.add(node.module or "")
        elif isinstance(node, ast.Name) and node.id in imported:
            modules.add(imported[node.id])
        elif isinstance(node, ast.Constant) and names_module(node.value):
            modules.add(node.value)
    return modules


def distributions(path: Path, lines: Collection[int]) -> set[str]:
    """Return the locked distributions the given lines of a Python file depend on."""
    if path.suffix != ".py":
        return set()
    found = distribution_of_module()
    tops = {module.partition(".")[0] for module in modules_named(path, lines)}
    return {found[top] for top in tops if top in found}


def version(distribution: str) -> str:
    """Return the locked version of a distribution."""
    return locked_versions()[normalize(distribution)]
