"""Content-Security-Policy and never-cache headers, and the client's address.

Django 5.2 has no CSP middleware (6.0 adds one, reading a SECURE_CSP setting); this
reads a setting of the same name, so the upgrade is a change of middleware path.
Flask's twin is flask_app/security.py.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers


def policy_header(directives: dict[str, list[str]]) -> str:
    """Return a Content-Security-Policy header value from its directives."""
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in directives.items()
    )


class ContentSecurityPolicyMiddleware:
    """Send settings.SECURE_CSP as the Content-Security-Policy of every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = policy_header(settings.SECURE_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


def csp_override(directives: dict[str, list[str]]) -> Callable:
    """Return a view decorator that sends this policy instead (Django 6.0's name)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped_view(*args, **kwargs) -> HttpResponse:
            response = view(*args, **kwargs)
            response.headers["Content-Security-Policy"] = policy_header(directives)
            return response

        return wrapped_view

    return decorator


class ForwardedForMiddleware:
    """Set REMOTE_ADDR to the client's address, as settings.TRUSTED_PROXIES allows.

    Each trusted proxy appends the address it got the request from to
    X-Forwarded-For, so the client's is the N-th from the right; anything further
    left was sent by the client and proves nothing. Werkzeug's ProxyFix(x_for=N)
    does the same for Flask. Too few addresses: REMOTE_ADDR stays the peer's.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted = settings.TRUSTED_PROXIES
        if trusted and (forwarded := request.META.get("HTTP_X_FORWARDED_FOR")):
            addresses = [part.strip() for part in forwarded.split(",")]
            addresses = [address for address in addresses if address]
            if len(addresses) >= trusted:
                request.META["REMOTE_ADDR"] = addresses[-trusted]
        return self.get_response(request)


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
