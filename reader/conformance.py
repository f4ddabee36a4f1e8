"""Render the last conformance reports as one page: var/reader/conformance.html.

The shared suite writes one report a mode into var/conformance/ at the end of each
run (tests/support/conformance.py); python -m reader.conformance (or make
conformance) puts the last of each side by side: a row a shared test, a column a
mode and app. Static HTML for file://, with no JavaScript.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shlex
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from tests.support.conformance import APPS
from tests.support.conformance import BAD
from tests.support.conformance import DIVERGENCES
from tests.support.conformance import MATRIX
from tests.support.conformance import MODES
from tests.support.conformance import load_divergences
from tests.support.conformance import matrix_row

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "var" / "conformance"
OUTPUT = ROOT / "var" / "reader" / "conformance.html"
CONTRACT = ROOT / "shared_spec" / "README.md"
APP_NAMES = {"flask": "Flask", "django": "Django"}
# The complete runs kept as evidence (make test-core, make test), which the claims
# are judged from too: each app's core alone, and each app with its hardening/.
KEPT = {
    "core": ROOT / "bench" / "results" / "conformance-core.json",
    "hardened": ROOT / "bench" / "results" / "conformance-hardened.json",
}
KEPT_NAMES = {
    "core": "each core alone (make test-core)",
    "hardened": "with hardening/ (make test)",
}
# What each module of hardening/ adds, in plain words, as the README's table says.
CONCERNS = {
    "admin.py": "accessible admin templates",
    "caching.py": "the server-side cache of visitors' reads",
    "concurrency.py": "ETag, If-Match and locked writes",
    "outages.py": "a 503 while the database is away",
    "proxies.py": "the client's address behind trusted proxies",
    "security_headers.py": "security headers, CSP, never-cached signed-in pages",
    "sign_in_limit.py": "5 failed sign-ins a minute",
    "strict_input.py": "strict JSON bodies",
}
NEEDS = "needs hardening/"
# Enough to read the page when the reader's stylesheet (make reader) is not there.
FALLBACK_STYLE = """\
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1400px;
  padding: 0 1.5rem 3rem; }
