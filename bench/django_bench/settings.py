"""The app's own settings; only the URLconf changes, to add the floor."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_django.urls"
