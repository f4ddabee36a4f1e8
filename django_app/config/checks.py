"""System checks of the project, run by manage.py migrate, check and runserver."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error
from django.db import OperationalError
from django.db import connections


def without_password(url: str) -> str:
    """Return url with its password, if any, replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def database_is_reachable(app_configs, databases=None, **kwargs) -> list[Error]:
    """Refuse to go on when a database the command needs cannot be reached."""
    errors = []
    for alias in databases or []:
        try:
            connections[alias].ensure_connection()
        except OperationalError as error:
            reason = str(error).splitlines()[0]
            url = without_password(settings.DATABASE_URL)
            errors.append(
                Error(
                    f"The database at {url} cannot be reached (DATABASE_URL): {reason}",
                    id="config.E001",
                )
            )
    return errors
