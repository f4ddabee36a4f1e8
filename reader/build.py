"""Build the side-by-side reader: var/reader/index.html and one page a feature.

Static pages for file://, offline, with no JavaScript: python -m reader.build (or
make reader) writes them from shared_spec/twins.yaml, the files it names and the
last shared-suite results in var/conformance/, when there are any.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer
from pygments.lexers import get_lexer_for_filename
from pygments.lexers.templates import HtmlDjangoLexer
from pygments.util import ClassNotFound

from reader.conformance import status_cell
from reader.imports import distributions
from reader.imports import version
from reader.loc import KINDS
from reader.loc import count_lines
from reader.twins import LINE_RANGE
from reader.twins import ROOT
from reader.twins import SIDES
from reader.twins import Feature
from reader.twins import Pair
from reader.twins import Part
from reader.twins import load_features
from reader.twins import read_lines

OUTPUT = ROOT / "var" / "reader"
CONFORMANCE = ROOT / "var" / "conformance"
SIDE_NAMES = {"flask": "Flask", "django": "Django"}
KIND_NAMES = {
    "code": "code",
    "blank": "blank",
    "comment": "comments",
    "docstring": "docstrings",
}
# Pages other generators write into the reader's folder, linked when present.
OTHER_PAGES = {
    "conformance.html": "Conformance: the shared suite's results, test by test",
    "claims.html": "What comparison articles claim, measured",
}
# The runs of the shared suite, in the order their results are shown.
MODES = ("inprocess-sqlite", "inprocess-postgresql", "live-sqlite", "live-postgresql")
FORMATTER_STYLE = "default"
STYLESHEET = Path(__file__).with_name("style.css")


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


def escape(text: object) -> str:
    """Return text escaped for HTML."""
    return html.escape(str(text))


def link(target: Path, page_dir: Path) -> str:
    """Return a relative link from a page's folder to a file."""
    return quote(os.path.relpath(target, page_dir).replace(os.sep, "/"))


def page(title: str, css: str, body: str) -> str:
    """Return a whole HTML page."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{css}">
</head>
<body>
{body}
</body>
</html>
"""


def lexer_for(path: str) -> Lexer:
    """Return the Pygments lexer for a file, keeping its leading blank lines."""
    if path.endswith(".html"):
        # Jinja and Django templates share their syntax, and this lexer.
        return HtmlDjangoLexer(stripnl=False)
    try:
        return get_lexer_for_filename(path, stripnl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False)


def code_block(part: Part, page_dir: Path) -> str:
    """Return one part of a file, highlighted, under its path and lines."""
    lines = part.lines()
    caption = f'<a href="{link(part.file, page_dir)}">{escape(part.path)}</a>'
    if not lines:
        empty = '<p class="empty">An empty file.</p>'
        return f"<figure><figcaption>{caption}</figcaption>{empty}</figure>"
    if not part.anchor:
        where = f"{len(lines)} line{'s' if len(lines) > 1 else ''}"
    elif LINE_RANGE.fullmatch(part.anchor):
        where = f"lines {lines.start} to {lines.stop - 1}"
    else:
        where = f"{part.anchor}, lines {lines.start} to {lines.stop - 1}"
    source = "\n".join(read_lines(part.file)[lines.start - 1 : lines.stop - 1])
    formatter = HtmlFormatter(
        style=FORMATTER_STYLE, linenos="inline", linenostart=lines.start
    )
    code = highlight(source + "\n", lexer_for(part.path), formatter)
    return (
        f"<figure><figcaption>{caption} "
        f'<span class="where">{escape(where)}</span></figcaption>{code}</figure>'
    )


def pair_section(pair: Pair, page_dir: Path) -> str:
    """Return one pair: Flask on the left, Django on the right, its note below."""
    sides = []
    for side in SIDES:
        parts = pair.side(side)
        if parts:
            content = "".join(code_block(part, page_dir) for part in parts)
        else:
            content = (
                f'<p class="no-twin"><strong>No {SIDE_NAMES[side]} twin.</strong> '
                f"{escape(pair.no_twin)}</p>"
            )
        sides.append(f'<div class="side {side}">{content}</div>')
    note = f'<p class="note">{escape(pair.note)}</p>' if pair.note else ""
    return f'<section class="pair">{"".join(sides)}{note}</section>'


def distribution_list(names: set[str], versions: bool = False) -> str:
    """Return distribution names, sorted, with their locked versions if asked."""
    if not names:
        return "none"
    ordered = sorted(names, key=str.lower)
    return ", ".join(
        escape(f"{name} {version(name)}" if versions else name) for name in ordered
    )


