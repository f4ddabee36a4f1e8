"""Concurrent writers under gunicorn: nothing lost, nothing locked, one winner.

Marked `concurrency` (make test-concurrency): each app runs under gunicorn with 4
workers on a fresh database, SQLite by default or PostgreSQL when DATABASE_URL says so.
Both apps run it through the `server` fixture (ids flask and django) rather than the
`app` fixture: it needs 4 workers and many clients talking HTTP at once.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support.live import Hooks
from tests.support.servers import LiveServer
from tests.support.servers import fresh_server

pytestmark = pytest.mark.concurrency

CLIENTS = 16
CREATES = 640
UPDATES = 400
RACES = 10


@pytest.fixture(params=["flask", "django"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    """Serve one app with 4 gunicorn workers on a fresh database."""
    with fresh_server(request.param, tmp_path, "writers", workers=4) as server:
        yield server


def call(
    base_url: str,
    method: str,
    path: str,
    token: str | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    """Send one API request on its own connection; return status, headers, JSON."""
    parts = urlsplit(base_url)
    assert parts.hostname is not None, base_url
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, path, body=payload, headers=sent)
        answer = connection.getresponse()
        content = answer.read()
    finally:
        connection.close()
    data = json.loads(content) if content else None
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, data


def test_many_writers_lose_nothing_and_one_wins_each_version(
    server: LiveServer,
) -> None:
    hooks = Hooks(server.name, server.env)
    try:
        hooks.call("create_user", "writer", "correct-horse-battery")
    finally:
        hooks.close()
    base = server.base_url
    status, _, body = call(
        base,
        "POST",
        "/api/auth/token/",
        body={"username": "writer", "password": "correct-horse-battery"},
    )
    assert status == 200
    token = body["token"]

    def create(n: int) -> tuple[int, Any]:
        status, _, product = call(
            base,
            "POST",
            "/api/products/",
            token,
            {"name": f"Load {n}", "sku": f"LOAD-{n}", "price": f"{n % 97}.25"},
        )
        return status, product

    with ThreadPoolExecutor(CLIENTS) as pool:
        created = list(pool.map(create, range(CREATES)))
    assert {status for status, _ in created} == {201}
    products = {product["id"]: product for _, product in created}

    def update(n: int) -> tuple[int, Any]:
        product_id = list(products)[n % len(products)]
        status, _, changed = call(
            base, "PATCH", f"/api/products/{product_id}/", token, {"stock": n}
        )
        return status, changed

    with ThreadPoolExecutor(CLIENTS) as pool:
        updated = list(pool.map(update, range(UPDATES)))
    assert {status for status, _ in updated} == {200}
    last_stock = {list(products)[n % len(products)] for n in range(UPDATES)}

    # Every acknowledged write is there: each product, and one of its updates.
    seen: dict[int, dict] = {}
    page = 1
    while True:
        status, _, listing = call(
            base, "GET", f"/api/products/?page={page}&page_size=100"
        )
        assert status == 200
        seen.update({p["id"]: p for p in listing["results"]})
        if listing["next"] is None:
            break
        page += 1
    assert set(seen) == set(products)
    for product_id, product in products.items():
        assert seen[product_id]["sku"] == product["sku"]
    ids = list(products)
    for product_id in last_stock:
        sent = {n for n in range(UPDATES) if ids[n % len(ids)] == product_id}
        assert seen[product_id]["stock"] in sent

    # Concurrent If-Match writers on one product: exactly one wins each version.
    target = next(iter(products))
    for race in range(RACES):
        _, headers, _ = call(base, "GET", f"/api/products/{target}/")
        tag = headers["etag"]

        def racer(n: int, tag: str = tag, race: int = race) -> int:
            status, _, _ = call(
                base,
                "PATCH",
                f"/api/products/{target}/",
                token,
                {"stock": race * 100 + n},
                {"If-Match": tag},
            )
            return status

        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = sorted(pool.map(racer, range(CLIENTS)))
        assert statuses == [200] + [412] * (CLIENTS - 1), statuses

    log = server.log.read_text()
    assert "database is locked" not in log
    assert "Traceback" not in log
