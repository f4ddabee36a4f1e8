"""Content-Security-Policy on every answer, and never-cache on signed-in pages.

Django 5.2 has no CSP middleware; 6.0 adds one, with a SECURE_CSP setting and a
csp_override decorator that POLICY and csp_update then become.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

# No inline script or style, nothing from another origin (shared_spec/security.md);
# the admin needs no allowance.
POLICY = {
    "default-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
}


# Django's technical 404 and 500 pages, shown with DEBUG on only, style (and script)
# themselves inline: the site's policy would show them unstyled.
DEBUG_PAGE_POLICY = {
    **POLICY,
    "style-src": ["'self'", "'unsafe-inline'"],
    "script-src": ["'self'", "'unsafe-inline'"],
}


def policy_header(directives: dict[str, list[str]]) -> str:
    """Return a Content-Security-Policy header value from its directives."""
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in directives.items()
    )


class ContentSecurityPolicyMiddleware:
    """Send the site's policy as the Content-Security-Policy of every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = policy_header(POLICY)
        self.debug_page_policy = policy_header(DEBUG_PAGE_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        debug_page = (
            settings.DEBUG
            and response.status_code in {404, 500}
            and response.get("Content-Type", "").startswith("text/html")
        )
        policy = self.debug_page_policy if debug_page else self.policy
        response.headers.setdefault("Content-Security-Policy", policy)
        return response


def csp_update(
    directives: dict[str, list[str]],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Return a view decorator that sends the site's policy with these directives."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped_view(*args: Any, **kwargs: Any) -> HttpResponse:
            response = view(*args, **kwargs)
            if settings.HARDENING:
                header = policy_header({**POLICY, **directives})
                response.headers["Content-Security-Policy"] = header
            return response

        return wrapped_view

    return decorator


def never_cache_signed_in_pages(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Return a middleware that keeps pages for a signed-in user out of caches."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        # Pages only: the API answers bearer tokens, static files are the same for
        # everyone, and a 5xx page may be answering for a database that is down.
        if (
            response.get("Content-Type", "").startswith("text/html")
            and response.status_code < 500
            and request.user.is_authenticated
        ):
            add_never_cache_headers(response)
        return response

    return middleware
