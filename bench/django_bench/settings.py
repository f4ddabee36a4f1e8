"""The app's own settings; only the URLconf changes, to add the benchmark's views."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.django_bench.urls"
