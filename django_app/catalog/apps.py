from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self) -> None:
        # Connects the signal receivers that keep the cache of reads fresh.
        from . import caching  # noqa: F401
