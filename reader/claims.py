"""Give each claim of shared_spec/claims.md a verdict from what the repo measures."""

from __future__ import annotations

import argparse
import ast
import fnmatch
import html
import json
import re
import shutil
import sys
import textwrap
from collections import Counter
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from statistics import median
from typing import Any

import yaml

from reader.loc import line_kinds

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "shared_spec" / "claims.yaml"
README_PATH = ROOT / "README.md"
JSON_PATH = ROOT / "var" / "claims.json"
HTML_PATH = ROOT / "var" / "reader" / "claims.html"
START_MARKER = "<!-- claims:start -->"
END_MARKER = "<!-- claims:end -->"

HOLDS = "holds"
DOES_NOT_HOLD = "does not hold"
CAVEAT = "holds with a caveat"
NOT_MEASURABLE = "not measurable here"
OUT_OF_SCOPE = "out of scope"
VERDICTS = (HOLDS, DOES_NOT_HOLD, CAVEAT, NOT_MEASURABLE, OUT_OF_SCOPE)
APP_NAMES = {"flask": "Flask", "django": "Django"}

DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
KEY_PART = re.compile(r"(\w+)(?:\[([^\]]*)\])?")
LOCK_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


class EvidenceError(Exception):
    """A file, test, key, module or count a claim names is missing or has changed."""


@dataclass
class Verdict:
    """One claim, its verdict and the evidence it rests on."""

    id: str
    claim: str
    verdict: str
    decided_by: str
    rule: str
    summary: str
    details: list[str] = field(default_factory=list)
    machine_dependent: bool = False
    machines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def normalise(name: str) -> str:
    """Return a distribution name as requirements.lock compares names."""
    return re.sub(r"[-_.]+", "-", name).lower()


def resolve_key(data: Any, key: str) -> Any:
    """Return the value at a key such as results[app=flask,endpoint=floor].mean_ms."""
    for part in key.split("."):
        match = KEY_PART.fullmatch(part)
        if match is None or not isinstance(data, dict) or match[1] not in data:
            raise EvidenceError(f"no key {key!r}")
        data = data[match[1]]
        if match[2] is not None:
            wanted = dict(pair.split("=", 1) for pair in match[2].split(","))
            found = [
                item
                for item in data
                if all(str(item.get(name)) == value for name, value in wanted.items())
            ]
            if len(found) != 1:
                raise EvidenceError(f"{len(found)} elements match {part!r} in {key!r}")
            data = found[0]
    return data


def imported_names(tree: ast.Module) -> set[str]:
    """Return the modules a file imports or names (dotted paths, INSTALLED_APPS)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if DOTTED_NAME.fullmatch(node.value):
                names.add(node.value)
        elif (
            isinstance(node, ast.Assign)
            and any(
                isinstance(target, ast.Name) and target.id == "INSTALLED_APPS"
                for target in node.targets
            )
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            names.update(
                element.value
                for element in node.value.elts
                if isinstance(element, ast.Constant) and isinstance(element.value, str)
            )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"files", "import_module"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def number(value: float, digits: int) -> str:
    """Format a figure with thousands separators and a fixed number of decimals."""
    return f"{value:,.{digits}f}"


def plural(count: int, word: str) -> str:
    """Return a count with its word, in the plural unless the count is one."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


