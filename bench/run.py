"""make bench: the Flask and Django twins under the same load, side by side.

    python -m bench.run [--db sqlite|postgres] [--rounds 5] [--duration 5] ...

Every option also reads an environment variable (shown in --help), which is how the
Makefile passes BENCH_DB, BENCH_DURATION and the rest. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench import report
from bench import stats
from bench.databases import APPS
from bench.databases import check_identical
from bench.databases import postgres_databases
from bench.databases import postgres_version
from bench.databases import prepare
from bench.databases import sqlite_databases
from bench.load import Load
from bench.load import ensure_wrk
from bench.load import run_wrk
from bench.load import wrk_version
from bench.servers import BIN
from bench.servers import ROOT
from bench.servers import Server
from bench.servers import free_port
from bench.servers import gunicorn
from bench.servers import gunicorn_command
from bench.servers import time_to_first_200

USERNAME = "bench"
HEALTH = "/api/health/"
FLOOR = "/bench/floor/"
# The reference list and detail, and their tuned twins (bench/*_bench/tuned.py).
REFERENCE = "/api/products/"
TUNED = "/bench/tuned/products/"
# How many times the start-up and import timings are repeated (the median counts).
REPEATS = 3


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    script: str = "report.lua"
    authenticated: bool = False
    # Sent with If-None-Match naming the answer's current ETag: every answer a 304.
    revalidated: bool = False
    # Sent as Accept-Language: the page in that language (None: the default, English).
    language: str | None = None


def endpoints(detail_id: int) -> list[Endpoint]:
    """The endpoints driven on each app, in order; creating comes last, as it adds
    products the list would otherwise count."""
    return [
        Endpoint("health", "GET", HEALTH),
        Endpoint("floor", "GET", FLOOR),
        Endpoint("api_list", "GET", f"{REFERENCE}?page_size=20"),
        Endpoint("tuned_list", "GET", f"{TUNED}?page_size=20"),
        Endpoint("api_detail", "GET", f"{REFERENCE}{detail_id}/"),
        Endpoint("tuned_detail", "GET", f"{TUNED}{detail_id}/"),
        Endpoint("html_list", "GET", "/products/"),
        Endpoint("html_list_es", "GET", "/products/", language="es"),
        Endpoint("api_create", "POST", "/api/products/", "create.lua", True),
    ]


# The visitors' API list served from the server-side cache of reads, and revalidated
# by a client that holds it (a 304), on more servers per app with the cache on: in
# Redis, shared by the workers, and in each worker's memory (rows named *_local).
CACHED_ENDPOINTS = {
    backend: [
        Endpoint(f"cached_list{suffix}", "GET", f"{REFERENCE}?page_size=20"),
        Endpoint(
            f"cached_304{suffix}", "GET", f"{REFERENCE}?page_size=20", revalidated=True
        ),
    ]
    for backend, suffix in (("redis", ""), ("local memory", "_local"))
}
# How long the cached servers keep a read, and the Redis database emptied first.
CACHE_TTL = "60"
BENCH_REDIS_URL = "redis://127.0.0.1:6379/7"

# The WSGI entry point each server runs: the apps with the benchmark's views mounted
# (every other URL is the app's own), the unchanged apps for the start-up timing.
FLOOR_WSGI = {
    "flask": (["bench.flask_bench:app"], "config.settings"),
    "django": (["--chdir", "django_app", "config.wsgi"], "bench.django_bench.settings"),
}
APP_WSGI = {
    "flask": ["flask_app.wsgi:app"],
    "django": ["--chdir", "django_app", "config.wsgi"],
}


def dev_server_command(app: str, port: int) -> list[str]:
    """Each framework's development server, without its reloader."""
    if app == "flask":
        return [
            str(BIN / "flask"),
            "--app",
            "flask_app",
            "run",
            "--no-reload",
            "--port",
            str(port),
        ]
    return [
        sys.executable,
        "django_app/manage.py",
        "runserver",
        "--noreload",
        f"127.0.0.1:{port}",
    ]


