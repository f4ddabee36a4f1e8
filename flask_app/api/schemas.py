"""Marshmallow schemas: how the API reads and writes products and credentials."""

from datetime import UTC
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE
from marshmallow import Schema
from marshmallow import ValidationError
from marshmallow import fields
from marshmallow import validates
from marshmallow.validate import Length
from marshmallow.validate import Range
from marshmallow.validate import Regexp

from flask_app.catalog.models import DESCRIPTION_MAX_LENGTH
from flask_app.catalog.models import MAX_PRICE
from flask_app.catalog.models import MAX_STOCK
from flask_app.catalog.models import NAME_MAX_LENGTH
from flask_app.catalog.models import PRICE_NOTATION
from flask_app.catalog.models import SKU_MAX_LENGTH
from flask_app.catalog.models import SKU_NOTATION
from flask_app.catalog.models import SKU_NOTATION_MESSAGE
from flask_app.catalog.models import SKU_TAKEN_MESSAGE
from flask_app.catalog.models import Product
from flask_app.catalog.models import sku_taken


class PlainDecimal(fields.Decimal):
    """A decimal sent as a JSON string in plain notation: no sign, exponent or space."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Decimal:
        if not isinstance(value, str) or PRICE_NOTATION.fullmatch(value) is None:
            raise self.make_error("invalid")
        # Not quantized here, so that validators can still see extra decimal places.
        return Decimal(value)


class PlainInteger(fields.Integer):
    """A whole number in a query string: ASCII digits only."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        # int() would also read "+5", " 5", "1_0" or non-ASCII digits.
        if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StorableString(fields.String):
    """A string every database can store: no NUL and no lone surrogate."""

    default_error_messages = {
        "null_character": "Null characters are not allowed.",
        "surrogate": "Surrogate characters are not allowed.",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
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
        "max_length": "Ensure this field has no more than {max_length} characters.",
    }

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_length = max_length

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        # The contract (JSON Schema's maxLength) counts the string as it arrived.
        if self.max_length is not None and len(text) > self.max_length:
            raise self.make_error("max_length", max_length=self.max_length)
        return text.strip()


class UTCDateTime(fields.DateTime):
    """A datetime in ISO 8601 with its UTC offset, as RFC 3339 needs."""

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        # SQLite returns naive datetimes; they were stored in UTC.
        if value is not None:
            value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def at_most_two_places(value: Decimal) -> None:
    """Refuse a decimal with more than two decimal places."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValidationError("Ensure that there are no more than 2 decimal places.")


class ProductSchema(Schema):
    """A product as the API reads and writes it."""

    class Meta:
        unknown = EXCLUDE

    id = fields.Integer(dump_only=True)
    name = TrimmedString(
        required=True, max_length=NAME_MAX_LENGTH, validate=Length(min=1)
    )
    sku = TrimmedString(
        required=True,
        max_length=SKU_MAX_LENGTH,
        validate=Regexp(SKU_NOTATION, error=SKU_NOTATION_MESSAGE),
    )
    description = TrimmedString(max_length=DESCRIPTION_MAX_LENGTH)
    price = PlainDecimal(
        required=True,
        places=2,
        as_string=True,
        validate=[at_most_two_places, Range(min=0, max=MAX_PRICE)],
    )
    stock = fields.Integer(strict=True, validate=Range(min=0, max=MAX_STOCK))
    owner = fields.Function(
        lambda product: product.owner.username if product.owner else None
    )
    created_at = UTCDateTime(dump_only=True)
    updated_at = UTCDateTime(dump_only=True)

    def __init__(self, *, instance: Product | None = None, **kwargs: Any) -> None:
        # The product being changed, if any, for the sku's uniqueness check.
        super().__init__(**kwargs)
        self.instance = instance

    @validates("sku")
    def validate_sku(self, value: str, data_key: str) -> None:
        """Refuse a sku that another product already has."""
        if sku_taken(value, self.instance.id if self.instance else None):
            raise ValidationError(SKU_TAKEN_MESSAGE)


# Built once, at import, as marshmallow's docs do: dumping leaves a schema unchanged.
# Loads build their own, since ProductSchema(instance=...) checks the sku of the
# product being changed.
product_schema = ProductSchema()


class AuthTokenSchema(Schema):
    """The credentials exchanged for a token."""

    class Meta:
        unknown = EXCLUDE

    username = StorableString(required=True, validate=Length(min=1))
    password = StorableString(required=True, validate=Length(min=1))
