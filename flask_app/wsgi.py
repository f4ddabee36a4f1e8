"""The WSGI entry point for gunicorn: gunicorn flask_app.wsgi:app."""

import sys
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from flask_app import create_app
from flask_app.config import ConfigurationError
from flask_app.config import check
from flask_app.extensions import db

# gunicorn's exit status for an app that cannot load: its master then stops.
APP_LOAD_ERROR = 4


def unmigrated_database_warning() -> str | None:
    """Return one line if the database is missing or has no tables, else None."""
    url = db.engine.url
    # Connecting would create a missing SQLite file: look for it first.
    path = url.database if url.get_backend_name() == "sqlite" else None
    if path and path != ":memory:" and not Path(path).exists():
        return f"the database file {path} does not exist"
    try:
        migrated = inspect(db.engine).has_table("product")
    except SQLAlchemyError:
        return None  # unreachable: each request says so with a 503
    finally:
        db.engine.dispose()  # no connection inherited by gunicorn's worker
    if not migrated:
        return f"the database {url.render_as_string(hide_password=True)} has no tables"
    return None


try:
    app = create_app()
    # The server refuses to start without a secret key (the CLI's commands, which
    # sign nothing, run without one, so flask --help lists them all).
    check(app.config)
except ConfigurationError as error:
    # One line says what to set; a traceback per worker would bury it.
    print(f"Error: {error.format_message()}", file=sys.stderr)
    sys.exit(APP_LOAD_ERROR)

with app.app_context():
    if warning := unmigrated_database_warning():
        # Every page would be a 503 with nothing to say why: say it once, at start.
        print(
            f"Warning: {warning}: migrate it (flask --app flask_app db upgrade, "
            "or make migrate-flask) with the same DATABASE_URL",
            file=sys.stderr,
        )
