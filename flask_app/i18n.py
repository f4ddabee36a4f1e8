"""English and Spanish with Flask-Babel: the language of each answer, and its switcher.

The language is the switcher's cookie when it names one of LANGUAGES, else the best
match of Accept-Language, else English (shared_spec/README.md, "Languages"). Pages
and problem details say which they speak (Content-Language) and that it came from
Accept-Language (Vary); a successful API answer is the same in every language.
The catalogues are flask_app/translations/ (make messages-flask).
"""

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import redirect
from flask import request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from flask_app.accounts.views import is_same_site_path
from flask_app.config import LANGUAGES
from flask_app.extensions import babel
from flask_app.extensions import csrf

DEFAULT_LANGUAGE = "en"
# Flask-Babel leaves remembering the choice to the app: this cookie, read by
# select_locale() before Accept-Language.
LANGUAGE_COOKIE = "language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
# The answers whose words follow the language: pages and problem details.
LOCALIZED_MIMETYPES = frozenset({"text/html", "application/problem+json"})

bp = Blueprint("i18n", __name__)


def N_(message: str) -> str:
    """Mark message for the catalogue, as gettext's N_ does; its user translates it."""
    return message


def select_locale() -> str:
    """Return the request's language: the cookie's, else Accept-Language's, else en."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    # q weights honoured; "es-MX" matches "es" by its primary tag.
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


def current_language() -> str:
    """Return the language of this answer, as <html lang> and Content-Language say."""
    return str(get_locale() or DEFAULT_LANGUAGE)


def page_path() -> str:
    """Return this page's path and query: where the switcher sends the reader back."""
    return request.full_path if request.query_string else request.path


@bp.post("/language/")
def set_language() -> Response:
    """Remember the language chosen in the footer, then go back to the page."""
    language = request.form.get("language")
    next_path = request.form.get("next", "")
    response = redirect(next_path if is_same_site_path(next_path) else "/")
    if language in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=LANGUAGE_COOKIE_AGE,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response


def add_language_headers(response: Response) -> Response:
    """Say which language a page or a problem speaks, and that it depends on it."""
    if (
        response.mimetype in LOCALIZED_MIMETYPES
        # A redirect's few words are Werkzeug's, in English.
        and not 300 <= response.status_code < 400
    ):
        response.headers["Content-Language"] = current_language()
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    """Speak the request's language on app, and serve the language switcher."""
    babel.init_app(app, locale_selector=select_locale)
    # Globals, not context processors: the 503 page is rendered without them.
    app.jinja_env.globals.update(
        languages=LANGUAGES, current_language=current_language, page_path=page_path
    )
    app.register_blueprint(bp)
    # No CSRF token: a forged request can only change a language, and the pages
    # visitors get from the cache of reads hold nobody's token (shared_spec/README.md).
    csrf.exempt(set_language)
    app.after_request(add_language_headers)
