"""A fresh database per app: SQLite files or PostgreSQL databases (dropped after)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bench.ceiling import connect
from bench.ceiling import product_rows

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
APPS = ("flask", "django")

# Each app's own migration command (as in tests/support/servers.py).
MIGRATE = {
    "flask": [str(BIN / "flask"), "--app", "flask_app", "db", "upgrade"],
    "django": [sys.executable, "django_app/manage.py", "migrate", "--no-input"],
}


def run(command: list[str], env: dict[str, str]) -> None:
    """Run a setup command from the repository root; fail with its output."""
    result = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
        )


@contextmanager
def sqlite_databases(workdir: Path) -> Iterator[dict[str, str]]:
    """Yield a DATABASE_URL per app: new SQLite files under workdir, kept after."""
    workdir.mkdir(parents=True, exist_ok=True)
    urls = {}
    for app in APPS:
        path = workdir / f"{app}.sqlite3"
        for leftover in (path, *path.parent.glob(f"{path.name}-*")):  # -wal, -shm
            leftover.unlink(missing_ok=True)
        urls[app] = f"sqlite:///{path}"
    yield urls


@contextmanager
def postgres_databases(server_url: str) -> Iterator[dict[str, str]]:
    """Yield a DATABASE_URL per app: bench_<app> on server_url's server, then drop.

    server_url may name any database there; the maintenance database `postgres` is
    used to create and drop the two (as the test suite does).
    """
    import psycopg
    from psycopg import sql

    parts = urlsplit(server_url)
    admin_url = parts._replace(path="/postgres").geturl()
    names = {app: f"bench_{app}" for app in APPS}

    def execute_each(template: str) -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            for name in names.values():
                connection.execute(sql.SQL(template).format(sql.Identifier(name)))

    drop = "DROP DATABASE IF EXISTS {} WITH (FORCE)"
    execute_each(drop)
    execute_each("CREATE DATABASE {}")
    try:
        yield {
            app: parts._replace(path=f"/{name}").geturl() for app, name in names.items()
        }
    finally:
        execute_each(drop)


def postgres_version(database_url: str) -> str:
    with closing(connect(database_url)) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def prepare(app: str, env: dict[str, str], products: int) -> None:
    """Migrate app's database with its own command, then seed it with its ORM."""
    run(MIGRATE[app], env)
    run([sys.executable, "-m", "bench.seed", app, str(products)], env)


def check_identical(urls: dict[str, str]) -> int:
    """Fail unless both apps' databases hold the same products; return how many."""
    contents = {}
    for app, url in urls.items():
        with closing(connect(url)) as connection:
            contents[app] = product_rows(connection, app)
    if contents["flask"] != contents["django"]:
        raise RuntimeError("The two databases were seeded with different products.")
    return len(contents["flask"])
