"""The ceiling: the floor's answer from a bare WSGI callable, with no framework.

It runs the same query as the floors and writes the same JSON (compact, one newline
at the end, as Flask's jsonify does), straight from the database driver: sqlite3, or
psycopg when DATABASE_URL names PostgreSQL. Served by the same gunicorn settings as
the apps (`gunicorn 'bench.ceiling:create_application()'`), it shows what the server,
the driver and the database cost without Flask or Django.

BENCH_CEILING_TABLE says which app's product table to read: `flask` or `django`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from collections.abc import Iterable
from datetime import UTC
from datetime import datetime
from decimal import Decimal
from typing import Any

PATH = "/bench/floor/"
# One literal query per app's table name, so no SQL is ever built from input.
QUERIES = {
    "flask": (
        "SELECT id, name, sku, description, price, stock, owner_id, created_at, "
        "updated_at FROM product ORDER BY id"
    ),
    "django": (
        "SELECT id, name, sku, description, price, stock, owner_id, created_at, "
        "updated_at FROM catalog_product ORDER BY id"
    ),
}

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def connect(database_url: str) -> Any:
    """Open a DB-API connection for a sqlite:/// or postgresql:// URL."""
    if database_url.startswith("sqlite:///"):
        return sqlite3.connect(database_url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(database_url, autocommit=True)


def rfc3339(value: datetime | str) -> str:
    """Write a UTC timestamp as the floors do; SQLite hands back naive text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def product_rows(
    connection: Any, app: str, limit: int | None = None
) -> list[dict[str, Any]]:
    """Return the products of app's table by id, as the floors write them."""
    query = QUERIES[app]
    cursor = connection.cursor()
    if limit is None:
        cursor.execute(query)
    else:
        # Both drivers take a positional parameter, with their own placeholder.
        placeholder = "?" if isinstance(connection, sqlite3.Connection) else "%s"
        cursor.execute(f"{query} LIMIT {placeholder}", (limit,))
    return [
        {
            "id": id_,
            "name": name,
            "sku": sku,
            "description": description,
            # SQLite's NUMERIC affinity hands 12.50 back as 12.5: write 2 places.
            "price": f"{Decimal(str(price)):.2f}",
            "stock": stock,
            "owner_id": owner_id,
            "created_at": rfc3339(created_at),
            "updated_at": rfc3339(updated_at),
        }
        for (
            id_,
            name,
            sku,
            description,
            price,
            stock,
            owner_id,
            created_at,
            updated_at,
        ) in cursor.fetchall()
    ]


class Ceiling:
    """A WSGI application holding one database connection per worker process."""

    def __init__(self, database_url: str, app: str) -> None:
        self.database_url = database_url
        self.app = app
        self.connection: Any = None

    def __call__(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not found\n"]
        if self.connection is None:
            # Opened in the worker, after gunicorn forks, never shared between them.
            self.connection = connect(self.database_url)
        rows = product_rows(self.connection, self.app, limit=20)
        body = json.dumps(rows, separators=(",", ":")).encode() + b"\n"
        start_response(
            "200 OK",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(body))),
            ],
        )
        return [body]


def create_application() -> Ceiling:
    """Build the ceiling from DATABASE_URL and BENCH_CEILING_TABLE (for gunicorn)."""
    app = os.environ.get("BENCH_CEILING_TABLE", "flask")
    if app not in QUERIES:
        raise RuntimeError(f"BENCH_CEILING_TABLE must be one of {', '.join(QUERIES)}")
    return Ceiling(os.environ["DATABASE_URL"], app)
