"""The client's address behind settings.TRUSTED_PROXIES reverse proxies."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http import HttpResponse


class ForwardedForMiddleware:
    """Set REMOTE_ADDR to the client's address, as settings.TRUSTED_PROXIES allows.

    Each trusted proxy appends the address it got the request from to
    X-Forwarded-For, so the client's is the N-th from the right; anything further
    left was sent by the client and proves nothing. Too few addresses: REMOTE_ADDR
    stays the peer's. 0 (the default): X-Forwarded-For is ignored.
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
