"""Search, price range and ordering of the product list (django-filter in DRF)."""

from collections.abc import Mapping
from typing import Any

from marshmallow import EXCLUDE
from marshmallow import Schema
from marshmallow import fields
from marshmallow.validate import OneOf
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import or_

from flask_app.api.schemas import PlainDecimal
from flask_app.catalog.models import Product

ORDERING_COLUMNS = {
    "name": func.lower(Product.name),
    "price": Product.price,
    "created_at": Product.created_at,
}


class ProductFilterSchema(Schema):
    """The query parameters that narrow and order the product list."""

    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="")
    min_price = PlainDecimal()
    max_price = PlainDecimal()
    ordering = fields.String(
        load_default="-created_at",
        validate=OneOf([*ORDERING_COLUMNS, *(f"-{key}" for key in ORDERING_COLUMNS)]),
    )


def filter_products(
    statement: Select[tuple[Product]], args: Mapping[str, Any]
) -> Select[tuple[Product]]:
    """Apply the q, min_price, max_price and ordering query parameters."""
    params = ProductFilterSchema().load(args)

    if q := params["q"].strip():
        statement = statement.where(
            or_(
                Product.name.icontains(q, autoescape=True),
                Product.description.icontains(q, autoescape=True),
            )
        )
    if "min_price" in params:
        statement = statement.where(Product.price >= params["min_price"])
    if "max_price" in params:
        statement = statement.where(Product.price <= params["max_price"])

    ordering = params["ordering"]
    descending = ordering.startswith("-")
    # Ties are broken by id, in the same direction, so pages never overlap.
    columns = (ORDERING_COLUMNS[ordering.removeprefix("-")], Product.id)
    return statement.order_by(
        *(column.desc() if descending else column.asc() for column in columns)
    )
