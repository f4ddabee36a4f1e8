"""The live shared suite through the balancer: both apps as clusters, then pytest.

    python -m cluster.shared_suite [pytest arguments]

Part of make test-scale. Each app runs as 2 instances of 2 gunicorn workers behind
nginx, on a scratch PostgreSQL database of its own (on DATABASE_URL's server) and a
Redis database of the suite's; the shared suite then runs against both balancers
with --base-url, one test at a time, so consecutive requests of a test land on
different instances.
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

REDIS_URL = "redis://127.0.0.1:6379/5"
SUITE = (
    "not browser and not a11y and not observatory and not concurrency and not fuzz"
    " and not faults and not scale"
)


def main() -> int:
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgresql"):
        sys.exit("make test-scale needs DATABASE_URL naming a PostgreSQL server")
    secret_key = secrets.token_urlsafe(50)
    # The hooks (tests/support/live_hooks.py) run the apps' code beside the servers.
    env = {**os.environ, "REDIS_URL": REDIS_URL, "SECRET_KEY": secret_key}
    arguments = []
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for app in ("flask", "django"):
            database_url = stack.enter_context(
                scratch_postgres_database(server, f"{app}_scale_suite")
            ).replace("postgresql+psycopg://", "postgresql://")
            cluster = Cluster(
                app,
                database_url=database_url,
                redis_url=REDIS_URL,
                secret_key=secret_key,
                workdir=workdir / app,
            )
            print(cluster.budget(), flush=True)
            stack.enter_context(cluster)
            env[f"{app.upper()}_DATABASE_URL"] = database_url
            arguments += ["--base-url", f"{app}={cluster.url}"]
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-m",
            SUITE,
            *arguments,
            *sys.argv[1:],
            "tests",
        ]
        return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