class Repository:
    """The files, results and locked distributions the verdicts are read from."""

    def __init__(self, root: Path, spec: dict[str, Any]) -> None:
        self.root = root
        self.spec = spec
        self.apps: dict[str, str] = spec["apps"]
        self.frameworks = {
            app: {normalise(name) for name in names}
            for app, names in spec["frameworks"].items()
        }
        self.exclude: list[str] = spec["code_lines"]["exclude"]
        self._json: dict[str, Any] = {}

    @cached_property
    def lock(self) -> dict[str, str]:
        """Return the locked distributions' versions, by normalised name."""
        text = (self.root / "requirements.lock").read_text(encoding="utf-8")
        versions: dict[str, str] = {}
        for name, version in LOCK_LINE.findall(text):
            versions.setdefault(normalise(name), version)
        return versions

    @cached_property
    def top_level(self) -> dict[str, list[str]]:
        """Return the installed distributions providing each top-level module."""
        return dict(metadata.packages_distributions())

    def json(self, name: str) -> Any:
        """Return a JSON file of the repository, read once."""
        if name not in self._json:
            path = self.root / name
            if not path.is_file():
                raise EvidenceError(f"no file {name}")
            self._json[name] = json.loads(path.read_text(encoding="utf-8"))
        return self._json[name]

    def value(self, name: str, key: str) -> Any:
        """Return the value at a key of a JSON file."""
        try:
            return resolve_key(self.json(name), key)
        except EvidenceError as error:
            raise EvidenceError(f"{name}: {error}") from None

    def relative(self, path: Path) -> str:
        """Return a path relative to the repository, with forward slashes."""
        return path.relative_to(self.root).as_posix()

    def matching(self, patterns: list[str]) -> list[Path]:
        """Return the files the globs match, less a !glob's and code_lines' excludes."""
        found: set[Path] = set()
        left_out: set[Path] = set()
        for pattern in patterns:
            matches = {
                path
                for path in self.root.glob(pattern.removeprefix("!"))
                if path.is_file()
                and not any(
                    fnmatch.fnmatch(self.relative(path), excluded)
                    for excluded in self.exclude
                )
            }
            if not matches:
                raise EvidenceError(f"no file matches {pattern}")
            (left_out if pattern.startswith("!") else found).update(matches)
        return sorted(found - left_out)

    def code_lines(self, patterns: list[str]) -> tuple[int, int]:
        """Return the code lines and the number of files the globs match."""
        paths = self.matching(patterns)
        return sum(line_kinds(path).count("code") for path in paths), len(paths)

    def local_packages(self, app: str) -> set[str]:
        """Return the names an app's own modules are imported by."""
        folder = self.root / self.apps[app]
        return {folder.name} | {path.name for path in folder.iterdir() if path.is_dir()}

    @cached_property
    def imports(self) -> dict[str, set[str]]:
        """Return the modules each app imports or names, its own tests left out."""
        result: dict[str, set[str]] = {}
        for app, folder in self.apps.items():
            names: set[str] = set()
            for path in sorted((self.root / folder).rglob("*.py")):
                parts = path.relative_to(self.root).parts
                if "tests" in parts or "__pycache__" in parts:
                    continue
                names |= imported_names(ast.parse(path.read_text(encoding="utf-8")))
            result[app] = names
        return result

    def imports_module(self, app: str, module: str) -> bool:
        """Return whether an app imports a module or one inside it."""
        return any(
            name == module or name.startswith(f"{module}.")
            for name in self.imports[app]
        )

    def distribution(self, module: str) -> str | None:
        """Return the locked distribution shipping a module, None for the stdlib."""
        top = module.split(".")[0]
        if top in sys.stdlib_module_names:
            return None
        for name in self.top_level.get(top, []):
            if normalise(name) in self.lock:
                return name
        raise EvidenceError(f"no locked distribution ships {module}")

    def ships(self, module: str) -> str:
        """Return the distribution shipping a module, checking the module is there."""
        name = self.distribution(module)
        if name is None:
            return "the standard library"
        path = module.replace(".", "/")
        shipped = {file.as_posix() for file in metadata.distribution(name).files or []}
        if not {f"{path}.py", f"{path}/__init__.py"} & shipped:
            raise EvidenceError(f"{name} ships no module {module}")
        return self.display(name)

    def display(self, name: str) -> str:
        """Return a distribution's name as it spells it, with its locked version."""
        spelled = metadata.distribution(name).metadata["Name"]
        return f"{spelled} {self.lock[normalise(name)]}"

    def is_framework(self, app: str, name: str) -> bool:
        """Return whether a distribution is the app's framework's own."""
        return normalise(name) in self.frameworks[app]

    def app_distributions(self, app: str) -> dict[str, set[str]]:
        """Return every locked distribution an app imports, with the modules."""
        local = self.local_packages(app)
        found: dict[str, set[str]] = {}
        for module in self.imports[app]:
            top = module.split(".")[0]
            if top in local or top in sys.stdlib_module_names:
                continue
            names = [
                name
                for name in self.top_level.get(top, [])
                if normalise(name) in self.lock
            ]
            if names:
                found.setdefault(names[0], set()).add(top)
        return found


def machine_of(data: dict[str, Any]) -> tuple[str, str] | None:
    """Return a results file's machine, in short and in full, if it names one."""
    machine = data.get("machine")
    if not isinstance(machine, dict):
        return None
    short = f"{machine.get('cores')}-core {machine.get('cpu')}"
    load = machine.get("load_average_at_start") or ["?"]
    full = (
        f"{machine.get('cpu')}, {machine.get('cores')} cores, "
        f"{machine.get('ram_gb')} GB RAM, {machine.get('os')}; load average "
        f"{load[0]} at the start of the run of {data.get('generated_at')}"
    )
    return short, full


@dataclass(frozen=True)
class FigureRow:
    """One figure of both apps; with rounds, each app's interval of middle rounds."""

    key: str
    label: str
    flask: float
    django: float
    flask_interval: tuple[float, float] | None = None
    django_interval: tuple[float, float] | None = None
    # Measured in rounds, but this file holds one run only: shown, not deciding.
    no_rounds: bool = False


