"""The report: a table on stdout, results/<database>.json and a chart, <database>.png.

    python -m bench.report [bench/results/sqlite.json]

prints the table and redraws the chart from a saved run.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

from bench import stats

RESULTS = Path(__file__).resolve().parent / "results"
APP_COLOURS = {"flask": "#4c72b0", "django": "#55a868"}
# The chart's groups, left to right, and their labels.
ENDPOINT_LABELS = {
    "health": "health\nGET /api/health/",
    "api_list": "API list\nGET /api/products/",
    "tuned_list": "tuned list\nGET /bench/tuned/\nproducts/",
    "api_detail": "API detail\nGET /api/products/\n<id>/",
    "tuned_detail": "tuned detail\nGET /bench/tuned/\nproducts/<id>/",
    "api_create": "API create\nPOST /api/products/",
    "html_list": "HTML list\nGET /products/",
    "html_list_es": "HTML list, Spanish\nAccept-Language: es",
    "cached_list": "cached list\n(Redis)",
    "cached_304": "304\n(Redis)",
    "cached_list_local": "cached list\n(worker memory)",
    "cached_304_local": "304\n(worker memory)",
    "floor": "framework floor\nGET /bench/floor/",
}
# The groups over whose bars each app's floor is marked again.
FLOOR_MARKED = ("api_list", "tuned_list")
# The goals, as fractions of each framework's floor: not gates, the run passes below.
GOALS = {"api_list": 0.7, "tuned_list": 0.95}
# The cached reads' goal, as a fraction of the bare-WSGI ceiling.
CACHED = ("cached_list", "cached_304", "cached_list_local", "cached_304_local")
CACHED_GOAL = 0.6
COLUMNS = (
    ("app", 8, "{}"),
    ("endpoint", 18, "{}"),
    ("requests/s", 10, "{:.0f}"),
    ("p50 ms", 8, "{:.1f}"),
    ("p99 ms", 8, "{:.1f}"),
    ("errors", 7, "{}"),
)


def header() -> str:
    cells = [f"{name:<{width}}" for name, width, _ in COLUMNS[:2]]
    cells += [f"{name:>{width}}" for name, width, _ in COLUMNS[2:]]
    return "  ".join([*cells, "interval (middle rounds)"])


def format_row(row: dict[str, Any], memory: dict[str, Any] | None = None) -> str:
    values = [row["app"], row["endpoint"], row["requests_per_s"]]
    values += [row["p50_ms"], row["p99_ms"], row["errors"]]
    cells = [
        f"{template.format(value):<{width}}"
        if index < 2
        else f"{template.format(value):>{width}}"
        for index, ((_, width, template), value) in enumerate(
            zip(COLUMNS, values, strict=True)
        )
    ]
    if "interval" in row:
        low, high = row["interval"]
        cells.append(f"{low:.0f} to {high:.0f}")
    return "  ".join(cells)


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else float("nan")


def row_of(results: dict[str, Any], app: str, endpoint: str) -> dict[str, Any] | None:
    for row in results["results"]:
        if row["app"] == app and row["endpoint"] == endpoint:
            return row
    return None


def rate(results: dict[str, Any], app: str, endpoint: str) -> float | None:
    """Return the median requests/s of an endpoint on an app, if measured."""
    row = row_of(results, app, endpoint)
    return row["requests_per_s"] if row else None


def rounds(results: dict[str, Any], app: str, endpoint: str) -> list[float]:
    """Return an endpoint's requests/s round by round (one value for an old run)."""
    row = row_of(results, app, endpoint)
    if row is None:
        return []
    return list(row.get("rounds") or [row["requests_per_s"]])


def ratio(
    results: dict[str, Any], top: tuple[str, str], bottom: tuple[str, str]
) -> dict[str, Any] | None:
    """Return a ratio of two figures, computed round by round, then summarised."""
    return stats.ratio_summary(rounds(results, *top), rounds(results, *bottom))


