"""Production hardening beside the core, one concern a module, as a Django app.

Listed first in INSTALLED_APPS (settings.HARDENING), so that its templates override
the admin's; its middleware and REST_FRAMEWORK entries come with it.
"""

from django.apps import AppConfig
from django.core.checks import Tags
from django.core.checks import register


class HardeningConfig(AppConfig):
    name = "hardening"

    def ready(self) -> None:
        from . import admin
        from . import caching
        from . import outages
        from . import sign_in_limit

        caching.connect_receivers()
        sign_in_limit.connect_receivers()
        register(outages.database_is_reachable, Tags.database)
        register(admin.templates_override_the_admin)
