"""The brute-force limit on signing in, for the login form and the API's tokens.

Failed sign-ins are counted per (client address, username) in a fixed window, from
Django's user_login_failed signal, which authenticate() sends for the form and the API
alike; once a pair has failed MAX_FAILURES times, both answer 429 with Retry-After
until the window ends. DRF's own throttles count every request, not failures.
"""

import hashlib
import logging
import math
import time
from typing import TYPE_CHECKING
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

if TYPE_CHECKING:
    from django.contrib.auth.views import LoginView as _LoginView
else:
    # What SignInLimitMixin is mixed into, as the type checker alone sees it.
    _LoginView = object

MAX_FAILURES = 5
WINDOW = 60  # seconds, from the first failure

logger = logging.getLogger(__name__)


def cache_keys(request: HttpRequest, username: str) -> tuple[str, str]:
    """Return the keys of the failure count and of the window's end for this pair."""
    # REMOTE_ADDR: the client's as TRUSTED_PROXIES allows (ForwardedForMiddleware),
    # never an address the client wrote in X-Forwarded-For itself.
    address = request.META.get("REMOTE_ADDR", "")
    key = f"{address}\0{username}".encode(errors="surrogatepass")
    digest = hashlib.sha256(key).hexdigest()
    return (
        f"accounts:sign-in-failures:{digest}",
        f"accounts:sign-in-window-ends:{digest}",
    )


def retry_after(request: HttpRequest, username: str) -> int | None:
    """Return the whole seconds left while this pair is locked out, else None."""
    count_key, ends_key = cache_keys(request, username)
    try:
        if cache.get(count_key, 0) < MAX_FAILURES:
            return None
        ends = cache.get(ends_key, time.time() + WINDOW)
    except RedisError:
        # Redis is away: nobody is locked out meanwhile (fail open).
        logger.exception("Redis is unreachable: the sign-in limit is off")
        return None
    return max(1, math.ceil(ends - time.time()))


def count_failure(count_key: str, ends_key: str) -> None:
    """Count a failure, opening the window if this is the first."""
    # add() and incr() are atomic in Redis, so concurrent workers agree.
    if cache.add(count_key, 1, WINDOW):
        cache.set(ends_key, time.time() + WINDOW, WINDOW)
        return
    try:
        cache.incr(count_key)
    except ValueError:  # the window ended between add() and incr()
        count_failure(count_key, ends_key)


def record_failure(
    sender: object,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    """Count a refused username and password against the client and username."""
    if request is None or not isinstance(credentials.get("username"), str):
        return
    try:
        count_failure(*cache_keys(request, credentials["username"]))
    except RedisError:
        logger.exception("Redis is unreachable: a failed sign-in was not counted")


def connect_receivers() -> None:
    """Count every failed authenticate(), whichever view called it."""
    user_login_failed.connect(record_failure)


class SignInLimitMixin(_LoginView):
    """Answer a LoginView's form with the 429 page while its pair is locked out."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.HARDENING:
            form = self.get_form()
            # The name as the form authenticates it (trimmed, NFKC), so no variant
            # of one username escapes its count.
            username = form.fields["username"].to_python(form["username"].data)
            # A str (UsernameField's), though the stubs type any field's as Any | None.
            if isinstance(username, str) and (wait := retry_after(request, username)):
                response = render(request, "429.html", status=429)
                response["Retry-After"] = str(wait)
                return response
        return super().post(request, *args, **kwargs)


class SignInThrottle(BaseThrottle):
    """Refuse a token request with 429 while its pair is locked out."""

    wait_seconds: int | None = None

    def allow_request(self, request: Request, view: APIView) -> bool:
        data = request.data if request.method == "POST" else None
        username = data.get("username") if isinstance(data, dict) else None
        if settings.HARDENING and isinstance(username, str):
            self.wait_seconds = retry_after(request, username)
        return self.wait_seconds is None

    def wait(self) -> int | None:
        return self.wait_seconds
