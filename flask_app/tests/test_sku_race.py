"""Framework-only checks: a sku taken between the check and the write is refused.

Two requests can both pass the unique check before either writes; the loser then
meets the database's unique constraint, and the view asks again. These tests skip
the schema's or form's check instead of racing threads, so the commit is the first
to see the duplicate.
"""

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select

from flask_app import create_app
from flask_app.accounts.models import User
from flask_app.accounts.models import create_user
from flask_app.api import schemas
from flask_app.api.models import ApiToken
from flask_app.catalog import forms
from flask_app.catalog.models import Product
from flask_app.extensions import db


@pytest.fixture
def app() -> Iterator[Flask]:
    """Return an app whose alice already owns a product with the sku MUG-350."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "sku-race",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
            # CSRF has its own shared tests; here it would only add noise.
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        alice = create_user("alice", "pw")
        db.session.add(Product(name="Mug", sku="MUG-350", price="12.50", owner=alice))
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def product_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalars(select(func.count()).select_from(Product)).one()


def test_the_api_answers_400_on_sku_when_the_constraint_refuses_it(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schemas, "sku_taken", lambda sku, product_id=None: False)
    with app.app_context():
        alice = db.session.scalars(select(User).filter_by(username="alice")).one()
        token = ApiToken.issue(alice)
        db.session.commit()

    response = app.test_client().post(
        "/api/products/",
        json={"name": "Cup", "sku": "MUG-350", "price": "4.00"},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert list(response.get_json()["errors"]) == ["sku"]
    assert product_count(app) == 1


def test_the_form_shows_an_error_beside_sku_when_the_constraint_refuses_it(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forms, "sku_taken", lambda sku, product_id=None: False)
    client = app.test_client()
    client.post("/accounts/login/", data={"username": "alice", "password": "pw"})

    response = client.post(
        "/products/new/", data={"name": "Cup", "sku": "MUG-350", "price": "4.00"}
    )

    assert response.status_code == 200
    assert b'data-errors-for="sku"' in response.data
    assert b'value="MUG-350"' in response.data
    assert product_count(app) == 1
