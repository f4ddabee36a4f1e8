import hashlib
import math
import time

from django.core.cache import cache
from rest_framework.exceptions import Throttled


class SignInThrottle:
    """Count failed sign-ins per (client address, username) in a fixed window.

    DRF's throttles count every request; the contract counts failures only.
    """

    max_failures = 5
    window = 60  # seconds, from the first failure

    def __init__(self, request, username: str) -> None:
        address = request.META.get("REMOTE_ADDR", "")
        digest = hashlib.sha256(f"{address}\0{username}".encode()).hexdigest()
        self.count_key = f"api:sign-in-failures:{digest}"
        self.ends_key = f"api:sign-in-window-ends:{digest}"

    def check(self) -> None:
        """Raise Throttled while this key has used up its failures."""
        if cache.get(self.count_key, 0) >= self.max_failures:
            ends = cache.get(self.ends_key, time.time() + self.window)
            raise Throttled(wait=max(1, math.ceil(ends - time.time())))

    def record_failure(self) -> None:
        """Count a failure, opening the window if this is the first."""
        # add() and incr() are atomic in Redis, so concurrent workers agree.
        if cache.add(self.count_key, 1, self.window):
            cache.set(self.ends_key, time.time() + self.window, self.window)
            return
        try:
            cache.incr(self.count_key)
        except ValueError:  # the window ended between add() and incr()
            self.record_failure()
