"""The error pages Django does not render from a template by itself: CSRF, 405, 503.

Django's default 403, 404 and 500 views already render templates/403.html,
404.html and 500.html (api.errors keeps /api/ in JSON).
"""

import logging
from collections.abc import Callable

from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseNotAllowed
from django.shortcuts import render

from api.errors import DATABASE_UNREACHABLE
from api.errors import is_api_path

logger = logging.getLogger("django.request")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Answer a POST without a valid CSRF token with the 403 page."""
    return render(request, "403.html", status=403)


def method_not_allowed_page(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Return a middleware that renders the 405 page outside /api/."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not is_api_path(request):
            page = render(request, "405.html", status=405)
            page["Allow"] = response["Allow"]
            return page
        return response

    return middleware


class DatabaseUnavailableMiddleware:
    """Answer a page with the 503 page while the database cannot be reached.

    The API's views answer their own 503 in JSON (api.errors.exception_handler).
    Django closes the broken connection at the end of the request and opens a new
    one for the next, so the app recovers by itself when the database is back.
    """

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
        return render(request, "503.html", status=503)
