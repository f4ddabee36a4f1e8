"""Settings for the test suite: the base settings with fast, isolated services."""

from .settings import *  # noqa: F403

SECRET_KEY = "django-insecure-test-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