def load_results(folder: Path) -> dict[str, dict[str, Any]]:
    """Return the last report of each mode in folder, in the order of MODES."""
    reports: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime):
        report = json.loads(path.read_text(encoding="utf-8"))
        reports[report["run_info"]["mode"]] = report
    order = {mode: index for index, mode in enumerate(MODES)}
    return dict(
        sorted(reports.items(), key=lambda item: order.get(item[0], len(MODES)))
    )


def statuses(report: dict[str, Any], test_file: str) -> dict[str, dict[str, Any]]:
    """Return each test of a file in a report: per app, or "both" for one-run tests."""
    rows: dict[str, dict[str, Any]] = {}
    prefix = f"{test_file}::"
    for result in report.get("results", []):
        if result["test"].startswith(prefix):
            rows[result["test"]] = {s["name"]: s for s in result.get("subtests", [])}
    for check in report.get("framework_checks", []):
        if check["test"].startswith(prefix):
            rows[check["test"]] = {"both": check}
    return rows


def results_table(test_file: str, reports: dict[str, dict[str, Any]]) -> str:
    """Return the last status of each test of a file, per run and per app."""
    by_mode = {mode: statuses(report, test_file) for mode, report in reports.items()}
    tests = list(dict.fromkeys(test for rows in by_mode.values() for test in rows))
    if not tests:
        return '<p class="small">No results for this file in the last runs.</p>'
    head = "".join(
        f'<th colspan="2" scope="colgroup">{escape(m)}</th>' for m in by_mode
    )
    apps = "".join(
        f'<th scope="col" class="{s}">{SIDE_NAMES[s]}</th>'
        for _ in by_mode
        for s in SIDES
    )
    body = []
    for test in tests:
        cells = []
        for rows in by_mode.values():
            row = rows.get(test)
            if row and "both" in row:
                cells.append(status_cell(row["both"], span=2))
            else:
                cells.extend(status_cell((row or {}).get(side)) for side in SIDES)
        name = test.partition("::")[2]
        body.append(f'<tr><th scope="row">{escape(name)}</th>{"".join(cells)}</tr>')
    return (
        f'<table class="results"><thead><tr><th rowspan="2" scope="col">Test</th>'
        f"{head}</tr><tr>{apps}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def tests_section(
    feature: Feature, reports: dict[str, dict[str, Any]], page_dir: Path
) -> str:
    """Return the shared tests of a feature, with their last results if any."""
    parts = ['<section class="tests"><h2>The tests that exercise it</h2>']
    if not feature.tests:
        parts.append(
            '<p class="small">No shared test file is listed for this feature.</p>'
        )
    elif not reports:
        parts.append(
            '<p class="not-run">The tests have not been run yet: var/conformance/ '
            "holds no results (make test writes them).</p>"
        )
    else:
        runs = []
        for mode, report in reports.items():
            info = report["run_info"]
            commit = (info.get("commit") or "")[:10] or "unknown commit"
            partial = ", partial run" if info.get("partial") else ""
            when = info.get("finished", "")
            runs.append(f"{escape(mode)} ({escape(commit)}, {escape(when)}{partial})")
        parts.append(f'<p class="small">Last results: {"; ".join(runs)}.</p>')
    for test_file in feature.tests:
        href = link(ROOT / test_file, page_dir)
        parts.append(f'<h3><a href="{href}">{escape(test_file)}</a></h3>')
        if reports:
            parts.append(results_table(test_file, reports))
    parts.append("</section>")
    return "".join(parts)


def loc_table(feature: Feature) -> str:
    """Return the lines and the imports of each side of a feature."""
    head = "".join(f'<th scope="col">{KIND_NAMES[kind]}</th>' for kind in KINDS)
    rows = []
    for side in SIDES:
        side_tally = tally(feature.parts(side))
        numbers = "".join(
            f'<td class="number {side} {kind}">{side_tally.counts[kind]}</td>'
            for kind in KINDS
        )
        rows.append(
            f'<tr><th scope="row" class="{side}">{SIDE_NAMES[side]}</th>{numbers}'
            f'<td class="imports">'
            f"{distribution_list(side_tally.distributions, versions=True)}</td></tr>"
        )
    return (
        f'<table class="loc"><thead><tr><th></th>{head}'
        f'<th scope="col">imports (third-party)</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def feature_page(
    feature: Feature, reports: dict[str, dict[str, Any]], page_dir: Path
) -> str:
    """Return the page of one feature: both sides' code, side by side."""
    columns = "".join(f'<h2 class="{side}">{SIDE_NAMES[side]}</h2>' for side in SIDES)
    body = (
        f'<header><p class="small"><a href="../index.html">All features</a></p>'
        f"<h1>{escape(feature.name)}</h1>"
        f'<p class="summary">{escape(feature.summary)}</p>{loc_table(feature)}'
        f'</header><main><div class="columns">{columns}</div>'
        + "".join(pair_section(pair, page_dir) for pair in feature.pairs)
        + tests_section(feature, reports, page_dir)
        + "</main>"
    )
    return page(f"{feature.name} · The twins side by side", "../reader.css", body)


