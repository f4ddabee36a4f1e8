"""The twin manifest, shared_spec/twins.yaml: features, their pairs and their parts."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from reader.loc import line_kinds
from reader.loc import split_lines

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "shared_spec" / "twins.yaml"
SIDES = ("flask", "django")
# Every file under these folders belongs to a feature, on that side.
FOLDERS = {
    "flask": ("flask_app", "bench/flask_bench"),
    "django": ("django_app", "bench/django_bench"),
}
LINE_RANGE = re.compile(r"L([0-9]+)-L([0-9]+)")
TEMPLATE_TAG = re.compile(r"\{%-?\s*(end)?(block|macro)\b\s*(\w*)")


@cache
def read_lines(path: Path) -> tuple[str, ...]:
    """Return the lines of a text file."""
    return tuple(split_lines(path.read_text(encoding="utf-8")))


def defines(statement: ast.stmt, name: str) -> bool:
    """Tell whether a module-level statement defines name, inside a block or not."""
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return statement.name == name
    if isinstance(statement, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in statement.targets)
    if isinstance(statement, ast.AnnAssign):
        return isinstance(statement.target, ast.Name) and statement.target.id == name
    # A module-level with, if or try block defines module names too.
    return any(
        defines(child, name)
        for child in ast.iter_child_nodes(statement)
        if isinstance(child, ast.stmt)
    )


def first_line(statement: ast.stmt) -> int:
    """Return the line a statement starts on, its decorators included."""
    decorators = getattr(statement, "decorator_list", [])
    return min([statement.lineno, *(decorator.lineno for decorator in decorators)])


@dataclass(frozen=True)
class Part:
    """A file, or a named piece or a line range of it, as the manifest names it."""

    path: str
    # A name (a def, class or assignment; a block or macro), "L10-L40", or "".
    anchor: str = ""

    @classmethod
    def parse(cls, text: str) -> Part:
        """Read path, path#name or path#L10-L40."""
        path, _, anchor = text.partition("#")
        return cls(path, anchor)

    def __str__(self) -> str:
        return f"{self.path}#{self.anchor}" if self.anchor else self.path

    @property
    def file(self) -> Path:
        """Return the part's file in the repository."""
        return ROOT / self.path

    @property
    def side(self) -> str | None:
        """Return the side whose folders hold the file, if either does."""
        return side_of(self.path)

    def lines(self) -> range:
        """Return the part's line numbers, or raise LookupError if it is not there."""
        if not self.file.is_file():
            raise LookupError(f"{self.path}: no such file")
        lines = read_lines(self.file)
        if not self.anchor:
            return range(1, len(lines) + 1)
        if match := LINE_RANGE.fullmatch(self.anchor):
            return self.line_range(int(match[1]), int(match[2]))
        if self.path.endswith(".py"):
            named = self.python_lines()
        elif self.path.endswith(".html"):
            named = self.template_lines()
        else:
            raise LookupError(f"{self}: only Python files and templates name parts")
        # The comment lines just above say what it is for: they belong to it.
        start, kinds = named.start, line_kinds(self.file)
        while start > 1 and kinds[start - 2] == "comment":
            start -= 1
        return range(start, named.stop)

    def line_range(self, first: int, last: int) -> range:
        """Return lines first to last, whole statements of a Python file only."""
        count = len(read_lines(self.file))
        if not 1 <= first <= last <= count:
            raise LookupError(f"{self}: the file has {count} lines")
        if self.path.endswith(".py"):
            for statement in ast.parse("\n".join(read_lines(self.file))).body:
                start, end = first_line(statement), statement.end_lineno or 0
                if start < first <= end or start <= last < end:
                    raise LookupError(f"{self}: cuts lines {start}-{end} in two")
        return range(first, last + 1)

    def python_lines(self) -> range:
        """Return the lines of a module-level def, class or assignment."""
        for statement in ast.parse("\n".join(read_lines(self.file))).body:
            if defines(statement, self.anchor):
                start = first_line(statement)
                return range(start, (statement.end_lineno or start) + 1)
        raise LookupError(f"{self}: no module-level def, class or assignment of it")

    def template_lines(self) -> range:
        """Return the lines of a {% block %} or {% macro %} and its end tag."""
        text = "\n".join(read_lines(self.file))
        tags = list(TEMPLATE_TAG.finditer(text))
        for index, tag in enumerate(tags):
            if tag[1] or tag[3] != self.anchor:
                continue
            depth = 0
            for later in tags[index:]:
                if later[2] == tag[2]:
                    depth += -1 if later[1] else 1
                if depth == 0:
                    start = text.count("\n", 0, tag.start()) + 1
                    return range(start, text.count("\n", 0, later.end()) + 2)
            raise LookupError(f"{self}: its {tag[2]} tag is never closed")
        raise LookupError(f"{self}: no block or macro of that name")


@dataclass(frozen=True)
class Pair:
    """The Flask and the Django side of one thing, or one side and why it is alone."""

    flask: tuple[Part, ...]
    django: tuple[Part, ...]
    no_twin: str = ""
    note: str = ""

    def side(self, side: str) -> tuple[Part, ...]:
        """Return the parts of one side."""
        return self.flask if side == "flask" else self.django


@dataclass(frozen=True)
class Feature:
    """One feature of the catalogue, in both apps, with the tests that exercise it."""

    slug: str
    name: str
    summary: str
    pairs: tuple[Pair, ...]
    tests: tuple[str, ...]

    def parts(self, side: str | None = None) -> list[Part]:
        """Return the parts of one side, or of both."""
        sides = SIDES if side is None else (side,)
        return [part for pair in self.pairs for s in sides for part in pair.side(s)]


def parse_parts(value: str | list[str] | None) -> tuple[Part, ...]:
    """Read one side of a pair: a part, a list of parts, or nothing."""
    texts = [value] if isinstance(value, str) else value or []
    return tuple(Part.parse(text) for text in texts)


def load_features(path: Path = MANIFEST) -> list[Feature]:
    """Read the features of the manifest, in its order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Feature(
            slug=slug,
            name=entry["name"],
            summary=entry["summary"],
            pairs=tuple(
                Pair(
                    flask=parse_parts(pair.get("flask")),
                    django=parse_parts(pair.get("django")),
                    no_twin=pair.get("no_twin", ""),
                    note=pair.get("note", ""),
                )
                for pair in entry["pairs"]
            ),
            tests=tuple(entry.get("tests") or ()),
        )
        for slug, entry in data["features"].items()
    ]


def side_of(path: str) -> str | None:
    """Return the side whose folders hold path, if either does."""
    for side, folders in FOLDERS.items():
        if path.startswith(tuple(f"{folder}/" for folder in folders)):
            return side
    return None


def app_files() -> list[str]:
    """Return every file of both apps and the bench variants, untracked ones too."""
    git = shutil.which("git")
    if git is None:
        raise RuntimeError("git is needed to list the files of the apps")
    folders = [folder for side in SIDES for folder in FOLDERS[side]]
    listing = subprocess.run(  # noqa: S603 - git, with fixed arguments
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard", *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # A file deleted but not yet staged is still listed: only existing ones count.
    # A compiled catalogue (.mo) is read through the .po file it is compiled from.
    return sorted(
        {
            path
            for path in listing.split("\0")
            if (ROOT / path).is_file() and not path.endswith(".mo")
        }
    )
