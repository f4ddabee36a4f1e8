"""Search, price range and ordering of the product list."""

from collections.abc import Mapping
from typing import Any

from marshmallow import EXCLUDE
from marshmallow import fields
from marshmallow.validate import OneOf
from sqlalchemy import Select

from flask_app.api.fields import PlainDecimal
from flask_app.api.fields import TrimmedString
from flask_app.api.messages import ONE_OF_CHOICES
from flask_app.api.messages import Schema
from flask_app.catalog.models import DEFAULT_ORDERING
from flask_app.catalog.models import ORDERINGS
from flask_app.catalog.models import Product
from flask_app.catalog.models import select_products


class ProductFilterSchema(Schema):
    """The query parameters that narrow and order the product list."""

    class Meta:
        unknown = EXCLUDE

    q = TrimmedString(load_default="")
    min_price = PlainDecimal(load_default=None)
    max_price = PlainDecimal(load_default=None)
    ordering = fields.String(
        load_default=DEFAULT_ORDERING,
        validate=OneOf(
            [*ORDERINGS, *(f"-{key}" for key in ORDERINGS)], error=ONE_OF_CHOICES
        ),
    )


# Built once, at import (see api.schemas.product_schema): loading leaves it unchanged.
product_filter_schema = ProductFilterSchema()


def filter_products(args: Mapping[str, Any]) -> Select[tuple[Product]]:
    """Select the products that q, min_price, max_price and ordering ask for."""
    params = product_filter_schema.load(args)
    statement = select_products(params["q"], params["ordering"])
    if params["min_price"] is not None:
        statement = statement.where(Product.price >= params["min_price"])
    if params["max_price"] is not None:
        statement = statement.where(Product.price <= params["max_price"])
    return statement
