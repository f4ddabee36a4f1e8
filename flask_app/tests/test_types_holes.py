"""Framework-only checks of holes mypy found (issue 25), and of their fixes.

A form that sends no price leaves WTForms' price field the edited product's own
Decimal, which the price check took for text: a 500. It is now required, as an
empty price is.
"""

from collections.abc import Iterator
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from flask_app import create_app
from flask_app.accounts.models import create_user
from flask_app.catalog.models import Product
from flask_app.extensions import db

# Each form of the product but its price.
WITHOUT_PRICE = {"name": "Mug", "sku": "MUG-350", "description": "", "stock": "3"}


@pytest.fixture
def app() -> Iterator[Flask]:
    """Return an app whose staff user alice owns a product priced 12.50."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "types-holes",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
            # CSRF has its own shared tests; here it would only add noise.
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        alice = create_user("alice", "pw", is_staff=True)
        db.session.add(Product(name="Mug", sku="MUG-350", price="12.50", owner=alice))
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def alice(app: Flask) -> FlaskClient:
    """Return a client signed in as alice."""
    client = app.test_client()
    client.post("/accounts/login/", data={"username": "alice", "password": "pw"})
    return client


def stored_price(app: Flask) -> Decimal:
    with app.app_context():
        return db.session.scalars(select(Product.price)).one()


def product_id(app: Flask) -> int:
    with app.app_context():
        return db.session.scalars(select(Product.id)).one()


def test_an_edit_form_without_a_price_says_the_price_is_required(
    app: Flask, alice: FlaskClient
) -> None:
    response = alice.post(f"/products/{product_id(app)}/edit/", data=WITHOUT_PRICE)

    assert response.status_code == 200
    assert b'data-errors-for="price"' in response.data
    assert b"This field is required." in response.data
    assert stored_price(app) == Decimal("12.50")


def test_the_admin_edit_form_without_a_price_is_refused_too(
    app: Flask, alice: FlaskClient
) -> None:
    response = alice.post(
        f"/admin/product/edit/?id={product_id(app)}", data=WITHOUT_PRICE
    )

    assert response.status_code == 200
    assert b"This field is required." in response.data
    assert stored_price(app) == Decimal("12.50")


def test_an_edit_form_shows_and_keeps_the_price_as_typed(
    app: Flask, alice: FlaskClient
) -> None:
    url = f"/products/{product_id(app)}/edit/"
    assert b'value="12.50"' in alice.get(url).data

    response = alice.post(url, data={**WITHOUT_PRICE, "price": "7.5"})

    assert response.status_code == 302
    assert stored_price(app) == Decimal("7.50")


def test_the_405_page_keeps_werkzeugs_allow_header(app: Flask) -> None:
    """The error pages are Flask responses built with the error's own headers."""
    response = app.test_client().get("/accounts/logout/")

    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert sorted(response.headers["Allow"].split(", ")) == ["OPTIONS", "POST"]
