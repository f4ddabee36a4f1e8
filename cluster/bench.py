"""make bench-cluster: one instance direct, then 1, 2 and 4 behind nginx.

    python -m cluster.bench [--duration 8] [--connections 16]

Each app on a PostgreSQL database seeded as make bench seeds it (1,000 products) and
Redis, every instance with 2 sync workers; wrk drives the visitors' API list (from
the cache of reads in Redis) and the health check (a round trip to PostgreSQL) for
each topology. On one machine more instances add no CPU: the table shows what the
balancer's hop costs, and docs/scaling.md what changes on several machines. The
results go to bench/results/cluster.json.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import tempfile
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.databases import postgres_databases
from bench.databases import prepare
from bench.load import Load
from bench.load import ensure_wrk
from bench.load import run_wrk
from cluster import ROOT
from cluster import Cluster
from cluster import Instance
from cluster import free_port

RESULTS = ROOT / "bench" / "results" / "cluster.json"
REDIS_URL = "redis://127.0.0.1:6379/4"
ENDPOINTS = {"cached_list": "/api/products/?page_size=20", "health": "/api/health/"}
TOPOLOGIES = [("direct", 1), ("nginx", 1), ("nginx", 2), ("nginx", 4)]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=8)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/catalog"
        ),
    )
    return parser.parse_args()


def direct(cluster: Cluster) -> Instance:
    """One instance on its own, no balancer: what the others are compared with."""
    instance = Instance(free_port())
    cluster.start(instance)
    return instance


def main() -> None:
    args = parse_args()
    wrk = ensure_wrk()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    load = Load(2, args.connections, args.duration, args.warmup)
    secret_key = secrets.token_urlsafe(50)
    rows: list[dict[str, Any]] = []
    print(f"{'app':<8}{'topology':<12}{'endpoint':<13}{'requests/s':>11}{'p99 ms':>9}")
    with (
        tempfile.TemporaryDirectory() as workdir,
        postgres_databases(args.postgres_url) as urls,
    ):
        for app, database_url in urls.items():
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "SECRET_KEY": secret_key,
                "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'django_app'}",
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "BENCH_USERNAME": "bench",
                "BENCH_PASSWORD": secrets.token_urlsafe(16),
            }
            prepare(app, env, 1000)
            for topology, instances in TOPOLOGIES:
                cluster = Cluster(
                    app,
                    database_url=database_url,
                    redis_url=REDIS_URL,
                    secret_key=secret_key,
                    workdir=Path(workdir) / f"{app}-{topology}-{instances}",
                    instances=instances,
                    workers=args.workers,
                )
                if topology == "direct":
                    cluster.workdir.mkdir(parents=True)
                    instance = direct(cluster)
                    base_url = f"http://{instance.address}"
                    cluster.members = [instance]
                    stop = cluster.stop_all
                else:
                    cluster.__enter__()
                    base_url = cluster.url
                    stop = cluster.stack.close
                try:
                    for name, path in ENDPOINTS.items():
                        for seconds in (load.warmup, load.duration):
                            measured = run_wrk(wrk, base_url + path, load, seconds)
                        row = {
                            "app": app,
                            "topology": topology,
                            "instances": instances,
                            "endpoint": name,
                            **measured,
                        }
                        rows.append(row)
                        print(
                            f"{app:<8}{f'{topology} x{instances}':<12}{name:<13}"
                            f"{row['requests_per_s']:>11.0f}{row['p99_ms']:>9.1f}",
                            flush=True,
                        )
                finally:
                    stop()
    results = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "workers_per_instance": args.workers,
        "load": {
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
        },
        "cores": os.cpu_count(),
        "results": rows,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {RESULTS}")


if __name__ == "__main__":
    main()
