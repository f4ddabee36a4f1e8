"""Framework-only checks: the API's two ways of writing a product agree.

Reads (the list, one product) take rows of PRODUCT_ROWS and dump_product(), which
is cheaper; writes answer with ProductSchema. The shared suite compares the apps'
JSON and ETags; this pins the two of this app to each other, field by field.
"""

from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy import Row
from sqlalchemy import event

from flask_app import create_app
from flask_app.accounts.models import create_user
from flask_app.api.filters import select_product_rows
from flask_app.api.schemas import dump_product
from flask_app.api.schemas import product_schema
from flask_app.catalog.models import DEFAULT_ORDERING
from flask_app.catalog.models import PRODUCT_ROWS
from flask_app.catalog.models import PRODUCTS_WITH_OWNER
from flask_app.catalog.models import Product
from flask_app.catalog.models import products
from flask_app.extensions import db
from flask_app.pagination import TotalColumnPagination
from flask_app.pagination import paginate_or_404


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


def saved_products() -> list[Product]:
    return list(db.session.scalars(PRODUCTS_WITH_OWNER.order_by(Product.id)))


def rows() -> list[Row]:
    return list(db.session.execute(PRODUCT_ROWS.order_by(products.c.id)))


def row_of(product: Product, owner_username: str | None) -> SimpleNamespace:
    """Return what a row of PRODUCT_ROWS holds for product."""
    fields = {column.key: getattr(product, column.key) for column in products.c}
    return SimpleNamespace(**fields, owner_username=owner_username)


def test_both_write_the_same_json(app: Flask) -> None:
    for row, product in zip(rows(), saved_products(), strict=True):
        read = dump_product(row)
        assert read == product_schema.dump(product)
        assert list(read) == list(product_schema.dump(product))


def test_a_product_not_read_back_is_written_the_same(app: Flask) -> None:
    # As after a create: the price as sent, the times as Python made them.
    product = Product(name="Jug", sku="JUG-1", price=Decimal("7.5"), stock=0)
    product.created_at = product.updated_at = datetime(2026, 1, 1, tzinfo=UTC)
    product.id = 99
    assert dump_product(row_of(product, None)) == product_schema.dump(product)
    assert dump_product(row_of(product, None))["price"] == "7.50"


def test_times_are_written_in_utc_ending_in_z(app: Flask) -> None:
    product = saved_products()[0]
    for moment in (
        datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC),
        datetime(2026, 1, 1, 12, 0, 0, 123456),  # naive, as SQLite gives it back
        datetime.fromisoformat("2026-01-01T13:00:00.123456+01:00"),
    ):
        product.created_at = moment
        row = row_of(product, "alice")
        for data in (dump_product(row), product_schema.dump(product)):
            assert data["created_at"] == "2026-01-01T12:00:00.123456Z"


def test_a_page_its_owners_and_its_total_are_one_query(app: Flask) -> None:
    selects = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.startswith("SELECT"):  # not the BEGIN before it
            selects.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        statement = select_product_rows("", "created_at", None, None)
        page = paginate_or_404(statement, 1, 1, TotalColumnPagination)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert [dump_product(row)["owner"] for row in page.items] == ["alice"]
    assert page.total == 2
    assert page.has_next
    assert len(selects) == 1
    # The count leaves the owners out, as the Django twin's does.
    assert selects[0].count("FROM users") == 1


def test_the_total_follows_the_filters(app: Flask) -> None:
    cheap = select_product_rows("", "-price", None, Decimal("5"))
    assert paginate_or_404(cheap, 1, 20, TotalColumnPagination).total == 1
    assert [row.name for row in db.session.execute(cheap)] == ["Cup"]
    none = select_product_rows("kettle", "-created_at", None, None)
    page = paginate_or_404(none, 1, 20, TotalColumnPagination)
    assert (page.items, page.total) == ([], 0)


def test_the_cached_statement_is_read_afresh_each_time(app: Flask) -> None:
    # select_product_rows() caches the statement, never its results.
    def page() -> list[Row]:
        statement = select_product_rows("", DEFAULT_ORDERING, None, None)
        return paginate_or_404(statement, 1, 20, TotalColumnPagination).items

    assert [row.total for row in page()] == [2, 2]
    db.session.add(Product(name="Jug", sku="JUG-1", price=Decimal("7")))
    db.session.commit()
    assert [row.name for row in page()] == ["Jug", "Cup", "Mug"]
    assert page()[0].total == 3
