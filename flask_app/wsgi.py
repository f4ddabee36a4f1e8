"""The WSGI entry point for gunicorn: gunicorn flask_app.wsgi:app."""

from flask_app import create_app

app = create_app()
