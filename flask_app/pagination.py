"""One page of a product statement, for the pages and the API.

Django's Paginator counts first and checks the page number against the count;
Flask-SQLAlchemy's db.paginate() reads the page first, then counts.
"""

from typing import Any

from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import select

from flask_app.extensions import db

# The largest offset SQLite and PostgreSQL take (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1


def paginate(statement: Select[Any], page: int, per_page: int) -> Pagination:
    """Return one page of statement's items and their total, or abort with 404.

    Page 1 always exists, even when empty, as with Django's Paginator. The total
    is a plain COUNT(*) of the statement's table under its WHERE clause:
    db.paginate() counts a subquery of the whole statement, and its docs leave the
    count to the caller (count=False) where that is cheaper.
    """
    if page < 1 or (page - 1) * per_page > MAX_OFFSET:
        # No such page, and the database would refuse the offset.
        abort(404, "Invalid page.")
    pagination = db.paginate(
        statement, page=page, per_page=per_page, error_out=False, count=False
    )
    if page > 1 and not pagination.items:
        abort(404, "Invalid page.")
    count = select(func.count()).select_from(*statement.columns_clause_froms)
    if statement.whereclause is not None:
        count = count.where(statement.whereclause)
    pagination.total = db.session.scalar(count)
    return pagination
