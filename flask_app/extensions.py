"""Extension objects, created unbound and attached to the app by create_app."""

import sqlite3
from typing import Any

from flask import has_request_context
from flask import request
from flask_admin import Admin
from flask_admin.menu import MenuLink
from flask_admin.theme import Bootstrap4Theme
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base whose constraints get stable names in migrations."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


# Objects keep their loaded values after a commit, as Django's model instances do: a
# view that saves a product and then answers with it (the API's create and update)
# would otherwise reload the product and its owner after the commit, in a second
# transaction that holds SQLite's write lock until the request ends. Each request
# has its own session, removed when it ends, so nothing outlives the request.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
limiter = Limiter(get_remote_address)
csrf = CSRFProtect()

# Flask-Login plays the part of django.contrib.auth's sessions and login_required.
login_manager = LoginManager()
login_manager.login_view = "accounts.login"

# Flask-Admin is an extension; Django's admin (django.contrib.admin) is built in.
# Its views register themselves on import (accounts/admin.py, catalog/admin.py).
admin = Admin(name="Catalog admin", theme=Bootstrap4Theme())
admin.add_link(MenuLink(name="View site", url="/products/"))


@event.listens_for(Engine, "connect")
def configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    """Set up each new SQLite connection for concurrent writers; skip other engines."""
    # Django takes these as database OPTIONS; SQLAlchemy needs its event hooks.
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Stop pysqlite sending its own BEGIN, so start_sqlite_transaction sends ours.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Readers no longer block the writer, nor the writer the readers.
    cursor.execute("PRAGMA journal_mode=WAL")
    # Wait up to 20 s for another writer's lock instead of failing at once.
    cursor.execute("PRAGMA busy_timeout=20000")
    # SQLite ignores foreign keys unless asked: ON DELETE SET NULL and CASCADE apply.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# Requests with these methods only read, so their transactions need no write lock.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@event.listens_for(Engine, "begin")
def start_sqlite_transaction(connection: Connection) -> None:
    """Begin SQLite transactions that may write with the write lock held."""
    if connection.dialect.name != "sqlite":
        return
    # A deferred BEGIN that reads, then writes, gets "locked" without waiting; so a
    # request that may write (and any CLI command) takes the lock up front, like
    # Django's atomic() with transaction_mode IMMEDIATE, while reads stay concurrent.
    if has_request_context() and request.method in READ_ONLY_METHODS:
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
