"""RFC 9457 problem details for every error under /api/, whatever raised them."""

from typing import Any

from flask import Response
from flask import jsonify
from flask import request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from flask_app.api import bp
from flask_app.api.messages import translate
from flask_app.api.messages import translate_all

# The one problem type beyond about:blank: a 400 naming invalid fields or parameters.
VALIDATION_ERROR = "tag:catalog-twin.example,2026:validation-error"
INVALID_FIELDS = _l("Invalid fields")

# The titles of the statuses the API answers with: Werkzeug's reason phrases
# (HTTP_STATUS_CODES, the title of any other status), in the request's language.
TITLES = {
    400: _l("Bad Request"),
    401: _l("Unauthorized"),
    403: _l("Forbidden"),
    404: _l("Not Found"),
    405: _l("Method Not Allowed"),
    412: _l("Precondition Failed"),
    413: _l("Request Entity Too Large"),
    415: _l("Unsupported Media Type"),
    429: _l("Too Many Requests"),
    500: _l("Internal Server Error"),
    503: _l("Service Unavailable"),
}


def is_api_request() -> bool:
    """Return whether the request's path is under the API's URL prefix."""
    return request.path == bp.url_prefix or request.path.startswith(f"{bp.url_prefix}/")


def problem(
    status: int, detail: str, *, title: str | None = None, **extra: Any
) -> Response:
    """Return an application/problem+json answer; extra adds or replaces members.

    The title (the status's by default) and the detail, each a lazy string or a
    message of the catalogue's, are written in the request's language.
    """
    body = {
        "type": "about:blank",
        "title": translate(title or TITLES.get(status) or HTTP_STATUS_CODES[status]),
        "status": status,
        "detail": translate(detail),
        **extra,
    }
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def http_problem(error: HTTPException) -> Response:
    """Return an HTTP error as a problem, with its headers (Allow...)."""
    response = problem(error.code or 500, error.description or error.name)
    for name, value in error.get_headers():
        if name != "Content-Type":
            response.headers[name] = value
    if error.code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@bp.errorhandler(ValidationError)
def handle_validation_error(error: ValidationError) -> Response:
    """Answer 400 with one list of messages per invalid field or parameter."""
    return problem(
        400,
        _l("The request has invalid fields or parameters."),
        type=VALIDATION_ERROR,
        title=INVALID_FIELDS,
        # Most are text in the request's language already; a lazy one becomes so.
        errors=translate_all(error.normalized_messages()),
    )
