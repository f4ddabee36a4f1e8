"""Framework-only checks of production mode: Django's `check --deploy`, for Flask.

Flask has no deployment checklist of its own, so this module is one: each test
builds the app with create_app() from the environment a production server has
(DEBUG unset, a long random SECRET_KEY, ALLOWED_HOSTS=example.com).
"""

import os
import runpy
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.debug import DebuggedApplication
from werkzeug.test import TestResponse

from flask_app import create_app
from flask_app.extensions import db

# gunicorn's exit status for an app that cannot load (flask_app.wsgi exits with it).
APP_LOAD_ERROR = 4

HOST = "example.com"
SITE = f"http://{HOST}"
# What the reverse proxy adds to a request that reached it over TLS.
OVER_TLS = {"X-Forwarded-Proto": "https"}
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture
def production_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set the environment of a production server, with an in-memory database."""
    monkeypatch.delenv("DEBUG", raising=False)
    monkeypatch.delenv("HARDENING", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("ALLOWED_HOSTS", HOST)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")


@pytest.fixture
def app(production_environ: None) -> Iterator[Flask]:
    """Yield the app create_app() builds from the production environment."""
    app = create_app()
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client of the production app."""
    return app.test_client()


def cookie_flags(response: TestResponse) -> set[str]:
    """Return the lower-cased attributes of the one cookie the response sets."""
    (set_cookie,) = response.headers.getlist("Set-Cookie")
    return {part.strip().lower() for part in set_cookie.split(";")[1:]}


def start_the_server(capsys: pytest.CaptureFixture[str]) -> str:
    """Load flask_app.wsgi as gunicorn does; return the one line it stopped with."""
    with pytest.raises(SystemExit) as stopped:
        runpy.run_module("flask_app.wsgi")
    assert stopped.value.code == APP_LOAD_ERROR
    (line,) = capsys.readouterr().err.strip().splitlines()
    return line


def test_the_server_refuses_to_start_without_a_secret_key(
    production_environ: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("SECRET_KEY")
    assert start_the_server(capsys).startswith("Error: SECRET_KEY is not set")


@pytest.mark.parametrize("value", ["0", "false", "No", "off"])
def test_core_mode_refuses_to_start_without_debug(
    production_environ: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    value: str,
) -> None:
    monkeypatch.setenv("HARDENING", value)
    assert "HARDENING=0" in start_the_server(capsys)


def test_the_cli_lists_the_apps_commands_without_a_secret_key() -> None:
    """flask --help needs no key: its commands sign nothing (the server refuses)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(  # noqa: S603 - the flask command of this virtualenv
        [str(Path(sys.executable).parent / "flask"), "--app", "flask_app", "--help"],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    for command in ("create-user", "seed-demo", "catalog-status", "db"):
        assert f"  {command} " in result.stdout


def test_core_mode_with_debug_serves_the_core_alone(
    production_environ: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HARDENING", "0")
    monkeypatch.setenv("DEBUG", "1")
    app = create_app()
    with app.app_context():
        db.create_all()
    client = app.test_client()
    for path in ("/products/", "/api/products/"):
        response = client.get(path, base_url=SITE)
        assert response.status_code == 200
        assert "Content-Security-Policy" not in response.headers
    with app.app_context():
        db.engine.dispose()


def test_debug_is_off_and_no_debugger_wraps_the_app(app: Flask) -> None:
    assert app.debug is False
    assert app.testing is False
    layer: object = app.wsgi_app
    while layer is not None:
        assert not isinstance(layer, DebuggedApplication)
        layer = getattr(layer, "app", None)


def test_an_error_shows_the_500_page_without_a_traceback(app: Flask) -> None:
    def fail() -> str:
        raise RuntimeError("secret detail")

    app.add_url_rule("/fail/", view_func=fail)
    response = app.test_client().get("/fail/", base_url=SITE)
    assert response.status_code == 500
    assert b'data-status="500"' in response.data
    assert b"Traceback" not in response.data
    assert b"secret detail" not in response.data


def test_the_session_cookie_is_secure_httponly_and_samesite_lax(
    app: Flask, client: FlaskClient
) -> None:
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    # The login page puts the CSRF token in the session, so the cookie is set.
    response = client.get("/accounts/login/", base_url=SITE)
    assert {"secure", "httponly", "samesite=lax"} <= cookie_flags(response)


def test_csrf_protection_is_on(app: Flask, client: FlaskClient) -> None:
    assert app.config["WTF_CSRF_ENABLED"] is True
    assert "csrf" in app.extensions
    response = client.post(
        "/accounts/login/",
        base_url=SITE,
        data={"username": "alice", "password": "anything"},
    )
    assert response.status_code == 403


def test_only_the_allowed_hosts_are_answered(app: Flask, client: FlaskClient) -> None:
    assert app.config["TRUSTED_HOSTS"] == [HOST]
    assert client.get("/accounts/login/", base_url=SITE).status_code == 200
    refused = client.get("/accounts/login/", base_url="http://evil.example")
    assert refused.status_code == 400


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/api/health/", "/api/nothing/", "/static/catalog.css"]
)
def test_the_security_headers_are_on_every_response(
    client: FlaskClient, path: str
) -> None:
    response = client.get(path, base_url=SITE)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name
    assert "Strict-Transport-Security" not in response.headers


def test_the_security_headers_are_on_a_refused_host_too(client: FlaskClient) -> None:
    response = client.get("/accounts/login/", base_url="http://evil.example")
    assert response.status_code == 400
    assert response.headers.get("X-Frame-Options") == "DENY"


def test_hsts_is_sent_on_a_request_the_proxy_received_over_tls(
    client: FlaskClient,
) -> None:
    response = client.get("/accounts/login/", base_url=SITE, headers=OVER_TLS)
    assert response.headers.get("Strict-Transport-Security") == HSTS


def test_x_forwarded_for_cannot_escape_the_sign_in_limit(client: FlaskClient) -> None:
    def attempt(forwarded_for: str) -> TestResponse:
        return client.post(
            "/api/auth/token/",
            base_url=SITE,
            json={"username": "alice", "password": "wrong-password"},
            headers={"X-Forwarded-For": forwarded_for},
        )

    for number in range(5):
        assert attempt(f"203.0.113.{number}").status_code == 401
    assert attempt("203.0.113.99").status_code == 429


def test_request_bodies_are_limited(app: Flask) -> None:
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024


def test_development_mode_drops_secure_and_hsts(
    production_environ: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEBUG", "1")
    client = create_app().test_client()
    response = client.get("/accounts/login/", base_url=SITE, headers=OVER_TLS)
    assert "secure" not in cookie_flags(response)
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers.get("X-Frame-Options") == "DENY"
