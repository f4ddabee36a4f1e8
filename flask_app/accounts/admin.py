"""The admin's access rule, its home page and the user view (Flask-Admin)."""

from typing import Any

from flask import abort
from flask_admin import AdminIndexView
from flask_admin.contrib.sqla import ModelView
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import Form
from wtforms import PasswordField
from wtforms.validators import InputRequired
from wtforms.validators import Optional

from flask_app.accounts.forms import password_policy
from flask_app.accounts.forms import valid_email
from flask_app.accounts.forms import valid_username
from flask_app.accounts.models import User
from flask_app.extensions import login_manager
from flask_app.forms import no_null_characters
from flask_app.forms import strip
from flask_app.hardening.admin import AccessibleAdminMixin


class StaffOnlyMixin(AccessibleAdminMixin):
    """Let active staff users in; send anyone else to the login page, with next."""

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

    def populate_obj(self, obj: object, name: str) -> None:
        pass


class UserView(SuperuserOnlyMixin, ModelView):
    """The users in the admin, for superusers."""

    column_list = (
        "username",
        "email",
        "is_staff",
        "is_superuser",
        "is_active",
        "date_joined",
    )
    # Every column, form field and filter named, so that each has its Spanish.
    column_labels = {
        "username": _l("Username"),
        "email": _l("Email address"),
        "is_staff": _l("Staff"),
        "is_superuser": _l("Superuser"),
        "is_active": _l("Active"),
        "date_joined": _l("Date joined"),
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
            "label": _l("Email address"),
            "validators": [Optional(), no_null_characters, valid_email],
            "filters": [strip],
        },
    }
    # The same password policy as registration.
    form_extra_fields = {
        "password": NewPasswordField(
            _l("Password"),
            validators=[Optional(), password_policy],
            description=_l("Leave empty to keep the current password."),
        )
    }

    def get_create_form(self) -> type[Form]:
        """Return the user form with the password required: a new user needs one."""
        # Scaffolded from the model at run time: mypy takes such a class as a base
        # once it is declared Any (as all of Flask-Admin is to mypy).
        scaffolded_form: Any = super().get_create_form()

        class UserCreateForm(scaffolded_form):
            password = NewPasswordField(
                _l("Password"), validators=[InputRequired(), password_policy]
            )

        return UserCreateForm

    def on_model_change(self, form: Form, model: User, is_created: bool) -> None:
        # Read by name: the field is one the view adds to the scaffolded form.
        password = form["password"].data
        if password:
            model.set_password(password)
            if not is_created:
                # A new password signs the user out everywhere.
                model.end_sessions()
