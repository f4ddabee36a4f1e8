"""Framework-only checks of the Alembic migrations, on the engine DATABASE_URL names.

SQLite (a temporary file) when DATABASE_URL is unset or names SQLite; a scratch
database, created and then dropped here, on the server of a PostgreSQL DATABASE_URL.
"""

import os
import uuid
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade
from flask_migrate import upgrade
from psycopg import sql
from sqlalchemy.engine import make_url

from flask_app import create_app
from flask_app.config import database_uri as sqlalchemy_uri
from flask_app.extensions import db

# The revision before the sku arrives, and the rows a database holds there.
BEFORE_SKU = "0001_initial"
PRODUCTS_BEFORE_SKU = {
    1: ("Mug", Decimal("12.50")),
    2: ("Teapot", Decimal("64.00")),
    42: ("Kettle", Decimal("54.90")),
}


@pytest.fixture
def database_uri(tmp_path: Path) -> Iterator[str]:
    """Yield the URI of an empty database on the engine DATABASE_URL names."""
    url = make_url(sqlalchemy_uri(os.environ.get("DATABASE_URL", "sqlite://")))
    if url.get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    # psycopg reads libpq's postgresql:// URLs, without SQLAlchemy's +driver; the
    # maintenance database is there even when the one DATABASE_URL names is not.
    server = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    name = f"flask_migrations_{uuid.uuid4().hex}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def app(database_uri: str) -> Iterator[Flask]:
    """Yield an app on an empty database, with its app context pushed."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        yield app
        db.engine.dispose()


def reflect(table_name: str) -> sa.Table:
    """Return the table as the database holds it now, not as the models say."""
    return sa.Table(table_name, sa.MetaData(), autoload_with=db.engine)


@pytest.fixture
def products_before_sku(app: Flask) -> int:
    """Migrate to the revision before sku, add products with ids 1, 2 and 42 there.

    Return the id of their owner.
    """
    upgrade(revision=BEFORE_SKU)
    users, product = reflect("users"), reflect("product")
    now = datetime.now(UTC)
    with db.engine.begin() as connection:
        owner_id = connection.execute(
            users.insert().returning(users.c.id),
            {
                "username": "alice",
                "email": "",
                "password_hash": "-",
                "is_staff": False,
                "is_active": True,
                "date_joined": now,
            },
        ).scalar_one()
        connection.execute(
            product.insert(),
            [
                {
                    "id": product_id,
                    "name": name,
                    "description": "",
                    "price": price,
                    "stock": 0,
                    "owner_id": owner_id,
                    "created_at": now,
                    "updated_at": now,
                }
                for product_id, (name, price) in PRODUCTS_BEFORE_SKU.items()
            ],
        )
    return owner_id


def test_migrations_create_exactly_the_models_tables(app: Flask) -> None:
    """Upgrading to head leaves nothing for autogenerate to add, drop or alter."""
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_go_down_to_base_and_up_to_head_again(app: Flask) -> None:
    """An empty database goes to head, back to base (no tables), then to head."""
    upgrade()
    downgrade(revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    tables = set(sa.inspect(db.engine).get_table_names())
    assert tables >= {"users", "product", "api_token"}


def test_upgrade_keeps_existing_products_and_backfills_their_sku(
    products_before_sku: int,
) -> None:
    """Products stored before sku existed reach head unchanged, with SKU-<id>."""
    upgrade()
    product = reflect("product")
    with db.engine.connect() as connection:
        rows = connection.execute(
            sa.select(
                product.c.id,
                product.c.name,
                product.c.price,
                product.c.owner_id,
                product.c.sku,
            ).order_by(product.c.id)
        ).all()
    assert [tuple(row) for row in rows] == [
        (1, "Mug", Decimal("12.50"), products_before_sku, "SKU-000001"),
        (2, "Teapot", Decimal("64.00"), products_before_sku, "SKU-000002"),
        (42, "Kettle", Decimal("54.90"), products_before_sku, "SKU-000042"),
    ]


def test_upgrade_leaves_sku_refusing_a_duplicate(products_before_sku: int) -> None:
    """After the backfill, the unique constraint refuses a second SKU-000001."""
    upgrade()
    product = reflect("product")
    now = datetime.now(UTC)
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
        connection.execute(
            product.insert(),
            {
                "name": "Another mug",
                "sku": "SKU-000001",
                "description": "",
                "price": Decimal("1.00"),
                "stock": 0,
                "created_at": now,
                "updated_at": now,
            },
        )


def test_downgrade_to_before_sku_keeps_every_product(
    products_before_sku: int,
) -> None:
    """Going back from head to the revision before sku drops only the column."""
    upgrade()
    downgrade(revision=BEFORE_SKU)
    product = reflect("product")
    assert "sku" not in product.c
    with db.engine.connect() as connection:
        rows = connection.execute(
            sa.select(product.c.id, product.c.name, product.c.price).order_by(
                product.c.id
            )
        ).all()
    assert {row.id: (row.name, row.price) for row in rows} == PRODUCTS_BEFORE_SKU


def test_upgrade_gives_existing_users_session_version_zero(
    products_before_sku: int,
) -> None:
    """Users stored before session_version existed reach head with version 0."""
    upgrade()
    users = reflect("users")
    with db.engine.connect() as connection:
        version = connection.execute(
            sa.select(users.c.session_version).where(users.c.id == products_before_sku)
        ).scalar_one()
    assert version == 0
