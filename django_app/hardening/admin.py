"""The admin's accessibility rewrites, and the check that keeps them in force.

hardening/templates/ overrides two of the admin's templates: admin/base_site.html
adds the shared admin stylesheet (held to axe-core's rules) and the favicon, and
auth/widgets/read_only_password_hash.html drops an attribute HTML allows on form
controls only. Django's template loaders take the first app that has a template,
so this app must come before django.contrib.admin and django.contrib.auth.
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.apps import apps
from django.core.checks import Error

OVERRIDDEN_APPS = ["django.contrib.admin", "django.contrib.auth"]


def templates_override_the_admin(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[Error]:
    """Report an INSTALLED_APPS order in which the admin's templates win."""
    names = [config.name for config in apps.get_app_configs()]
    return [
        Error(
            f"List hardening before {name} in INSTALLED_APPS, so that its "
            "admin templates are the ones used.",
            id="hardening.E002",
        )
        for name in OVERRIDDEN_APPS
        if name in names and names.index(name) < names.index("hardening")
    ]
