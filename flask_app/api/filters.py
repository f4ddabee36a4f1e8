"""Search, price range and ordering of the product list (django-filter in DRF)."""

import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE
from marshmallow import Schema
from marshmallow import fields
from marshmallow.validate import OneOf
from sqlalchemy import Select

from flask_app.api.schemas import PlainDecimal
from flask_app.api.schemas import TrimmedString
from flask_app.catalog.models import DEFAULT_ORDERING
from flask_app.catalog.models import ORDERINGS
from flask_app.catalog.models import PRODUCT_ROWS
from flask_app.catalog.models import products
from flask_app.catalog.models import select_products
from flask_app.pagination import with_total


class ProductFilterSchema(Schema):
    """The query parameters that narrow and order the product list."""

    class Meta:
        unknown = EXCLUDE

    q = TrimmedString(load_default="")
    min_price = PlainDecimal(load_default=None)
    max_price = PlainDecimal(load_default=None)
    ordering = fields.String(
        load_default=DEFAULT_ORDERING,
        validate=OneOf([*ORDERINGS, *(f"-{key}" for key in ORDERINGS)]),
    )


# Built once, at import (see api.schemas.product_schema): loading leaves it unchanged.
product_filter_schema = ProductFilterSchema()


@functools.lru_cache(maxsize=256)
def select_product_rows(
    q: str, ordering: str, min_price: Decimal | None, max_price: Decimal | None
) -> Select[Any]:
    """Return the rows (PRODUCT_ROWS) these parameters ask for, with their total.

    Cached: statements are immutable, so the same parameters (the unfiltered list
    above all) reuse one statement. Building it, and then SQLAlchemy's cache key
    for it, cost a list request more than its query did.
    """
    statement = select_products(q, ordering, PRODUCT_ROWS)
    if min_price is not None:
        statement = statement.where(products.c.price >= min_price)
    if max_price is not None:
        statement = statement.where(products.c.price <= max_price)
    return with_total(statement)


def filter_products(args: Mapping[str, Any]) -> Select[Any]:
    """Select the product rows that q, min_price, max_price and ordering ask for."""
    params = product_filter_schema.load(args)
    return select_product_rows(
        params["q"], params["ordering"], params["min_price"], params["max_price"]
    )
