"""The product catalogue: the product model, its pages and the demo data command."""

from flask import Blueprint

bp = Blueprint("catalog", __name__, url_prefix="/products", template_folder="templates")

# Imported after bp exists: the views attach themselves to it.
from flask_app.catalog import views  # noqa: E402, F401
