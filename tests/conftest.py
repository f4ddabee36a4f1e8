"""The shared suite: every test gets "the app under test", once per framework."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.adapters import AppAdapter
from tests.support.adapters import DjangoAdapter
from tests.support.adapters import FlaskAdapter
from tests.support.adapters import SharedFlaskApp
from tests.support.conformance import core_mode
from tests.support.databases import postgres_url
from tests.support.databases import scratch_postgres_database
from tests.support.live import LiveAdapter
from tests.support.live import LiveApps

pytest_plugins = ["tests.support.conformance"]

# The server-side cache of reads is on (60 s, in the process's memory) unless
# CACHE_TTL says otherwise: the suite passes both ways (django_app's settings_test).
CACHE_TTL = int(os.environ.get("CACHE_TTL") or 60)

FLASK_TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "shared-suite-not-secret",
    "RATELIMIT_STORAGE_URI": "memory://",
    # The fast hasher, as Django's test settings use MD5PasswordHasher.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    "CACHE_TYPE": "SimpleCache" if CACHE_TTL else "NullCache",
    "CACHE_DEFAULT_TIMEOUT": CACHE_TTL,
    # HARDENING=0 (make test-core): the core alone; Django's settings_test reads it.
    "HARDENING": not core_mode(),
}


def xdist_worker() -> str:
    """Return this pytest-xdist worker's id (gw0, gw1...), or "master" without one.

    From the environment, so a run without the plugin (-p no:xdist) works too.
    """
    return os.environ.get("PYTEST_XDIST_WORKER", "master")


@pytest.fixture(scope="session")
def flask_database_uri() -> Iterator[str]:
    """In-memory SQLite, or one PostgreSQL test database per worker."""
    url = postgres_url()
    if url is None:
        yield "sqlite://"
        return
    with scratch_postgres_database(url, f"flask_test_{xdist_worker()}") as uri:
        yield uri


@pytest.fixture(scope="session")
def shared_flask_app(flask_database_uri: str) -> Iterator[SharedFlaskApp]:
    """The Flask app this worker's tests share, emptied after each one."""
    shared = SharedFlaskApp(
        {**FLASK_TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": flask_database_uri}
    )
    yield shared
    shared.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("catalog", "the app under test")
    group.addoption(
        "--live",
        action="store_true",
        help="run the shared suite over HTTP against both apps under gunicorn, each "
        "on a fresh database (PostgreSQL when DATABASE_URL says so) with Redis",
    )
    group.addoption(
        "--base-url",
        action="append",
        default=[],
        metavar="APP=URL",
        help="run the shared suite against a running instance, e.g. "
        "flask=http://127.0.0.1:5000; it EMPTIES that instance's database (the one "
        "FLASK_DATABASE_URL or DJANGO_DATABASE_URL, else DATABASE_URL, names here) "
        "and Redis (REDIS_URL) between tests",
    )


@pytest.fixture(scope="session")
def live_apps(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveApps]:
    """Start (or find) the live apps on first use; stop them after the session."""
    worker_id = xdist_worker()
    if request.config.option.base_url and worker_id != "master":
        pytest.fail("--base-url shares one database: run it without -n (serially)")
    with LiveApps(
        base_urls=dict(item.split("=", 1) for item in request.config.option.base_url),
        workdir=tmp_path_factory.mktemp("live"),
        worker=0 if worker_id == "master" else int(worker_id.removeprefix("gw")),
    ) as apps:
        yield apps


@pytest.fixture(params=["flask", pytest.param("django", marks=pytest.mark.django_db)])
def app(request: pytest.FixtureRequest) -> Iterator[AppAdapter]:
    """Yield an adapter for one app, on an empty database."""
    adapter: FlaskAdapter | DjangoAdapter | LiveAdapter
    # Settings shared by both apps' names (TRUSTED_PROXIES...), for this test only.
    marker = request.node.get_closest_marker("app_settings")
    settings = dict(marker.kwargs) if marker else {}
    if request.config.option.live or request.config.option.base_url:
        if settings:
            pytest.skip(f"in-process only: a live server keeps its own {settings}")
        live_apps = request.getfixturevalue("live_apps")
        adapter = LiveAdapter(request.param, *live_apps.get(request.param))
    elif request.param == "flask" and settings:
        # Settings of its own: an app of its own, built for this test only.
        uri = request.getfixturevalue("flask_database_uri")
        adapter = FlaskAdapter(
            {**FLASK_TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": uri, **settings}
        )
    elif request.param == "flask":
        adapter = FlaskAdapter(shared=request.getfixturevalue("shared_flask_app"))
    else:
        # The django_db mark wraps the test in a transaction.
        adapter = DjangoAdapter(settings)
    yield adapter
    adapter.close()


@pytest.fixture
def alice(app: AppAdapter) -> str:
    """Return a bearer token of the regular user alice."""
    return app.user_with_token("alice")


@pytest.fixture
def bob(app: AppAdapter) -> str:
    """Return a bearer token of the regular user bob."""
    return app.user_with_token("bob")


@pytest.fixture
def staff(app: AppAdapter) -> str:
    """Return a bearer token of a staff user."""
    return app.user_with_token("staffer", is_staff=True)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After a fuzzing run, say how many requests each app answered."""
    totals: dict[str, int] = {}
    for report in terminalreporter.getreports("passed") + terminalreporter.getreports(
        "failed"
    ):
        for key, value in report.user_properties:
            if key == "fuzz_requests" and report.when == "call":
                name, sent = value
                totals[name] = totals.get(name, 0) + sent
    if totals:
        summary = ", ".join(f"{name} {sent}" for name, sent in sorted(totals.items()))
        terminalreporter.write_line(f"schemathesis requests answered: {summary}")
