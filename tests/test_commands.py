"""Each app's commands and entry point as an operator runs them, from any folder.

Run as processes, as a shell would (the apps' own migrate, catalog-status and WSGI
module); each test runs once per app.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import COMMANDS
from tests.support.servers import ROOT

STATUS = {
    "flask": [str(Path(sys.executable).parent / "flask"), "--app", "flask_app"],
    "django": [sys.executable, str(ROOT / "django_app/manage.py")],
}
STATUS_COMMAND = {"flask": "catalog-status", "django": "catalog_status"}
# Loading the WSGI module as gunicorn does: from django_app/ for Django.
WSGI = {
    "flask": (ROOT, "import flask_app.wsgi"),
    "django": (ROOT / "django_app", "import config.wsgi"),
}


@pytest.fixture(params=["flask", "django"])
def app_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def relative_database(app_name: str) -> Iterator[str]:
    """A relative SQLite DATABASE_URL under var/, removed afterwards."""
    name = f"var/test-{app_name}-{uuid.uuid4().hex[:8]}.sqlite3"
    yield f"sqlite:///{name}"
    for suffix in ("", "-wal", "-shm"):
        (ROOT / f"{name}{suffix}").unlink(missing_ok=True)


def run(
    command: list[str], database_url: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    # The hardened apps, as served: whatever mode the suite itself runs in.
    environ = {k: v for k, v in os.environ.items() if k != "HARDENING"}
    env = {
        **environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "commands-test-not-secret-" + "x" * 30,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'django_app'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    return subprocess.run(  # noqa: S603 - the apps' own commands
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_relative_sqlite_path_is_from_the_repository_root(
    app_name: str, relative_database: str, tmp_path: Path
) -> None:
    """The same DATABASE_URL names the same file whatever folder a command runs in."""
    migrate = [
        arg if not arg.endswith("manage.py") else str(ROOT / arg)
        for arg in COMMANDS[app_name]["migrate"]
    ]
    result = run(migrate, relative_database, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (ROOT / relative_database.removeprefix("sqlite:///")).is_file()
    assert not (tmp_path / "var").exists()
    # An empty catalogue says how to make its first account, in one line.
    status = run([*STATUS[app_name], STATUS_COMMAND[app_name]], relative_database, ROOT)
    assert status.returncode == 0, status.stderr
    (line,) = status.stdout.strip().splitlines()
    assert "products 0, no account yet" in line
    assert f"make superuser-{app_name}" in line


def test_the_entry_point_says_when_the_database_is_missing(
    app_name: str, relative_database: str
) -> None:
    cwd, statement = WSGI[app_name]
    result = run([sys.executable, "-c", statement], relative_database, cwd)
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Warning: the database file ")
    assert "does not exist" in line
    assert not (ROOT / relative_database.removeprefix("sqlite:///")).exists()


def test_a_postgresql_url_without_a_database_is_one_line(app_name: str) -> None:
    result = run(
        [*STATUS[app_name], STATUS_COMMAND[app_name]],
        "postgresql://127.0.0.1:5432",
        ROOT,
    )
    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert "DATABASE_URL names no database" in line
