"""Page-number pagination with absolute next and previous links."""

from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import request
from marshmallow import EXCLUDE
from marshmallow import Schema
from marshmallow import fields
from marshmallow.validate import Range
from sqlalchemy import Select

from flask_app.pagination import TotalColumnPagination
from flask_app.pagination import paginate_or_404


class PageSchema(Schema):
    """The page and page_size query parameters."""

    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=Range(min=1))
    page_size = fields.Integer(load_default=20, validate=Range(min=1, max=100))


# Built once, at import (see api.schemas.product_schema): loading leaves it unchanged.
page_schema = PageSchema()


def page_url(page: int) -> str:
    """Return the current URL for another page, keeping the other query parameters."""
    args = request.args.copy()
    if page == 1:
        args.pop("page", None)
    else:
        args["page"] = str(page)
    query = urlencode(list(args.items(multi=True)))
    return f"{request.base_url}?{query}" if query else request.base_url


def paginate(
    statement: Select[Any], dump: Callable[[Any], Mapping[str, Any]]
) -> Mapping[str, Any]:
    """Return one page of statement's rows, each dumped with dump, and the links.

    statement is a with_total() statement: the page and the count in one query.
    """
    params = page_schema.load(request.args)
    page = params["page"]
    pagination = paginate_or_404(
        statement, page, params["page_size"], TotalColumnPagination
    )
    return {
        "count": pagination.total,
        "next": page_url(page + 1) if pagination.has_next else None,
        "previous": page_url(page - 1) if pagination.has_prev else None,
        "results": [dump(item) for item in pagination.items],
    }
