"""Error responses outside the API's views: JSON under /api/, pages elsewhere.

Django's default 403, 404 and 500 views render templates/403.html, 404.html and
500.html; the handlers below keep /api/ in JSON (Flask's twin: flask_app/errors.py).
CSRF failures, 405 and 503 have no page of Django's, so they get one here.
"""

import logging
from collections.abc import Callable

from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseNotAllowed
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from api.errors import DATABASE_UNREACHABLE
from api.errors import is_api_request

logger = logging.getLogger("django.request")


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer a request Django refused (a disallowed host): JSON under /api/."""
    if is_api_request(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


@csrf_exempt
def handler404(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """Answer an unknown path: JSON under /api/, the 404 page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """Answer an unexpected error: JSON under /api/, the 500 page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": "A server error occurred."}, status=500)
    return defaults.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Answer a POST without a valid CSRF token with the 403 page."""
    return render(request, "403.html", status=403)


def method_not_allowed_page(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Return a middleware that renders the 405 page outside /api/."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not is_api_request(request):
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
