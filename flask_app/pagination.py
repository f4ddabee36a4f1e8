"""Page-number pagination shared by the product pages and the API."""

from typing import Any

from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from flask_app.extensions import db

# The largest offset a database takes (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1


def paginate_or_404(statement: Select[Any], page: int, per_page: int) -> Pagination:
    """Return one page of statement's rows, or abort with 404 if it has no such page.

    Page 1 always exists, even when empty (Django's Paginator does the same).
    """
    # No such page can exist, and the database would refuse the offset.
    if page < 1 or (page - 1) * per_page > MAX_OFFSET:
        abort(404, "Invalid page.")
    pagination = db.paginate(statement, page=page, per_page=per_page, error_out=False)
    if page > 1 and not pagination.items:
        abort(404, "Invalid page.")
    return pagination
