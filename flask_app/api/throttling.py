"""The brute-force limit on token requests, counting failed attempts only."""

import math
import time

from flask import Response
from flask import request
from werkzeug.exceptions import HTTPException

from flask_app.extensions import limiter


def client_and_username() -> str:
    """Key attempts by client address and the username they try."""
    # Best effort: the view itself answers a body that is too large or malformed.
    try:
        body = request.get_json(silent=True)
    except HTTPException:
        body = None
    username = body.get("username") if isinstance(body, dict) else None
    return f"{request.remote_addr}/{username if isinstance(username, str) else ''}"


def is_failed_sign_in(response: Response) -> bool:
    """Return whether the response refused the credentials."""
    return response.status_code == 401


def retry_after_seconds() -> int:
    """Return the whole seconds left in the window that refused this request."""
    breached = limiter.current_limit
    if breached is None:
        return 1
    return max(1, math.ceil(breached.window.reset_time - time.time()))


# Only failures count, in a 60-second window that starts with the first one.
sign_in_failures = limiter.limit(
    "5 per minute",
    key_func=client_and_username,
    deduct_when=is_failed_sign_in,
    error_message="Too many failed sign-in attempts; try again later.",
)
