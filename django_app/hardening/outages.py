"""Answers while the database is unreachable, and the check that it is reachable.

Pages answer with the 503 page, the API with a 503 problem; Django closes the broken
connection at the end of the request and opens a new one for the next, so the app
recovers by itself when the database is back. manage.py's commands that need the
database stop with one line naming DATABASE_URL (without its password).
"""

import logging
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error
from django.core.management.base import CommandError
from django.db import InterfaceError
from django.db import OperationalError
from django.db import connections
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from api import errors

# Connection refused or dropped: psycopg's OperationalError, or InterfaceError
# once Django's connection is closed (it opens a new one for the next request).
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)

logger = logging.getLogger("django.request")


class DatabaseUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The service is temporarily unavailable.")
    default_code = "database_unavailable"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """Answer 503 for an unreachable database, else as the API's own handler."""
    if isinstance(exc, DATABASE_UNREACHABLE):
        logger.error("The database is unreachable: %s", exc)
        exc = DatabaseUnavailable()
    return errors.exception_handler(exc, context)


class DatabaseUnavailableMiddleware:
    """Answer with a 503 while the database cannot be reached, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNREACHABLE):
            return None
        logger.error("The database is unreachable: %s", exception)
        if errors.is_api_request(request):
            return errors.problem_response(503, str(DatabaseUnavailable.default_detail))
        return render(request, "503.html", status=503)


def without_password(url: str) -> str:
    """Return url with its password, if any, replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def database_is_reachable(
    app_configs: Sequence[AppConfig] | None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[Error]:
    """Stop a command that needs a database that cannot be reached, in one line.

    A system check, so that migrate, check and runserver run it first; it raises
    rather than returning an Error, which Django would frame in a block of headings.
    """
    for alias in databases or []:
        try:
            connections[alias].ensure_connection()
        except OperationalError as error:
            reason = str(error).splitlines()[0]
            url = without_password(settings.DATABASE_URL)
            raise CommandError(
                f"The database at {url} cannot be reached (DATABASE_URL): {reason}"
            ) from None
    return []
