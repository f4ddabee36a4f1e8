"""Framework-only checks: the API's two ways of writing a product agree.

Reads (the list, one product) use dump_product(), which is cheaper; writes answer
with ProductSchema. The shared suite compares the apps' JSON and ETags; this pins
the two of this app to each other, field by field.
"""

from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import event

from flask_app import create_app
from flask_app.accounts.models import create_user
from flask_app.api.schemas import dump_product
from flask_app.api.schemas import product_schema
from flask_app.catalog.models import PRODUCTS_WITH_OWNER
from flask_app.catalog.models import PRODUCTS_WITH_OWNER_USERNAME
from flask_app.catalog.models import WITH_OWNER_USERNAME
from flask_app.catalog.models import Product
from flask_app.extensions import db


@pytest.fixture
def app() -> Iterator[Flask]:
    """Return an app with a product that has an owner and one whose owner left."""
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
        alice = create_user("alice", "pw")
        db.session.add_all(
            [
                Product(name="Mug", sku="MUG-350", price="12.5", stock=3, owner=alice),
                Product(name="Cup", sku="CUP-1", price="4", owner=None),
            ]
        )
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def products() -> list[Product]:
    statement = PRODUCTS_WITH_OWNER.options(WITH_OWNER_USERNAME)
    return list(db.session.scalars(statement.order_by(Product.id)))


def test_both_write_the_same_json(app: Flask) -> None:
    for product in products():
        read = dump_product(product)
        assert read == product_schema.dump(product)
        assert list(read) == list(product_schema.dump(product))


def test_a_product_not_read_back_is_written_the_same(app: Flask) -> None:
    # As after a create: the price as sent, the times as Python made them.
    product = Product(name="Jug", sku="JUG-1", price=Decimal("7.5"), stock=0)
    product.created_at = product.updated_at = datetime(2026, 1, 1, tzinfo=UTC)
    product.id = 99
    assert dump_product(product) == product_schema.dump(product)
    assert dump_product(product)["price"] == "7.50"


def test_times_are_written_in_utc_ending_in_z(app: Flask) -> None:
    product = products()[0]
    for moment in (
        datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC),
        datetime(2026, 1, 1, 12, 0, 0, 123456),  # naive, as SQLite gives it back
        datetime.fromisoformat("2026-01-01T13:00:00.123456+01:00"),
    ):
        product.created_at = moment
        for data in (dump_product(product), product_schema.dump(product)):
            assert data["created_at"] == "2026-01-01T12:00:00.123456Z"


def test_a_page_of_products_and_their_owners_is_one_query(app: Flask) -> None:
    db.session.expunge_all()
    selects = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.startswith("SELECT"):  # not the BEGIN before it
            selects.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        statement = PRODUCTS_WITH_OWNER_USERNAME.order_by(Product.id)
        data = [dump_product(product) for product in db.session.scalars(statement)]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert [product["owner"] for product in data] == ["alice", None]
    assert len(selects) == 1
