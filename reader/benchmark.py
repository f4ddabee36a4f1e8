"""The benchmark's last runs as the reader shows them: var/reader/benchmark.html.

make bench writes bench/results/<database>.json and its chart <database>.png; the
reader (make reader) copies each chart beside its pages and lays the figures out in
tables, Flask beside Django. No benchmark is run here.
"""

from __future__ import annotations

import json
from pathlib import Path
from statistics import fmean
from typing import Any

from reader.pages import SIDE_NAMES
from reader.pages import escape
from reader.pages import link
from reader.pages import number
from reader.twins import ROOT

RESULTS = ROOT / "bench" / "results"
DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
# Each endpoint of a run, in the order of the README's table, in plain words.
ENDPOINTS = {
    "api_list": "API list <code>GET /api/products/</code> (20 a page), reference",
    "tuned_list": "API list, tuned (<code>bench/</code>)",
    "cached_list": "API list for visitors, from the cache in Redis",
    "cached_304": "<code>304</code> revalidation of the list, Redis",
    "cached_list_local": "API list for visitors, from each worker's memory",
    "cached_304_local": "<code>304</code> revalidation, each worker's memory",
    "api_detail": "API detail <code>GET /api/products/&lt;id&gt;/</code>, reference",
    "tuned_detail": "API detail, tuned (<code>bench/</code>)",
    "api_create": "API create <code>POST /api/products/</code> (token)",
    "html_list": "HTML list <code>GET /products/</code>",
    "html_list_es": "HTML list in Spanish <code>Accept-Language: es</code>",
    "health": "health <code>GET /api/health/</code>",
    "floor": "framework floor: 20 products as JSON, nothing else",
}
# What the index shows of a run: what the reference apps answer, and the floor.
HEADLINE = ("api_list", "api_detail", "api_create", "html_list", "health", "floor")


def load_runs(folder: Path = RESULTS) -> dict[str, dict[str, Any]]:
    """Return the last run of each database that has one, SQLite first."""
    runs = {}
    for database in DATABASES:
        path = folder / f"{database}.json"
        if path.is_file():
            runs[database] = json.loads(path.read_text(encoding="utf-8"))
    return runs


def chart(database: str, folder: Path = RESULTS) -> Path | None:
    """Return a database's chart, if make bench drew one."""
    path = folder / f"{database}.png"
    return path if path.is_file() else None


def result(run: dict[str, Any], app: str, endpoint: str) -> dict[str, Any] | None:
    """Return one endpoint's figures for one app, if the run measured it."""
    for row in run.get("results", []):
        if row["app"] == app and row["endpoint"] == endpoint:
            return row
    return None


def interval_leader(flask: dict[str, Any], django: dict[str, Any]) -> str | None:
    """Return who is ahead on an endpoint measured in rounds: outside the noise only.

    None for a run without rounds. An app is ahead when the interval of its middle
    rounds lies wholly above the other's (bench/stats.py).
    """
    if "interval" not in flask or "interval" not in django:
        return None
    (flask_low, flask_high), (django_low, django_high) = (
        flask["interval"],
        django["interval"],
    )
    if flask_low > django_high:
        ahead, best, worst = "flask", flask, django
    elif django_low > flask_high:
        ahead, best, worst = "django", django, flask
    else:
        return "no measurable difference"
    margin = best["requests_per_s"] / worst["requests_per_s"] - 1
    return f"{SIDE_NAMES[ahead]}, by {margin:.0%}"


def leader(flask: float, django: float, higher_is_better: bool = True) -> str:
    """Return which app is ahead on a figure, and by how much."""
    if flask == django or not flask or not django:
        return "even"
    ahead = "flask" if (flask > django) == higher_is_better else "django"
    best, worst = (flask, django) if ahead == "flask" else (django, flask)
    margin = (best / worst - 1) if higher_is_better else (worst / best - 1)
    if margin < 0.05:
        return "about even"
    return f"{SIDE_NAMES[ahead]}, by {margin:.0%}"


def rates(run: dict[str, Any], endpoint: str) -> tuple[float, float] | None:
    """Return Flask's and Django's requests/s on one endpoint."""
    flask, django = result(run, "flask", endpoint), result(run, "django", endpoint)
    if flask is None or django is None:
        return None
    return flask["requests_per_s"], django["requests_per_s"]


def wins(run: dict[str, Any]) -> dict[str, int]:
    """Return on how many endpoints each app answers more requests a second.

    With rounds, only where the intervals do not overlap; "even" counts the rest.
    """
    count = {"flask": 0, "django": 0, "even": 0}
    for endpoint in ENDPOINTS:
        flask, django = result(run, "flask", endpoint), result(run, "django", endpoint)
        if flask is None or django is None:
            continue
        found = interval_leader(flask, django)
        if found is None:
            pair = (flask["requests_per_s"], django["requests_per_s"])
            if pair[0] != pair[1]:
                count["flask" if pair[0] > pair[1] else "django"] += 1
        elif found.startswith(SIDE_NAMES["flask"]):
            count["flask"] += 1
        elif found.startswith(SIDE_NAMES["django"]):
            count["django"] += 1
        else:
            count["even"] += 1
    return count


def startup_and_memory(run: dict[str, Any]) -> list[tuple[str, float, float, str]]:
    """Return start-up and memory per app: label, Flask, Django, unit."""
    rows = []
    startup = run.get("startup", {})
    if "flask" in startup and "django" in startup:
        rows.append(
            (
                "import and build the app",
                startup["flask"]["import_s"],
                startup["django"]["import_s"],
                "s",
            )
        )
    memory = run.get("memory", {})
    if "flask" in memory and "django" in memory:
        rows.append(
            (
                "memory per worker, after the load",
                fmean(memory["flask"]["warm_rss_mb"]),
                fmean(memory["django"]["warm_rss_mb"]),
                "MB",
            )
        )
    return rows


