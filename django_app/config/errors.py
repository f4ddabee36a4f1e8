"""Error answers outside the API's views: problem details under /api/, else pages.

Django's default views render templates/403.html, 404.html and 500.html.
"""

from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from api.errors import is_api_request
from api.errors import problem_response


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer a request Django refused (a disallowed host)."""
    if is_api_request(request):
        return problem_response(400, "The request was refused.")
    return defaults.bad_request(request, exception)


@csrf_exempt
def handler404(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """Answer an unknown path."""
    if is_api_request(request):
        return problem_response(404, "Not found.")
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """Answer an unexpected error."""
    if is_api_request(request):
        return problem_response(500, "A server error occurred.")
    return defaults.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Answer a POST without a valid CSRF token with the 403 page."""
    return render(request, "403.html", status=403)
