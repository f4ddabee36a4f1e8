"""Extension objects, created unbound and attached to the app by create_app."""

from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
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


# Objects keep their loaded values after a commit, as Django's model instances do,
# so a view that saves a product can answer with it without loading it again. Each
# request has its own session, removed when it ends, so nothing outlives the request.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
# The server-side cache of visitors' reads (catalog/caching.py); config.cache_config.
cache = Cache()
limiter = Limiter(get_remote_address)
csrf = CSRFProtect()

# Flask-Login plays the part of django.contrib.auth's sessions and login_required.
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
