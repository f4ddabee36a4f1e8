"""Page-number pagination of API lists: count, next, previous and results."""

from collections.abc import Callable
from collections.abc import Mapping
from operator import itemgetter
from typing import Any
from urllib.parse import urlencode

from flask import request
from marshmallow import EXCLUDE
from marshmallow.validate import Range
from sqlalchemy import Select

from flask_app.api.fields import PlainInteger
from flask_app.api.messages import AT_LEAST_MIN
from flask_app.api.messages import BETWEEN_MIN_AND_MAX
from flask_app.api.messages import Schema
from flask_app.extensions import db


class PageSchema(Schema):
    """The page and page_size query parameters."""

    class Meta:
        unknown = EXCLUDE

    page = PlainInteger(load_default=1, validate=Range(min=1, error=AT_LEAST_MIN))
    page_size = PlainInteger(
        load_default=20, validate=Range(min=1, max=100, error=BETWEEN_MIN_AND_MAX)
    )


# Built once, at import (see api.schemas.product_schema): loading leaves it unchanged.
page_schema = PageSchema()


def page_url(page: int) -> str:
    """Return this request's URL for another page, with its other query parameters.

    They are sorted by name: one URL per page, whatever order the client wrote them
    in, so that a cache keeps each page once.
    """
    args = request.args.copy()
    if page == 1:
        args.pop("page", None)
    else:
        args["page"] = str(page)
    query = urlencode(sorted(args.items(multi=True), key=itemgetter(0)))
    return f"{request.base_url}?{query}" if query else request.base_url


def paginated_response(
    statement: Select[Any], dump: Callable[[list[Any]], list[Any]]
) -> Mapping[str, Any]:
    """Return the page of statement that page and page_size ask for, with links."""
    params = page_schema.load(request.args)
    # 404 for a page after the last; page 1 exists even when empty.
    pagination = db.paginate(
        statement, page=params["page"], per_page=params["page_size"]
    )
    # next_num and prev_num are None on the last and the first page.
    next_num, prev_num = pagination.next_num, pagination.prev_num
    return {
        "count": pagination.total,
        "next": None if next_num is None else page_url(next_num),
        "previous": None if prev_num is None else page_url(prev_num),
        "results": dump(pagination.items),
    }
