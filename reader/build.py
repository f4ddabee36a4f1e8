"""Build the side-by-side reader: var/reader/index.html and the pages it links to.

Static pages for file://, offline, with no JavaScript: python -m reader.build (or
make reader) writes them from shared_spec/twins.yaml, the files it names, the last
shared-suite results in var/conformance/, the kept runs and the benchmark's results
in bench/results/, the claims (shared_spec/claims.yaml) and the screenshots in
docs/screenshots/. The index opens with what someone choosing between Flask and
Django can act on, each item linking to its page: the core tour (tour.html), the
measured claims (claims.html), the conformance matrix (conformance.html), the
benchmark (benchmark.html) and the code lines of each feature (features/).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer
from pygments.lexers import get_lexer_for_filename
from pygments.lexers.templates import HtmlDjangoLexer
from pygments.util import ClassNotFound

from reader import benchmark
from reader import claims
from reader import conformance
from reader.conformance import status_cell
from reader.index import TOUR
from reader.index import copy_images
from reader.index import index_page
from reader.index import tour_page
from reader.loc import KINDS
from reader.pages import SIDE_NAMES
from reader.pages import escape
from reader.pages import link
from reader.pages import page
from reader.sizes import Tally
from reader.sizes import distribution_list
from reader.sizes import tally
from reader.twins import LINE_RANGE
from reader.twins import ROOT
from reader.twins import SIDES
from reader.twins import Feature
from reader.twins import Pair
from reader.twins import Part
from reader.twins import load_features
from reader.twins import read_lines

__all__ = ["Tally", "build", "ensure_reader", "escape", "link", "page", "tally"]

OUTPUT = ROOT / "var" / "reader"
CONFORMANCE = ROOT / "var" / "conformance"
KIND_NAMES = {
    "code": "code",
    "blank": "blank",
    "comment": "comments",
    "docstring": "docstrings",
}
# The runs of the shared suite, in the order their results are shown.
MODES = ("inprocess-sqlite", "inprocess-postgresql", "live-sqlite", "live-postgresql")
FORMATTER_STYLE = "default"
STYLESHEET = Path(__file__).with_name("style.css")


def lexer_for(path: str) -> Lexer:
    """Return the Pygments lexer for a file, keeping its leading blank lines."""
    if path.endswith(".html"):
        # Jinja and Django templates share their syntax, and this lexer.
        return HtmlDjangoLexer(stripnl=False)
    try:
        return get_lexer_for_filename(path, stripnl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False)


def code_block(part: Part, page_dir: Path, anchor: str) -> str:
    """Return one part of a file, highlighted, under its path and lines.

    Each line is a span with an id (anchor-<line>); a long line wraps and goes on
    after its line number, which the style's gutter keeps clear.
    """
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
        style=FORMATTER_STYLE,
        linenos="inline",
        linenostart=lines.start,
        linespans=anchor,
        wrapcode=True,
    )
    code = highlight(source + "\n", lexer_for(part.path), formatter)
    gutter = len(str(lines.stop - 1)) + 1
    return (
        f'<figure style="--gutter: {gutter}ch"><figcaption>{caption} '
        f'<span class="where">{escape(where)}</span></figcaption>{code}</figure>'
    )


def part_names(parts: Iterable[Part]) -> str:
    """Return what a side of a pair names, file by file: path: name, name."""
    by_file: dict[str, list[str]] = {}
    for part in parts:
        by_file.setdefault(part.path, []).append(part.anchor)
    names = []
    for path, anchors in by_file.items():
        inside = []
        for anchor in filter(None, anchors):
            if match := LINE_RANGE.fullmatch(anchor):
                inside.append(f"lines {match[1]} to {match[2]}")
            else:
                inside.append(anchor)
        # Within the app's folder: catalog/views.py, hardening/__init__.py.
        file = path.removeprefix("flask_app/").removeprefix("django_app/")
        names.append(f"{file}: {', '.join(inside)}" if inside else file)
    return "; ".join(names)


def pair_section(pair: Pair, index: int, page_dir: Path) -> str:
    """Return one pair, folded: its names and note, then both sides' code.

    The summary names what each side holds, in the Flask and the Django column, and
    the note says how they differ; open, Flask's code is on the left, Django's on
    the right.
    """
    names, sides = [], []
    for side in SIDES:
        parts = pair.side(side)
        hidden = f'<span class="sr">{SIDE_NAMES[side]}: </span>'
        if parts:
            lines = tally(parts).counts["code"]
            names.append(
                f'<span class="pair-names {side}">{hidden}'
                f"{escape(part_names(parts))} "
                f'<span class="lines">· {lines:,} code line'
                f"{'' if lines == 1 else 's'}</span></span>"
            )
            content = "".join(
                code_block(part, page_dir, f"{side}-{index}-{number_}")
                for number_, part in enumerate(parts, 1)
            )
        else:
            names.append(
                f'<span class="pair-names {side} none">{hidden}'
                f"no {SIDE_NAMES[side]} twin</span>"
            )
            # The reason is the summary's note, just above.
            content = (
                f'<p class="no-twin"><strong>No {SIDE_NAMES[side]} twin</strong>: '
                "see why above.</p>"
            )
        sides.append(f'<div class="side {side}">{content}</div>')
    note = pair.note or pair.no_twin
    note_html = f'<span class="note">{escape(note)}</span>' if note else ""
    return (
        f'<details class="pair" id="pair-{index}"><summary>{"".join(names)}'
        f'{note_html}</summary><div class="pair-body">{"".join(sides)}</div>'
        "</details>"
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
    head = "".join(
        f'<th scope="col" class="number">{KIND_NAMES[kind]}</th>' for kind in KINDS
    )
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


def tour_nav(feature: Feature) -> str:
    """Return where a feature stands in the core tour, if it is a step of it."""
    slugs = [step.feature for step in TOUR]
    if feature.slug not in slugs:
        return ""
    index = slugs.index(feature.slug)
    links = ['<a href="../tour.html">the tour</a>']
    if index:
        previous = TOUR[index - 1]
        links.append(
            f'previous: <a href="{previous.feature}.html">{previous.title}</a>'
        )
    if index + 1 < len(TOUR):
        following = TOUR[index + 1]
        links.append(f'next: <a href="{following.feature}.html">{following.title}</a>')
    return (
        f'<p class="tour-step">The core in fifteen minutes, step {index + 1} of '
        f"{len(TOUR)}: {TOUR[index].title.lower()} ({' · '.join(links)})</p>"
    )


def feature_page(
    feature: Feature, reports: dict[str, dict[str, Any]], page_dir: Path
) -> str:
    """Return the page of one feature: both sides' code, side by side, folded."""
    columns = "".join(f'<h2 class="{side}">{SIDE_NAMES[side]}</h2>' for side in SIDES)
    count = len(feature.pairs)
    body = (
        f'<header><p class="back"><a href="../index.html">The twins side by side</a>'
        f' · <a href="../index.html#code-size">all features</a></p>'
        f"{tour_nav(feature)}<h1>{escape(feature.name)}</h1>"
        f'<p class="summary">{escape(feature.summary)}</p>{loc_table(feature)}'
        f'<p class="small">{count} pair{"" if count == 1 else "s"} below, each '
        "folded: the Flask side's names on the left, the Django side's on the right, "
        "and how they differ. Open one to read both sides' code.</p>"
        f'</header><main><div class="columns">{columns}</div>'
        + "".join(
            pair_section(pair, index, page_dir)
            for index, pair in enumerate(feature.pairs, 1)
        )
        + tests_section(feature, reports, page_dir)
        + "</main>"
    )
    return page(f"{feature.name} · The twins side by side", "../reader.css", body)


