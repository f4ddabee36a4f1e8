"""Page-number pagination shared by the product pages and the API."""

from typing import Any

from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import select

from flask_app.extensions import db

# The largest offset a database takes (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1


def count_rows(statement: Select[Any]) -> int:
    """Return how many rows statement selects, with one plain COUNT(*).

    Flask-SQLAlchemy counts over a subquery of the whole statement, eager loads and
    ordering included; this counts the statement's table with its WHERE clause only,
    which the database (and SQLAlchemy) answer faster. Meant for a statement of one
    entity whose WHERE names only its table, without DISTINCT or GROUP BY, as the
    product lists are.
    """
    count = select(func.count()).select_from(*statement.columns_clause_froms)
    if statement.whereclause is not None:
        count = count.where(statement.whereclause)
    return db.session.scalar(count) or 0


def paginate_or_404(statement: Select[Any], page: int, per_page: int) -> Pagination:
    """Return one page of statement's rows, or abort with 404 if it has no such page.

    Page 1 always exists, even when empty (Django's Paginator does the same).
    """
    # No such page can exist, and the database would refuse the offset.
    if page < 1 or (page - 1) * per_page > MAX_OFFSET:
        abort(404, "Invalid page.")
    # count=False, then our own cheaper count (Flask-SQLAlchemy documents setting
    # total yourself): two queries in all, the page and the count.
    pagination = db.paginate(
        statement, page=page, per_page=per_page, error_out=False, count=False
    )
    if page > 1 and not pagination.items:
        abort(404, "Invalid page.")
    pagination.total = count_rows(statement)
    return pagination
