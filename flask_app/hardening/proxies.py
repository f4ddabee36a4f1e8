"""The reverse proxies trusted to say who the client is (TRUSTED_PROXIES).

TLS ends at a reverse proxy: its X-Forwarded-Proto makes request.is_secure true.
X-Forwarded-For counts only as far as TRUSTED_PROXIES says: the address the nearest
trusted proxy saw, which a client cannot forge to escape the sign-in limit.
"""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from flask_app.config import whole_number

USE = "use the number of proxies in front of the app, such as 1, or 0 for none"


def init_app(app: Flask) -> None:
    """Wrap app's WSGI app in ProxyFix for TRUSTED_PROXIES proxies."""
    # Each proxy adds the address it got the request from to X-Forwarded-For: the
    # client's is the N-th from the right. 0: the client is the socket's peer.
    app.config.setdefault(
        "TRUSTED_PROXIES", whole_number(os.environ, "TRUSTED_PROXIES", 0, USE)
    )
    app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask docs: middleware wraps wsgi_app
        app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=1
    )
