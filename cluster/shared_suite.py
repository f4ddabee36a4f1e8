"""The live shared suite through the balancer: both apps as clusters, then pytest.

    python -m cluster.shared_suite [pytest arguments]

Part of make test-scale. Each app runs as 2 instances of 2 gunicorn workers behind
nginx, on a scratch PostgreSQL database of its own (on DATABASE_URL's server) and a
Redis database of the suite's; the shared suite then runs against both balancers
with --base-url, one pytest per app side by side (one test at a time in each), so
consecutive requests of a test land on different instances.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from cluster import ROOT
from cluster import Cluster
from tests.support.databases import scratch_postgres_database

# A Redis database per app: each run empties its own between tests.
REDIS_URLS = {"flask": "redis://127.0.0.1:6379/5", "django": "redis://127.0.0.1:6379/6"}
SUITE = (
    "not browser and not a11y and not observatory and not concurrency and not fuzz"
    " and not faults and not scale and not clients"
)


def main() -> int:
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgresql"):
        sys.exit("make test-scale needs DATABASE_URL naming a PostgreSQL server")
    secret_key = secrets.token_urlsafe(50)
    runs = {}
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for app in ("flask", "django"):
            database_url = stack.enter_context(
                scratch_postgres_database(server, f"{app}_scale_suite")
            ).replace("postgresql+psycopg://", "postgresql://")
            cluster = Cluster(
                app,
                database_url=database_url,
                redis_url=REDIS_URLS[app],
                secret_key=secret_key,
                workdir=workdir / app,
            )
            print(cluster.budget(), flush=True)
            stack.enter_context(cluster)
            # The hooks (tests/support/live_hooks.py) run the app's code beside its
            # servers, on its database, and empty its Redis between tests.
            env = {
                **os.environ,
                "REDIS_URL": REDIS_URLS[app],
                "SECRET_KEY": secret_key,
                f"{app.upper()}_DATABASE_URL": database_url,
            }
            log = (workdir / f"{app}-pytest.log").open("w")
            stack.callback(log.close)
            # One pytest per app, side by side (one test at a time within each);
            # the divergences hold here too, but the report is the plain live
            # suite's to write.
            command = [
                sys.executable,
                "-m",
                "pytest",
                "--no-conformance-report",
                "-m",
                SUITE,
                "--base-url",
                f"{app}={cluster.url}",
                "-k",
                app,
                *sys.argv[1:],
                "tests",
            ]
            runs[app] = (
                subprocess.Popen(  # noqa: S603 - pytest with our arguments
                    command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
                ),
                workdir / f"{app}-pytest.log",
            )
        statuses = {}
        for app, (process, log_path) in runs.items():
            statuses[app] = process.wait()
            print(f"\n== the shared suite through the balancer: {app}", flush=True)
            print(log_path.read_text(), flush=True)
    print(
        "through the balancer: "
        + ", ".join(
            f"{app} {'passed' if status == 0 else 'FAILED'}"
            for app, status in statuses.items()
        )
    )
    return max(statuses.values())


if __name__ == "__main__":
    sys.exit(main())
