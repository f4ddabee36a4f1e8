"""Security headers on every response.

Django's SecurityMiddleware and XFrameOptionsMiddleware send these from settings
(SECURE_HSTS_SECONDS, SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY,
SECURE_CROSS_ORIGIN_OPENER_POLICY, X_FRAME_OPTIONS); Flask has no such middleware,
so create_app registers set_security_headers as an after_request hook.
"""

from flask import Response
from flask import current_app
from flask import request

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# One year, subdomains included; preloading is left to the domain's owner.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def set_security_headers(response: Response) -> Response:
    """Add the security headers a view has not set itself, as Django does."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # HSTS over plain HTTP means nothing, and in development it would pin
    # localhost to HTTPS in the browser for a year.
    if request.is_secure and not current_app.debug:
        response.headers.setdefault(
            "Strict-Transport-Security", STRICT_TRANSPORT_SECURITY
        )
    return response
