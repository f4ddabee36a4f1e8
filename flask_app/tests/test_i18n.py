"""Framework-only checks of the Spanish catalogue's hold on other libraries' English.

The API translates marshmallow's and Werkzeug's messages, and Werkzeug's status
phrases, by their English wording (flask_app.api.messages): if an upgrade rewords
one, its Spanish is lost without a word. These tests say which. The shared suite
checks the rest (tests/test_i18n.py, tests/test_catalogues.py).
"""

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from marshmallow import Schema as MarshmallowSchema
from marshmallow import fields
from marshmallow.validate import Length
from marshmallow.validate import OneOf
from marshmallow.validate import Range
from werkzeug import exceptions
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from flask_app import create_app
from flask_app.accounts.models import create_user
from flask_app.api.errors import TITLES
from flask_app.api.messages import AT_LEAST_MIN
from flask_app.api.messages import BETWEEN_MIN_AND_MAX
from flask_app.api.messages import MARSHMALLOW_MESSAGES
from flask_app.api.messages import ONE_OF_CHOICES
from flask_app.api.messages import SHORTER_THAN_MIN
from flask_app.api.messages import WERKZEUG_DESCRIPTIONS
from flask_app.api.models import ApiToken
from flask_app.extensions import db

SPANISH = {"Accept-Language": "es"}


def test_marshmallow_s_own_messages_are_marked_as_marshmallow_words_them() -> None:
    # The classes of the API's fields (api.fields) and their bases.
    classes: list[type[fields.Field]] = [
        fields.Field,
        fields.String,
        fields.Number,
        fields.Integer,
        fields.Decimal,
    ]
    defaults = {
        message for cls in classes for message in cls.default_error_messages.values()
    }
    defaults |= set(MarshmallowSchema._default_error_messages.values())
    assert set(MARSHMALLOW_MESSAGES) == defaults


def test_marshmallow_s_validator_messages_are_kept_as_it_words_them() -> None:
    # Outside a request a lazy string is its English.
    assert str(SHORTER_THAN_MIN) == Length(min=1).message_min
    assert str(AT_LEAST_MIN) == Range(min=1).message_min
    assert str(BETWEEN_MIN_AND_MAX) == Range(min=0, max=1).message_all
    assert str(ONE_OF_CHOICES) == OneOf([]).error


def test_werkzeug_s_descriptions_are_marked_as_werkzeug_words_them() -> None:
    request = Request(EnvironBuilder(data="x", content_type="text/plain").get_environ())
    with pytest.raises(exceptions.UnsupportedMediaType) as not_json:
        request.get_json()
    raised = [
        exceptions.BadRequest.description,
        exceptions.NotFound.description,
        exceptions.MethodNotAllowed.description,
        exceptions.RequestEntityTooLarge.description,
        not_json.value.description,
    ]
    assert set(WERKZEUG_DESCRIPTIONS) == set(raised)


def test_the_titles_are_werkzeug_s_status_phrases() -> None:
    for status, title in TITLES.items():
        assert str(title) == HTTP_STATUS_CODES[status]


@pytest.fixture
def app() -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "i18n",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
            # The cache of visitors' reads, in this process's memory.
            "CACHE_TYPE": "SimpleCache",
            "CACHE_DEFAULT_TIMEOUT": 60,
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def token(app: Flask) -> str:
    with app.app_context():
        key = ApiToken.issue(create_user("alice", "pw"))
        db.session.commit()
    return key


def test_a_message_is_translated_before_its_numbers_are_filled_in(
    app: Flask, token: str
) -> None:
    client: FlaskClient = app.test_client()
    response = client.post(
        "/api/products/",
        json={"name": "x" * 201, "sku": "MUG-1", "price": "1.00", "stock": -1},
        headers={"Authorization": f"Bearer {token}", **SPANISH},
    )
    assert response.status_code == 400
    assert response.json is not None
    assert response.json["errors"] == {
        "name": ["Asegúrese de que este campo no tenga más de 200 caracteres."],
        "stock": ["Debe ser mayor o igual que 0 y menor o igual que 2147483647."],
    }


def test_the_cache_of_reads_keeps_the_spanish_page_apart(app: Flask) -> None:
    client = app.test_client()
    spanish = client.get("/products/", headers=SPANISH)
    english = client.get("/products/")
    assert client.get("/products/", headers=SPANISH).data == spanish.data
    assert b"Productos" in spanish.data and b"Productos" not in english.data
    assert spanish.headers["Content-Language"] == "es"
    assert english.headers["Content-Language"] == "en"
