"""Error answers outside the API's views: problem details under /api/, else pages.

Django's default views render templates/403.html and 404.html; 500.html is rendered
here, with the footer's languages.
"""

from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import context_processors
from django.template import loader
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from api.errors import is_api_request
from api.errors import problem_response


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer a request Django refused (a disallowed host)."""
    if is_api_request(request):
        return problem_response(400, gettext("The request was refused."))
    return defaults.bad_request(request, exception)


@csrf_exempt
def handler404(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """Answer an unknown path."""
    if is_api_request(request):
        return problem_response(404, gettext("Not found."))
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """Answer an unexpected error."""
    if is_api_request(request):
        return problem_response(500, gettext("A server error occurred."))
    # As Django's server_error, without the context processors (the error may be
    # the database's, which the user and the messages need), but with the language
    # switcher's LANGUAGES and the page's path.
    template = loader.get_template(defaults.ERROR_500_TEMPLATE_NAME)
    context = {"request": request, **context_processors.i18n(request)}
    return HttpResponseServerError(template.render(context))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Answer a POST without a valid CSRF token with the 403 page."""
    return render(request, "403.html", status=403)
