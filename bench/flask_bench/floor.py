"""The framework floor: 20 products as JSON, through the whole Flask app.

The floor is the cheapest honest answer the framework gives for "20 products as
JSON": the whole app (its middleware, hooks and error handlers) stays in the path, but
no authentication, pagination or marshmallow schema. Like Django's floor, which uses
`.values()`, it reads rows, not model instances: the columns are selected and come
back as mappings. bench.flask_bench mounts it at /bench/floor/.
"""

from datetime import UTC
from datetime import datetime
from typing import Any

from flask import Response
from flask import jsonify
from sqlalchemy import RowMapping
from sqlalchemy import select

from flask_app.catalog.models import Product
from flask_app.extensions import db

COLUMNS = (
    "id",
    "name",
    "sku",
    "description",
    "price",
    "stock",
    "owner_id",
    "created_at",
    "updated_at",
)
ROWS = select(*(Product.__table__.c[name] for name in COLUMNS))


def rfc3339(value: datetime) -> str:
    """Write a timestamp in RFC 3339 with its UTC offset (SQLite's are naive)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def as_dict(row: RowMapping) -> dict[str, Any]:
    """Return a row as JSON-ready values (a Decimal price: Flask writes its str())."""
    return {
        **row,
        "created_at": rfc3339(row["created_at"]),
        "updated_at": rfc3339(row["updated_at"]),
    }


def floor() -> Response:
    """Return the first 20 products by id, as plain JSON."""
    rows = db.session.execute(ROWS.order_by(Product.id).limit(20)).mappings()
    return jsonify([as_dict(row) for row in rows])
