"""User accounts: the user model, the account pages and the create-user command."""

from flask import Blueprint

bp = Blueprint(
    "accounts", __name__, url_prefix="/accounts", template_folder="templates"
)

# Imported after bp exists: the views attach themselves to it.
from flask_app.accounts import views  # noqa: E402, F401