def write_stylesheet(output: Path) -> None:
    """Write the reader's stylesheet, Pygments' colours for the code included."""
    code_styles = HtmlFormatter(style=FORMATTER_STYLE).get_style_defs(".highlight")
    stylesheet = STYLESHEET.read_text(encoding="utf-8") + code_styles
    (output / "reader.css").write_text(stylesheet, encoding="utf-8")


def build(
    output: Path = OUTPUT,
    conformance_folder: Path = CONFORMANCE,
    verdicts: list[claims.Verdict] | None = None,
) -> Path:
    """Write the reader into output and return the path of its index."""
    features = load_features()
    reports = load_results(conformance_folder)
    if verdicts is None:
        verdicts = claims.judge_all()
    page_dir = output / "features"
    page_dir.mkdir(parents=True, exist_ok=True)
    # The feature pages are this builder's alone: none is left from a renamed one.
    for stale in page_dir.glob("*.html"):
        stale.unlink()
    write_stylesheet(output)
    images = copy_images(output)
    for feature in features:
        (page_dir / f"{feature.slug}.html").write_text(
            feature_page(feature, reports, page_dir), encoding="utf-8"
        )
    (output / "tour.html").write_text(tour_page(features, output), encoding="utf-8")
    runs = benchmark.load_runs()
    charts = {
        database: images[f"bench-{database}"]
        for database in runs
        if f"bench-{database}" in images
    }
    (output / "benchmark.html").write_text(
        page(
            "The benchmark · The twins side by side",
            "reader.css",
            benchmark.body(runs, charts, output),
        ),
        encoding="utf-8",
    )
    conformance_page = output / "conformance.html"
    conformance_page.write_text(
        conformance.render(
            conformance.load_reports(conformance_folder), conformance_page
        ),
        encoding="utf-8",
    )
    (output / "claims.html").write_text(
        claims.html_page(verdicts, stylesheet=True), encoding="utf-8"
    )
    index = output / "index.html"
    index.write_text(index_page(features, output, verdicts, images), encoding="utf-8")
    return index


def ensure_reader(
    output: Path = OUTPUT,
    conformance_folder: Path = CONFORMANCE,
    verdicts: list[claims.Verdict] | None = None,
) -> bool:
    """Build the reader into output unless its index and stylesheet are there.

    make conformance and make claims call it, so that their page, built alone, is
    styled and its link back to the index leads somewhere. Return whether it built.
    """
    if (output / "index.html").is_file() and (output / "reader.css").is_file():
        return False
    build(output, conformance_folder, verdicts)
    return True


def main() -> None:
    """Build the reader into var/reader/ and say where to open it."""
    index = build()
    print(f"The reader is ready: open {index.as_uri()}")


if __name__ == "__main__":
    main()
