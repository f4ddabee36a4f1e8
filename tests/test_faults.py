"""Database outages: a clear 503 while the database is gone, recovery when it is back.

Marked `faults` (make test-faults): each app runs under gunicorn (2 workers) on
PostgreSQL, reached through a TCP relay (tests/support/relay.py). The test cuts the
relay, which refuses new connections and breaks the pooled ones, then restores it;
the apps are never restarted. SQLite is a file, not a server: it has no outage of
this kind to simulate. Like the concurrent writers, it runs on both apps through a
fixture of its own (ids flask and django), not the `app` fixture: it needs its own
servers and database, wired through the relay.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.support.adapters import AppAdapter
from tests.support.databases import postgres_url
from tests.support.databases import scratch_postgres_database
from tests.support.live import Hooks
from tests.support.live import LiveAdapter
from tests.support.problems import assert_problem
from tests.support.relay import TcpRelay
from tests.support.servers import live_server

pytestmark = pytest.mark.faults


@pytest.fixture(params=["flask", "django"])
def outage(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[AppAdapter, TcpRelay]]:
    """Serve one app on PostgreSQL behind a relay; yield its adapter and the relay."""
    server_url = postgres_url()
    if server_url is None:
        pytest.skip("the fault tests need PostgreSQL: run make test-faults")
    with ExitStack() as stack:
        database = make_url(
            stack.enter_context(
                scratch_postgres_database(server_url, f"{request.param}_faults")
            )
        )
        relay = stack.enter_context(
            TcpRelay(database.host or "localhost", database.port or 5432)
        )
        relayed = database.set(
            drivername="postgresql", host="127.0.0.1", port=relay.port
        ).render_as_string(hide_password=False)
        server = stack.enter_context(
            live_server(request.param, tmp_path, workers=2, database_url=relayed)
        )
        hooks = Hooks(server.name, server.env)
        stack.callback(hooks.close)
        adapter = LiveAdapter(server.name, server.base_url, hooks)
        stack.callback(adapter.close)
        yield adapter, relay


def assert_unavailable_page(app: AppAdapter, path: str) -> None:
    page = app.get(path)
    assert page.status == 503, (path, page.status)
    assert page.headers["content-type"].startswith("text/html")
    assert page.one("#error")["data-status"] == "503"
    assert "Traceback" not in page.text
    assert "OperationalError" not in page.text


def test_an_outage_is_a_clear_503_and_the_app_recovers_without_a_restart(
    outage: tuple[AppAdapter, TcpRelay],
) -> None:
    app, relay = outage
    token = app.user_with_token("alice")
    kept = app.create_product(token, name="Made before the outage")
    app.login("alice")  # a session, so the pages need the session and user rows

    relay.cut()
    # Every worker answers, several times: none of them may fall back to a 500.
    for _ in range(4):
        health = app.get("/api/health/")
        assert health.status == 503
        assert health.json()["status"] == "unavailable"

        assert_problem(app.get("/api/products/"), 503)

        detail = app.get(f"/api/products/{kept['id']}/", token=token)
        assert detail.status == 503

        lost = app.post(
            "/api/products/",
            json={"name": "Made during the outage", "sku": "LOST-1", "price": "1"},
            token=token,
        )
        assert_problem(lost, 503)

        assert_unavailable_page(app, "/products/")
        assert_unavailable_page(app, f"/products/{kept['id']}/")

    relay.restore()
    # No restart: the very next requests, on every worker, succeed.
    for _ in range(6):
        assert app.get("/api/health/").json() == {"status": "ok"}
        assert app.get("/products/").status == 200
        assert app.get(f"/api/products/{kept['id']}/", token=token).status == 200
    names = [product["name"] for product in app.list_all()]
    assert names == ["Made before the outage"]  # kept, and nothing half-written
    page = app.get("/products/new/")  # still signed in: the session survived
    assert page.status == 200
