"""make serve-cluster: each app as several instances behind nginx (docs/scaling.md).

    python -m cluster [--instances 2] [--workers 2] [--flask-port 5000] ...

Each app gets a database of its own on the PostgreSQL server POSTGRES_URL names
(cluster_flask, cluster_django, made if missing) unless FLASK_DATABASE_URL or
DJANGO_DATABASE_URL name one, and both share the Redis REDIS_URL names. Ctrl-C or
SIGTERM stops everything.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

from cluster import ROOT
from cluster import Cluster


def database_on(server_url: str, name: str) -> str:
    """Return the URL of database name on server_url's server, creating it if new."""
    import psycopg
    from psycopg import sql

    # The maintenance database, whichever database server_url names.
    admin_url = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as db:
            exists = db.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        shown = urlsplit(server_url)
        if shown.password:
            shown = shown._replace(netloc=shown.netloc.replace(shown.password, "***"))
        first_line = str(error).strip().splitlines()[0]
        sys.exit(f"PostgreSQL at {urlunsplit(shown)} cannot be reached: {first_line}")
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    environ = os.environ.get
    parser.add_argument("--instances", type=int, default=int(environ("INSTANCES", 2)))
    parser.add_argument("--workers", type=int, default=int(environ("WORKERS", 2)))
    parser.add_argument(
        "--flask-port", type=int, default=int(environ("FLASK_PORT", 5000))
    )
    parser.add_argument(
        "--django-port", type=int, default=int(environ("DJANGO_PORT", 8000))
    )
    parser.add_argument(
        "--postgres-url",
        default=environ(
            "POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument(
        "--redis-url", default=environ("REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        sys.exit(
            "SECRET_KEY is not set: every instance must sign with the same key. "
            "Try: SECRET_KEY=$(python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))') make serve-cluster"
        )
    # SIGTERM ends the run as Ctrl-C does, so the clusters stop cleanly.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    ports = {"flask": args.flask_port, "django": args.django_port}
    with ExitStack() as stack:
        for app in ("flask", "django"):
            database_url = os.environ.get(f"{app.upper()}_DATABASE_URL") or database_on(
                args.postgres_url, f"cluster_{app}"
            )
            cluster = Cluster(
                app,
                database_url=database_url,
                redis_url=args.redis_url,
                secret_key=secret_key,
                workdir=Path(ROOT / "var" / "cluster" / app),
                instances=args.instances,
                workers=args.workers,
                port=ports[app],
            )
            print(cluster.budget(), flush=True)
            stack.enter_context(cluster)
            addresses = ", ".join(member.address for member in cluster.members)
            print(f"{app}: {cluster.url}/ -> {addresses}", flush=True)
        print("Ctrl-C stops both clusters.", flush=True)
        try:
            signal.pause()
        except KeyboardInterrupt:
            print("stopping", flush=True)


if __name__ == "__main__":
    main()
