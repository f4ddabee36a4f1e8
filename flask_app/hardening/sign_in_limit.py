"""The brute-force limit on signing in, shared by the login form and the API.

Flask-Limiter counts every request unless told otherwise: deduct_when makes it count
only the attempts whose credentials were refused. The views take it as one
decorator, @sign_in_failures, which lets every request through with HARDENING off.
"""

import hashlib
import math
import os
import time
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec
from typing import TypeVar

from flask import Flask
from flask import Response
from flask import current_app
from flask import make_response
from flask import render_template
from flask import request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

P = ParamSpec("P")
R = TypeVar("R")

limiter = Limiter(get_remote_address)


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
    # REMOTE_ADDR: the client's as TRUSTED_PROXIES allows (proxies.py), never an
    # address the client wrote in X-Forwarded-For itself.
    attempt = f"{request.remote_addr}\0{attempted_username()}"
    # Hashed, so that a huge username makes no huge key; surrogatepass, because a
    # JSON string may hold a lone surrogate, which UTF-8 cannot encode.
    return hashlib.sha256(attempt.encode(errors="surrogatepass")).hexdigest()


def is_failed_sign_in(response: Response) -> bool:
    """Return whether the view refused this attempt's credentials."""
    # The API answers 401; the login page shows its form again instead of a redirect.
    return response.status_code == 401 or (
        response.status_code == 200 and response.mimetype == "text/html"
    )


# Only failures count, in a 60-second window that starts with the first one; the
# scope is shared, so failures on the login form and on the token endpoint add up.
limit_failures = limiter.shared_limit(
    "5 per minute",
    scope="sign-in",
    key_func=client_and_username,
    methods=["POST"],
    deduct_when=is_failed_sign_in,
    # A callable: the message is written when a request is refused, in its language.
    error_message=lambda: _("Too many failed sign-in attempts; try again later."),
)


def sign_in_failures(view: Callable[P, R]) -> Callable[P, R]:
    """Refuse a client with 429 after five failed sign-ins with one username."""
    limited_view: Callable[P, R] = limit_failures(view)

    @wraps(view)
    def wrapped_view(*args: P.args, **kwargs: P.kwargs) -> R:
        if current_app.config["HARDENING"]:
            return limited_view(*args, **kwargs)
        return view(*args, **kwargs)

    return wrapped_view


def retry_after_seconds() -> int:
    """Return the whole seconds left in the window that refused this request."""
    breached = limiter.current_limit
    if breached is None:
        return 1
    return max(1, math.ceil(breached.window.reset_time - time.time()))


def handle_rate_limit_exceeded(error: RateLimitExceeded) -> Response:
    """Refuse a locked-out sign-in with 429 and the seconds left in its window."""
    from flask_app.api.errors import http_problem
    from flask_app.api.errors import is_api_request

    if is_api_request():
        response = http_problem(error)
    else:
        response = make_response(
            render_template("429.html", error=error), error.code, error.get_headers()
        )
    # Flask-Limiter sends Retry-After only with all its X-RateLimit-* headers.
    response.headers["Retry-After"] = str(retry_after_seconds())
    return response


def init_app(app: Flask) -> None:
    """Bind the limiter to app, counting in Redis when REDIS_URL is set."""
    app.config.setdefault(
        "RATELIMIT_STORAGE_URI", os.environ.get("REDIS_URL") or "memory://"
    )
    app.config.setdefault("RATELIMIT_STRATEGY", "fixed-window")
    # While Redis is away the limit counts nothing and refuses no one, and logs why
    # (shared_spec/security.md).
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, handle_rate_limit_exceeded)
