"""Write docs/twins.md from shared_spec/twins.yaml, so the page cannot drift.

python -m reader.twins_doc (make twins-doc) writes the page;
tests/test_twins.py fails when the committed page is not what the manifest gives.
The page has the code lines of each feature per side, the core and each app's
hardening/ package apart, beside the figures of the anchors the twins are read
against (flaskr, microblog, the DRF tutorial, the polls tutorial).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from reader.loc import line_kinds
from reader.twins import MANIFEST
from reader.twins import ROOT
from reader.twins import SIDES
from reader.twins import Feature
from reader.twins import Pair
from reader.twins import Part
from reader.twins import load_features

OUTPUT = ROOT / "docs" / "twins.md"
SIDE_NAMES = {"flask": "Flask", "django": "Django"}
HARDENING = "/hardening/"
# The app's own code, as the issue counts it: its folder less these.
APP_FOLDERS = {"flask": "flask_app/", "django": "django_app/"}
NOT_APP_CODE = ("/migrations/", "/tests/")


def is_hardening(part: Part) -> bool:
    """Return whether a part lives in its app's hardening/ package."""
    return HARDENING in f"/{part.path}"


def code_lines(parts: Iterable[Part]) -> int:
    """Return the code lines of Python parts (no docstring, comment or blank line)."""
    seen: set[tuple[str, int]] = set()
    for part in parts:
        if part.path.endswith(".py"):
            kinds = line_kinds(part.file)
            # A line that two parts name is counted once.
            seen.update(
                (part.path, line) for line in part.lines() if kinds[line - 1] == "code"
            )
    return len(seen)


def is_app_code(part: Part, side: str) -> bool:
    """Return whether a part is the app's own code: not a migration, test or bench."""
    path = f"/{part.path}"
    return part.path.startswith(APP_FOLDERS[side]) and not any(
        folder in path for folder in NOT_APP_CODE
    )


def load_anchors(path: Path = MANIFEST) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Return the anchors' figures by feature and side, as the manifest gives them."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data.get("anchors") or {}


def cell(text: str) -> str:
    """Return text fit for one cell of a Markdown table."""
    return " ".join(text.split()).replace("|", "\\|")


def parts_cell(parts: tuple[Part, ...]) -> str:
    """Return a pair's side as code spans, or "none"."""
    return "<br>".join(f"`{part}`" for part in parts) or "none"


def anchor_cell(anchors: list[dict[str, Any]]) -> str:
    """Return the anchors of one feature and side, with their figures."""
    return "<br>".join(
        f"{anchor['name']}: {anchor['code_lines']}" for anchor in anchors
    )


def sizes_table(features: list[Feature], anchors: dict[str, Any]) -> list[str]:
    """Return the table of code lines per feature and side, core and hardening."""
    lines = [
        "| feature | Flask core | Flask hardening | Django core | Django hardening "
        "| anchors (code lines) |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for feature in features:
        row = [f"[{cell(feature.name)}](#{feature.slug})"]
        for side in SIDES:
            parts = feature.parts(side)
            core = code_lines(p for p in parts if not is_hardening(p))
            hardening = code_lines(p for p in parts if is_hardening(p))
            row += [str(core), str(hardening) if hardening else ""]
        feature_anchors = anchors.get(feature.slug, {})
        row.append(
            "; ".join(
                f"{SIDE_NAMES[side]}: {anchor_cell(feature_anchors[side])}"
                for side in SIDES
                if feature_anchors.get(side)
            )
        )
        lines.append("| " + " | ".join(row) + " |")
    totals = []
    for side in SIDES:
        parts = [
            part
            for feature in features
            for part in feature.parts(side)
            if is_app_code(part, side)
        ]
        totals.append(str(code_lines(p for p in parts if not is_hardening(p))))
        totals.append(str(code_lines(p for p in parts if is_hardening(p))))
    lines.append(
        "| **the app**, each line once (no migrations, tests or bench) | "
        + " | ".join(totals)
        + " | |"
    )
    return lines


def anchors_list(anchors: dict[str, Any]) -> list[str]:
    """Return where each anchor's figure comes from."""
    seen: dict[str, str] = {}
    for by_side in anchors.values():
        for side_anchors in by_side.values():
            for anchor in side_anchors:
                seen.setdefault(anchor["name"], anchor["source"])
    return [f"- {name}: {cell(source)}" for name, source in seen.items()]


def pair_row(pair: Pair) -> str:
    """Return one pair as a table row: Flask, Django, how they differ."""
    why = pair.no_twin or pair.note
    return f"| {parts_cell(pair.flask)} | {parts_cell(pair.django)} | {cell(why)} |"


def feature_section(feature: Feature) -> list[str]:
    """Return one feature's section: its summary, its pairs, its tests."""
    lines = [
        f'<a id="{feature.slug}"></a>',
        f"## {feature.name}",
        "",
        " ".join(feature.summary.split()),
        "",
        "| Flask | Django | how they differ |",
        "| --- | --- | --- |",
        *(pair_row(pair) for pair in feature.pairs),
        "",
    ]
    if feature.tests:
        tests = ", ".join(f"`{test}`" for test in feature.tests)
        lines += [f"Shared tests: {tests}.", ""]
    return lines


def markdown(manifest: Path = MANIFEST) -> str:
    """Return docs/twins.md as the manifest gives it."""
    features = load_features(manifest)
    anchors = load_anchors(manifest)
    lines = [
        "# The twins, file by file",
        "",
        "<!-- Written by python -m reader.twins_doc from shared_spec/twins.yaml; "
        "edit the manifest, not this page. -->",
        "",
        "Every file of both apps belongs to one feature below, the Flask side beside",
        "the Django side; `make reader` shows the same pairs side by side. Each app is",
        "its **core** (what the framework's tutorial-level app would have) and its",
        "`hardening/` package (what production adds), reached from the core by",
        "one-line hooks.",
        "",
        "Both sides are annotated alike, and `make lint` runs mypy over both with",
        "`disallow_untyped_defs`: an override of a framework hook (Django's",
        "`get_queryset()` or `form_valid()`, DRF's `has_permission()` or",
        "`to_internal_value()`, marshmallow's `_deserialize()`, a WTForms",
        "validator) is annotated on both sides even where that only restates the",
        "framework's signature: its parameters keep the types the stubs give, its",
        "return type is the narrowest the code returns.",
        "",
        "## Code lines per feature",
        "",
        "Python code lines of each feature's files (no docstring, comment or blank",
        "line; templates not counted), beside the figures of the anchors each side is",
        "read against, counted the same way. A file two features share counts in",
        "both; the last row counts each line of the app once.",
        "",
        *sizes_table(features, anchors),
        "",
        *anchors_list(anchors),
        "",
    ]
    for feature in features:
        lines += feature_section(feature)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/twins.md, or with --check say whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare")
    args = parser.parse_args(argv)
    text = markdown()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run make twins-doc")
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
