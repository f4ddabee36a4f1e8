"""SQLite set up for several gunicorn workers, as Django's database OPTIONS do.

Django's twin is DATABASES["default"]["OPTIONS"] in django_app/config/settings.py:
WAL, a busy timeout and transaction_mode IMMEDIATE for its atomic() blocks.
"""

import sqlite3
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy import text

from flask_app.extensions import db


def configure_sqlite_connection(dbapi_connection: Any, connection_record: Any) -> None:
    """Set up a new SQLite connection for concurrent readers and writers."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # Readers no longer block the writer, nor the writer the readers.
    cursor.execute("PRAGMA journal_mode=WAL")
    # Wait up to 20 s for another writer's lock instead of failing at once.
    cursor.execute("PRAGMA busy_timeout=20000")
    # SQLite ignores foreign keys unless asked: ON DELETE SET NULL and CASCADE apply.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def init_database(app: Flask) -> None:
    """Bind Flask-SQLAlchemy to app and set up its SQLite connections, if any."""
    db.init_app(app)
    with app.app_context():
        event.listen(db.engine, "connect", configure_sqlite_connection)


def lock_for_write() -> None:
    """Hold SQLite's write lock from now until the transaction ends.

    For a view that reads what it is about to change (the If-Match check), as
    Django's atomic() does with transaction_mode IMMEDIATE. Python's sqlite3 begins
    a transaction only at the first write, so reads take no lock and a write takes
    it when it runs; PostgreSQL locks the rows themselves (SELECT ... FOR UPDATE).
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("BEGIN IMMEDIATE"))
