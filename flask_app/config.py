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
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_STRATEGY": "fixed-window",
    # While Redis is away the sign-in limit counts nothing and refuses no one, and
    # logs why (shared_spec/security.md), as Django's twin does.
    "RATELIMIT_SWALLOW_ERRORS": True,
    # Django's defaults: the session cookie is out of scripts' reach and not sent on
    # cross-site POSTs, and a CSRF token stays valid as long as the session
    # (Flask-WTF's lasts an hour).
    "SESSION_COOKIE_HTTPONLY": True,
    # A sign-in lasts until the browser closes (a non-permanent session), and 2
    # weeks at most: the signature's age is checked against this.
    "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "TRUSTED_PROXIES": 0,
}

# Only for DEBUG; create_app refuses to start without a real key otherwise.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

TRUE_VALUES = {"1", "true", "yes", "on"}


class ConfigurationError(click.ClickException):
    """A setting from the environment is missing or malformed.

    A click exception, so the flask command prints it as one line, without a
    traceback; flask_app.wsgi does the same under gunicorn.
    """


ACCEPTED_DATABASE_URLS = (
    "sqlite:///path/to/file.sqlite3 or postgresql://user:password@host:5432/name"
)


def debug_enabled(environ: Mapping[str, str]) -> bool:
    """Return whether the DEBUG variable turns development mode on."""
    return environ.get("DEBUG", "").strip().lower() in TRUE_VALUES


def database_uri(url: str) -> str:
    """Return DATABASE_URL as SQLAlchemy takes it (psycopg 3), or refuse it."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    if parsed is None or parsed.drivername not in {
        "sqlite",
        "postgres",
        "postgresql",
        "postgresql+psycopg",
    }:
        raise ConfigurationError(
            f"DATABASE_URL is not a database URL this app can use: "
            f"use {ACCEPTED_DATABASE_URLS}."
        )
    if parsed.drivername in {"postgres", "postgresql"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def whole_number(environ: Mapping[str, str], name: str, default: int, use: str) -> int:
    """Return the variable name as a whole number (0 or more), or default if unset."""
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise ConfigurationError(f"{name} is not a whole number: {use}.")
    return int(value)


def cache_ttl(environ: Mapping[str, str]) -> int:
    """Return CACHE_TTL in seconds, or its default (shared_spec/README.md, Caching).

    The default keeps every reader fresh: 60 s where every process shares the cache
    (Redis) or there is only one (the development server), off otherwise, since a
    write reaches only its own process's memory.
    """
    default = 60 if environ.get("REDIS_URL") or debug_enabled(environ) else 0
    use = "use 0 (no server-side cache) or more seconds, such as 60"
    return whole_number(environ, "CACHE_TTL", default, use)


def cache_config(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return Flask-Caching's settings for REDIS_URL and CACHE_TTL."""
    ttl = cache_ttl(environ)
    if ttl == 0:
        return {"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True}
    config: dict[str, Any] = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": ttl}
    if redis_url := environ.get("REDIS_URL"):
        config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_url)
    return config


def from_environ(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the Flask config keys set by DATABASE_URL, SECRET_KEY, DEBUG and co."""
    debug = debug_enabled(environ)
    config: dict[str, Any] = {"DEBUG": debug}

    if url := environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = database_uri(url)
        if make_url(url).get_backend_name() != "sqlite":
            # Test a pooled connection before handing it out, so one broken while
            # the server was away is replaced, not failed on (Django:
            # CONN_HEALTH_CHECKS).
            config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}

    # Production mode (shared_spec/security.md): the session cookie (which also
    # holds Flask-WTF's CSRF token) is Secure unless DEBUG allows plain HTTP.
    config["SESSION_COOKIE_SECURE"] = not debug

    if secret_key := environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = secret_key
    elif debug:
        config["SECRET_KEY"] = DEVELOPMENT_SECRET_KEY

    # Flask 3.1's TRUSTED_HOSTS plays the part of Django's ALLOWED_HOSTS.
    allowed_hosts = environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
    config["TRUSTED_HOSTS"] = [
        host.strip() for host in allowed_hosts.split(",") if host.strip()
    ]

    # How many reverse proxies stand in front of the app, each adding the address it
    # got the request from to X-Forwarded-For: the client's is the N-th from the
    # right. 0: X-Forwarded-For is ignored, the client is the socket's peer.
    config["TRUSTED_PROXIES"] = whole_number(
        environ,
        "TRUSTED_PROXIES",
        0,
        "use the number of proxies in front of the app, such as 1, or 0 for none",
    )

    if redis_url := environ.get("REDIS_URL"):
        config["RATELIMIT_STORAGE_URI"] = redis_url
    config.update(cache_config(environ))
    return config
