"""Answers while the database is away: 503, as a page or as a problem under /api/.

The app recovers by itself: Flask-SQLAlchemy's pool makes a new connection on the
next checkout once the server is back.
"""

from flask import Flask
from flask import Response
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import InterfaceError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import ServiceUnavailable


def handle_database_unavailable(error: OperationalError | InterfaceError) -> Response:
    """Answer 503 while the database cannot be reached."""
    from flask_app.api.errors import http_problem
    from flask_app.api.errors import is_api_request

    current_app.logger.error("The database is unreachable: %s", error.orig)
    unavailable = ServiceUnavailable(_("The service is temporarily unavailable."))
    if is_api_request():
        return http_problem(unavailable)
    # Not render_template: Flask-Login's context processor would load the signed-in
    # user from the database. The page needs none of the context processors.
    page = current_app.jinja_env.get_template("503.html").render(error=unavailable)
    return Response(page, status=503, mimetype="text/html")


def init_app(app: Flask) -> None:
    """Answer 503 on app while the database refuses or drops connections."""
    # psycopg's OperationalError, or InterfaceError once a connection is closed.
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