table { border-collapse: collapse; margin: 0.3rem 0 1.2rem; }
th, td { padding: 0.2rem 0.5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
tbody th { text-align: left; font-weight: normal; font-family: monospace; }
.status { text-align: center; font-weight: 600; font-size: 0.85em; }
.status-pass { background: #e3f6e8; }
.status-fail, .status-error, .status-xpass { background: #fde7e7; }
.status-skip { background: #f0f0f0; }
.status-xfail { background: #fff4d6; }
.file th { font-family: inherit; font-weight: 600; background: #f4f4f6; }
.notes { font-size: 0.85em; max-width: 28rem; }
.matrix th { text-align: left; font-weight: normal; font-family: inherit; }
.matrix td { text-align: right; }
"""


def escape(text: object) -> str:
    """Return text escaped for HTML."""
    return html.escape(str(text))


def relative(target: Path, folder: Path) -> str:
    """Return a relative link from a folder to a file."""
    return os.path.relpath(target, folder).replace(os.sep, "/")


def load_reports(folder: Path) -> dict[str, dict[str, Any]]:
    """Return the report of each mode in folder, in the order of MODES."""
    reports = {}
    for path in folder.glob("*.json"):
        report = json.loads(path.read_text(encoding="utf-8"))
        reports[report["run_info"]["mode"]] = report
    order = {mode: index for index, mode in enumerate(MODES)}
    return dict(sorted(reports.items(), key=lambda item: order.get(item[0], 99)))


def status_cell(result: dict[str, Any] | None, span: int = 1) -> str:
    """Return a table cell for one status, its message as a tooltip."""
    colspan = f' colspan="{span}"' if span > 1 else ""
    if result is None:
        return f'<td class="status"{colspan}>not run</td>'
    status = result["status"]
    title = f' title="{escape(result["message"])}"' if result.get("message") else ""
    return (
        f'<td class="status status-{escape(status.lower())}"{colspan}{title}>'
        f"{escape(status)}</td>"
    )


@dataclass
class Digest:
    """One complete run in figures: the matrix, each app's passes, what failed."""

    name: str
    source: Path
    run_info: dict[str, Any]
    tests: int = 0
    rows: Counter[str] = field(default_factory=Counter)
    passed: Counter[str] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)
    failed: dict[str, Counter[str]] = field(default_factory=dict)


def digest(name: str, path: Path) -> Digest:
    """Read one report into its figures; a failure counts under its message."""
    report = json.loads(path.read_text(encoding="utf-8"))
    found = Digest(name, path, report["run_info"], tests=len(report["results"]))
    found.failed = {app: Counter() for app in APPS}
    for result in report["results"]:
        found.rows[matrix_row(result)] += 1
        for subtest in result["subtests"]:
            if subtest["status"] == "PASS":
                found.passed[subtest["name"]] += 1
            elif subtest["status"] == "XFAIL":
                found.expected[subtest["name"]] += 1
            elif subtest["status"] in BAD:
                message = subtest.get("message") or ""
                why = message.removeprefix(NEEDS) if message.startswith(NEEDS) else ""
                found.failed[subtest["name"]][why] += 1
    return found


def kept_digests(kept: dict[str, Path] | None = None) -> dict[str, Digest]:
    """Return the kept runs that are there: the cores alone, then hardened."""
    paths = KEPT if kept is None else kept
    return {name: digest(name, path) for name, path in paths.items() if path.is_file()}


def needed(modules: str) -> str:
    """Return what modules of hardening/ add, in plain words, with their names."""
    names = [name.strip() for name in modules.split(",")]
    words = " and ".join(CONCERNS.get(name, name) for name in names)
    return f"{words} ({', '.join(names)})"


def failures(counts: Counter[str]) -> str:
    """Return what a run's failures need, the most frequent first."""
    return "; ".join(
        f"{escape(needed(why))}: {count}" if why else f"for other reasons: {count}"
        for why, count in counts.most_common()
    )


def matrix_section(digests: dict[str, Digest], page: Path, heading: str = "h2") -> str:
    """Return the cores and the hardened apps side by side, in the matrix's rows."""
    if not digests:
        return (
            f'<section id="core-and-hardened"><{heading}>Each core alone, and '
            f'hardened</{heading}><p class="not-run">No kept run yet: '
            "bench/results/conformance-core.json and conformance-hardened.json are "
            "written by complete runs of make test-core and make test.</p></section>"
        )
    head = "".join(
        f'<th scope="col" class="number">{escape(KEPT_NAMES.get(name, name))}</th>'
        for name in digests
    )
    rows = []
    for row in MATRIX:
        if row == MATRIX[-1] and not any(d.rows[row] for d in digests.values()):
            continue
        cells = "".join(f"<td>{d.rows[row]:,}</td>" for d in digests.values())
        rows.append(f'<tr><th scope="row">{escape(row)}</th>{cells}</tr>')
    for app in APPS:
        cells = "".join(
            f"<td>{d.passed[app]:,} of {d.tests:,}"
            + (f", {d.expected[app]:,} xfail" if d.expected[app] else "")
            + "</td>"
            for d in digests.values()
        )
        rows.append(
            f'<tr><th scope="row" class="{app}">passed by {APP_NAMES[app]}</th>'
            f"{cells}</tr>"
        )
    lacks = []
    for name, found in digests.items():
        for app in APPS:
            if found.failed[app]:
                total = sum(found.failed[app].values())
                lacks.append(
                    f"<li><strong>{APP_NAMES[app]}, "
                    f"{escape(KEPT_NAMES.get(name, name))}</strong>: {total} "
                    f"fail, for want of {failures(found.failed[app])}</li>"
                )
    sources = "; ".join(
        f'<a href="{escape(relative(d.source, page.parent))}">'
        f"{escape(d.source.name)}</a> (run of {escape(d.run_info.get('started', '?'))}"
        f", commit <code>{escape((d.run_info.get('commit') or '?')[:10])}</code>)"
        for d in digests.values()
    )
    lacking = (
        f'<ul class="lacks">{"".join(lacks)}</ul>'
        if lacks
        else "<p>Neither app fails a shared test in these runs.</p>"
    )
    return (
        f'<section id="core-and-hardened"><{heading}>Each core alone, and hardened'
        f"</{heading}>"
        "<p class=\"small\">The same shared tests on each app's core (its framework's "
        "defaults, HARDENING=0) and on each app with its hardening/ package. An "
        "expected divergence is a difference the contract allows, named in "
        "shared_spec/divergences.yaml.</p>"
        f'<table class="matrix"><thead><tr><th scope="col">shared tests</th>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p>What fails, and what from hardening/ each test needs:</p>{lacking}"
        f'<p class="small">From the complete runs kept as evidence: {sources}.</p>'
        "</section>"
    )


def run_info_table(reports: dict[str, dict[str, Any]]) -> str:
    """Return the context of each mode's last run, a column a mode."""
    infos = {mode: report["run_info"] for mode, report in reports.items()}

    def row(name: str, values: list[str]) -> str:
        cells = "".join(f"<td>{value}</td>" for value in values)
        return f'<tr><th scope="row">{escape(name)}</th>{cells}</tr>'

    def commit(info: dict[str, Any]) -> str:
        sha = escape((info.get("commit") or "unknown")[:12])
        return f"<code>{sha}</code>{' (with local changes)' if info['dirty'] else ''}"

    def partial(info: dict[str, Any]) -> str:
        if not info.get("partial"):
            return "no: the whole shared suite"
        return "<strong>yes</strong>: " + escape("; ".join(info["partial_reasons"]))

    def counts(report: dict[str, Any]) -> str:
        tally = Counter(matrix_row(result) for result in report["results"])
        return "<br>".join(
            f"{escape(row)}: {tally[row]}" for row in MATRIX if tally[row]
        )

    rows = [
        row("started", [escape(info["started"]) for info in infos.values()]),
        row("finished", [escape(info["finished"]) for info in infos.values()]),
        row("commit", [commit(info) for info in infos.values()]),
        row("database", [escape(info["database"]) for info in infos.values()]),
        row("Python", [escape(info["python"]) for info in infos.values()]),
        row(
            "versions",
            [
                "<br>".join(
                    f"{escape(k)} {escape(v)}" for k, v in info["versions"].items()
                )
                for info in infos.values()
            ],
        ),
        row("partial", [partial(info) for info in infos.values()]),
        row(
            "arguments",
            [
                f"<code>{escape(shlex.join(info['args']))}</code>"
                for info in infos.values()
            ],
        ),
        row("shared tests", [counts(report) for report in reports.values()]),
    ]
    head = "".join(f'<th scope="col">{escape(mode)}</th>' for mode in infos)
    return (
        f'<table class="runs"><thead><tr><th scope="col">Run</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def divergences_section(divergences: dict[tuple[str, str], str], page: Path) -> str:
    """Return the expected divergences the contract allows, with their reasons."""
    contract = escape(relative(CONTRACT, page.parent)) + "#known-differences"
    if not divergences:
        items = (
            "<p>None listed: the contract expects every shared test to pass on both "
            f'apps (<a href="{contract}">Known differences</a>).</p>'
        )
    else:
        rows = "".join(
            f'<tr><th scope="row">{escape(test)}</th><td>{APP_NAMES[app]}</td>'
            f"<td>{escape(reason)}</td></tr>"
            for (test, app), reason in sorted(divergences.items())
        )
        items = (
            '<table class="results"><thead><tr><th scope="col">Test</th>'
            '<th scope="col">App</th><th scope="col">Reason</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
            f'<p class="small">Each is allowed by the contract\'s <a href="{contract}">'
            "Known differences</a>, and marked a strict xfail: if the app passes the "
            "test after all, the run fails until the entry goes.</p>"
        )
    return (
        f'<section id="divergences"><h2>Expected divergences</h2>'
        f'<p class="small">From <code>{DIVERGENCES}</code>.</p>{items}</section>'
    )


def results_table(
    reports: dict[str, dict[str, Any]], divergences: dict[tuple[str, str], str]
) -> str:
    """Return a row a shared test, a column a mode and app, grouped by file."""
    by_mode = {
        mode: {
            result["test"]: {sub["name"]: sub for sub in result["subtests"]}
            for result in report["results"]
        }
        for mode, report in reports.items()
    }
    tests = list(dict.fromkeys(test for rows in by_mode.values() for test in rows))
    columns = 2 + len(by_mode) * len(APPS)
    body = []
    current = None
    for test in tests:
        file, _, name = test.partition("::")
        if file != current:
            current = file
            body.append(
                f'<tr class="file"><th colspan="{columns}" scope="rowgroup">'
                f"{escape(file)}</th></tr>"
            )
        cells, notes = [], []
        for mode, rows in by_mode.items():
            for app in APPS:
                result = rows.get(test, {}).get(app)
                cells.append(status_cell(result))
                if result and result.get("message"):
                    notes.append(
                        f"{escape(mode)}, {APP_NAMES[app]}: "
                        f"{escape(result['status'])}: {escape(result['message'])}"
                    )
        notes[:0] = [
            f"expected on {APP_NAMES[app]}: {escape(divergences[test, app])}"
            for app in APPS
            if (test, app) in divergences
        ]
        body.append(
            f'<tr><th scope="row">{escape(name)}</th>{"".join(cells)}'
            f'<td class="notes">{"<br>".join(notes)}</td></tr>'
        )
    modes = "".join(
        f'<th colspan="{len(APPS)}" scope="colgroup">{escape(mode)}</th>'
        for mode in by_mode
    )
    apps = "".join(
        f'<th scope="col" class="{app}">{APP_NAMES[app]}</th>'
        for _ in by_mode
        for app in APPS
    )
    return (
        '<table class="results"><thead><tr><th rowspan="2" scope="col">Test</th>'
        f'{modes}<th rowspan="2" scope="col">Divergences and messages</th></tr>'
        f"<tr>{apps}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def checks_table(reports: dict[str, dict[str, Any]]) -> str:
    """Return the checks outside the shared suite, a column a mode."""
    by_mode = {
        mode: {check["test"]: check for check in report["framework_checks"]}
        for mode, report in reports.items()
    }
    tests = list(dict.fromkeys(test for rows in by_mode.values() for test in rows))
    if not tests:
        return '<p class="small">None ran.</p>'
    rows = "".join(
        f'<tr><th scope="row">{escape(test)}</th>'
        + "".join(status_cell(checks.get(test)) for checks in by_mode.values())
        + "</tr>"
        for test in tests
    )
    head = "".join(f'<th scope="col">{escape(mode)}</th>' for mode in by_mode)
    return (
        f'<table class="results"><thead><tr><th scope="col">Check</th>{head}</tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )


def render(reports: dict[str, dict[str, Any]], page: Path) -> str:
    """Return the whole conformance page."""
    divergences = load_divergences(ROOT / DIVERGENCES)
    # The reader's stylesheet (make reader) wins over the fallback when it is there.
    reader_css = (page.parent / "reader.css").is_file()
    matrix = matrix_section(kept_digests(), page)
    if reports:
        main = (
            f"{matrix}"
            "<section><h2>The last runs</h2>"
            '<p class="small">What var/conformance/ holds: the last run of each mode '
            "on this machine, complete or not.</p>"
            f"{run_info_table(reports)}</section>"
            f"{divergences_section(divergences, page)}"
            "<section><h2>Shared tests</h2>"
            '<p class="small">A row a shared test, its parameters without the app; '
            "a column a mode and app: PASS, FAIL, ERROR, SKIP, XFAIL (an expected "
            "divergence) or XPASS (a divergence that is gone). Hover a status for "
            "its message; the last column repeats them.</p>"
            f"{results_table(reports, divergences)}</section>"
            "<section><h2>Framework checks</h2>"
            '<p class="small">Tests that do not take the shared <code>app</code> '
            "fixture: each app's own checks, the benchmark's and the "
            f"repository's.</p>{checks_table(reports)}</section>"
        )
    else:
        main = (
            f"{matrix}"
            '<p class="not-run">No runs on this machine yet: var/conformance/ is '
            "empty. make test, make test-postgres and make test-live each write "
            "one.</p>"
            f"{divergences_section(divergences, page)}"
        )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance · The twins side by side</title>
<style>
{FALLBACK_STYLE}</style>
{'<link rel="stylesheet" href="reader.css">' if reader_css else ""}
</head>
<body>
<header>
<p class="back"><a href="index.html">The twins side by side</a></p>
<h1>Conformance: the shared suite, test by test</h1>
<p class="summary">One suite of shared tests runs against both apps: what each app's
core passes out of the box, what it passes with its hardening/ package, and the last
run of each mode, in process or over HTTP, on SQLite or PostgreSQL, test by
test.</p>
</header>
<main>
{main}
</main>
</body>
</html>
"""


def main() -> None:
    """Write the conformance page and say where to open it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, default=REPORTS)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    # Imported here: the reader's builder imports this module.
    from reader.build import ensure_reader

    # Built alone, the page still has the reader's stylesheet and its index to go
    # back to: the whole reader is built first when either is missing.
    ensure_reader(args.output.parent, args.reports)
    args.output.write_text(
        render(load_reports(args.reports), args.output), encoding="utf-8"
    )
    print(f"The conformance page is ready: open {args.output.resolve().as_uri()}")


if __name__ == "__main__":
    main()
