"""The JSON API blueprint, mounted under /api/."""

from importlib.resources import files

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api", template_folder="templates")

# Swagger UI's files, as Flask-Swagger-UI ships them, at /static/swagger-ui/ for the
# docs page (api/docs.html).
swagger_ui = Blueprint(
    "swagger_ui",
    __name__,
    static_folder=str(files("flask_swagger_ui") / "dist"),
    static_url_path="/static/swagger-ui",
)

# Imported after bp exists: these modules attach their views and hooks to it.
from flask_app.api import authentication  # noqa: E402, F401
from flask_app.api import errors  # noqa: E402, F401
from flask_app.api import views  # noqa: E402, F401
