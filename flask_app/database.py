"""The database binding: Flask-SQLAlchemy, with SQLite's foreign keys turned on."""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from flask_app.extensions import db


def enable_foreign_keys(
    dbapi_connection: DBAPIConnection, connection_record: ConnectionPoolEntry
) -> None:
    """Make SQLite apply ON DELETE SET NULL and CASCADE (it ignores them by default)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys=ON")


def init_database(app: Flask) -> None:
    """Bind Flask-SQLAlchemy to app and set up its SQLite connections, if any."""
    db.init_app(app)
    with app.app_context():
        event.listen(db.engine, "connect", enable_foreign_keys)
