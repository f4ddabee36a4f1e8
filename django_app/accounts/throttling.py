"""The brute-force limit on signing in, shared by the login form and the API."""

import hashlib
import logging
import math
import time

from django.core.cache import cache
from django.http import HttpRequest
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class SignInThrottle:
    """Count failed sign-ins per (client address, username) in a fixed window.

    DRF's throttles count every request; the contract counts failures only.
    """

    max_failures = 5
    window = 60  # seconds, from the first failure

    def __init__(self, request: HttpRequest, username: str) -> None:
        # REMOTE_ADDR: the client's as TRUSTED_PROXIES allows (ForwardedForMiddleware),
        # never an address the client wrote in X-Forwarded-For itself.
        address = request.META.get("REMOTE_ADDR", "")
        digest = hashlib.sha256(f"{address}\0{username}".encode()).hexdigest()
        self.count_key = f"accounts:sign-in-failures:{digest}"
        self.ends_key = f"accounts:sign-in-window-ends:{digest}"

    def retry_after(self) -> int | None:
        """Return the whole seconds left while this key is locked out, else None."""
        try:
            if cache.get(self.count_key, 0) < self.max_failures:
                return None
            ends = cache.get(self.ends_key, time.time() + self.window)
        except RedisError:
            # Redis is away: nobody is locked out meanwhile (fail open), as
            # Flask-Limiter does with RATELIMIT_SWALLOW_ERRORS.
            logger.exception("Redis is unreachable: the sign-in limit is off")
            return None
        return max(1, math.ceil(ends - time.time()))

    def record_failure(self) -> None:
        """Count a failure, opening the window if this is the first."""
        try:
            self.count_failure()
        except RedisError:
            logger.exception("Redis is unreachable: a failed sign-in was not counted")

    def count_failure(self) -> None:
        # add() and incr() are atomic in Redis, so concurrent workers agree.
        if cache.add(self.count_key, 1, self.window):
            cache.set(self.ends_key, time.time() + self.window, self.window)
            return
        try:
            cache.incr(self.count_key)
        except ValueError:  # the window ended between add() and incr()
            self.count_failure()
