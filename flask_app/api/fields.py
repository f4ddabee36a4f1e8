"""Marshmallow fields for the API's strict JSON types, and a decimal-places check."""

from collections.abc import Mapping
from datetime import UTC
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from marshmallow import fields

from flask_app.catalog.models import PRICE_NOTATION


class PlainDecimal(fields.Decimal):
    """A decimal sent as a JSON string in plain notation: no sign, exponent or space."""

    def _deserialize(
        self,
        value: Any,
        attr: str | None,
        data: Mapping[str, Any] | None,
        **kwargs: Any,
    ) -> Decimal:
        if not isinstance(value, str) or PRICE_NOTATION.fullmatch(value) is None:
            raise self.make_error("invalid")
        # Not quantized here, so that validators can still see extra decimal places.
        return Decimal(value)


class WholeNumber(fields.Integer):
    """A whole JSON number, not a string or a boolean.

    A whole number is JSON Schema's integer: 12.0 and 1.2E1 are 12, as the document
    says, and as clients whose encoders write floats send them.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(
        self,
        value: Any,
        attr: str | None,
        data: Mapping[str, Any] | None,
        **kwargs: Any,
    ) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        # strict=True refuses the rest: strings, fractions and booleans.
        return super()._deserialize(value, attr, data, **kwargs)


class PlainInteger(fields.Integer):
    """A whole number in a query string: ASCII digits only."""

    def _deserialize(
        self,
        value: Any,
        attr: str | None,
        data: Mapping[str, Any] | None,
        **kwargs: Any,
    ) -> int:
        # int() would also read "+5", " 5", "1_0" or non-ASCII digits.
        if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StorableString(fields.String):
    """A string every database can store: no NUL and no lone surrogate."""

    default_error_messages = {
        "null_character": _l("Null characters are not allowed."),
        "surrogate": _l("Surrogate characters are not allowed."),
    }

    def _deserialize(
        self,
        value: Any,
        attr: str | None,
        data: Mapping[str, Any] | None,
        **kwargs: Any,
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise self.make_error("null_character")
        # "\ud800" is valid JSON but no character: UTF-8 cannot encode it.
        if any("\ud800" <= char <= "\udfff" for char in text):
            raise self.make_error("surrogate")
        return text


class TrimmedString(StorableString):
    """A storable string of at most max_length characters as sent, then trimmed."""

    default_error_messages = {
        "max_length": _l("Ensure this field has no more than {max_length} characters."),
    }

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_length = max_length

    def _deserialize(
        self,
        value: Any,
        attr: str | None,
        data: Mapping[str, Any] | None,
        **kwargs: Any,
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        # The contract (JSON Schema's maxLength) counts the string as it arrived.
        if self.max_length is not None and len(text) > self.max_length:
            raise self.make_error("max_length", max_length=self.max_length)
        return text.strip()


class UTCDateTime(fields.DateTime):
    """A datetime in ISO 8601 with its UTC offset, as RFC 3339 needs."""

    def _serialize(
        self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any
    ) -> str | float | None:
        # SQLite returns naive datetimes; they were stored in UTC.
        if value is not None:
            value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def at_most_two_places(value: Decimal) -> None:
    """Refuse a decimal with more than two decimal places."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValidationError(_("Ensure that there are no more than 2 decimal places."))
