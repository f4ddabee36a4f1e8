"""WSGI entry point: `gunicorn config.wsgi` from django_app/."""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# gunicorn's exit status for an app that cannot load: its master then stops.
APP_LOAD_ERROR = 4


def unmigrated_database_warning() -> str | None:
    """Return one line if the database is missing or has no tables, else None."""
    from django.db import DatabaseError
    from django.db import connection

    name = connection.settings_dict["NAME"]
    # Connecting would create a missing SQLite file: look for it first.
    path = name if connection.vendor == "sqlite" else None
    if path and path != ":memory:" and not Path(path).exists():
        return f"the database file {path} does not exist"
    try:
        migrated = "catalog_product" in connection.introspection.table_names()
    except DatabaseError:
        return None  # unreachable: each request says so with a 503
    finally:
        connection.close()
    if not migrated:
        return f"the database {name} on {connection.vendor} has no tables"
    return None


try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # One line says what to set; a traceback per worker would bury it.
    print(f"ImproperlyConfigured: {error}", file=sys.stderr)
    sys.exit(APP_LOAD_ERROR)

if warning := unmigrated_database_warning():
    # Every page would be a 503 with nothing to say why: say it once, at start.
    print(
        f"Warning: {warning}: migrate it (python django_app/manage.py migrate, or "
        "make migrate-django) with the same DATABASE_URL",
        file=sys.stderr,
    )
