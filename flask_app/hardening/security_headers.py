"""Security headers on every response, and never-cache on signed-in pages.

Flask has no settings for these (Flask-Talisman would be the extension), so
init_app registers set_security_headers as an after_request hook.
"""

import base64
import hashlib

import flask_admin.translations
from babel.support import Translations
from flask import Flask
from flask import Response
from flask import current_app
from flask import request
from flask_login import current_user

from flask_app.config import LANGUAGES

# No inline script or style, nothing from another origin (shared_spec/security.md).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)


def delete_confirmations() -> list[str]:
    """Return the handler of a row's delete button in each language of the app.

    Its question is Flask-Admin's, from Flask-Admin's own catalogue
    (templates/admin/model/row_actions.html).
    """
    question = "Are you sure you want to delete this record?"
    catalogue_dir = flask_admin.translations.__path__[0]
    handlers = []
    for language in LANGUAGES:
        catalogue = Translations.load(catalogue_dir, [language], domain="admin")
        handlers.append(
            f"return faHelpers.safeConfirm('{catalogue.gettext(question)}');"
        )
    return handlers


# Flask-Admin's list pages carry these inline onclick handlers (its filter menu, a
# row's delete confirmation in the page's language); the admin's policy allows
# exactly them ('unsafe-hashes'), and no other inline script.
FLASK_ADMIN_HANDLERS = ("return false;", *delete_confirmations())


def script_hash(source: str) -> str:
    """Return the CSP source expression of a script's SHA-256 digest."""
    digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
    return f"'sha256-{digest}'"


ADMIN_CONTENT_SECURITY_POLICY = (
    f"{CONTENT_SECURITY_POLICY}; script-src 'self' 'unsafe-hashes' "
    + " ".join(script_hash(handler) for handler in FLASK_ADMIN_HANDLERS)
)

# Swagger UI's stylesheet draws some icons as data: images (shared_spec/README.md).
API_DOCS_CONTENT_SECURITY_POLICY = f"{CONTENT_SECURITY_POLICY}; img-src 'self' data:"

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# One year, subdomains included; preloading is left to the domain's owner.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"

# No browser or proxy keeps the page.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"
# Pages with a form and its CSRF token, never stored even for visitors.
NEVER_CACHED_ENDPOINTS = frozenset({"accounts.login", "accounts.register"})


def set_security_headers(response: Response) -> Response:
    """Add the security headers a view has not set itself."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path == "/admin" or request.path.startswith("/admin/"):
        policy = ADMIN_CONTENT_SECURITY_POLICY
    elif request.endpoint == "api.docs":
        policy = API_DOCS_CONTENT_SECURITY_POLICY
    else:
        policy = CONTENT_SECURITY_POLICY
    response.headers.setdefault("Content-Security-Policy", policy)
    # HSTS over plain HTTP means nothing, and in development it would pin
    # localhost to HTTPS in the browser for a year.
    if request.is_secure and not current_app.debug:
        response.headers.setdefault(
            "Strict-Transport-Security", STRICT_TRANSPORT_SECURITY
        )
    # Pages only (not the API, static files or a 5xx page, which may be answering
    # for a database that is down and so cannot load the user).
    if (
        response.mimetype == "text/html"
        and response.status_code < 500
        and (
            request.endpoint in NEVER_CACHED_ENDPOINTS or current_user.is_authenticated
        )
    ):
        response.headers["Cache-Control"] = NEVER_CACHE
    return response


def init_app(app: Flask) -> None:
    """Send the security headers on every response of app."""
    app.after_request(set_security_headers)
