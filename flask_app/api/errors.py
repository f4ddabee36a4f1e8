"""JSON error responses for everything under /api/, whatever raised them."""

from flask import Response
from flask import current_app
from flask import request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from flask_app.api import bp


def is_api_request() -> bool:
    """Return whether the request's path is under the API's URL prefix."""
    return request.path == bp.url_prefix or request.path.startswith(f"{bp.url_prefix}/")


@bp.errorhandler(ValidationError)
def handle_validation_error(error: ValidationError) -> tuple[dict, int]:
    """Answer 400 with one list of messages per invalid field or parameter."""
    return error.normalized_messages(), 400


# The two below are called by flask_app.errors, which registers them on the app:
# routing errors (unknown /api/ path, wrong method) happen before any blueprint is
# chosen, and the pages outside /api/ answer in HTML instead.


def http_error_response(error: HTTPException) -> Response:
    """Answer an HTTP error as {"detail": ...}, keeping its headers."""
    response = error.get_response()
    # The body jsonify writes (compact), with the error's own headers (Allow...).
    response.data = current_app.json.response({"detail": error.description}).data
    response.content_type = "application/json"
    if error.code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def server_error_response(error: Exception) -> tuple[dict, int]:
    """Answer an unexpected error as a JSON 500, without a traceback."""
    current_app.log_exception((type(error), error, error.__traceback__))
    return {"detail": "A server error occurred."}, 500
