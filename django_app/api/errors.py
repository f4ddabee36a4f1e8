"""Error responses of the API, in the contract's shapes, also with DEBUG on."""

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError
from django.db import OperationalError
from django.http import HttpRequest
from django.utils.log import log_response
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than 1 MiB."
    default_code = "payload_too_large"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The product has changed since the version If-Match names."
    default_code = "precondition_failed"


class DatabaseUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The service is temporarily unavailable."
    default_code = "database_unavailable"


# Connection refused or dropped: psycopg's OperationalError, or InterfaceError
# once Django's connection is closed (it opens a new one for the next request).
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)

logger = logging.getLogger("django.request")


def exception_handler(exc: Exception, context: dict) -> Response:
    """Render any exception raised in an API view as JSON."""
    # Django reports an oversized body as a SuspiciousOperation, which is a 400.
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, DATABASE_UNREACHABLE):
        logger.error("The database is unreachable: %s", exc)
        exc = DatabaseUnavailable()
    response = drf_exception_handler(exc, context)
    if response is None:
        # Django's own 500 page would be HTML (a traceback with DEBUG on).
        response = Response(
            {"detail": "A server error occurred."},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
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
    return response


def is_api_request(request: HttpRequest) -> bool:
    """Tell whether the request is for the JSON API."""
    return request.path.startswith("/api/")
