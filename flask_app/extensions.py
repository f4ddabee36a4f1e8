"""Extension objects, created unbound and attached to the app by create_app."""

import sqlite3
from typing import Any

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


db = SQLAlchemy(model_class=Base)
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
def enable_sqlite_foreign_keys(dbapi_connection: Any, connection_record: Any) -> None:
    """Turn foreign keys on for SQLite, so ON DELETE SET NULL and CASCADE apply."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