def middle_interval(values: list[float]) -> tuple[float, float]:
    """The range of the middle rounds: the lowest and highest left out from 4 on.

    The same rule as bench/stats.py, which make bench reports with.
    """
    ordered = sorted(values)
    if len(ordered) >= 4:
        ordered = ordered[1:-1]
    return ordered[0], ordered[-1]


def figure_rows(
    repo: Repository, group: dict[str, Any]
) -> list[tuple[str, str, list[FigureRow]]]:
    """Return a figure group's sources, each with its rows of Flask and Django."""
    if "loc" in group:
        flask, _ = repo.code_lines(group["loc"]["flask"])
        django, _ = repo.code_lines(group["loc"]["django"])
        return [("code", "", [FigureRow("lines", group["label"], flask, django)])]
    sources = []
    scale = float(group.get("scale", 1))
    for name, source in group["files"].items():
        rows = []
        for key, label in group["names"].items():
            values: list[float] = []
            intervals: list[tuple[float, float] | None] = []
            no_rounds = False
            for app in ("flask", "django"):
                value = repo.value(name, group["key"].format(app=app, name=key))
                if isinstance(value, list):
                    value = median(value)
                values.append(float(value) * scale)
                found = None
                if "rounds" in group:
                    try:
                        runs = repo.value(
                            name, group["rounds"].format(app=app, name=key)
                        )
                    except EvidenceError:
                        no_rounds = True
                    else:
                        low, high = middle_interval([float(run) for run in runs])
                        found = (low * scale, high * scale)
                intervals.append(found)
            rows.append(
                FigureRow(
                    key,
                    label,
                    values[0],
                    values[1],
                    flask_interval=intervals[0],
                    django_interval=intervals[1],
                    no_rounds=no_rounds,
                )
            )
        sources.append((name, source, rows))
    return sources


def leader_of(row: FigureRow, better: str) -> str:
    """Return "flask", "django" or "even": ahead only outside the other's interval."""
    lower = better == "lower"
    if row.flask_interval and row.django_interval:
        flask, django = row.flask_interval, row.django_interval
        if flask[1] < django[0]:
            return "django" if not lower else "flask"
        if django[1] < flask[0]:
            return "flask" if not lower else "django"
        return "even"
    if row.flask == row.django:
        return "even"
    return "flask" if (row.flask < row.django) == lower else "django"


def describe(value: float, interval: tuple[float, float] | None, digits: int) -> str:
    """A figure, and its interval when it has one."""
    text = number(value, digits)
    if interval:
        text += f" ({number(interval[0], digits)} to {number(interval[1], digits)})"
    return text


