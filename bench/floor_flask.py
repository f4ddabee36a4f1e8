"""The Flask app with its framework floor mounted at /bench/floor/.

The floor is the cheapest honest answer the framework gives for "20 products as
JSON": the whole app (its middleware, hooks and error handlers) stays in the path, but
no authentication, pagination or marshmallow schema. Served as
`gunicorn bench.floor_flask:app`; every other URL is the app's own.
"""

from datetime import UTC
from datetime import datetime
from typing import Any

from flask import Response
from flask import jsonify
from sqlalchemy import select

from flask_app import create_app
from flask_app.catalog.models import Product
from flask_app.extensions import db

app = create_app()


def rfc3339(value: datetime) -> str:
    """Write a UTC timestamp the way Django's JSON encoder does (SQLite's are naive)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def as_dict(product: Product) -> dict[str, Any]:
    """Return the product's columns as they come out of the database."""
    return {
        "id": product.id,
        "name": product.name,
        "sku": product.sku,
        "description": product.description,
        "price": product.price,  # a Decimal; Flask's JSON provider writes str()
        "stock": product.stock,
        "owner_id": product.owner_id,
        "created_at": rfc3339(product.created_at),
        "updated_at": rfc3339(product.updated_at),
    }


@app.get("/bench/floor/")
def floor() -> Response:
    """Return the first 20 products by id, as plain JSON."""
    products = db.session.scalars(select(Product).order_by(Product.id).limit(20))
    return jsonify([as_dict(product) for product in products])
