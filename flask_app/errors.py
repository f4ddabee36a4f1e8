"""Error handlers: problem details under /api/, friendly pages elsewhere."""

import sys

from flask import Flask
from flask import Response
from flask import current_app
from flask import make_response
from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import Forbidden
from werkzeug.exceptions import HTTPException

from flask_app.api.errors import http_problem
from flask_app.api.errors import is_api_request
from flask_app.api.errors import problem

# The statuses with a page of their own: templates/403.html and so on.
ERROR_PAGES = frozenset({403, 404, 405, 500})


def handle_http_exception(error: HTTPException) -> HTTPException | Response:
    """Answer an HTTP error as a problem under /api/, else with its page if any."""
    if is_api_request():
        return http_problem(error)
    if error.code not in ERROR_PAGES:
        return error
    # The page, with the error's own headers, such as Allow on a 405.
    return make_response(
        render_template(f"{error.code}.html", error=error),
        error.code,
        error.get_headers(),
    )


def handle_csrf_error(error: CSRFError) -> HTTPException | Response:
    """Refuse a form sent without a valid CSRF token with the 403 page."""
    # A forged form is forbidden, not malformed: 403, not Flask-WTF's 400.
    return handle_http_exception(Forbidden(error.description))


def handle_unexpected_error(error: Exception) -> Response:
    """Answer an unexpected error under /api/ as a problem, even in debug mode."""
    if not is_api_request():
        # Flask then logs it and answers with the 500 page (the debugger in DEBUG).
        raise error
    # Flask calls this handler from its except block: sys.exc_info() is error's.
    current_app.log_exception(sys.exc_info())
    return problem(500, _("A server error occurred."))


def register_error_handlers(app: Flask) -> None:
    """Register the handlers above on app, so they also see routing errors."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(Exception, handle_unexpected_error)
