"""Marshmallow schemas: how the API reads and writes products and credentials."""

from typing import Any

from marshmallow import EXCLUDE
from marshmallow import ValidationError
from marshmallow import fields
from marshmallow import validates
from marshmallow.validate import Length
from marshmallow.validate import Range
from marshmallow.validate import Regexp

from flask_app.api.fields import PlainDecimal
from flask_app.api.fields import StorableString
from flask_app.api.fields import TrimmedString
from flask_app.api.fields import UTCDateTime
from flask_app.api.fields import WholeNumber
from flask_app.api.fields import at_most_two_places
from flask_app.api.messages import BETWEEN_MIN_AND_MAX
from flask_app.api.messages import SHORTER_THAN_MIN
from flask_app.api.messages import Schema
from flask_app.api.messages import translate
from flask_app.catalog.models import DESCRIPTION_MAX_LENGTH
from flask_app.catalog.models import MAX_PRICE
from flask_app.catalog.models import MAX_STOCK
from flask_app.catalog.models import NAME_MAX_LENGTH
from flask_app.catalog.models import SKU_MAX_LENGTH
from flask_app.catalog.models import SKU_NOTATION
from flask_app.catalog.models import SKU_NOTATION_MESSAGE
from flask_app.catalog.models import SKU_TAKEN_MESSAGE
from flask_app.catalog.models import Product
from flask_app.catalog.models import sku_taken


class ProductSchema(Schema):
    """A product as the API reads and writes it."""

    class Meta:
        unknown = EXCLUDE

    id = fields.Integer(dump_only=True)
    name = TrimmedString(
        required=True,
        max_length=NAME_MAX_LENGTH,
        validate=Length(min=1, error=SHORTER_THAN_MIN),
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
        validate=[
            at_most_two_places,
            Range(min=0, max=MAX_PRICE, error=BETWEEN_MIN_AND_MAX),
        ],
    )
    stock = WholeNumber(validate=Range(min=0, max=MAX_STOCK, error=BETWEEN_MIN_AND_MAX))
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
            # Text: marshmallow makes a list of a str message, not of a lazy one.
            raise ValidationError(translate(SKU_TAKEN_MESSAGE))


# Built once, at import, as marshmallow's docs do: dumping leaves a schema unchanged.
# Loads build their own, since ProductSchema(instance=...) checks the sku of the
# product being changed.
product_schema = ProductSchema()


class AuthTokenSchema(Schema):
    """The credentials exchanged for a token."""

    class Meta:
        unknown = EXCLUDE

    username = StorableString(
        required=True, validate=Length(min=1, error=SHORTER_THAN_MIN)
    )
    password = StorableString(
        required=True, validate=Length(min=1, error=SHORTER_THAN_MIN)
    )
