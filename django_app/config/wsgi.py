"""WSGI entry point: `gunicorn config.wsgi` from django_app/."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# gunicorn's exit status for an app that cannot load: its master then stops.
APP_LOAD_ERROR = 4

try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # One line says what to set; a traceback per worker would bury it.
    print(f"ImproperlyConfigured: {error}", file=sys.stderr)
    sys.exit(APP_LOAD_ERROR)