def parse_args() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description="Benchmark both apps under gunicorn with wrk.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--db",
        choices=["sqlite", "postgres"],
        default=env("BENCH_DB", "sqlite"),
        help="database engine (BENCH_DB)",
    )
    parser.add_argument(
        "--postgres-url",
        default=env("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="the PostgreSQL server for --db postgres (POSTGRES_URL)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(env("BENCH_ROUNDS", "5")),
        help="rounds: every endpoint of both apps once a round (BENCH_ROUNDS)",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=float(env("BENCH_DURATION", "5")),
        help="seconds of measured load per endpoint and round (BENCH_DURATION)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=float(env("BENCH_WARMUP", "1")),
        help="seconds of unmeasured load before each (BENCH_WARMUP)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(env("BENCH_THREADS", "2")),
        help="wrk threads (BENCH_THREADS)",
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=int(env("BENCH_CONNECTIONS", "16")),
        help="wrk connections, the concurrency (BENCH_CONNECTIONS)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(env("BENCH_WORKERS", "2")),
        help="gunicorn workers per server (BENCH_WORKERS)",
    )
    parser.add_argument(
        "--worker-class",
        default=env("BENCH_WORKER_CLASS", "sync"),
        help="gunicorn worker class (BENCH_WORKER_CLASS)",
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
        default=Path(env("BENCH_WORKDIR", ROOT / "var" / "bench")),
        help="SQLite databases and server logs (BENCH_WORKDIR)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=Path(env("BENCH_RESULTS", ROOT / "bench" / "results")),
        help="where <database>.json and <database>.png go (BENCH_RESULTS)",
    )
    return parser.parse_args()


def server_env(args: argparse.Namespace, database_url: str, secret_key: str) -> dict:
    """The production environment every server and setup command runs with."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "django_app")]),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "BENCH_WORKERS": str(args.workers),
        "BENCH_WORKER_CLASS": args.worker_class,
    }
    # In-process rate-limit counts: the benchmark signs in once, successfully. No
    # cache of reads either (CACHE_TTL's default without Redis): the reference rows
    # measure the work, the cached rows (cache_env) the cache.
    env.pop("REDIS_URL", None)
    env["CACHE_TTL"] = "0"
    return env


def cache_envs(env: dict[str, str]) -> dict[str, dict[str, str]]:
    """The environment with the cache of reads on, per backend: Redis if it answers.

    Redis is what several workers need to stay fresh (shared_spec/README.md,
    "Caching"); local memory is each worker's own, right for one process.
    """
    import redis

    envs = {"local memory": {**env, "CACHE_TTL": CACHE_TTL}}
    try:
        redis.Redis.from_url(BENCH_REDIS_URL).flushdb()
    except redis.RedisError:
        print(f"Redis does not answer at {BENCH_REDIS_URL}: no Redis rows", flush=True)
    else:
        envs["redis"] = {**envs["local memory"], "REDIS_URL": BENCH_REDIS_URL}
    return envs


def fetch(url: str, data: dict | None = None) -> bytes:
    """GET url, or POST data to it as JSON; return the body of a 2xx answer."""
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(  # noqa: S310 - our own local servers
        url, data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.read()


def answer(url: str) -> tuple[int, str | None, bytes, str | None]:
    """GET url; return the status, Content-Type, body and ETag, whatever the status."""
    request = urllib.request.Request(url)  # noqa: S310 - our own local servers
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    return status, headers.get("Content-Type"), body, headers.get("ETag")


def check_spanish(url: str) -> None:
    """Check that url answers its page in Spanish to Accept-Language: es."""
    request = urllib.request.Request(  # noqa: S310 - our own local servers
        url, headers={"Accept-Language": "es"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        language = response.headers.get("Content-Language")
        if language != "es" or b'<html lang="es">' not in response.read():
            raise RuntimeError(f"{url} answered Accept-Language: es in {language}")


def revalidation_tag(url: str) -> str:
    """Return url's ETag, after checking that sending it back is answered 304."""
    status, _, _, etag = answer(url)
    if status != 200 or not etag:
        raise RuntimeError(f"{url} answered {status} without an ETag")
    request = urllib.request.Request(url, headers={"If-None-Match": etag})  # noqa: S310
    try:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return etag
        raise
    raise RuntimeError(f"{url} did not answer 304 to If-None-Match: {etag}")


def check_cached(url: str) -> None:
    """Fail unless a second read (from the cache) answers the first's bytes."""
    first, second = answer(url), answer(url)
    if first[0] != 200 or first != second:
        raise RuntimeError(f"{url}: the cached read differs from the first")


def same_instants(value: Any) -> Any:
    """Return a JSON value with each RFC 3339 UTC offset written Z, as the ceiling's.

    The contract takes Z and +00:00 alike (Flask's marshmallow writes +00:00): the
    floors and the ceiling do the same work whichever they write.
    """
    if isinstance(value, dict):
        return {key: same_instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [same_instants(item) for item in value]
    if isinstance(value, str) and value.endswith("+00:00"):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return value
        return value.removesuffix("+00:00") + "Z"
    return value


def tuned_checks(detail_id: int) -> list[str]:
    """The requests on which the tuned list and detail must answer as the reference.

    Paths under the reference's /api/products/; the tuned one is the same path under
    /bench/tuned/products/, with the same query string.
    """
    return [
        "",
        "?page_size=20",
        "?q=product+01&ordering=-price&page=2&page_size=5",
        "?min_price=100&max_price=200.50&ordering=name",
        "?page=9999",
        f"{detail_id}/",
    ]


def check_tuned(app: str, base_url: str, detail_id: int) -> None:
    """Fail unless the tuned reads answer each check's bytes (and ETag) as the
    reference does: otherwise the two rates measure different answers."""
    for check in tuned_checks(detail_id):
        reference = answer(f"{base_url}{REFERENCE}{check}")
        tuned = answer(f"{base_url}{TUNED}{check}")
        if tuned != reference:
            raise RuntimeError(
                f"{app}: GET {TUNED}{check} answers differently from GET "
                f"{REFERENCE}{check} (status, Content-Type, body, ETag):\n"
                f"  reference: {reference[:2]} {reference[2][:300]!r} {reference[3]}\n"
                f"  tuned:     {tuned[:2]} {tuned[2][:300]!r} {tuned[3]}"
            )


def measure_startup(
    app: str, env: dict[str, str], logs: Path, runs: int
) -> dict[str, list[float]]:
    """Time each server from start to its first 200 from /api/health/; the import.

    Each runs times, taking turns: one list of seconds per measure.
    """
    log = logs / f"{app}-startup.log"
    log.unlink(missing_ok=True)

    def dev_server() -> float:
        port = free_port()
        return time_to_first_200(
            dev_server_command(app, port),
            {**env, "DEBUG": "1"},
            f"http://127.0.0.1:{port}{HEALTH}",
            log,
        )

    def gunicorn_server() -> float:
        port = free_port()
        return time_to_first_200(
            gunicorn_command(f"127.0.0.1:{port}", APP_WSGI[app]),
            env,
            f"http://127.0.0.1:{port}{HEALTH}",
            log,
        )

    def import_app() -> float:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.import_time", app],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return float(result.stdout)

    measures = {
        "dev_server_s": dev_server,
        "gunicorn_s": gunicorn_server,
        "import_s": import_app,
    }
    timings: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            timings[name].append(round(measure(), 3))
    return timings


def drive(
    wrk: str,
    server: Server,
    app: str,
    endpoint: Endpoint,
    load: Load,
    token: str | None = None,
) -> dict[str, Any]:
    """Warm up, then measure one endpoint; return its row of the report."""
    url = server.base_url + endpoint.path
    headers = {}
    if endpoint.authenticated:
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        }
    if endpoint.revalidated:
        headers["If-None-Match"] = revalidation_tag(url)
    if endpoint.language:
        headers["Accept-Language"] = endpoint.language
    runs = {}
    for phase, seconds in (("warm-up", load.warmup), ("measured", load.duration)):
        if seconds <= 0:
            continue
        # A sku prefix per run: the warm-up's products never collide with the run's.
        prefix = f"B{secrets.token_hex(4).upper()}"
        runs[phase] = run_wrk(
            wrk,
            url,
            load,
            seconds,
            script=endpoint.script,
            headers=headers,
            script_args=[prefix],
        )
    row = {
        "app": app,
        "endpoint": endpoint.name,
        "method": endpoint.method,
        "path": endpoint.path,
        **runs["measured"],
    }
    print(report.format_row(row), flush=True)
    return row


def versions(wrk: str, database_url: str, engine: str) -> dict[str, str]:
    packages = {
        "flask": "flask",
        "flask_sqlalchemy": "flask-sqlalchemy",
        "sqlalchemy": "sqlalchemy",
        "marshmallow": "marshmallow",
        "django": "django",
        "drf": "djangorestframework",
        "gunicorn": "gunicorn",
        "psycopg": "psycopg",
    }
    found = {"python": platform.python_version()}
    found |= {key: version(package) for key, package in packages.items()}
    found["wrk"] = wrk_version(wrk)
    if engine == "postgres":
        found["postgresql"] = postgres_version(database_url)
    else:
        found["sqlite"] = sqlite3.sqlite_version
    return found


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    models = [
        line.split(":", 1)[1].strip()
        for line in cpuinfo.splitlines()
        if line.startswith("model name")
    ]
    meminfo = Path("/proc/meminfo").read_text().split()
    ram_kb = int(meminfo[meminfo.index("MemTotal:") + 1])
    try:
        os_name = platform.freedesktop_os_release()["PRETTY_NAME"]
    except OSError:
        os_name = platform.system()
    return {
        "cpu": models[0] if models else platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "ram_gb": round(ram_kb / 1024**2, 1),
        "os": f"{os_name}, kernel {platform.release()}",
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


@dataclass(frozen=True)
class Target:
    """One endpoint on one app's server: a figure measured once a round."""

    app: str
    endpoint: Endpoint
    server: Server
    token: str | None = None

    def drive(self, wrk: str, load: Load) -> dict[str, Any]:
        return drive(wrk, self.server, self.app, self.endpoint, load, self.token)


def in_round(groups: list[list[Target]], number: int) -> list[Target]:
    """Return the targets in round number's order.

    The endpoints start one further each round, and the apps take turns: within an
    endpoint, whoever went first last time goes last.
    """
    shift = number % len(groups)
    ordered = groups[shift:] + groups[:shift]
    return [
        target
        for index, group in enumerate(ordered)
        for target in (group[::-1] if (number + index) % 2 else group)
    ]


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Return one endpoint's row: the median of its rounds, its interval, each round."""
    first = runs[0]
    rates = stats.summary([run["requests_per_s"] for run in runs], digits=1)
    error_kinds: dict[str, int] = {}
    for run in runs:
        for kind, count in run.get("error_kinds", {}).items():
            error_kinds[kind] = error_kinds.get(kind, 0) + count
    return {
        "app": first["app"],
        "endpoint": first["endpoint"],
        "method": first["method"],
        "path": first["path"],
        "requests_per_s": rates["median"],
        "interval": rates["interval"],
        "rounds": rates["rounds"],
        "requests": sum(run["requests"] for run in runs),
        "seconds": round(sum(run["seconds"] for run in runs), 3),
        **{
            name: round(statistics.median(run[name] for run in runs), 2)
            for name in ("p50_ms", "p90_ms", "p99_ms", "mean_ms")
        },
        "max_ms": max(run["max_ms"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "error_kinds": error_kinds,
    }


def rounds_of(
    wrk: str, groups: list[list[Target]], load: Load, rounds: int, runs: dict
) -> None:
    """Drive every target once a round, in each round's order; collect into runs."""
    for number in range(rounds):
        print(f"round {number + 1} of {rounds}", flush=True)
        for target in in_round(groups, number):
            row = target.drive(wrk, load)
            runs.setdefault((target.app, target.endpoint.name), []).append(row)


def main() -> None:
    args = parse_args()
    started = time.monotonic()
    wrk = ensure_wrk()
    load = Load(args.threads, args.connections, args.duration, args.warmup)
    logs = args.workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    secret_key = secrets.token_urlsafe(50)
    password = secrets.token_urlsafe(16)
    at_start = machine()
    detail_id = max(1, args.products // 2)
    to_drive = endpoints(detail_id)
    rounds = max(1, args.rounds)

    with ExitStack() as stack:
        if args.db == "postgres":
            urls = stack.enter_context(postgres_databases(args.postgres_url))
        else:
            urls = stack.enter_context(sqlite_databases(args.workdir))
        envs = {app: server_env(args, urls[app], secret_key) for app in APPS}
        for app in APPS:
            print(f"{app}: migrating and seeding {args.products} products", flush=True)
            prepare(
                app,
                {**envs[app], "BENCH_USERNAME": USERNAME, "BENCH_PASSWORD": password},
                args.products,
            )
        check_identical(urls)

        # Start-up, the apps taking turns, as many times as there are rounds (3 at
        # least): the median and interval of each measure.
        timings: dict[str, dict[str, list[float]]] = {app: {} for app in APPS}
        for number in range(max(REPEATS, rounds)):
            print(f"start-up and import, run {number + 1}", flush=True)
            for app in APPS if number % 2 == 0 else APPS[::-1]:
                for name, values in measure_startup(app, envs[app], logs, 1).items():
                    timings[app].setdefault(name, []).extend(values)
        startup = {
            app: {name: stats.summary(values, 3) for name, values in found.items()}
            for app, found in timings.items()
        }

        # Every server at once, so that the rounds can take the apps in turns: the
        # ceiling, each app, and each app again with the cache of reads on.
        servers: dict[str, Server] = {}
        # The ceiling reads the Flask database; both hold the same products.
        ceiling_env = {**envs["flask"], "BENCH_CEILING_TABLE": "flask"}
        servers["ceiling"] = stack.enter_context(
            gunicorn(
                ["bench.ceiling:create_application()"],
                ceiling_env,
                logs / "ceiling-gunicorn.log",
                FLOOR,
            )
        )
        ceiling_body = json.loads(fetch(servers["ceiling"].base_url + FLOOR))
        tokens: dict[str, str] = {}
        cached_servers: dict[tuple[str, str], Server] = {}
        for app in APPS:
            wsgi, settings = FLOOR_WSGI[app]
            env = {**envs[app], "DJANGO_SETTINGS_MODULE": settings}
            server = stack.enter_context(
                gunicorn(wsgi, env, logs / f"{app}-gunicorn.log", HEALTH)
            )
            servers[app] = server
            # The same JSON as the ceiling's, or the two measure different work.
            floor_body = same_instants(json.loads(fetch(server.base_url + FLOOR)))
            if floor_body != ceiling_body:
                raise RuntimeError(f"{app}'s floor and the ceiling differ")
            # The same bytes as the reference's, or the two measure different work.
            check_tuned(app, server.base_url, detail_id)
            check_spanish(server.base_url + "/products/")
            credentials = {"username": USERNAME, "password": password}
            answer = fetch(server.base_url + "/api/auth/token/", credentials)
            tokens[app] = json.loads(answer)["token"]
            # The same app again, with the cache of reads on, in each backend.
            for backend, cached in cache_envs(env).items():
                log = logs / f"{app}-cached-{backend.replace(' ', '-')}-gunicorn.log"
                cached_server = stack.enter_context(gunicorn(wsgi, cached, log, HEALTH))
                check_cached(cached_server.base_url + REFERENCE + "?page_size=20")
                cached_servers[(app, backend)] = cached_server
        memory = {
            name: {"idle_rss_mb": server.worker_rss_mb(), "warm_rss_mb": []}
            for name, server in servers.items()
        }

        # The reads: one group an endpoint, each app's turn in it; the floor's group
        # holds the ceiling too. Creating comes after every round of reads, as it
        # adds products the lists would otherwise count.
        reads: list[list[Target]] = []
        creates: list[list[Target]] = []
        for endpoint in to_drive:
            group = [Target(app, endpoint, servers[app], tokens[app]) for app in APPS]
            if endpoint.path == FLOOR:
                group.insert(0, Target("ceiling", endpoint, servers["ceiling"]))
            (creates if endpoint.method == "POST" else reads).append(group)
        for backend in ("redis", "local memory"):
            for endpoint in CACHED_ENDPOINTS[backend]:
                group = [
                    Target(app, endpoint, cached_servers[(app, backend)])
                    for app in APPS
                    if (app, backend) in cached_servers
                ]
                if group:
                    reads.append(group)

        print(report.header(), flush=True)
        runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        rounds_of(wrk, reads, load, rounds, runs)
        for name, server in servers.items():
            memory[name]["warm_rss_mb"] = server.worker_rss_mb()
        rounds_of(wrk, creates, load, rounds, runs)
        rows = [summarise(found) for found in runs.values()]

        results = {
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": args.db,
            "products": args.products,
            "load": {
                "tool": "wrk",
                "threads": args.threads,
                "connections": args.connections,
                "duration_s": args.duration,
                "warmup_s": args.warmup,
                "rounds": rounds,
                "interval": stats.INTERVAL,
            },
            "gunicorn": {"workers": args.workers, "worker_class": args.worker_class},
            "cache": {"ttl_s": int(CACHE_TTL), "redis": BENCH_REDIS_URL},
            "versions": versions(wrk, urls["flask"], args.db),
            "machine": at_start,
            "results": rows,
            "memory": memory,
            # Medians, as the report and the claims read them, then the intervals.
            "startup": {
                app: {name: found["median"] for name, found in measures.items()}
                for app, measures in startup.items()
            },
            "startup_interval": {
                app: {name: found["interval"] for name, found in measures.items()}
                for app, measures in startup.items()
            },
            "startup_rounds": {
                app: {name: found["rounds"] for name, found in measures.items()}
                for app, measures in startup.items()
            },
        }
    results["wall_time_s"] = round(time.monotonic() - started, 1)
    report.publish(results, args.results)
    # A rate measured while answering errors measures the errors: fail the run.
    if failing := [
        f"{row['app']} {row['endpoint']}" for row in results["results"] if row["errors"]
    ]:
        sys.exit(f"errors during the load on: {', '.join(failing)}")


if __name__ == "__main__":
    main()
