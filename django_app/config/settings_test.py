"""Settings for the test suite: the base settings with fast, isolated services."""

import os
from unittest import mock

TEST_SECRET_KEY = "django-insecure-test-key"  # noqa: S105

# The base settings refuse to load without SECRET_KEY; lend them one, leaving
# the process environment untouched for the Flask half of the suite.
with mock.patch.dict(os.environ, {"SECRET_KEY": TEST_SECRET_KEY}):
    from .settings import *  # noqa: F403

SECRET_KEY = TEST_SECRET_KEY
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