def tally_cells(side: str, side_tally: Tally) -> str:
    """Return one side's cells of a row of the index."""
    cells = [
        f'<td class="number {side} {kind}{" first" if not index else ""}">'
        f"{side_tally.counts[kind]:,}</td>"
        for index, kind in enumerate(KINDS)
    ]
    cells.append(
        f'<td class="imports {side}">{distribution_list(side_tally.distributions)}</td>'
    )
    return "".join(cells)


def index_page(features: list[Feature], output: Path) -> str:
    """Return the index: every feature with its lines and imports on each side."""
    kinds = "".join(f'<th scope="col">{KIND_NAMES[kind]}</th>' for kind in KINDS)
    rows = []
    for feature in features:
        cells = "".join(tally_cells(s, tally(feature.parts(s))) for s in SIDES)
        rows.append(
            f'<tr id="feature-{feature.slug}"><th scope="row">'
            f'<a href="features/{feature.slug}.html">{escape(feature.name)}</a>'
            f'<p class="summary small">{escape(feature.summary)}</p></th>{cells}</tr>'
        )
    # Every file of a side once, whole: the size of each app, imports and all.
    totals = "".join(
        tally_cells(s, tally({Part(p.path) for f in features for p in f.parts(s)}))
        for s in SIDES
    )
    others = [
        f'<li><a href="{name}">{escape(title)}</a></li>'
        for name, title in OTHER_PAGES.items()
        if (output / name).is_file()
    ]
    more = f"<ul>{''.join(others)}</ul>" if others else ""
    body = f"""<header>
<h1>The twins, side by side</h1>
<p class="summary">One product catalogue built twice, in Flask and in Django: each
feature with the lines of each side and the third-party distributions they import,
from <code>shared_spec/twins.yaml</code>. A feature's page shows both sides' code
next to each other, and the shared tests that exercise it.</p>
{more}
</header>
<main>
<table class="features">
<thead>
<tr><th rowspan="2" scope="col">Feature</th>
<th colspan="5" scope="colgroup" class="flask">Flask</th>
<th colspan="5" scope="colgroup" class="django">Django</th></tr>
<tr>{kinds}<th scope="col">imports</th>{kinds}<th scope="col">imports</th></tr>
</thead>
<tbody>
{"".join(rows)}
</tbody>
<tfoot><tr id="totals"><th scope="row">Every file, whole, each line once</th>
{totals}</tr></tfoot>
</table>
<p class="small">Python lines are told apart with tokenize: a string alone as a
statement is a docstring. In templates, <code>{{# #}}</code> and
<code>{{% comment %}}</code> blocks are comments; the rest is code or blank. A
feature counts only the parts of a file it names, each line once; the same part may
serve two features. Imports are the locked distributions (requirements.lock) that a
feature's Python lines import, or name in a dotted path as Django's settings do; the
standard library and the project's own modules do not count.</p>
</main>"""
    return page("The twins side by side · Catalog", "reader.css", body)


def build(output: Path = OUTPUT, conformance: Path = CONFORMANCE) -> Path:
    """Write the reader into output and return the path of its index."""
    features = load_features()
    reports = load_results(conformance)
    page_dir = output / "features"
    page_dir.mkdir(parents=True, exist_ok=True)
    # The feature pages are this builder's alone: none is left from a renamed one.
    for stale in page_dir.glob("*.html"):
        stale.unlink()
    code_styles = HtmlFormatter(style=FORMATTER_STYLE).get_style_defs(".highlight")
    stylesheet = STYLESHEET.read_text(encoding="utf-8") + code_styles
    (output / "reader.css").write_text(stylesheet, encoding="utf-8")
    for feature in features:
        (page_dir / f"{feature.slug}.html").write_text(
            feature_page(feature, reports, page_dir), encoding="utf-8"
        )
    index = output / "index.html"
    index.write_text(index_page(features, output), encoding="utf-8")
    return index


def main() -> None:
    """Build the reader into var/reader/ and say where to open it."""
    index = build()
    print(f"The reader is ready: open {index.as_uri()}")


if __name__ == "__main__":
    main()
