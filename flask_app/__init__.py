"""The Flask half of the catalog twin: create_app builds the application."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask import redirect
from flask import url_for
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from flask_app import config as settings
from flask_app.caching import init_caching
from flask_app.database import init_database
from flask_app.extensions import csrf
from flask_app.extensions import db
from flask_app.extensions import limiter
from flask_app.extensions import login_manager
from flask_app.extensions import migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app from defaults, then the environment, then config (tests)."""
    # The shared stylesheet is served as it is, at /static/catalog.css.
    app = Flask(
        __name__,
        static_folder=settings.SHARED_SPEC_DIR / "static",
        static_url_path="/static",
    )
    app.config.from_mapping(settings.DEFAULTS)
    app.config.from_mapping(settings.from_environ(os.environ))
    if config is not None:
        app.config.from_mapping(config)
    if not app.config["SECRET_KEY"]:
        raise settings.ConfigurationError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable, "
            "or DEBUG=1 to use a development key."
        )
    # Keep JSON keys in the order the schemas declare them, and compact even with
    # DEBUG on, as DRF writes JSON.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.compact = True  # type: ignore[attr-defined]
    # TLS ends at one reverse proxy: trust its X-Forwarded-Proto for is_secure, as
    # Django's SECURE_PROXY_SSL_HEADER does. X-Forwarded-For only as far as
    # TRUSTED_PROXIES says: the address the nearest trusted proxy saw, which a
    # client cannot forge to escape the sign-in limit (config/security.py in Django).
    app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
        app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=1
    )

    if app.config["SQLALCHEMY_DATABASE_URI"] == settings.DEFAULT_DATABASE_URI:
        # The default SQLite file's folder, as flaskr makes its instance folder.
        settings.DEFAULT_DATABASE_PATH.parent.mkdir(exist_ok=True)
    init_database(app)
    # Batch mode lets Alembic alter SQLite tables by copying them.
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    limiter.init_app(app)
    init_caching(app)
    login_manager.init_app(app)
    csrf.init_app(app)

    from flask_app import accounts
    from flask_app import api
    from flask_app import catalog
    from flask_app.errors import register_error_handlers
    from flask_app.security import set_security_headers

    app.register_blueprint(accounts.bp)
    app.register_blueprint(catalog.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(api.swagger_ui)
    # The API authenticates with bearer tokens, not cookies: no CSRF to fear.
    csrf.exempt(api.bp)
    register_error_handlers(app)
    app.after_request(set_security_headers)

    @app.get("/")
    def index() -> Response:
        """Send visitors to the product list."""
        return redirect(url_for("catalog.product_list"))

    from flask_app.admin import init_admin

    init_admin(app)

    from flask_app.accounts.commands import create_user_command
    from flask_app.catalog.commands import seed_demo_command

    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)

    return app
