"""The brute-force limit on signing in, shared by the login form and the API.

Flask-Limiter counts every request unless told otherwise: here deduct_when makes it
count only the attempts a view marked with record_sign_in_failure().
"""

import hashlib
import math
import time

from flask import Response
from flask import g
from flask import request
from werkzeug.exceptions import HTTPException

from flask_app.extensions import limiter


def attempted_username() -> str:
    """Return the username a sign-in attempt tries, from its form or JSON body."""
    # Best effort: the view itself answers a body that is too large or malformed.
    try:
        body = request.get_json(silent=True) if request.is_json else request.form
    except HTTPException:
        body = None
    username = body.get("username") if isinstance(body, dict) else None
    # Trimmed, as the login form trims it, so no padded variant escapes the count.
    return username.strip() if isinstance(username, str) else ""


def client_and_username() -> str:
    """Key attempts by client address and the username they try."""
    # REMOTE_ADDR: the client's as TRUSTED_PROXIES allows (ProxyFix in create_app),
    # never an address the client wrote in X-Forwarded-For itself.
    attempt = f"{request.remote_addr}\0{attempted_username()}"
    # Hashed, so that a huge username makes no huge key; surrogatepass, because a
    # JSON string may hold a lone surrogate, which UTF-8 cannot encode.
    return hashlib.sha256(attempt.encode(errors="surrogatepass")).hexdigest()


def record_sign_in_failure() -> None:
    """Count this request towards the limit: its credentials were refused."""
    g.sign_in_failed = True


def is_failed_sign_in(response: Response) -> bool:
    """Return whether the view refused the credentials of this request."""
    return g.get("sign_in_failed", False)


def retry_after_seconds() -> int:
    """Return the whole seconds left in the window that refused this request."""
    breached = limiter.current_limit
    if breached is None:
        return 1
    return max(1, math.ceil(breached.window.reset_time - time.time()))


# Only failures count, in a 60-second window that starts with the first one; the
# scope is shared, so failures on the login form and on the token endpoint add up.
sign_in_failures = limiter.shared_limit(
    "5 per minute",
    scope="sign-in",
    key_func=client_and_username,
    methods=["POST"],
    deduct_when=is_failed_sign_in,
    error_message="Too many failed sign-in attempts; try again later.",
)
