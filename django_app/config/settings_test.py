"""Settings for the test suite: the base settings with fast, isolated services."""

from .settings import *  # noqa: F403

SECRET_KEY = "django-insecure-test-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One process: the cache of reads is on (60 s) unless CACHE_TTL says otherwise, so
# the shared suite runs both ways (make test, and CACHE_TTL=0 make test).
CACHE_TTL = int(os.environ.get("CACHE_TTL") or 60)  # noqa: F405