def machine(run: dict[str, Any]) -> str:
    """Return the machine and the date of a run, in one line."""
    info = run.get("machine") or {}
    load = (info.get("load_average_at_start") or ["?"])[0]
    return (
        f"{info.get('cores', '?')} cores, {info.get('cpu', '?')}, "
        f"{info.get('ram_gb', '?')} GB RAM, {info.get('os', '?')}; load average "
        f"{load} at the start; run of {run.get('generated_at', '?')}"
    )


def figures_table(run: dict[str, Any], endpoints: tuple[str, ...]) -> str:
    """Return requests/s (and p50 / p99) per endpoint, Flask beside Django."""
    rows = []
    for endpoint in endpoints:
        flask, django = result(run, "flask", endpoint), result(run, "django", endpoint)
        if flask is None or django is None:
            continue
        cells = "".join(
            f'<td class="number {side}">{number(row["requests_per_s"])}'
            + (
                f'<br><span class="small">{number(row["interval"][0])} to '
                f"{number(row['interval'][1])}</span>"
                if "interval" in row
                else ""
            )
            + f'</td><td class="number {side} small">{row["p50_ms"]:.1f} / '
            f"{row['p99_ms']:.1f}</td>"
            for side, row in (("flask", flask), ("django", django))
        )
        ahead = interval_leader(flask, django) or leader(
            flask["requests_per_s"], django["requests_per_s"]
        )
        rows.append(
            f'<tr><th scope="row">{ENDPOINTS[endpoint]}</th>{cells}'
            f"<td>{escape(ahead)}</td></tr>"
        )
    for label, flask_value, django_value, unit in startup_and_memory(run):
        ahead = leader(flask_value, django_value, higher_is_better=False)
        rows.append(
            f'<tr><th scope="row">{escape(label)}</th>'
            f'<td class="number flask">{flask_value:.2f} {unit}</td><td></td>'
            f'<td class="number django">{django_value:.2f} {unit}</td><td></td>'
            f"<td>{escape(ahead)}</td></tr>"
        )
    return (
        '<table class="figures"><thead><tr><th scope="col">endpoint</th>'
        '<th scope="col" class="number flask">Flask req/s</th>'
        '<th scope="col" class="number flask small">p50 / p99 ms</th>'
        '<th scope="col" class="number django">Django req/s</th>'
        '<th scope="col" class="number django small">p50 / p99 ms</th>'
        '<th scope="col">ahead</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def run_section(database: str, run: dict[str, Any], image: str | None) -> str:
    """Return one database's run: its chart, every figure, its machine."""
    load, server = run.get("load", {}), run.get("gunicorn", {})
    count = wins(run)
    ceiling = result(run, "ceiling", "floor")
    parts = [
        f'<section id="{database}"><h2>{DATABASES[database]}</h2>',
        f'<p class="small">{escape(machine(run))}. gunicorn, '
        f"{server.get('workers', '?')} {server.get('worker_class', '?')} workers "
        f"per app, production settings, {run.get('products', '?')} products; wrk, "
        f"{load.get('connections', '?')} connections, {load.get('duration_s', '?')} "
        "s per endpoint.</p>",
        f"<p>More requests a second, outside the noise: Flask on {count['flask']} "
        f"endpoints, Django on {count['django']}; no measurable difference on "
        f"{count['even']} (medians of {load.get('rounds', 1)} rounds; the interval "
        "under each figure is the range of its middle rounds).</p>",
    ]
    if image:
        parts.append(
            f'<p><a href="{image}"><img class="chart" src="{image}" width="1760" '
            f'height="715" alt="Requests a second of each endpoint on '
            f'{DATABASES[database]}, Flask in blue beside Django in green"></a></p>'
        )
    parts.append(figures_table(run, tuple(ENDPOINTS)))
    if ceiling:
        parts.append(
            f'<p class="small">The ceiling, a bare WSGI function with the same JSON '
            f"and no framework: {number(ceiling['requests_per_s'])} requests/s.</p>"
        )
    parts.append("</section>")
    return "".join(parts)


def body(
    runs: dict[str, dict[str, Any]], images: dict[str, str], page_dir: Path
) -> str:
    """Return the benchmark page's body: each database's run, SQLite first."""
    docs = link(ROOT / "docs" / "benchmark.md", page_dir)
    method = link(ROOT / "bench" / "README.md", page_dir)
    if runs:
        sections = "".join(
            run_section(database, run, images.get(database))
            for database, run in runs.items()
        )
    else:
        sections = (
            '<p class="not-run">No run yet: bench/results/ holds no sqlite.json or '
            "postgres.json (make bench writes them).</p>"
        )
    return (
        '<header><p class="back"><a href="index.html">The twins side by side</a>'
        "</p><h1>The benchmark: both apps under the same load</h1>"
        '<p class="summary">Both apps served the same way and driven by wrk, each '
        "endpoint in turn, beside each framework's floor (20 products as JSON "
        "through the whole app, nothing else). Compare the apps within one run: "
        "these shared machines wander by tens of percent between runs. "
        f'How each number is taken: <a href="{method}">bench/README.md</a>; what '
        f'they mean: <a href="{docs}">docs/benchmark.md</a>.</p></header>'
        f"<main>{sections}</main>"
    )
