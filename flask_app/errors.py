"""Error handlers for the whole app: JSON under /api/, friendly pages elsewhere."""

from flask import Flask
from flask import Response
from flask import current_app
from flask import render_template
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import Forbidden
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import ServiceUnavailable

from flask_app.accounts.throttling import retry_after_seconds
from flask_app.api.errors import http_error_response
from flask_app.api.errors import is_api_request
from flask_app.api.errors import server_error_response

# The statuses with a page of their own: templates/403.html and so on. The 503 page
# is rendered by handle_database_unavailable alone, without the context processors.
ERROR_PAGES = frozenset({403, 404, 405, 429, 500})


def error_page(error: HTTPException) -> Response:
    """Return the page of an HTTP error, keeping the headers Werkzeug gives it."""
    # Werkzeug's own response carries the headers, such as Allow on a 405.
    response = error.get_response()
    response.set_data(render_template(f"{error.code}.html", error=error))
    response.mimetype = "text/html"
    return response


def handle_http_exception(error: HTTPException) -> HTTPException | Response:
    """Answer an HTTP error as JSON under /api/, else with its page if it has one."""
    if is_api_request():
        return http_error_response(error)
    if error.code not in ERROR_PAGES:
        return error
    return error_page(error)


def handle_rate_limit_exceeded(error: RateLimitExceeded) -> Response:
    """Refuse a locked-out sign-in with 429 and the seconds left in its window."""
    response = http_error_response(error) if is_api_request() else error_page(error)
    # Flask-Limiter sends Retry-After only with all its X-RateLimit-* headers.
    response.headers["Retry-After"] = str(retry_after_seconds())
    return response


def handle_csrf_error(error: CSRFError) -> HTTPException | Response:
    """Refuse a form sent without a valid CSRF token with the 403 page."""
    # Flask-WTF answers 400; Django, and so the contract, answer 403.
    return handle_http_exception(Forbidden(error.description))


def handle_database_unavailable(
    error: OperationalError | InterfaceError,
) -> HTTPException | Response:
    """Answer 503 while the database cannot be reached; the app recovers by itself."""
    current_app.logger.error("The database is unreachable: %s", error.orig)
    unavailable = ServiceUnavailable("The service is temporarily unavailable.")
    if is_api_request():
        return http_error_response(unavailable)
    # Not render_template: Flask-Login's context processor would load the signed-in
    # user from the database. The page needs none of the context processors.
    page = current_app.jinja_env.get_template("503.html").render(error=unavailable)
    return Response(page, status=503, mimetype="text/html")


def handle_unexpected_error(error: Exception) -> tuple[dict, int]:
    """Answer an unexpected error under /api/ as JSON, even with DEBUG on."""
    if not is_api_request():
        # Flask then logs it and answers with the 500 page (the debugger in DEBUG).
        raise error
    return server_error_response(error)


def register_error_handlers(app: Flask) -> None:
    """Register the handlers above on app, so they also see routing errors."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(RateLimitExceeded, handle_rate_limit_exceeded)
    app.register_error_handler(CSRFError, handle_csrf_error)
    # Connection refused or dropped: psycopg's OperationalError, or InterfaceError
    # once a connection is closed (the next checkout makes a new one).
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected_error)
