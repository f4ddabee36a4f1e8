"""Production hardening beside the core: create_app binds it with init_app(app).

One concern a module, each with its own init_app; with HARDENING off create_app
skips this, and the decorators the core uses from here pass every request through.
"""

from flask import Flask

from flask_app.hardening import admin
from flask_app.hardening import caching
from flask_app.hardening import concurrency
from flask_app.hardening import outages
from flask_app.hardening import proxies
from flask_app.hardening import security_headers
from flask_app.hardening import sign_in_limit
from flask_app.hardening import strict_input


def init_app(app: Flask) -> None:
    """Bind every hardening concern to app, before its blueprints are registered."""
    # Its templates come before Flask-Admin's, whose views register blueprints too.
    admin.init_app(app)
    proxies.init_app(app)
    strict_input.init_app(app)
    outages.init_app(app)
    sign_in_limit.init_app(app)
    caching.init_app(app)
    concurrency.init_app(app)
    security_headers.init_app(app)
