"""The password policy: Django's four default password validators, for WTForms.

The twin is AUTH_PASSWORD_VALIDATORS in django_app/config/settings.py (Django ships
these validators; Flask has none). Each one is a WTForms validator, so a form lists
them on its password field; the similarity check reads the form's other fields.
"""

import gzip
import re
from difflib import SequenceMatcher
from functools import cache

from wtforms import Field
from wtforms import Form
from wtforms.validators import ValidationError

from flask_app.config import SHARED_SPEC_DIR

# Django's own list of 20,000 common passwords, lower-cased.
COMMON_PASSWORDS_PATH = SHARED_SPEC_DIR / "fixtures" / "common-passwords.txt.gz"


def exceeds_maximum_length_ratio(
    password: str, max_similarity: float, value: str
) -> bool:
    """Return whether value is too short beside password to be worth comparing."""
    # Django's short-cut: quick_ratio() of a password 10 times as long as the value
    # stays under max_similarity, so the comparison can be skipped.
    password_length = len(password)
    value_length = len(value)
    return (
        password_length >= 10 * value_length
        and value_length < max_similarity / 2 * password_length
    )


class UserAttributeSimilarityValidator:
    """Refuse a password too similar to the username or email typed on the form."""

    def __init__(
        self,
        user_attributes: tuple[str, ...] = ("username", "email"),
        max_similarity: float = 0.7,
    ) -> None:
        self.user_attributes = user_attributes
        self.max_similarity = max_similarity

    def __call__(self, form: Form, field: Field) -> None:
        password = (field.data or "").lower()
        for attribute in self.user_attributes:
            value = form[attribute].data if attribute in form else None
            if not value or not isinstance(value, str):
                continue
            value = value.lower()
            for part in [*re.split(r"\W+", value), value]:
                if exceeds_maximum_length_ratio(password, self.max_similarity, part):
                    continue
                similarity = SequenceMatcher(a=password, b=part).quick_ratio()
                if similarity >= self.max_similarity:
                    label = form[attribute].label.text.lower()
                    raise ValidationError(
                        f"The password is too similar to the {label}."
                    )


class MinimumLengthValidator:
    """Refuse a password shorter than min_length characters."""

    def __init__(self, min_length: int = 8) -> None:
        self.min_length = min_length

    def __call__(self, form: Form, field: Field) -> None:
        if len(field.data or "") < self.min_length:
            raise ValidationError(
                "This password is too short. "
                f"It must contain at least {self.min_length} characters."
            )


@cache
def common_passwords() -> frozenset[str]:
    """Return the common passwords, read from the file once."""
    with gzip.open(COMMON_PASSWORDS_PATH, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


class CommonPasswordValidator:
    """Refuse a password from the list of common passwords, whatever its case."""

    def __call__(self, form: Form, field: Field) -> None:
        if (field.data or "").lower().strip() in common_passwords():
            raise ValidationError("This password is too common.")


class NumericPasswordValidator:
    """Refuse a password made of digits only."""

    def __call__(self, form: Form, field: Field) -> None:
        if (field.data or "").isdigit():
            raise ValidationError("This password is entirely numeric.")


# In the order of Django's default AUTH_PASSWORD_VALIDATORS; every one that fails
# adds its message.
PASSWORD_VALIDATORS = (
    UserAttributeSimilarityValidator(),
    MinimumLengthValidator(),
    CommonPasswordValidator(),
    NumericPasswordValidator(),
)
