"""Page-number pagination with absolute next and previous links."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import abort
from flask import request
from marshmallow import EXCLUDE
from marshmallow import Schema
from marshmallow import fields
from marshmallow.validate import Range
from sqlalchemy import Select

from flask_app.extensions import db

MAX_OFFSET = 2**63 - 1


class PageSchema(Schema):
    """The page and page_size query parameters."""

    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=Range(min=1))
    page_size = fields.Integer(load_default=20, validate=Range(min=1, max=100))


def page_url(page: int) -> str:
    """Return the current URL for another page, keeping the other query parameters."""
    args = request.args.copy()
    if page == 1:
        args.pop("page", None)
    else:
        args["page"] = str(page)
    query = urlencode(list(args.items(multi=True)))
    return f"{request.base_url}?{query}" if query else request.base_url


def paginate(statement: Select[Any], schema: Schema) -> Mapping[str, Any]:
    """Return one page of statement's rows, dumped with schema, and the page links."""
    params = PageSchema().load(request.args)
    page, per_page = params["page"], params["page_size"]
    # No such page can exist, and the database would refuse the offset.
    if (page - 1) * per_page > MAX_OFFSET:
        abort(404, "Invalid page.")

    pagination = db.paginate(statement, page=page, per_page=per_page, error_out=False)
    if page > 1 and not pagination.items:
        abort(404, "Invalid page.")
    return {
        "count": pagination.total,
        "next": page_url(page + 1) if pagination.has_next else None,
        "previous": page_url(page - 1) if pagination.has_prev else None,
        "results": schema.dump(pagination.items, many=True),
    }
