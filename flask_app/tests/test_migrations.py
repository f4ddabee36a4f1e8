"""Framework-only checks: the Alembic migrations match the models."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade
from flask_migrate import upgrade
from sqlalchemy import inspect

from flask_app import create_app
from flask_app.extensions import db


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """Yield an app on an empty SQLite file, with its app context pushed."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrations.sqlite3'}",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        yield app
        db.engine.dispose()


def test_migrations_create_exactly_the_models_tables(app: Flask) -> None:
    """Upgrading to head leaves nothing for autogenerate to add, drop or alter."""
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_downgrade_to_an_empty_database(app: Flask) -> None:
    """Downgrading to base drops every table the migrations created."""
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