def judge_figures(entry: dict[str, Any], repo: Repository, verdict: Verdict) -> None:
    """Compare figures from results files or the line counter, as the rule says.

    A figure measured in rounds is ahead only when its interval and the other app's
    do not overlap; otherwise there is no measurable difference.
    """
    favoured = entry.get("favours", "flask")
    other = "django" if favoured == "flask" else "flask"
    wins = total = 0
    per_source: list[str] = []
    headlines: list[str] = []
    won: list[str] = []
    lost: list[str] = []
    even: list[str] = []
    cited: list[str] = []
    machines: dict[str, str] = {}
    for group in entry["figures"]:
        decides = group.get("decides", True)
        better = group["better"]
        unit = group.get("unit", "")
        digits = int(group.get("digits", 0))
        headline_parts: list[str] = []
        for name, source, rows in figure_rows(repo, group):
            source_wins = 0
            source_won: list[str] = []
            source_lost: list[str] = []
            source_even: list[str] = []
            ratios: list[str] = []
            for row in rows:
                leader = leader_of(row, better)
                text = {
                    "flask": "Flask ahead",
                    "django": "Django ahead",
                    "even": "no measurable difference"
                    if row.flask_interval
                    else "a tie",
                }[leader]
                where = f"{source}, " if source else ""
                origin = (
                    f" ({name}: {group['key'].format(app='{app}', name=row.key)})"
                    if "files" in group
                    else ""
                )
                if row.no_rounds:
                    text += " (one run, no rounds: does not decide)"
                verdict.details.append(
                    f"{where}{row.label}: Flask "
                    f"{describe(row.flask, row.flask_interval, digits)} {unit}, Django "
                    f"{describe(row.django, row.django_interval, digits)} {unit}, "
                    f"{text}, {better} is better"
                    f"{'' if decides else ' (shown, does not decide)'}{origin}"
                )
                if row.django:
                    ratios.append(f"{row.label} {row.flask / row.django:.2f}")
                if decides and not row.no_rounds:
                    total += 1
                    if leader == favoured:
                        source_wins += 1
                        source_won.append(row.label)
                    elif leader == other:
                        source_lost.append(row.label)
                    else:
                        source_even.append(row.label)
                if group.get("headline") in (row.key, True):
                    figures = (
                        f"{number(row.flask, digits)} vs {number(row.django, digits)}"
                    )
                    headline_parts.append(
                        f"{figures} {unit} ({source})"
                        if source
                        else f"{figures} {unit}"
                    )
            where = f" ({source})" if source else ""
            if decides:
                wins += source_wins
                if source:
                    decided = sum(not row.no_rounds for row in rows)
                    per_source.append(f"{source} {source_wins}/{decided}")
                if source_won:
                    won.append(f"{', '.join(source_won)}{where}")
                if source_lost:
                    lost.append(f"{', '.join(source_lost)}{where}")
                if source_even:
                    even.append(f"{', '.join(source_even)}{where}")
            elif group.get("cite") and ratios:
                cited.append(f"{group['cite']}{where}: {', '.join(ratios)}")
            if group.get("machine") and "files" in group:
                found = machine_of(repo.json(name))
                if found is not None:
                    machines[found[1]] = found[0]
                    verdict.machines.append(f"{name}: {found[1]}")
        if headline_parts:
            label = (
                group["names"][group["headline"]]
                if "files" in group
                else group["label"]
            )
            headlines.append(f"{label} {', '.join(headline_parts)}")
    verdict.machine_dependent = bool(machines)
    if total == 0:
        verdict.verdict = NOT_MEASURABLE
        verdict.problems.append("no figure measured in rounds: run make bench")
    elif wins == total:
        verdict.verdict = HOLDS
    elif wins == 0:
        verdict.verdict = DOES_NOT_HOLD
    else:
        verdict.verdict = CAVEAT
    split = f" ({', '.join(per_source)})" if len(per_source) > 1 else ""
    summary = f"{APP_NAMES[favoured]} ahead on {wins} of {total}{split}"
    if won and (lost or even):
        summary += f": {'; '.join(won)}"
    if lost:
        summary += f"; {APP_NAMES[other]} ahead on {'; '.join(lost)}"
    if even:
        summary += f"; no measurable difference on {'; '.join(even)}"
    if headlines:
        summary += f"; Flask vs Django: {'; '.join(headlines)}"
    if cited:
        summary += f"; {'; '.join(cited)}"
    if machines:
        summary += f"; on one {', '.join(sorted(set(machines.values())))}"
    verdict.summary = summary


def side_of(
    repo: Repository, app: str, modules: list[str]
) -> tuple[str, list[str], list[str]]:
    """Return whether an app's modules for a feature are built in, and from where."""
    own: list[str] = []
    others: list[str] = []
    for module in modules:
        if not repo.imports_module(app, module):
            raise EvidenceError(f"{APP_NAMES[app]} app imports no {module}")
        name = repo.distribution(module)
        if name is None or repo.is_framework(app, name):
            own.append(module)
        elif repo.display(name) not in others:
            others.append(repo.display(name))
    return ("extension" if others else "built in"), own, others


def describe_side(
    app: str, kind: str, own: list[str], others: list[str], says: str | None
) -> str:
    """Return one side of a feature in a few words, and what the claim says of it."""
    if others:
        kinds = "extension" if len(others) == 1 else "extensions"
        text = f"{', '.join(others)} ({kinds}"
    elif len(own) > 2:
        text = f"{len(own)} of its own modules (built in"
    else:
        text = f"{', '.join(own)} (built in"
    if says is not None:
        text += f"; the claim says {says}"
    return f"{APP_NAMES[app]}: {text})"


def list_imports(entry: dict[str, Any], repo: Repository, verdict: Verdict) -> None:
    """Add the modules each app imports for a feature to the details."""
    for app, modules in entry.get("imports", {}).items():
        kind, _, _ = side_of(repo, app, modules)
        shipped = [f"{module} ({repo.ships(module)})" for module in modules]
        verdict.details.append(f"{APP_NAMES[app]} imports {', '.join(shipped)}: {kind}")


def judge_imports(entry: dict[str, Any], repo: Repository, verdict: Verdict) -> None:
    """Compare what each app imports for a feature with what the claim expects."""
    sides = []
    matches = True
    for app, expected in entry["expect"].items():
        kind, own, others = side_of(repo, app, entry["imports"][app])
        matches = matches and kind == expected
        says = entry.get("says", {}).get(app, expected) if kind != expected else None
        sides.append(describe_side(app, kind, own, others, says))
    list_imports(entry, repo, verdict)
    if not matches:
        verdict.verdict = DOES_NOT_HOLD
    elif entry.get("caveat"):
        verdict.verdict = CAVEAT
        verdict.details.append(
            f"caveat (a reading of the files named): {entry['caveat']}"
        )
    else:
        verdict.verdict = HOLDS
    verdict.summary = "; ".join(sides)


