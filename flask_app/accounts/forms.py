"""The registration and login forms."""

import gzip
import re
from collections.abc import Mapping
from collections.abc import Sequence
from functools import cache
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import Field
from wtforms import Form
from wtforms import PasswordField
from wtforms import StringField
from wtforms.validators import EqualTo
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import StopValidation
from wtforms.validators import ValidationError

from flask_app.accounts.models import EMAIL_MAX_LENGTH
from flask_app.accounts.models import USERNAME_MAX_LENGTH
from flask_app.accounts.models import USERNAME_PATTERN
from flask_app.accounts.models import User
from flask_app.accounts.models import authenticate
from flask_app.config import SHARED_SPEC_DIR
from flask_app.extensions import db
from flask_app.forms import no_null_characters
from flask_app.forms import strip

# A light check: WTForms' Email validator needs the email_validator package.
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
MIN_PASSWORD_LENGTH = 8


def valid_username(form: Form, field: Field) -> None:
    """Refuse a username the User model would refuse, and check nothing more."""
    if not USERNAME_PATTERN.fullmatch(field.data or ""):
        # StopValidation: the uniqueness check that follows need not query for it.
        raise StopValidation(
            _("Enter a valid username: letters, digits and @ . + - _ only.")
        )


def valid_email(form: Form, field: Field) -> None:
    """Refuse text that does not look like an email address."""
    if not EMAIL_PATTERN.fullmatch(field.data or ""):
        raise ValidationError(_("Enter a valid email address."))


@cache
def common_passwords() -> frozenset[str]:
    """Return the shared list of common passwords, lower-cased, read once."""
    path = SHARED_SPEC_DIR / "fixtures" / "common-passwords.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


def password_policy(form: Form, field: Field) -> None:
    """Refuse a password shorter than 8 characters or on the common list (NIST)."""
    if len(field.data or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _(
                "The password must have at least %(min)d characters.",
                min=MIN_PASSWORD_LENGTH,
            )
        )
    if (field.data or "").lower() in common_passwords():
        raise ValidationError(_("This password is too common."))


class RegistrationForm(FlaskForm):
    """A username, an optional email and a password typed twice."""

    username = StringField(
        _l("Username"),
        validators=[
            InputRequired(),
            Length(max=USERNAME_MAX_LENGTH),
            valid_username,
        ],
        filters=[strip],
        description=_l(
            "Required. %(max)d characters or fewer. "
            "Letters, digits and @ . + - _ only.",
            max=USERNAME_MAX_LENGTH,
        ),
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    email = StringField(
        _l("Email address"),
        validators=[
            Optional(),
            Length(max=EMAIL_MAX_LENGTH),
            no_null_characters,
            valid_email,
        ],
        filters=[strip],
        render_kw={"autocomplete": "email"},
    )
    password1 = PasswordField(
        _l("Password"),
        validators=[InputRequired(), password_policy],
        description=_l(
            "At least %(min)d characters, and not a common password.",
            min=MIN_PASSWORD_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )
    password2 = PasswordField(
        _l("Password confirmation"),
        validators=[
            InputRequired(),
            EqualTo("password1", message=_l("The two passwords do not match.")),
        ],
        description=_l("Enter the same password as before, for verification."),
        render_kw={"autocomplete": "new-password"},
    )

    def validate_username(self, field: StringField) -> None:
        """Refuse a username that is already taken."""
        taken = db.session.scalar(select(User.id).filter_by(username=field.data))
        if taken is not None:
            raise ValidationError(_("A user with that username already exists."))


class LoginForm(FlaskForm):
    """A username and password, checked against the active users."""

    username = StringField(
        _l("Username"),
        validators=[InputRequired(), no_null_characters],
        filters=[strip],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired()],
        render_kw={"autocomplete": "current-password"},
    )

    # The user the credentials belong to, once validate() found them good.
    user: User | None = None

    def validate(
        self, extra_validators: Mapping[str, Sequence[Any]] | None = None
    ) -> bool:
        """Check the fields, then the credentials against the active users."""
        if not super().validate(extra_validators):
            return False
        # InputRequired passed, so both hold text; "or" only narrows their type.
        self.user = authenticate(self.username.data or "", self.password.data or "")
        if self.user is None:
            # One message for a wrong password, an unknown user and an inactive one.
            self.form_errors.append(_("Please enter a correct username and password."))
            return False
        return True
