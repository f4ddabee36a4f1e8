"""Extension objects, created unbound and attached to the app by create_app."""

from typing import TYPE_CHECKING

import flask_sqlalchemy.model
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
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


# A view can answer with the product it just saved without loading it again.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})

# The models' base class: db.Model, which Flask-SQLAlchemy builds at run time from
# Base's body and its own Model (the query property, the bind key). mypy takes no
# attribute as a base class (python/mypy#8603), so it is shown what db.Model is: a
# declarative base with Flask-SQLAlchemy's Model mixed in.
if TYPE_CHECKING:

    class Model(flask_sqlalchemy.model.Model, Base):
        """db.Model, as mypy sees it."""

else:
    Model = db.Model

babel = Babel()
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
