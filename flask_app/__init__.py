"""The Flask half of the catalog twin: create_app builds the application."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask import redirect
from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from flask_app import config as settings
from flask_app.database import init_database
from flask_app.extensions import csrf
from flask_app.extensions import db
from flask_app.extensions import login_manager
from flask_app.extensions import migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_conditional(response: Response) -> Response:
    """Tag a successful GET or HEAD answer, and answer 304 if the client has it."""
    if (
        request.method not in {"GET", "HEAD"}
        or response.status_code != 200
        # Static files are tagged and made conditional by send_file already.
        or response.direct_passthrough
        or response.cache_control.no_store
        # If-Match is for writes; Werkzeug would answer a read with 412.
        or "If-Match" in request.headers
    ):
        return response
    response.add_etag()
    return response.make_conditional(request)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app from defaults, then the environment, then config (tests)."""
    # The shared stylesheet is served as it is, at /static/catalog.css.
    app = Flask(
        __name__,
        static_folder=settings.SHARED_SPEC_DIR / "static",
        static_url_path="/static",
    )
    # "/api/products//" is no path of the app's (a 404), not "/api/products/" (308).
    app.url_map.merge_slashes = False
    app.config.from_mapping(settings.DEFAULTS)
    app.config.from_mapping(settings.from_environ(os.environ))
    if config is not None:
        app.config.from_mapping(config)

    if app.config["SQLALCHEMY_DATABASE_URI"] == settings.DEFAULT_DATABASE_URI:
        # The default SQLite file's folder, as flaskr makes its instance folder.
        settings.DEFAULT_DATABASE_PATH.parent.mkdir(exist_ok=True)
    init_database(app)
    # Batch mode lets Alembic alter SQLite tables by copying them.
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    # Registered first, so run last: it sees the headers every other hook sets.
    app.after_request(make_conditional)
    from flask_app import i18n

    # English and Spanish: Flask-Babel, the language switcher, Content-Language.
    i18n.init_app(app)
    if app.config["HARDENING"]:
        from flask_app import hardening

        hardening.init_app(app)

    from flask_app import accounts
    from flask_app import api
    from flask_app import catalog
    from flask_app.admin import init_admin
    from flask_app.errors import register_error_handlers

    app.register_blueprint(accounts.bp)
    app.register_blueprint(catalog.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(api.swagger_ui)
    # Browsers ask for /favicon.ico wherever no page names an icon (the JSON API).
    app.add_url_rule(
        "/favicon.ico", endpoint="favicon", redirect_to="/static/favicon.svg"
    )
    # The API authenticates with bearer tokens, not cookies: no CSRF to fear.
    csrf.exempt(api.bp)
    register_error_handlers(app)
    init_admin(app)

    @app.get("/")
    def index() -> Response:
        """Send visitors to the product list."""
        return redirect(url_for("catalog.product_list"))

    from flask_app.accounts.commands import create_user_command
    from flask_app.catalog.commands import catalog_status_command
    from flask_app.catalog.commands import seed_demo_command

    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(catalog_status_command)

    return app
