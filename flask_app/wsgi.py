"""The WSGI entry point for gunicorn: gunicorn flask_app.wsgi:app."""

import sys

from flask_app import create_app
from flask_app.config import ConfigurationError

# gunicorn's exit status for an app that cannot load: its master then stops.
APP_LOAD_ERROR = 4

try:
    app = create_app()
except ConfigurationError as error:
    # One line says what to set; a traceback per worker would bury it.
    print(f"Error: {error.format_message()}", file=sys.stderr)
    sys.exit(APP_LOAD_ERROR)
