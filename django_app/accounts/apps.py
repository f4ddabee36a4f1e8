from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Tags
from django.core.checks import register
from django.core.exceptions import ImproperlyConfigured


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        # Sessions and CSRF tokens are signed with SECRET_KEY, which Django refuses to
        # read when empty: read it now, so that manage.py and gunicorn refuse to start
        # without it (as Flask's create_app does), rather than the first request.
        try:
            settings.SECRET_KEY  # noqa: B018
        except ImproperlyConfigured:
            raise ImproperlyConfigured(
                "The SECRET_KEY environment variable is required when DEBUG is off."
            ) from None
        from config.checks import database_is_reachable

        register(database_is_reachable, Tags.database)
