"""Framework-only checks: ProductSchema writes what the contract says.

The shared suite compares the two apps' JSON; these pin the details marshmallow
leaves to the schema: times in UTC with their offset whatever SQLite hands back,
prices with their two decimal places, and an owner who left.
"""

from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from decimal import Decimal

import pytest
from flask import Flask

from flask_app import create_app
from flask_app.accounts.models import create_user
from flask_app.api.schemas import product_schema
from flask_app.catalog.models import Product
from flask_app.extensions import db


@pytest.fixture
def app() -> Iterator[Flask]:
    """Return an app in its app context, on an empty in-memory database."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "schemas",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        }
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC),
        datetime(2026, 1, 1, 12, 0, 0, 123456),  # naive, as SQLite gives it back
        datetime.fromisoformat("2026-01-01T13:00:00.123456+01:00"),
    ],
)
def test_times_are_written_in_utc_with_the_offset(app: Flask, moment: datetime) -> None:
    product = Product(name="Jug", sku="JUG-1", price=Decimal("7.5"), stock=0)
    product.created_at = product.updated_at = moment
    data = product_schema.dump(product)
    expected = "2026-01-01T12:00:00.123456+00:00"
    assert data["created_at"] == data["updated_at"] == expected


def test_a_saved_product_reads_back_as_it_was_written(app: Flask) -> None:
    alice = create_user("alice", "pw")
    product = Product(name="Mug", sku="MUG-350", price=Decimal("12.5"), owner=alice)
    db.session.add(product)
    db.session.commit()
    written = product_schema.dump(product)
    db.session.expunge_all()
    read = product_schema.dump(db.session.get(Product, product.id))
    assert read == written
    assert (read["price"], read["owner"], read["stock"]) == ("12.50", "alice", 0)


def test_a_product_whose_owner_left_has_no_owner(app: Flask) -> None:
    product = Product(name="Cup", sku="CUP-1", price=Decimal("4"), owner=None)
    assert product_schema.dump(product)["owner"] is None
