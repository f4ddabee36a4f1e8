"""The error pages Django does not render from a template by itself: CSRF and 405.

Django's default 403, 404 and 500 views already render templates/403.html,
404.html and 500.html (api.errors keeps /api/ in JSON).
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseNotAllowed
from django.shortcuts import render

from api.errors import is_api_path


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
