"""The JSON API blueprint, mounted under /api/."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

# Imported after bp exists: these modules attach their views and hooks to it.
from flask_app.api import authentication  # noqa: E402, F401
from flask_app.api import errors  # noqa: E402, F401
from flask_app.api import views  # noqa: E402, F401
