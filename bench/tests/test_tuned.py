"""The tuned API reads answer the same bytes as each app's reference endpoints.

In-process, on both frameworks (on PostgreSQL when DATABASE_URL names it, as the
shared suite), with a few products with and without owners: for
each query string the status, Content-Type and body (links included) of
/bench/tuned/products/ must equal those of /api/products/, and for each detail the
ETag too; after a write, both must show it.
"""

import os
from collections.abc import Callable
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bench.flask_bench import mount
from flask_app import create_app
from flask_app.accounts.models import User as FlaskUser
from flask_app.accounts.models import create_user
from flask_app.catalog.models import Product as FlaskProduct
from flask_app.extensions import db
from tests.support.databases import postgres_url
from tests.support.databases import scratch_postgres_database

CREATED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
# name, sku, description, price, stock, owner, seconds after CREATED (ties on purpose)
PRODUCTS = [
    ("Mug", "MUG-350", "Stoneware, 350 ml.", "12.50", 4, "alice", 0),
    ("mug, large", "MUG-500", "", "14.00", 0, None, 1.5),
    ("Jug 50% off", "JUG-1", "under_score and 100%", "7.05", 9, "bob", 1.5),
    ("Café crème", "CAFE-1", "Non-ASCII: ü, 東京, €", "0.00", 1, "bob", 3.000001),
    ("Line\u2028sep", "LS-1", 'A quote " and a \\', "99999999.99", 2, None, 4),
    ("Plate", "PLATE-1", "A plate.", "5.00", 7, "alice", 5),
    ("Bowl", "BOWL-1", "A bowl.", "20.00", 3, None, 6),
]
QUERIES = [
    "",
    "page_size=20",
    "q=mug&ordering=price&page=2&page_size=1",
    "min_price=5&max_price=20",
    "min_price=5.00&max_price=5",
    "ordering=name",
    "ordering=-name&page_size=3&page=2",
    "ordering=price&page_size=3",
    "ordering=-price&page_size=2&page=4",
    "ordering=created_at&page_size=2&page=2",
    "q=%25",
    "q=_",
    "q=caf%C3%A9",
    "q=+MUG+&page_size=1&page=2",
    "z=1&page_size=2&a=2&page=2&a=1",
    "page=2&page_size=2&page=3",
    "page=1&page_size=6",
    "q=nothing",
    # Refused or answered differently by the two frameworks; each as its reference.
    "q=nothing&page=2",
    "page=99",
    "page_size=0",
    "page_size=101",
    "page_size=%2B2",
    "page=abc",
    "ordering=bogus",
    "ordering=",
    "min_price=abc",
    "min_price=",
    "max_price=-1",
    "q=%00",
]
# The list's parameters on a detail change nothing (shared_spec/README.md).
DETAIL_QUERIES = ["", "q=zzz", "q=mug", "ordering=bogus", "page=abc"]
BAD_TOKEN = {"Authorization": "Bearer not-a-token"}

Answer = tuple[int, str | None, bytes, str | None]


def differences(
    get: Callable[[str, dict[str, str]], Answer], product_ids: list[int]
) -> list[str]:
    """Return a line per request whose tuned answer differs from the reference's."""
    requests: list[tuple[str, dict[str, str]]] = [
        (f"products/?{query}", {}) for query in QUERIES
    ]
    requests += [
        (f"products/{product_id}/?{query}", {})
        for product_id in [*product_ids, max(product_ids) + 1]
        for query in DETAIL_QUERIES
    ]
    requests += [("products/", BAD_TOKEN), (f"products/{product_ids[0]}/", BAD_TOKEN)]
    found = []
    for path, headers in requests:
        reference = get(f"/api/{path}", headers)
        tuned = get(f"/bench/tuned/{path}", headers)
        if tuned != reference:
            found.append(f"{path} {headers}\n  reference {reference}\n  tuned {tuned}")
    return found


@pytest.fixture(scope="session")
def flask_database_uri() -> Iterator[str]:
    """In-memory SQLite, or a PostgreSQL database per worker (as the shared suite)."""
    url = postgres_url()
    if url is None:
        yield "sqlite://"
        return
    # The xdist worker from the environment, so that -p no:xdist works too.
    worker_id = os.environ.get("PYTEST_XDIST_WORKER", "master")
    with scratch_postgres_database(url, f"flask_bench_{worker_id}") as uri:
        yield uri


