"""make bench-instructions: instructions per request, counted by valgrind's callgrind.

    python -m bench.instructions [--requests 40] [--products 1000]

wrk's requests/s move with whatever else the machine runs; callgrind counts the
instructions the CPU executes, which do not. Each app answers the requests in-process,
through its whole WSGI stack but without a server or a network, from a SQLite database
seeded as make bench seeds it. The count per request is the difference between a run
that answers N requests after a warm-up and a run that only warms up, divided by N.
PYTHONHASHSEED is fixed and the app's long-lived objects are frozen out of the garbage
collector after the warm-up, so two runs of the same code count the same.

Prints a table and writes bench/results/instructions.json. A second mode serves the
requests inside valgrind:

    python -m bench.instructions serve flask|django PATH N

The endpoints are the framework floor, the API list and detail, and their tuned
twins (bench/flask_bench/tuned.py, bench/django_bench/tuned.py).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import platform
import re
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from datetime import datetime
from pathlib import Path

from bench.databases import APPS
from bench.databases import check_identical
from bench.databases import prepare
from bench.databases import sqlite_databases
from bench.load import ensure_command
from bench.servers import ROOT

WARMUP = 30
COLLECTED = re.compile(r"Collected : (\d+)")
INSTALL_HINT = (
    "valgrind is not installed. Install it and run make bench-instructions again:\n"
    "  Debian/Ubuntu: sudo apt-get install valgrind"
)


def endpoints(detail_id: int) -> dict[str, str]:
    """The floor, the reference list and detail, their tuned twins, cached hits."""
    return {
        "floor": "/bench/floor/",
        "api_list": "/api/products/?page_size=20",
        "tuned_list": "/bench/tuned/products/?page_size=20",
        "api_detail": f"/api/products/{detail_id}/",
        "tuned_detail": f"/bench/tuned/products/{detail_id}/",
        "cached_list": "/api/products/?page_size=20",
        "cached_list_local": "/api/products/?page_size=20",
    }


# A visitor's list served from the cache of reads (every counted request a hit, the
# warm-up filled it): in Redis, where only this process's side of the round trip
# counts (redis-py, the entry unpickled), and in the worker's memory.
CACHED = {
    "cached_list": {"CACHE_TTL": "60", "REDIS_URL": "redis://127.0.0.1:6379/{db}"},
    "cached_list_local": {"CACHE_TTL": "60"},
}
# Each run of a Redis row has a database of its own, emptied first (8 to 11): the
# runs go two at a time, and a run that found another's entries would miss less in
# its warm-up than the run it is compared with.
FIRST_REDIS_DB = 8


def cached_env(name: str, index: int) -> dict[str, str]:
    """The environment a cached row's run adds, its Redis database emptied."""
    env = dict(CACHED.get(name, {}))
    if "REDIS_URL" in env:
        import redis

        env["REDIS_URL"] = env["REDIS_URL"].format(db=FIRST_REDIS_DB + index)
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    return env


def wsgi_app(app: str):
    """Return the app with the benchmark's views mounted, as make bench serves it."""
    if app == "flask":
        from bench.flask_bench import app as flask_app

        return flask_app
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.django_bench.settings"
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def serve(app: str, path: str, requests: int) -> None:
    """Answer WARMUP requests for path, then requests more; fail on any non-200."""
    application = wsgi_app(app)
    path_info, _, query = path.partition("?")

    def get() -> None:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path_info,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        statuses = []
        body = application(environ, lambda status, headers, *_: statuses.append(status))
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
        if not statuses[0].startswith("200"):
            raise SystemExit(f"{app} {path} answered {statuses[0]}")

    for _ in range(WARMUP):
        get()
    # The objects the app keeps for good go to the permanent generation: a full
    # collection during the counted requests would otherwise traverse all of them
    # and add millions of instructions to whichever run it happened to fall in.
    gc.collect()
    gc.freeze()
    for _ in range(requests):
        get()


