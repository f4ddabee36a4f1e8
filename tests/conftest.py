"""The shared suite: every test gets "the app under test", once per framework."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.adapters import AppAdapter
from tests.support.adapters import DjangoAdapter
from tests.support.adapters import FlaskAdapter
from tests.support.databases import postgres_url
from tests.support.databases import scratch_postgres_database

FLASK_TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "shared-suite-not-secret",
    "RATELIMIT_STORAGE_URI": "memory://",
    # The fast hasher, as Django's test settings use MD5PasswordHasher.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
}


@pytest.fixture(scope="session")
def flask_database_uri(worker_id: str) -> Iterator[str]:
    """In-memory SQLite per test, or one PostgreSQL test database per worker."""
    url = postgres_url()
    if url is None:
        yield "sqlite://"
        return
    with scratch_postgres_database(url, f"flask_test_{worker_id}") as uri:
        yield uri


@pytest.fixture(params=["flask", pytest.param("django", marks=pytest.mark.django_db)])
def app(request: pytest.FixtureRequest) -> Iterator[AppAdapter]:
    """Yield an adapter for one app, on an empty database."""
    adapter: FlaskAdapter | DjangoAdapter
    if request.param == "flask":
        uri = request.getfixturevalue("flask_database_uri")
        adapter = FlaskAdapter({**FLASK_TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": uri})
    else:
        adapter = DjangoAdapter()  # the django_db mark wraps the test in a transaction
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