@pytest.fixture
def flask_app(flask_database_uri: str) -> Iterator[Flask]:
    """Return the Flask app with the bench views, in its context, with PRODUCTS."""
    app = mount(
        create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "tuned",
                "SQLALCHEMY_DATABASE_URI": flask_database_uri,
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
                "RATELIMIT_STORAGE_URI": "memory://",
            }
        )
    )
    with app.app_context():
        db.create_all()
        owners: dict[str | None, FlaskUser] = {
            name: create_user(name, "pw") for name in ("alice", "bob")
        }
        for name, sku, description, price, stock, owner, seconds in PRODUCTS:
            moment = CREATED + timedelta(seconds=seconds)
            db.session.add(
                FlaskProduct(
                    name=name,
                    sku=sku,
                    description=description,
                    price=Decimal(price),
                    stock=stock,
                    owner=owners.get(owner),
                    created_at=moment,
                    updated_at=moment,
                )
            )
        db.session.commit()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def flask_getter(client: FlaskClient) -> Callable[[str, dict[str, str]], Answer]:
    """Return a function that GETs a path from the Flask app: its Answer."""

    def get(path: str, headers: dict[str, str]) -> Answer:
        response = client.get(path, headers=headers)
        return (
            response.status_code,
            response.headers.get("Content-Type"),
            response.get_data(),
            response.headers.get("ETag"),
        )

    return get


def flask_ids() -> list[int]:
    """Return the ids of the Flask app's products."""
    return list(db.session.scalars(db.select(FlaskProduct.id).order_by("id")))


def test_flask_tuned_answers_as_the_reference(flask_app: Flask) -> None:
    found = differences(flask_getter(flask_app.test_client()), flask_ids())
    assert not found, "\n".join(found)


def test_flask_tuned_answers_are_fresh_after_a_write(flask_app: Flask) -> None:
    get = flask_getter(flask_app.test_client())
    before = get("/bench/tuned/products/?page_size=1", {})
    product = db.session.get(FlaskProduct, flask_ids()[0])
    assert product is not None
    product.price = Decimal("1.25")
    product.touch()
    db.session.add(FlaskProduct(name="New", sku="NEW-1", price=Decimal("2")))
    db.session.commit()
    after = get("/bench/tuned/products/?page_size=1", {})
    assert after != before and b'"count":8' in after[2]
    assert b'"price":"1.25"' in get(f"/bench/tuned/products/{product.id}/", {})[2]
    found = differences(flask_getter(flask_app.test_client()), flask_ids())
    assert not found, "\n".join(found)


@pytest.fixture
def django_products(django_user_model: Any) -> list[int]:
    """Create PRODUCTS in the Django app's database; return their ids."""
    from accounts.models import User
    from catalog.models import Product

    owners: dict[str | None, User] = {
        name: django_user_model.objects.create_user(name) for name in ("alice", "bob")
    }
    ids = []
    for name, sku, description, price, stock, owner, seconds in PRODUCTS:
        product = Product.objects.create(
            name=name,
            sku=sku,
            description=description,
            price=price,
            stock=stock,
            owner=owners.get(owner),
        )
        # auto_now_add and auto_now stamp the time of the insert; update() does not.
        moment = CREATED + timedelta(seconds=seconds)
        Product.objects.filter(pk=product.pk).update(
            created_at=moment, updated_at=moment
        )
        ids.append(product.pk)
    return ids


def django_getter(client: Any) -> Callable[[str, dict[str, str]], Answer]:
    """Return a function that GETs a path from the Django app: its Answer."""

    def get(path: str, headers: dict[str, str]) -> Answer:
        response = client.get(path, headers=headers)
        return (
            response.status_code,
            response.get("Content-Type"),
            response.content,
            response.get("ETag"),
        )

    return get


@pytest.mark.django_db
@pytest.mark.urls("bench.django_bench.urls")
def test_django_tuned_answers_as_the_reference(
    client: Any, django_products: list[int]
) -> None:
    found = differences(django_getter(client), django_products)
    assert not found, "\n".join(found)


@pytest.mark.django_db
@pytest.mark.urls("bench.django_bench.urls")
def test_django_tuned_answers_are_fresh_after_a_write(
    client: Any, django_products: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    from catalog.models import Product

    get = django_getter(client)
    before = get("/bench/tuned/products/?page_size=1", {})
    # As if committed: the reference's cache of reads is invalidated on commit.
    with django_capture_on_commit_callbacks(execute=True):
        product = Product.objects.get(pk=django_products[0])
        product.price = Decimal("1.25")
        product.save()
        Product.objects.create(name="New", sku="NEW-1", price="2")
    after = get("/bench/tuned/products/?page_size=1", {})
    assert after != before and b'"count":8' in after[2]
    assert b'"price":"1.25"' in get(f"/bench/tuned/products/{product.pk}/", {})[2]
    found = differences(get, list(Product.objects.values_list("pk", flat=True)))
    assert not found, "\n".join(found)
