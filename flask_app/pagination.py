"""Page-number pagination shared by the product pages and the API.

Two subclasses of Flask-SQLAlchemy's SelectPagination, which leaves how a page's
items and total are queried to _query_items() and _query_count():
CountedPagination (the pages: Product objects, then a plain COUNT(*)) and
TotalColumnPagination (the API: rows that bring their total with them).
"""

from typing import Any

from flask import abort
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import select

from flask_app.extensions import db

# The largest offset a database takes (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1


def count_rows(statement: Select[Any]) -> Select[tuple[int]]:
    """Return a plain COUNT(*) of the rows statement selects.

    Flask-SQLAlchemy counts over a subquery of the whole statement, eager loads and
    ordering included; this counts the statement's table with its WHERE clause only,
    which the database (and SQLAlchemy) answer faster. Meant for a statement of one
    table whose WHERE names only that table, without DISTINCT or GROUP BY, as the
    product lists are.
    """
    count = select(func.count()).select_from(*statement.columns_clause_froms)
    if statement.whereclause is not None:
        count = count.where(statement.whereclause)
    return count


def with_total(statement: Select[Any]) -> Select[Any]:
    """Return statement with one more column, total: how many rows it selects.

    The count is an uncorrelated scalar subquery, which SQLite and PostgreSQL
    evaluate once per query, not once per row: a page and its total in one query.
    """
    total = count_rows(statement).correlate(None).scalar_subquery()
    return statement.add_columns(total.label("total"))


class CountedPagination(SelectPagination):
    """A page of statement's items, counted with count_rows()."""

    def _query_count(self) -> int:
        session = self._query_args["session"]
        return session.scalar(count_rows(self._query_args["select"])) or 0


class TotalColumnPagination(SelectPagination):
    """A page of the rows of a with_total() statement; the total comes with them.

    The items are the rows themselves (total included). A page without rows has no
    total to read: on page 1 there are none at all, and a later page is answered
    with 404 before the total is used.
    """

    _total = 0

    def _query_items(self) -> list[Any]:
        statement = self._query_args["select"]
        statement = statement.limit(self.per_page).offset(self._query_offset)
        rows = self._query_args["session"].execute(statement).all()
        if rows:
            self._total = rows[0].total
        return rows

    def _query_count(self) -> int:
        return self._total


def paginate_or_404(
    statement: Select[Any],
    page: int,
    per_page: int,
    pagination_class: type[SelectPagination] = CountedPagination,
) -> SelectPagination:
    """Return one page of statement's rows, or abort with 404 if it has no such page.

    Page 1 always exists, even when empty (Django's Paginator does the same).
    """
    # No such page can exist, and the database would refuse the offset.
    if page < 1 or (page - 1) * per_page > MAX_OFFSET:
        abort(404, "Invalid page.")
    pagination = pagination_class(
        select=statement,
        session=db.session(),
        page=page,
        per_page=per_page,
        max_per_page=None,
        error_out=False,
    )
    if page > 1 and not pagination.items:
        abort(404, "Invalid page.")
    return pagination