def judge_distributions(
    entry: dict[str, Any], repo: Repository, verdict: Verdict
) -> None:
    """Count the locked distributions beyond the framework each app imports."""
    beyond: dict[str, list[str]] = {}
    for app in repo.apps:
        found = repo.app_distributions(app)
        own = sorted(
            repo.display(name) for name in found if repo.is_framework(app, name)
        )
        others = sorted(
            (
                f"{repo.display(name)} ({', '.join(sorted(modules))})"
                for name, modules in found.items()
                if not repo.is_framework(app, name)
            ),
            key=str.lower,
        )
        beyond[app] = others
        verdict.details.append(f"{APP_NAMES[app]}'s own: {', '.join(own)}")
        verdict.details.append(
            f"{APP_NAMES[app]} beyond its own: {', '.join(others) or 'none'}"
        )
    flask, django = len(beyond["flask"]), len(beyond["django"])
    if django == 0 and flask > 0:
        verdict.verdict = HOLDS
    elif django < flask:
        verdict.verdict = CAVEAT
    else:
        verdict.verdict = DOES_NOT_HOLD
    names = ", ".join(item.split(" ")[0] for item in beyond["django"])
    verdict.summary = (
        f"beyond the framework's own distributions, the Flask app imports {flask}, "
        f"the Django app {django}" + (f" ({names})" if names else "")
    )


def shared_outcomes(
    repo: Repository, report: str, files: list[str]
) -> dict[str, dict[str, dict[str, str]]]:
    """Return each app's subtest of each shared test of files in a complete run."""
    for file in files:
        if not (repo.root / file).is_file():
            raise EvidenceError(f"no file {file}")
    run_info = repo.value(report, "run_info")
    if run_info["partial"]:
        reasons = "; ".join(run_info["partial_reasons"])
        raise EvidenceError(f"{report} is from a partial run ({reasons})")
    outcomes: dict[str, dict[str, dict[str, str]]] = {app: {} for app in APP_NAMES}
    for result in repo.value(report, "results"):
        if result["test"].split("::", 1)[0] in files:
            for subtest in result["subtests"]:
                outcomes[subtest["name"]][result["test"]] = subtest
    if not all(outcomes.values()):
        raise EvidenceError(f"{report} has no shared test of {', '.join(files)}")
    return outcomes


def judge_tests(entry: dict[str, Any], repo: Repository, verdict: Verdict) -> None:
    """Count the shared tests each app passes in each run, as the rule says."""
    files = entry["tests"]
    if entry["decides"] not in entry["runs"]:
        raise EvidenceError(f"no run {entry['decides']!r} to decide by")
    parts: list[str] = []
    tests: set[str] | None = None
    for run, report in entry["runs"].items():
        outcomes = shared_outcomes(repo, report, files)
        ran = set(outcomes["flask"]) | set(outcomes["django"])
        if tests is not None and ran != tests:
            raise EvidenceError(f"the runs ran different tests of {', '.join(files)}")
        tests = ran
        passed = {
            app: sum(sub["status"] == "PASS" for sub in subtests.values())
            for app, subtests in outcomes.items()
        }
        scores = {app: f"{passed[app]} of {len(outcomes[app])}" for app in outcomes}
        sides = ", ".join(f"{APP_NAMES[app]} {scores[app]}" for app in scores)
        both = scores["flask"] == scores["django"]
        parts.append(f"{run}: both {scores['flask']}" if both else f"{run}: {sides}")
        info = repo.value(report, "run_info")
        verdict.details.append(
            f"{run} ({report}: {info['mode']} run of {info['started']}, commit "
            f"{str(info['commit'])[:12]}): passed by {sides}"
        )
        for app, subtests in outcomes.items():
            missed = Counter(
                sub.get("message") or sub["status"]
                for sub in subtests.values()
                if sub["status"] != "PASS"
            )
            if missed:
                verdict.details.append(
                    f"{run}: not passed by {APP_NAMES[app]}: "
                    + "; ".join(f"{count} ({why})" for why, count in missed.items())
                )
        if run == entry["decides"]:
            favoured = entry["favours"]
            ours = passed[favoured]
            theirs = max(count for app, count in passed.items() if app != favoured)
            if ours <= theirs:
                verdict.verdict = DOES_NOT_HOLD
            elif ours == len(outcomes[favoured]):
                verdict.verdict = HOLDS
            else:
                verdict.verdict = CAVEAT
    if verdict.verdict == CAVEAT and entry.get("caveat"):
        verdict.details.append(
            f"caveat (a reading of the files named): {entry['caveat']}"
        )
    list_imports(entry, repo, verdict)
    verdict.summary = "; ".join(parts)


