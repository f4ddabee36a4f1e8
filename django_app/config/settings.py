"""Settings for the Django app, read from the environment (names shared with Flask)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent
# Data both apps read: the OpenAPI document and the demo fixtures.
SHARED_SPEC_DIR = REPO_DIR / "shared_spec"

DEBUG = os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def whole_number(name: str, default: int, use: str) -> int:
    """Return the variable name as a whole number (0 or more), or default if unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise ImproperlyConfigured(f"{name} is not a whole number: {use}.")
    return int(value)


# Production hardening (the hardening app): on unless HARDENING is 0, false, no or off.
HARDENING = os.environ.get("HARDENING", "").strip().lower() not in {
    "0",
    "false",
    "no",
    "off",
}
# The test settings import these, then set their own SECRET_KEY.
TEST_SETTINGS = os.environ.get("DJANGO_SETTINGS_MODULE") == "config.settings_test"
# The core alone is for development and the test suite, never for production.
if not (DEBUG or HARDENING or TEST_SETTINGS):
    raise ImproperlyConfigured("HARDENING=0 (the core alone) needs DEBUG=1.")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if DEBUG and not SECRET_KEY:
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"  # noqa: S105
elif not (SECRET_KEY or TEST_SETTINGS):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # Swagger UI's files for /api/docs/, as static files.
    "drf_spectacular_sidecar",
    "accounts",
    "catalog",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Serves /static/ under gunicorn too; Flask serves its static folder itself.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of each answer: the switcher's cookie, else Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.JSONOnlyNegotiation",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StrictPageNumberPagination",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

if HARDENING:
    # First, so that its templates override the admin's.
    INSTALLED_APPS.insert(0, "hardening.HardeningConfig")
    # Outermost, so that static files and 304s get the policy too.
    MIDDLEWARE[:0] = [
        "hardening.proxies.ForwardedForMiddleware",
        "hardening.security_headers.ContentSecurityPolicyMiddleware",
    ]
    MIDDLEWARE += [
        "hardening.security_headers.never_cache_signed_in_pages",
        "hardening.outages.DatabaseUnavailableMiddleware",
    ]
    REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = ["hardening.strict_input.JSONParser"]
    REST_FRAMEWORK["EXCEPTION_HANDLER"] = "hardening.outages.exception_handler"

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGES, each named in itself, for the footer's switcher.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

ACCEPTED_DATABASE_URLS = (
    "sqlite:///path/to/file.sqlite3 or postgresql://user:password@host:5432/name"
)
# The default SQLite file lives in var/ (kept in every clone by var/README.md).
DATABASE_URL = os.environ.get(
    "DATABASE_URL", f"sqlite:///{REPO_DIR / 'var' / 'django.sqlite3'}"
)
if DATABASE_URL.partition("://")[0] not in {"sqlite", "postgres", "postgresql"}:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL this app can use: "
        f"use {ACCEPTED_DATABASE_URLS}."
    )
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    if not DATABASES["default"]["NAME"]:
        raise ImproperlyConfigured(
            "DATABASE_URL names no database: end it with one, as in "
            "postgresql://user@host:5432/catalog."
        )
elif DATABASES["default"]["NAME"] not in {"", ":memory:"}:
    # A relative path is from the repository root, whatever the current folder
    # (gunicorn runs from django_app/), as on Flask.
    DATABASES["default"]["NAME"] = str(REPO_DIR / DATABASES["default"]["NAME"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Set up for concurrent writers (several gunicorn workers); PostgreSQL needs none.
    DATABASES["default"]["OPTIONS"] = {
        # WAL: readers and the one writer no longer block each other.
        "init_command": "PRAGMA journal_mode=WAL",
        # A writer waits up to 20 s for another's lock instead of failing at once.
        "timeout": 20,
        # Take the write lock at BEGIN: a deferred transaction that reads and then
        # writes can fail with "database is locked" without waiting at all.
        "transaction_mode": "IMMEDIATE",
        # Foreign keys need no option: Django's SQLite backend always turns them on.
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    # Shared by every worker, so the sign-in failure counts and cached reads are too.
    CACHES = {
        "default": {
            # Django's, keeping its redis-py clients (hardening/caching.py).
            "BACKEND": "hardening.caching.RedisCache"
            if HARDENING
            else "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Seconds visitors' reads stay in the server-side cache (hardening.caching), 0: off.
# On by default only where every process shares it (Redis) or there is one process.
CACHE_TTL = whole_number(
    "CACHE_TTL",
    60 if REDIS_URL or DEBUG else 0,
    "use 0 (no server-side cache) or more seconds, such as 60",
)

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "catalog:product_list"
LOGOUT_REDIRECT_URL = "catalog:product_list"

# NIST SP 800-63B: a minimum length and a list of common passwords, nothing more.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.CommonPasswordValidator",
        # The copy both apps read, so they refuse the same passwords.
        "OPTIONS": {
            "password_list_path": SHARED_SPEC_DIR / "fixtures/common-passwords.txt.gz"
        },
    },
]

CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

# Production mode (shared_spec/security.md): Secure cookies unless DEBUG is on, so
# that plain-HTTP development still works.
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A sign-in lasts until the browser closes, and 2 weeks at most (the contract).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
CSRF_COOKIE_SECURE = not DEBUG
# The templates send the token as a form field, so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# TLS ends at the reverse proxy, which says so in this header; trust it (one proxy)
# for request.is_secure(). X-Forwarded-Host stays ignored.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies add to X-Forwarded-For (hardening.proxies); 0: none.
TRUSTED_PROXIES = whole_number(
    "TRUSTED_PROXIES",
    0,
    "use the number of proxies in front of the app, such as 1, or 0 for none",
)
# SecurityMiddleware sends HSTS on secure requests only, and never in development.
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# SecurityMiddleware and XFrameOptionsMiddleware send these; Flask sets them itself.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Refused requests (4xx) are not logged with a traceback, in development either:
# runserver's access line says enough, as Werkzeug's does for Flask.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"django.request": {"level": "ERROR"}},
}

SILENCED_SYSTEM_CHECKS = [
    # SECURE_SSL_REDIRECT: the proxy redirects plain HTTP, as the contract says.
    "security.W008",
    # SECURE_HSTS_PRELOAD: joining browsers' preload list is the domain owner's call.
    "security.W021",
]

# English, the default, and Spanish (shared_spec/README.md, "Languages"): Django's
# gettext catalogues, ours in locale/ (make messages-django) ahead of the apps'.
USE_I18N = True
LANGUAGE_CODE = "en"
# Each language named in itself, as the switcher shows it: not marked for
# translation, which would name them in the language of the page.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's cookie (django_language): a year, and as the session cookie's.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Pages write numbers in the language's way without grouping (12,50 and 1234,50);
# the API's JSON never changes.
USE_THOUSAND_SEPARATOR = False
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
# The shared stylesheet, served as is by both apps.
STATICFILES_DIRS = [SHARED_SPEC_DIR / "static"]
# WhiteNoise serves straight from the finders (the admin's files and the
# stylesheet): no STATIC_ROOT and no collectstatic step, DEBUG on or off.
WHITENOISE_USE_FINDERS = True

# Bodies over 1 MiB are refused with 413 (api.errors).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