def count(valgrind: str, env: dict[str, str], app: str, path: str, n: int) -> int:
    """Return the instructions of a run that serves n requests after the warm-up."""
    result = subprocess.run(  # noqa: S603
        [
            valgrind,
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "bench.instructions",
            "serve",
            app,
            path,
            str(n),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = COLLECTED.search(result.stderr)
    if result.returncode != 0 or found is None:
        message = f"callgrind failed on {app} {path}:\n{result.stderr[-2000:]}"
        raise RuntimeError(message)
    return int(found.group(1))


def parse_args() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description="Count instructions per request with callgrind.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=int(env("BENCH_REQUESTS", "40")),
        help="requests counted per endpoint (BENCH_REQUESTS)",
    )
    parser.add_argument(
        "--products",
        type=int,
        default=int(env("BENCH_PRODUCTS", "1000")),
        help="products seeded in each database (BENCH_PRODUCTS)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(env("BENCH_WORKDIR", ROOT / "var" / "bench")) / "instructions",
        help="the SQLite databases (BENCH_WORKDIR/instructions)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=Path(env("BENCH_RESULTS", ROOT / "bench" / "results")),
        help="where instructions.json goes (BENCH_RESULTS)",
    )
    parser.add_argument(
        "--only",
        type=lambda value: set(value.split(",")),
        default=set(),
        help="count these endpoints again (comma-separated), keep the other rows",
    )
    return parser.parse_args()


def main() -> None:
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    args = parse_args()
    valgrind = ensure_command("valgrind", INSTALL_HINT)
    paths = endpoints(max(1, args.products // 2))
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.RedisError:
        print("Redis does not answer: no cached_list row", flush=True)
        del paths["cached_list"]
    with sqlite_databases(args.workdir) as urls:
        envs = {}
        for app in APPS:
            envs[app] = {
                **os.environ,
                "DATABASE_URL": urls[app],
                "SECRET_KEY": "bench-instructions",
                "DEBUG": "0",
                "ALLOWED_HOSTS": "127.0.0.1",
                "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "django_app")]),
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "PYTHONHASHSEED": "0",
            }
            envs[app].pop("REDIS_URL", None)
            print(f"{app}: migrating and seeding {args.products} products", flush=True)
            # The products' owner, as make bench seeds it; nobody signs in here.
            owner = {"BENCH_USERNAME": "bench", "BENCH_PASSWORD": secrets.token_hex()}
            prepare(app, {**envs[app], **owner}, args.products)
        check_identical(urls)
        if args.only:
            paths = {name: path for name, path in paths.items() if name in args.only}
        runs = [
            (app, name, path, n)
            for app in APPS
            for name, path in paths.items()
            for n in (0, args.requests)
        ]
        redis_runs = [run for run in runs if "REDIS_URL" in CACHED.get(run[1], {})]
        envs_of = {
            run: {
                **envs[run[0]],
                **cached_env(run[1], redis_runs.index(run) if run in redis_runs else 0),
            }
            for run in runs
        }
        print(f"callgrind: {len(runs)} runs, {os.cpu_count()} at a time", flush=True)
        with ThreadPoolExecutor(os.cpu_count()) as pool:
            totals = list(
                pool.map(
                    lambda run: count(valgrind, envs_of[run], run[0], run[2], run[3]),
                    runs,
                )
            )
    collected = dict(zip([(*run[:2], run[3]) for run in runs], totals, strict=True))
    rows = []
    target = args.results / "instructions.json"
    if args.only:
        # The other rows as the last full run counted them.
        kept = json.loads(target.read_text(encoding="utf-8"))["results"]
        rows = [row for row in kept if row["endpoint"] not in paths]
    for app in APPS:
        for name, path in paths.items():
            extra = collected[app, name, args.requests] - collected[app, name, 0]
            rows.append(
                {
                    "app": app,
                    "endpoint": name,
                    "path": path,
                    "instructions": round(extra / args.requests),
                }
            )
    by_key = {(row["app"], row["endpoint"]): row["instructions"] for row in rows}
    # Instructions per request the other way up, so that they read like requests/s.
    ratios = {
        name: {app: round(by_key[app, "floor"] / by_key[app, name], 2) for app in APPS}
        for name in ("api_list", "tuned_list")
    }
    print(f"\n{'app':8}{'endpoint':14}{'instructions per request':>26}")
    for row in rows:
        millions = row["instructions"] / 1e6
        print(f"{row['app']:8}{row['endpoint']:14}{millions:>24.2f} M")
    print(
        "\nfloor's instructions / the list's (goals: reference 0.7 or more, "
        "tuned 0.95 or more):"
    )
    for app in APPS:
        print(
            f"  {app}: reference {ratios['api_list'][app]:.2f}, "
            f"tuned {ratios['tuned_list'][app]:.2f}"
        )
    results = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": "sqlite",
        "products": args.products,
        "requests": args.requests,
        "warmup_requests": WARMUP,
        "python": platform.python_version(),
        "valgrind": subprocess.run(  # noqa: S603
            [valgrind, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "machine": platform.machine(),
        "results": rows,
        "api_list_over_floor": ratios["api_list"],
        "tuned_list_over_floor": ratios["tuned_list"],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {target}")


if __name__ == "__main__":
    main()