def evidence(item: dict[str, Any], repo: Repository) -> tuple[str, Any]:
    """Check one piece of evidence and return its line and its value."""
    if "file" in item:
        if not (repo.root / item["file"]).exists():
            raise EvidenceError(f"no file {item['file']}")
        return f"file: {item['file']}", item["file"]
    if "test" in item:
        path, _, name = item["test"].partition("::")
        if not (repo.root / path).is_file():
            raise EvidenceError(f"no file {path}")
        tree = ast.parse((repo.root / path).read_text(encoding="utf-8"))
        if not any(
            isinstance(node, ast.FunctionDef) and node.name == name
            for node in tree.body
        ):
            raise EvidenceError(f"no test {item['test']}")
        return f"test: {item['test']}", item["test"]
    if "json" in item:
        value = repo.value(item["json"], item["key"])
        if "digits" in item:
            value = f"{float(value):,.{item['digits']}f}"
        return f"{item['json']}: {item['key']} = {value}", value
    if "module" in item:
        shipped = repo.ships(item["module"])
        return f"module: {item['module']} ({shipped})", shipped
    if "locked" in item:
        version = repo.lock.get(normalise(item["locked"]))
        if (version is not None) != item["present"]:
            state = "is" if version else "is not"
            raise EvidenceError(f"{item['locked']} {state} locked now")
        value = f"locked ({version})" if version else "not locked"
        return f"{item['locked']}: {value} in requirements.lock", value
    if "count" in item:
        count = item["count"]
        paths = repo.matching(count["files"])
        pattern = re.compile(count["pattern"], re.MULTILINE)
        found = sum(
            len(pattern.findall(path.read_text(encoding="utf-8"))) for path in paths
        )
        if "expect" in count and found != count["expect"]:
            raise EvidenceError(
                f"{count['label']}: {found}, where the reading expects "
                f"{count['expect']}"
            )
        if found < count.get("at_least", 0):
            raise EvidenceError(
                f"{count['label']}: {found}, where the reading needs "
                f"{count['at_least']} or more"
            )
        globs = ", ".join(count["files"])
        return f"{count['label']}: {found} (/{count['pattern']}/ in {globs})", found
    if "loc" in item:
        loc = item["loc"]
        sides = []
        for app in ("flask", "django"):
            if app in loc:
                lines, files = repo.code_lines(loc[app])
                sides.append((app, f"{lines:,} code lines in {plural(files, 'file')}"))
        if len(sides) == 1:
            value = sides[0][1]
        else:
            value = ", ".join(f"{APP_NAMES[app]} {text}" for app, text in sides)
        return f"{loc['label']}: {value}", value
    raise EvidenceError(f"evidence of an unknown kind: {item}")


def item_name(item: dict[str, Any]) -> str | None:
    """Return the name a summary quotes an evidence item by, if it has one."""
    for kind in ("count", "loc"):
        if kind in item:
            return item[kind].get("name")
    return item.get("name")


def judge(entry: dict[str, Any], repo: Repository) -> Verdict:
    """Give one claim its verdict from the evidence its entry names."""
    verdict = Verdict(
        id=entry["id"],
        claim=entry["claim"],
        verdict="",
        decided_by=entry["decided_by"],
        rule=entry["rule"],
        summary="",
    )
    judges = {
        "figures": judge_figures,
        "imports": judge_imports,
        "distributions": judge_distributions,
        "tests": judge_tests,
    }
    try:
        if entry["decided_by"] in judges:
            judges[entry["decided_by"]](entry, repo, verdict)
        elif entry["decided_by"] == "reading":
            verdict.verdict = entry["verdict"]
            verdict.details.append(f"reading: {entry['reading']}")
            list_imports(entry, repo, verdict)
        else:
            raise EvidenceError(f"no way to decide by {entry['decided_by']!r}")
    except EvidenceError as error:
        verdict.problems.append(str(error))
    if entry.get("note"):
        verdict.details.append(f"note: {entry['note']}")
    values: dict[str, Any] = {}
    for item in entry.get("evidence", []):
        try:
            line, value = evidence(item, repo)
        except EvidenceError as error:
            verdict.problems.append(str(error))
            continue
        verdict.details.append(line)
        if name := item_name(item):
            values[name] = value
    if "summary" in entry:
        try:
            text = entry["summary"].format_map(values)
        except KeyError as error:
            verdict.problems.append(f"the summary quotes {error}, which no item names")
            text = entry["summary"]
        verdict.summary = f"{verdict.summary}; {text}" if verdict.summary else text
    if verdict.verdict not in VERDICTS:
        verdict.problems.append(f"no such verdict: {verdict.verdict!r}")
    return verdict


