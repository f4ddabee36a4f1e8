"""The admin's access rule, its home page and the user view.

Django's admin has all three built in (admin.site, UserAdmin); flask_app/admin.py
mounts these with Flask-Admin.
"""

from datetime import datetime
from typing import Any

from flask import abort
from flask_admin import AdminIndexView
from flask_admin.contrib.sqla import ModelView
from flask_admin.model import typefmt
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import Form
from wtforms import PasswordField
from wtforms.validators import InputRequired
from wtforms.validators import Optional

from flask_app.accounts.forms import valid_email
from flask_app.accounts.forms import valid_username
from flask_app.accounts.models import User
from flask_app.accounts.passwords import PASSWORD_VALIDATORS
from flask_app.extensions import login_manager
from flask_app.forms import no_null_characters
from flask_app.forms import strip


def format_datetime(view: Any, value: datetime, name: str) -> str:
    """Write a time to the second, as Django's admin does, not to the microsecond."""
    return value.strftime("%Y-%m-%d %H:%M:%S")


class StaffOnlyMixin:
    """Let active staff users in; send anyone else to the login page, with next."""

    column_type_formatters = {**typefmt.BASE_FORMATTERS, datetime: format_datetime}
    # Pages that pass axe-core and the Nu Html Checker (templates/admin/).
    list_template = "admin/catalog_list.html"
    create_template = "admin/catalog_create.html"
    edit_template = "admin/catalog_edit.html"
    # One record at a time, as the pages delete: Flask-Admin's bulk-action boxes
    # carry no label a screen reader could read.
    action_disallowed_list = ["delete"]

    def is_accessible(self) -> bool:
        return (
            current_user.is_authenticated
            and current_user.is_staff
            and current_user.is_active
        )

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Response:
        return login_manager.unauthorized()


class SuperuserOnlyMixin(StaffOnlyMixin):
    """Let active superusers in: 403 for other staff, the login page for the rest."""

    def is_accessible(self) -> bool:
        return super().is_accessible() and current_user.is_superuser

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Response:
        if super().is_accessible():
            abort(403)
        return super().inaccessible_callback(name, **kwargs)


class StaffIndexView(StaffOnlyMixin, AdminIndexView):
    """The admin's home page, for staff only."""


class NewPasswordField(PasswordField):
    """A password to hash: the view stores its hash, never the text on the model."""

    def populate_obj(self, obj: Any, name: str) -> None:
        pass


class UserView(SuperuserOnlyMixin, ModelView):
    """The users in the admin, for superusers: Django's UserAdmin, with Flask-Admin."""

    column_list = (
        "username",
        "email",
        "is_staff",
        "is_superuser",
        "is_active",
        "date_joined",
    )
    column_labels = {
        "email": "Email address",
        "is_staff": "Staff",
        "is_superuser": "Superuser",
        "is_active": "Active",
        "date_joined": "Date joined",
    }
    column_searchable_list = ("username", "email")
    column_filters = ("is_staff", "is_superuser", "is_active", "date_joined")
    column_default_sort = "username"
    form_columns = (
        "username",
        "email",
        "is_staff",
        "is_superuser",
        "is_active",
        "password",
    )
    form_args = {
        "username": {"validators": [valid_username], "filters": [strip]},
        "email": {
            "label": "Email address",
            "validators": [Optional(), no_null_characters, valid_email],
            "filters": [strip],
        },
    }
    # The same policy as registration (Django's admin applies its validators too).
    form_extra_fields = {
        "password": NewPasswordField(
            "Password",
            validators=[Optional(), *PASSWORD_VALIDATORS],
            description="Leave empty to keep the current password.",
        )
    }

    def get_create_form(self) -> type[Form]:
        """Return the user form with the password required: a new user needs one."""

        class UserCreateForm(super().get_create_form()):
            password = NewPasswordField(
                "Password", validators=[InputRequired(), *PASSWORD_VALIDATORS]
            )

        return UserCreateForm

    def on_model_change(self, form: Form, model: User, is_created: bool) -> None:
        if form.password.data:
            model.set_password(form.password.data)
            if not is_created:
                # Django's session auth hash signs a user out when the password
                # changes; here the session version does it.
                model.end_sessions()
