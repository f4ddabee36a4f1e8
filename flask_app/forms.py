"""Filters and validators every HTML form uses."""

from typing import Any

from flask_babel import gettext as _
from wtforms import Field
from wtforms import Form
from wtforms.validators import ValidationError


def strip(value: Any) -> Any:
    """Drop the whitespace around a text value."""
    return value.strip() if isinstance(value, str) else value


def no_null_characters(form: Form, field: Field) -> None:
    """Refuse a NUL character, which PostgreSQL cannot store or search for."""
    if isinstance(field.data, str) and "\x00" in field.data:
        raise ValidationError(_("Null characters are not allowed."))
