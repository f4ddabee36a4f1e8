"""Framework-only audit: Django's deployment checklist passes in production mode.

Each check runs `manage.py` in a subprocess, so the settings load fresh from the
environment given, as they would on a server.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

MANAGE_PY = Path(__file__).resolve().parent.parent / "manage.py"
# Warnings silenced in config/settings.py, each with its reason there.
JUSTIFIED_SILENCES = {"security.W008", "security.W021"}


def run_manage(*args: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a manage.py command with the base settings and the given environment."""
    env = {**os.environ, **environment, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("REDIS_URL", None)
    return subprocess.run(  # noqa: S603 - this project's manage.py
        [sys.executable, str(MANAGE_PY), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_reports_nothing_in_production_mode(tmp_path: Path) -> None:
    """`check --deploy` finds no warning with a production environment."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        environment={
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "example.com",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_only_the_justified_warnings_are_silenced() -> None:
    assert set(settings.SILENCED_SYSTEM_CHECKS) == JUSTIFIED_SILENCES


HSTS_PROBE = """
from django.test import Client
response = Client().get(
    "/api/health/", SERVER_NAME="localhost", headers={"X-Forwarded-Proto": "https"}
)
print(response.status_code, response.has_header("Strict-Transport-Security"))
"""


@pytest.mark.parametrize(
    ("environment", "sends_hsts"),
    [
        pytest.param({"DEBUG": "1"}, False, id="development"),
        pytest.param(
            {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50)},
            True,
            id="production",
        ),
    ],
)
def test_hsts_is_sent_on_secure_requests_in_production_only(
    tmp_path: Path, environment: dict[str, str], sends_hsts: bool
) -> None:
    """A request the proxy marks secure gets HSTS with DEBUG off, never with it on."""
    result = run_manage(
        "shell",
        "--no-imports",
        "--command",
        HSTS_PROBE,
        environment={
            **environment,
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", str(sends_hsts)]


def test_the_app_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    """With DEBUG off and no SECRET_KEY, manage.py stops with a message naming it."""
    environment = {
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'refused.sqlite3'}",
    }
    result = run_manage("check", environment=environment | {"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
