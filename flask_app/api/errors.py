"""RFC 9457 problem details for every error under /api/, whatever raised them."""

from typing import Any

from flask import Response
from flask import jsonify
from flask import request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from flask_app.api import bp

# The one problem type beyond about:blank: a 400 naming invalid fields or parameters.
VALIDATION_ERROR = "tag:catalog-twin.example,2026:validation-error"


def is_api_request() -> bool:
    """Return whether the request's path is under the API's URL prefix."""
    return request.path == bp.url_prefix or request.path.startswith(f"{bp.url_prefix}/")


def problem(status: int, detail: str, **extra: Any) -> Response:
    """Return an application/problem+json answer; extra adds or replaces members."""
    body = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES[status],
        "status": status,
        "detail": detail,
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
        "The request has invalid fields or parameters.",
        type=VALIDATION_ERROR,
        title="Invalid fields",
        errors=error.normalized_messages(),
    )
