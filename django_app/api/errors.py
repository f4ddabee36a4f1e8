"""Every error of the API as RFC 9457 problem details, also with DEBUG on."""

from http import HTTPStatus
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.http import JsonResponse
from django.utils.log import log_response
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_JSON = "application/problem+json"
# The one problem type beyond about:blank: a 400 naming invalid fields or parameters.
VALIDATION_ERROR = "tag:catalog-twin.example,2026:validation-error"
# The title of each status the API answers with, in the request's language: the
# phrases of Python's HTTPStatus (and Werkzeug's, on Flask), which are English only.
TITLES = {
    400: _("Bad Request"),
    401: _("Unauthorized"),
    403: _("Forbidden"),
    404: _("Not Found"),
    405: _("Method Not Allowed"),
    412: _("Precondition Failed"),
    413: _("Request Entity Too Large"),
    415: _("Unsupported Media Type"),
    429: _("Too Many Requests"),
    500: _("Internal Server Error"),
    503: _("Service Unavailable"),
}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is larger than 1 MiB.")
    default_code = "payload_too_large"


def title(status_code: int) -> str:
    """Return the title of a status, in the active language if TITLES has it."""
    return str(TITLES.get(status_code, HTTPStatus(status_code).phrase))


def problem(status_code: int, detail: str) -> dict[str, Any]:
    """Return the problem details of an error that names no field."""
    return {
        "type": "about:blank",
        "title": title(status_code),
        "status": status_code,
        "detail": detail,
    }


def invalid_fields(error: ValidationError) -> dict[str, Any]:
    """Return the problem details of a 400 for invalid fields or query parameters."""
    errors = error.detail
    if not isinstance(errors, dict):
        errors = {api_settings.NON_FIELD_ERRORS_KEY: errors}
    return {
        "type": VALIDATION_ERROR,
        "title": gettext("Invalid fields"),
        "status": status.HTTP_400_BAD_REQUEST,
        "detail": str(ValidationError.default_detail),
        "errors": {
            field: [str(message) for message in messages]
            for field, messages in errors.items()
        },
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """Render any exception raised in an API view as problem details."""
    # Django reports an oversized body as a SuspiciousOperation, which is a 400.
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        # Django's own 500 page would be HTML (a traceback with DEBUG on).
        response = Response(
            problem(500, gettext("A server error occurred.")), status=500
        )
        request = context["request"]
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exc,
        )
    elif isinstance(exc, ValidationError):
        response.data = invalid_fields(exc)
    else:
        response.data = problem(response.status_code, str(response.data["detail"]))
    response.content_type = PROBLEM_JSON
    return response


def problem_response(status_code: int, detail: str) -> JsonResponse:
    """Return problem details from a plain Django view (outside DRF's)."""
    return JsonResponse(
        problem(status_code, detail), status=status_code, content_type=PROBLEM_JSON
    )


def is_api_request(request: HttpRequest) -> bool:
    """Tell whether the request is for the JSON API."""
    return request.path.startswith("/api/")