def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    """Read the claims and their rules."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def judge_all(root: Path = ROOT) -> list[Verdict]:
    """Give every claim of the spec its verdict."""
    spec = load_spec(root / "shared_spec" / "claims.yaml")
    repo = Repository(root, spec)
    return [judge(entry, repo) for entry in spec["claims"]]


def cell(text: str) -> str:
    """Return text fit for one cell of a Markdown table."""
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(verdicts: list[Verdict]) -> str:
    """Return the verdicts as a Markdown table, one short line each."""
    lines = ["| id | claim | verdict | evidence |", "| --- | --- | --- | --- |"]
    lines += [
        f"| `{v.id}` | {cell(v.claim)} | {v.verdict} | {cell(v.summary)} |"
        for v in verdicts
    ]
    return "\n".join(lines)


def readme_block(verdicts: list[Verdict]) -> str:
    """Return what belongs between the README's claims markers, markers included."""
    return f"{START_MARKER}\n{markdown_table(verdicts)}\n{END_MARKER}"


def current_block(readme: str) -> str:
    """Return the block between the claims markers of a README, markers included."""
    start = readme.find(START_MARKER)
    end = readme.find(END_MARKER, start)
    if start < 0 or end < 0:
        raise ValueError(f"README.md has no {START_MARKER} ... {END_MARKER} block")
    return readme[start : end + len(END_MARKER)]


def replace_block(readme: str, block: str) -> str:
    """Return the README with its claims block replaced, nothing else changed."""
    return readme.replace(current_block(readme), block, 1)


def text_table(verdicts: list[Verdict], width: int) -> str:
    """Return the verdicts as a plain-text table for a terminal this wide."""
    widths = [14, 34, 19]
    widths.append(max(40, width - sum(widths) - 3 * len(widths) - 1))
    headers = ["id", "claim", "verdict", "evidence"]
    rule = "+".join("-" * (size + 2) for size in widths)
    rows = [headers] + [
        [
            v.id,
            v.claim,
            v.verdict + (" (machine)" if v.machine_dependent else ""),
            v.summary,
        ]
        for v in verdicts
    ]
    out = []
    for index, row in enumerate(rows):
        wrapped = [
            textwrap.wrap(text, size) or [""]
            for text, size in zip(row, widths, strict=True)
        ]
        for line in range(max(len(cells) for cells in wrapped)):
            out.append(
                " | ".join(
                    (cells[line] if line < len(cells) else "").ljust(size)
                    for cells, size in zip(wrapped, widths, strict=True)
                ).rstrip()
            )
        if index == 0 or index == len(rows) - 1:
            out.append(rule)
    return "\n".join(out)


STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; line-height: 1.4; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 0.4rem; text-align: left; }
th { background: #eee; }
td { vertical-align: top; }
li { overflow-wrap: anywhere; }
.verdict { white-space: nowrap; font-weight: bold; }
"""
# How a count of each verdict reads in a sentence: one claim, several claims.
VERDICT_WORDS = {
    HOLDS: ("holds", "hold"),
    DOES_NOT_HOLD: ("does not hold", "do not hold"),
    CAVEAT: ("holds with a caveat", "hold with a caveat"),
    NOT_MEASURABLE: ("is not measurable here", "are not measurable here"),
    OUT_OF_SCOPE: ("is out of scope", "are out of scope"),
}


def verdict_class(verdict: str) -> str:
    """Return the HTML classes of a verdict, for its colour in the reader."""
    return f"verdict verdict-{verdict.replace(' ', '-')}"


def verdict_counts(verdicts: list[Verdict]) -> str:
    """Return how many claims got each verdict, in one sentence."""
    counts = Counter(v.verdict for v in verdicts)
    parts = [
        f"{counts[verdict]} {VERDICT_WORDS[verdict][counts[verdict] != 1]}"
        for verdict in VERDICTS
        if counts[verdict]
    ]
    if len(parts) > 1:
        parts[-1] = f"and {parts[-1]}"
    return ", ".join(parts)


def html_page(verdicts: list[Verdict], stylesheet: bool) -> str:
    """Return the reader's page of claims: no script, links relative to var/reader."""
    esc = html.escape
    head = (
        '<link rel="stylesheet" href="reader.css">'
        if stylesheet
        else f"<style>{STYLE}</style>"
    )
    rows = []
    for v in verdicts:
        details = "".join(f"<li>{esc(line)}</li>" for line in v.details)
        machines = "".join(f"<li>machine: {esc(line)}</li>" for line in v.machines)
        problems = "".join(
            f"<li><strong>missing evidence:</strong> {esc(line)}</li>"
            for line in v.problems
        )
        rows.append(
            f'<tr id="{esc(v.id)}"><td><a href="#{esc(v.id)}"><code>{esc(v.id)}'
            f"</code></a></td><td>{esc(v.claim)}</td>"
            f'<td class="{verdict_class(v.verdict)}">{esc(v.verdict)}'
            f"{'<br>(depends on the machine)' if v.machine_dependent else ''}</td>"
            f'<td class="evidence"><p>{esc(v.summary)}</p><details><summary>How it '
            f"is decided, and the evidence</summary><p>Decided by "
            f"{esc(v.decided_by)}: {esc(v.rule)}</p><ul>{details}{machines}"
            f"{problems}</ul></details></td></tr>"
        )
    body = "\n".join(rows)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>What comparison articles claim, measured</title>
{head}
</head>
<body>
<header>
<p class="back"><a href="index.html">The twins side by side</a></p>
<h1>What comparison articles claim, measured</h1>
<p class="summary">Each claim of the usual Flask-versus-Django articles, with a
verdict from what this repository measures (<code>bench/results/</code>), counts (code
lines, imports against <code>requirements.lock</code>) or holds (tests, files): of
{len(verdicts)} claims, {esc(verdict_counts(verdicts))}. The rules are in
<code>shared_spec/claims.yaml</code>; <code>make claims</code> writes this page.</p>
</header>
<main>
<table class="claims">
<thead><tr><th scope="col">id</th><th scope="col">claim</th><th scope="col">verdict</th>
<th scope="col">evidence</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</main>
</body>
</html>
"""


def keep_report(report: Path, kept: Path, since: str) -> str:
    """Copy a conformance report to kept if a complete run wrote it since then."""
    if not report.is_file():
        return f"{report} not kept: no such report"
    run_info = json.loads(report.read_text(encoding="utf-8"))["run_info"]
    if run_info["started"] < since:
        return f"{report} not kept: this run did not write it"
    if run_info["partial"]:
        reasons = "; ".join(run_info["partial_reasons"])
        return f"{report} not kept: a partial run ({reasons})"
    if kept.is_file() and outcomes(kept) == outcomes(report):
        # The same outcomes: the committed evidence stays as it is.
        return f"{kept} already holds these outcomes"
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(report, kept)
    return f"{report} kept as {kept}, evidence for make claims"


def outcomes(report: Path) -> list[tuple[str, str, str]]:
    """Return each shared test's status on each app (not the run's own messages)."""
    results = json.loads(report.read_text(encoding="utf-8"))["results"]
    return [
        (result["test"], subtest["name"], subtest["status"])
        for result in results
        for subtest in result["subtests"]
    ]


def main(argv: list[str] | None = None) -> int:
    """Print the verdicts, write the page and the JSON, and the README's table."""
    parser = argparse.ArgumentParser(
        prog="python -m reader.claims", description=__doc__
    )
    parser.add_argument(
        "--write-readme",
        action="store_true",
        help="replace the block between the claims markers of README.md",
    )
    parser.add_argument(
        "--keep",
        nargs=3,
        metavar=("REPORT", "KEPT", "SINCE"),
        help="only copy a conformance report that a complete run started at SINCE "
        "(RFC 3339, UTC) or later wrote, to KEPT (make test, make test-core)",
    )
    args = parser.parse_args(argv)
    if args.keep:
        report, kept, since = args.keep
        print(keep_report(Path(report), Path(kept), since))
        return 0
    verdicts = judge_all()
    print(text_table(verdicts, shutil.get_terminal_size((160, 24)).columns))

    JSON_PATH.parent.mkdir(parents=True, exist_ok=True)
    JSON_PATH.write_text(
        json.dumps({"claims": [asdict(v) for v in verdicts]}, indent=2) + "\n",
        encoding="utf-8",
    )
    # Imported here: the reader's builder imports this module.
    from reader.build import ensure_reader

    # Built alone, the page still has the reader's stylesheet and its index to go
    # back to: the whole reader is built first when either is missing.
    ensure_reader(HTML_PATH.parent, verdicts=verdicts)
    stylesheet = (HTML_PATH.parent / "reader.css").is_file()
    HTML_PATH.write_text(html_page(verdicts, stylesheet), encoding="utf-8")
    written = [
        path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for path in (JSON_PATH, HTML_PATH)
    ]
    print(f"\nwrote {written[0]} and {written[1]}")

    problems = [f"{v.id}: {problem}" for v in verdicts for problem in v.problems]
    for problem in problems:
        print(f"missing evidence, {problem}", file=sys.stderr)
    if args.write_readme:
        if problems:
            print("README.md left as it is: fix the evidence first", file=sys.stderr)
            return 1
        # Read just before writing: only the block between the markers changes.
        readme = README_PATH.read_text(encoding="utf-8")
        updated = replace_block(readme, readme_block(verdicts))
        if updated != readme:
            README_PATH.write_text(updated, encoding="utf-8")
            print("README.md: the claims table is updated")
        else:
            print("README.md: the claims table was already current")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
