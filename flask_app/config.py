"""Configuration: defaults and the environment variables shared with the twin."""

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

BASE_DIR = Path(__file__).resolve().parent.parent
SHARED_SPEC_DIR = BASE_DIR / "shared_spec"
# The default database: an SQLite file in var/, which create_app makes if missing.
DEFAULT_DATABASE_PATH = BASE_DIR / "var" / "flask.sqlite3"
DEFAULT_DATABASE_URI = f"sqlite:///{DEFAULT_DATABASE_PATH}"

DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_DATABASE_URI": DEFAULT_DATABASE_URI,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "PASSWORD_HASH_METHOD": "scrypt",
    # A sign-in ends when the browser closes, and the cookie's signature at 2 weeks.
    "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
    # The session cookie is not sent on cross-site POSTs.
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Flask-Babel's: English unless the request asks for Spanish (flask_app.i18n);
    # dates in UTC, as the database stores them.
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
}

# The languages of the pages and problems, each named in itself for the switcher;
# English first: the default, and the source language of the catalogues.
LANGUAGES = {"en": "English", "es": "Español"}

# Only for DEBUG; create_app refuses to start without a real key otherwise.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off"}

ACCEPTED_DATABASE_URLS = (
    "sqlite:///path/to/file.sqlite3 or postgresql://user:password@host:5432/name"
)


class ConfigurationError(click.ClickException):
    """A setting from the environment is missing or malformed.

    A click exception, so the flask command prints it as one line, without a
    traceback; flask_app.wsgi does the same under gunicorn.
    """


def debug_enabled(environ: Mapping[str, str]) -> bool:
    """Return whether the DEBUG variable turns development mode on."""
    return environ.get("DEBUG", "").strip().lower() in TRUE_VALUES


def database_uri(url: str) -> str:
    """Return DATABASE_URL as SQLAlchemy takes it (psycopg 3), or refuse it."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    drivers = {"sqlite", "postgres", "postgresql", "postgresql+psycopg"}
    if parsed is None or parsed.drivername not in drivers:
        raise ConfigurationError(
            f"DATABASE_URL is not a database URL this app can use: "
            f"use {ACCEPTED_DATABASE_URLS}."
        )
    if parsed.drivername in {"postgres", "postgresql"}:
        if not parsed.database:
            raise ConfigurationError(
                "DATABASE_URL names no database: end it with one, as in "
                "postgresql://user@host:5432/catalog."
            )
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.database and parsed.database != ":memory:":
        # A relative path is from the repository root, whatever the current folder
        # (Flask-SQLAlchemy would otherwise put it under instance/): the contract's
        # one meaning of a relative SQLite path (shared_spec/README.md).
        parsed = parsed.set(database=str(BASE_DIR / parsed.database))
    return parsed.render_as_string(hide_password=False)


def whole_number(environ: Mapping[str, str], name: str, default: int, use: str) -> int:
    """Return the variable name as a whole number (0 or more), or default if unset."""
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise ConfigurationError(f"{name} is not a whole number: {use}.")
    return int(value)


def cache_config(environ: Mapping[str, str], debug: bool = False) -> dict[str, Any]:
    """Return Flask-Caching's settings for REDIS_URL and CACHE_TTL.

    CACHE_TTL's default keeps every reader fresh: 60 s where every process shares
    the cache (Redis) or there is only one (debug mode's server), off otherwise,
    since a write reaches only its own process's memory.
    """
    default = 60 if environ.get("REDIS_URL") or debug else 0
    use = "use 0 (no server-side cache) or more seconds, such as 60"
    ttl = whole_number(environ, "CACHE_TTL", default, use)
    if ttl == 0:
        return {"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True}
    config: dict[str, Any] = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": ttl}
    if redis_url := environ.get("REDIS_URL"):
        config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_url)
    return config


def from_environ(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the Flask config keys set by DATABASE_URL, SECRET_KEY, DEBUG and co."""
    debug = debug_enabled(environ)
    hardening = environ.get("HARDENING", "").strip().lower() not in FALSE_VALUES
    config: dict[str, Any] = {"DEBUG": debug, "HARDENING": hardening}

    if url := environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = database_uri(url)
        if make_url(url).get_backend_name() != "sqlite":
            # Test a pooled connection before handing it out, so one broken while
            # the server was away is replaced, not failed on.
            config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}

    # The session cookie (which also holds Flask-WTF's CSRF token) is Secure unless
    # debug mode allows plain HTTP.
    config["SESSION_COOKIE_SECURE"] = not debug

    if secret_key := environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = secret_key
    elif debug:
        config["SECRET_KEY"] = DEVELOPMENT_SECRET_KEY

    allowed_hosts = environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
    config["TRUSTED_HOSTS"] = [
        host.strip() for host in allowed_hosts.split(",") if host.strip()
    ]
    config.update(cache_config(environ, debug))
    return config


def check(config: Mapping[str, Any]) -> None:
    """Refuse to serve without a secret key, or in core mode outside development.

    flask_app.wsgi calls it before gunicorn serves a request.
    """
    if not config["SECRET_KEY"]:
        raise ConfigurationError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable, "
            "or DEBUG=1 to use a development key."
        )
    if not (config["HARDENING"] or config["DEBUG"] or config["TESTING"]):
        raise ConfigurationError(
            "HARDENING=0 runs the core alone, for development only: set DEBUG=1."
        )