def list_vs_floor(
    results: dict[str, Any], endpoint: str = "api_list"
) -> dict[str, float]:
    """Each app's endpoint over its floor, the median of the rounds (see GOALS)."""
    ratios = {}
    for app in ("flask", "django"):
        if found := ratio(results, (app, endpoint), (app, "floor")):
            ratios[app] = found["median"]
    return ratios


def all_ratios(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every ratio the report states, each with its median, interval and rounds."""
    found: dict[str, dict[str, Any]] = {}
    for app in ("flask", "django"):
        pairs = {
            "reference/floor": ((app, "api_list"), (app, "floor")),
            "tuned/floor": ((app, "tuned_list"), (app, "floor")),
            **{
                f"{endpoint}/ceiling": ((app, endpoint), ("ceiling", "floor"))
                for endpoint in CACHED
            },
        }
        for name, (top, bottom) in pairs.items():
            if summary := ratio(results, top, bottom):
                found.setdefault(app, {})[name] = summary
    endpoints = {row["endpoint"] for row in results["results"]}
    for endpoint in sorted(endpoints):
        if summary := ratio(results, ("flask", endpoint), ("django", endpoint)):
            found.setdefault("flask/django", {})[endpoint] = summary
    return found


def lists(results: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """Each app's floor, reference list, tuned list and the ceiling, in requests/s."""
    ceiling = rate(results, "ceiling", "floor")
    return {
        app: {
            "floor": rate(results, app, "floor"),
            "reference": rate(results, app, "api_list"),
            "tuned": rate(results, app, "tuned_list"),
            "ceiling": ceiling,
        }
        for app in ("flask", "django")
    }


def cached_vs_ceiling(results: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Each app's cached list and 304 over the ceiling, the median of the rounds."""
    ratios: dict[str, dict[str, float]] = {}
    for app in ("flask", "django"):
        for endpoint in CACHED:
            if found := ratio(results, (app, endpoint), ("ceiling", "floor")):
                ratios.setdefault(app, {})[endpoint] = found["median"]
    return ratios


def cached_table(results: dict[str, Any]) -> list[str]:
    """Return the lines comparing the cached reads with the reference and ceiling."""
    ratios = cached_vs_ceiling(results)
    if not ratios:
        return []
    ceiling = rate(results, "ceiling", "floor") or 0
    lines = [
        f"Visitors' API list from the server-side cache (CACHE_TTL="
        f"{results.get('cache', {}).get('ttl_s')}), requests/s and / ceiling "
        f"({ceiling:.0f}); reference (uncached) for comparison",
        f"  {'app':<8}{'backend':<15}{'reference':>10}{'cached':>8}{'304':>8}"
        f"{'cached/ceiling':>16}{'304/ceiling':>13}",
    ]
    for app, ratio in ratios.items():
        for backend, suffix in (("Redis", ""), ("worker memory", "_local")):
            names = (f"cached_list{suffix}", f"cached_304{suffix}")
            if names[0] not in ratio:
                continue
            values = [rate(results, app, name) for name in ("api_list", *names)]
            cells = [
                f"{value:>{width}.0f}" if value else f"{'-':>{width}}"
                for value, width in zip(values, (10, 8, 8), strict=True)
            ]
            shares = [
                f"{ratio[name]:>{width}.2f}" if name in ratio else f"{'-':>{width}}"
                for name, width in zip(names, (16, 13), strict=True)
            ]
            lines.append(f"  {app:<8}{backend:<15}{''.join(cells)}{''.join(shares)}")
    lines.append(f"  goal: cached/ceiling and 304/ceiling {CACHED_GOAL} or more")
    return lines


def lists_table(results: dict[str, Any]) -> list[str]:
    """Return the lines comparing each list with its floor and the ceiling."""
    reference, tuned = list_vs_floor(results), list_vs_floor(results, "tuned_list")
    lines = [
        "API list, requests/s: framework floor, reference (api_list), tuned "
        "(tuned_list), ceiling",
        f"  {'app':<8}{'floor':>8}{'reference':>11}{'tuned':>8}{'ceiling':>9}"
        f"{'reference/floor':>17}{'tuned/floor':>13}",
    ]
    for app, rates in lists(results).items():
        cells = [
            f"{value:>{width}.0f}" if value else f"{'-':>{width}}"
            for value, width in zip(rates.values(), (8, 11, 8, 9), strict=True)
        ]
        ratios = [
            f"{ratio[app]:>{width}.2f}" if app in ratio else f"{'-':>{width}}"
            for ratio, width in ((reference, 17), (tuned, 13))
        ]
        lines.append(f"  {app:<8}{''.join(cells)}{''.join(ratios)}")
    lines.append(
        f"  goals: reference/floor {GOALS['api_list']} or more, tuned/floor "
        f"{GOALS['tuned_list']} or more"
    )
    return lines


def ratios_table(results: dict[str, Any]) -> list[str]:
    """Return the lines of every ratio: the median of the rounds and its interval."""
    found = results.get("ratios") or all_ratios(results)
    lines = ["Ratios, computed round by round: median (interval of the middle rounds)"]
    for side, ratios in found.items():
        cells = [
            f"{name} {summary['median']:.2f} ({summary['interval'][0]:.2f} to "
            f"{summary['interval'][1]:.2f})"
            for name, summary in ratios.items()
        ]
        lines.append(f"  {side}: " + "; ".join(cells))
    return lines


def table(results: dict[str, Any]) -> str:
    lines = [header()]
    lines += [format_row(row) for row in results["results"]]
    lines += ["", *lists_table(results)]
    if cached := cached_table(results):
        lines += ["", *cached]
    lines += ["", *ratios_table(results)]
    timed = results.get("startup_rounds", {}).values()
    runs = max((len(found.get("import_s", [])) for found in timed), default=3)
    lines += [
        "",
        f"Start-up (median of {runs})   dev server  gunicorn   import+build"
        "   RSS/worker MB idle -> warm",
    ]
    for app, timing in results["startup"].items():
        memory = results["memory"][app]
        idle, warm = mean(memory["idle_rss_mb"]), mean(memory["warm_rss_mb"])
        lines.append(
            f"  {app:<22} {timing['dev_server_s']:>8.2f} s"
            f" {timing['gunicorn_s']:>7.2f} s {timing['import_s']:>10.2f} s"
            f"   {idle:>7.1f} -> {warm:.1f}"
        )
    load, server = results["load"], results["gunicorn"]
    lines += [
        "",
        f"{results['database']}, {results['products']} products; wrk "
        f"{load['threads']} threads, {load['connections']} connections, "
        f"{load['duration_s']:g} s after {load['warmup_s']:g} s of warm-up, "
        f"{load.get('rounds', 1)} rounds; gunicorn "
        f"{server['workers']} {server['worker_class']} workers",
    ]
    machine = results["machine"]
    lines.append(
        f"{machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB, "
        f"{machine['os']}; load average at start {machine['load_average_at_start']}"
    )
    return "\n".join(lines)


def chart(results: dict[str, Any], path: Path) -> None:
    """Bars of requests/s per endpoint and app; floors marked, the ceiling dashed."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    groups = list(ENDPOINT_LABELS)
    width = 0.38
    figure, axes = plt.subplots(figsize=(16, 6.5), layout="constrained")
    floor_label = "framework floor, over its app's list bars"
    for offset, app in ((-width / 2, "flask"), (width / 2, "django")):
        rates = [rate(results, app, endpoint) or 0 for endpoint in groups]
        positions = [index + offset for index in range(len(groups))]
        # The interval of the middle rounds as an error bar around each median.
        spans = [
            (row.get("interval") or [row["requests_per_s"]] * 2) if row else [0, 0]
            for row in (row_of(results, app, endpoint) for endpoint in groups)
        ]
        errors = [
            [
                max(0.0, median - low)
                for median, (low, _) in zip(rates, spans, strict=True)
            ],
            [
                max(0.0, high - median)
                for median, (_, high) in zip(rates, spans, strict=True)
            ],
        ]
        bars = axes.bar(
            positions,
            rates,
            width,
            yerr=errors,
            capsize=3,
            ecolor="#333333",
            label=app.capitalize(),
            color=APP_COLOURS[app],
        )
        axes.bar_label(bars, fmt="%.0f", padding=2, fontsize=9)
        # The floor again over each list's bar: how far each list is from it.
        if floor := rate(results, app, "floor"):
            for group in FLOOR_MARKED:
                x = groups.index(group) + offset
                axes.hlines(
                    floor,
                    x - width / 2,
                    x + width / 2,
                    colors="black",
                    linewidth=2.5,
                    label=floor_label,
                )
                # One legend entry for all of them: legends skip labels starting "_".
                floor_label = "_nolegend_"
    if ceiling := rate(results, "ceiling", "floor"):
        axes.axhline(
            ceiling,
            color="grey",
            linestyle="--",
            label=f"ceiling: bare WSGI, same JSON ({ceiling:.0f}/s)",
        )
    labels = [ENDPOINT_LABELS[group] for group in groups]
    for group in FLOOR_MARKED:
        if ratios := list_vs_floor(results, group):
            labels[groups.index(group)] += "\n" + "\n".join(
                f"{app} {ratio:.2f}x floor" for app, ratio in ratios.items()
            )
    shares = cached_vs_ceiling(results)
    for group in CACHED:
        if any(group in ratio for ratio in shares.values()):
            labels[groups.index(group)] += "\n" + "\n".join(
                f"{app} {ratio[group]:.2f}x ceiling"
                for app, ratio in shares.items()
                if group in ratio
            )
    axes.set_xticks(range(len(groups)), labels, fontsize=8)
    axes.set_ylabel("requests/s (higher is better)")
    load, server = results["load"], results["gunicorn"]
    axes.set_title(
        f"Flask vs Django under gunicorn ({server['workers']} {server['worker_class']} "
        f"workers), {results['database']}, wrk {load['connections']} connections, "
        f"{load['duration_s']:g} s per endpoint and round; medians of "
        f"{load.get('rounds', 1)} rounds, bars: the middle rounds"
    )
    # Head room above the tallest bar or the ceiling, for the legend.
    tallest = max(row["requests_per_s"] for row in results["results"])
    axes.set_ylim(0, tallest * 1.25)
    axes.legend(loc="upper right")
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    machine = results["machine"]
    axes.set_xlabel(
        f"{machine['cpu']}, {machine['cores']} cores, {machine['os']}; "
        f"{results['generated_at']}",
        fontsize=8,
        color="grey",
    )
    figure.savefig(path, dpi=110)
    plt.close(figure)


def publish(results: dict[str, Any], directory: Path = RESULTS) -> None:
    """Print the table, then write <database>.json and <database>.png into directory.

    One file per database engine: the latest run on SQLite and the latest on
    PostgreSQL are kept side by side.
    """
    results["lists"] = lists(results)
    results["api_list_vs_floor"] = list_vs_floor(results)
    results["tuned_list_vs_floor"] = list_vs_floor(results, "tuned_list")
    results["cached_vs_ceiling"] = cached_vs_ceiling(results)
    results["ratios"] = all_ratios(results)
    print()
    print(table(results))
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / f"{results['database']}.json"
    json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    chart(results, json_path.with_suffix(".png"))
    print(f"\nWrote {json_path} and {json_path.with_suffix('.png')}")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS / "sqlite.json"
    results = json.loads(path.read_text(encoding="utf-8"))
    print(table(results))
    chart(results, path.with_suffix(".png"))


if __name__ == "__main__":
    main()
