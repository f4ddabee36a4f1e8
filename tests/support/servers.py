"""Run an app under gunicorn on a free port, with its own fresh database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.databases import postgres_url
from tests.support.databases import scratch_postgres_database

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

# How each app is migrated, seeded and served; paths relative to the repository.
COMMANDS = {
    "flask": {
        "migrate": [str(BIN / "flask"), "--app", "flask_app", "db", "upgrade"],
        "seed": [str(BIN / "flask"), "--app", "flask_app", "seed-demo"],
        "wsgi": ["flask_app.wsgi:app"],
    },
    "django": {
        "migrate": [sys.executable, "django_app/manage.py", "migrate", "--no-input"],
        "seed": [sys.executable, "django_app/manage.py", "seed_demo"],
        "wsgi": ["--chdir", "django_app", "config.wsgi"],
    },
}


@dataclass
class LiveServer:
    """A running app: where it listens and how it was configured."""

    name: str
    base_url: str
    env: dict[str, str]
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - fixed commands from COMMANDS
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr}")


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextmanager
def live_server(
    name: str,
    workdir: Path,
    *,
    seed: bool = False,
    workers: int = 2,
    threads: int = 1,
    database_url: str | None = None,
    redis_url: str | None = None,
) -> Iterator[LiveServer]:
    """Migrate a fresh database (SQLite by default), then serve it with gunicorn."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{workdir / f'{name}.sqlite3'}",
        "SECRET_KEY": f"live-test-{name}-not-secret",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'django_app'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    commands = COMMANDS[name]
    _run(commands["migrate"], env)
    if seed:
        # The demo data only loads in development mode, by design.
        _run(commands["seed"], {**env, "DEBUG": "1"})
    log_path = workdir / f"{name}-gunicorn.log"
    log = log_path.open("w")
    process = subprocess.Popen(  # noqa: S603 - fixed command
        [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            # More than one thread: gunicorn's gthread worker, which keeps idle
            # connections (a browser's spare ones) from holding a worker.
            "--threads",
            str(threads),
            *commands["wsgi"],
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base_url}/api/health/", process)
        yield LiveServer(name, base_url, env, log_path)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@contextmanager
def fresh_server(
    name: str,
    workdir: Path,
    suffix: str,
    *,
    workers: int,
    redis_url: str | None = None,
) -> Iterator[LiveServer]:
    """Serve an app on a fresh database: SQLite, or PostgreSQL if DATABASE_URL says.

    On PostgreSQL the database is a scratch one named after the app and suffix,
    dropped afterwards.
    """
    with ExitStack() as stack:
        database_url = None
        if server_url := postgres_url():
            database_url = stack.enter_context(
                scratch_postgres_database(server_url, f"{name}_{suffix}")
            ).replace("postgresql+psycopg://", "postgresql://")
        yield stack.enter_context(
            live_server(
                name,
                workdir,
                workers=workers,
                database_url=database_url,
                redis_url=redis_url,
            )
        )
