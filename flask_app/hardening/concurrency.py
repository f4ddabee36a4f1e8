"""Optimistic concurrency in the API: ETags of product JSON, If-Match and write locks.

Every product (and page of products) the API answers carries a strong ETag, a hash
of its JSON; a write that sends If-Match with another tag is refused with 412. The
check holds until the commit: SQLite's write lock, or PostgreSQL's row lock, is held
from the read that checks to the commit that writes.
"""

import hashlib
import json
import sqlite3
from collections.abc import Callable
from collections.abc import Mapping
from functools import wraps
from typing import Any

from flask import Flask
from flask import abort
from flask import current_app
from flask import g
from flask import request
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy import text
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry
from werkzeug.wrappers import Response

from flask_app.extensions import db

# The API's answers that carry a product, or a page of them, in their JSON.
TAGGED_ENDPOINTS = frozenset(
    {
        "api.product_list",
        "api.product_detail",
        "api.product_create",
        "api.product_update",
    }
)


def etag_for(data: Mapping[str, Any] | list[Any]) -> str:
    """Return the strong ETag of a product's JSON, unquoted: a hash of its content."""
    canonical = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def set_etag(response: Response) -> Response:
    """Tag a successful answer of a product, or of a page of them, with its ETag."""
    if request.endpoint in TAGGED_ENDPOINTS and response.status_code in {200, 201}:
        response.set_etag(etag_for(response.get_json()))
    return response


def lock_for_write() -> None:
    """Hold SQLite's write lock from now until the transaction ends.

    Python's sqlite3 begins a transaction only at the first write, so a read would
    take no lock; PostgreSQL locks the rows themselves (SELECT ... FOR UPDATE).
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("BEGIN IMMEDIATE"))


def if_match(view: Callable[..., Any]) -> Callable[..., Any]:
    """Lock the product for this write, and answer 412 if If-Match names another tag."""

    # Imported here: the API's package imports its views, which import this.
    from flask_app.api.schemas import product_schema
    from flask_app.catalog.models import Product

    @wraps(view)
    def wrapped_view(product_id: int, **kwargs: Any) -> Any:
        if current_app.config["HARDENING"]:
            lock_for_write()
            product = db.session.get(Product, product_id, with_for_update=True)
            # A product the view answers 404 or 403 for is left to the view.
            if (
                product is not None
                and product.can_be_changed_by(g.api_user)
                and "If-Match" in request.headers
                # contains() is the strong comparison If-Match needs.
                and not request.if_match.contains(
                    etag_for(product_schema.dump(product))
                )
            ):
                abort(
                    412,
                    _("The product has changed since that version; fetch it again."),
                )
        return view(product_id, **kwargs)

    return wrapped_view


def configure_sqlite_connection(
    dbapi_connection: DBAPIConnection, connection_record: ConnectionPoolEntry
) -> None:
    """Let several gunicorn workers read and write one SQLite file."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # Readers no longer block the writer, nor the writer the readers.
    cursor.execute("PRAGMA journal_mode=WAL")
    # Wait up to 20 s for another writer's lock instead of failing at once.
    cursor.execute("PRAGMA busy_timeout=20000")
    cursor.close()


def init_app(app: Flask) -> None:
    """Tag the API's product answers, and set SQLite up for concurrent writers."""
    app.after_request(set_etag)
    with app.app_context():
        event.listen(db.engine, "connect", configure_sqlite_connection)
