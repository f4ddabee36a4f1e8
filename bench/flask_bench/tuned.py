"""The tuned API reads of the Flask app: the reference's answers, for less work.

GET /bench/tuned/products/ and /bench/tuned/products/<id>/ answer the same bytes as
the app's own GET /api/products/ and /api/products/<id>/ for the same query string:
the status, the body (the list's next and previous links are the reference's URLs,
.../api/products/?..., not this view's) and the ETag. Only the benchmark
mounts them (bench.flask_bench), to measure what the techniques the reference leaves
out would buy; bench/README.md, "Reference or tuned", says what each one costs and
why the reference does without it. They read rows and never cache one: every answer
is fresh after every write.

The API blueprint's hook authenticates any request with an Authorization header, so
a bad token answers 401; these views, on the app itself, call that hook in that case.
"""

import functools
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any
from urllib.parse import urlencode

from flask import Response
from flask import jsonify
from flask import request
from marshmallow import ValidationError
from sqlalchemy import Select
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import NotFound

from flask_app.accounts.models import User
from flask_app.api.authentication import load_api_user
from flask_app.api.errors import handle_validation_error
from flask_app.api.errors import http_problem
from flask_app.api.filters import product_filter_schema
from flask_app.api.pagination import page_schema
from flask_app.catalog.models import DEFAULT_ORDERING
from flask_app.catalog.models import PRICE_NOTATION
from flask_app.catalog.models import Product
from flask_app.catalog.views import NOT_FOUND
from flask_app.extensions import db
from flask_app.hardening.concurrency import etag_for
from flask_app.hardening.strict_input import MAX_ID

# The largest offset SQLite and PostgreSQL take (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1

products = Product.__table__
users = User.__table__

# The keys of flask_app.catalog.models.ORDERINGS, on the table's columns: a Core
# statement of table columns skips the ORM's compile step that mapped attributes bring.
ORDERINGS = {
    "name": func.lower(products.c.name),
    "price": products.c.price,
    "created_at": products.c.created_at,
}
ORDERING_CHOICES = frozenset([*ORDERINGS, *(f"-{key}" for key in ORDERINGS)])
# The owner's username as a correlated subquery, not a join: the total leaves it out.
OWNER_USERNAME = (
    select(users.c.username)
    .where(users.c.id == products.c.owner_id)
    .scalar_subquery()
    .label("owner")
)
ROWS = select(
    products.c.id,
    products.c.name,
    products.c.sku,
    products.c.description,
    products.c.price,
    products.c.stock,
    OWNER_USERNAME,
    products.c.created_at,
    products.c.updated_at,
)
# Built once: the id is a bound parameter, and SQLAlchemy memoizes the cache key of
# a statement object, so each execution finds the compiled SQL without rebuilding it.
DETAIL = ROWS.where(products.c.id == bindparam("product_id"))
# Longer digit strings are left to the schemas (int() refuses over 4300 digits).
MAX_DIGITS = 18

Parameters = tuple[str, str, Decimal | None, Decimal | None, int, int]


class Unsure(Exception):
    """A parameter the fast reading leaves to the reference's schemas."""


def price(args: Mapping[str, str], name: str) -> Decimal | None:
    """Return the price bound name in plain notation, or raise Unsure."""
    value = args.get(name)
    if value is None:
        return None
    if PRICE_NOTATION.fullmatch(value) is None:
        raise Unsure
    return Decimal(value)


def whole_number(
    args: Mapping[str, str], name: str, default: int, top: int | None = None
) -> int:
    """Return name as a number of 1 or more (up to top) in ASCII digits, or Unsure."""
    value = args.get(name)
    if value is None:
        return default
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS):
        raise Unsure
    number = int(value)
    if number < 1 or (top is not None and number > top):
        raise Unsure
    return number


def list_parameters(args: Mapping[str, str]) -> Parameters:
    """Return q, ordering, min_price, max_price, page and page_size, or raise 400.

    Plain values are read here; anything else goes through the reference's own
    schemas, in the reference's order, which accept it as the reference does or
    raise its ValidationError. Like the schemas, a repeated parameter counts once,
    with its first value.
    """
    try:
        q = args.get("q", "")
        # The schema refuses a NUL; non-ASCII text is left to its other checks.
        if not q.isascii() or "\x00" in q:
            raise Unsure
        ordering = args.get("ordering", DEFAULT_ORDERING)
        if ordering not in ORDERING_CHOICES:
            raise Unsure
        return (
            q.strip(),
            ordering,
            price(args, "min_price"),
            price(args, "max_price"),
            whole_number(args, "page", 1),
            whole_number(args, "page_size", 20, 100),
        )
    except Unsure:
        filters = product_filter_schema.load(args)
        pages = page_schema.load(args)
    return (
        filters["q"].strip(),
        filters["ordering"],
        filters["min_price"],
        filters["max_price"],
        pages["page"],
        pages["page_size"],
    )


@functools.lru_cache(maxsize=256)
def list_statement(
    q: str, ordering: str, min_price: Decimal | None, max_price: Decimal | None
) -> Select[Any]:
    """Return the statement of a page of rows these parameters select, with the total.

    Cached per parameter set: a statement is immutable and holds no rows, so the
    same parameters (the unfiltered list above all) reuse one object and its cache
    key. The page is bound at execution (limit, offset); the total is an
    uncorrelated COUNT(*) subquery, which the database evaluates once per query.
    """
    conditions = []
    if q:
        conditions.append(
            or_(
                products.c.name.icontains(q, autoescape=True),
                products.c.description.icontains(q, autoescape=True),
            )
        )
    if min_price is not None:
        conditions.append(products.c.price >= min_price)
    if max_price is not None:
        conditions.append(products.c.price <= max_price)
    total = (
        select(func.count())
        .select_from(products)
        .where(*conditions)
        .correlate(None)
        .scalar_subquery()
        .label("total")
    )
    columns = (ORDERINGS[ordering.removeprefix("-")], products.c.id)
    order = [
        column.desc() if ordering.startswith("-") else column.asc()
        for column in columns
    ]
    return (
        ROWS.add_columns(total)
        .where(*conditions)
        .order_by(*order)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def rfc3339(value: datetime) -> str:
    """Write a time as the reference's UTCDateTime does; a naive one faster."""
    if value.tzinfo is None:
        # Stored in UTC: the reference's replace(tzinfo=UTC) comes to this.
        return f"{value.isoformat()}+00:00"
    return value.isoformat()


def as_dict(row: Any) -> dict[str, Any]:
    """Return a row as ProductSchema dumps the product (ROWS' columns, in order)."""
    return {
        "id": row[0],
        "name": row[1],
        "sku": row[2],
        "description": row[3],
        # The column's two decimal places, as ProductSchema's price (places=2).
        "price": f"{row[4]:.2f}",
        "stock": row[5],
        "owner": row[6],
        "created_at": rfc3339(row[7]),
        "updated_at": rfc3339(row[8]),
    }


def page_link(base: str, page: int) -> str:
    """Return the reference's link to another page: its page_url(), without a copy.

    The other parameters sorted by name, each keeping its values in order, and page 1
    without a page parameter.
    """
    pairs = [
        (key, value)
        for key, values in sorted(request.args.lists())
        if key != "page"
        for value in values
    ]
    if page > 1:
        pairs.append(("page", str(page)))
        pairs.sort(key=itemgetter(0))
    return f"{base}?{urlencode(pairs)}" if pairs else base


def json_response(data: Any) -> Response:
    """Return data as Flask's own JSON response of it would be."""
    return jsonify(data)


def refusal() -> Response | None:
    """Return the API's 401 for a request whose Authorization header is refused."""
    if "Authorization" not in request.headers:
        return None
    try:
        load_api_user()
    except HTTPException as error:
        return http_problem(error)
    return None


def product_list() -> Response | tuple[Any, int]:
    """List products as GET /api/products/ does, for the same query string."""
    if refused := refusal():
        return refused
    try:
        q, ordering, min_price, max_price, page, page_size = list_parameters(
            request.args
        )
    except ValidationError as error:
        return handle_validation_error(error)
    offset = (page - 1) * page_size
    if offset > MAX_OFFSET:
        return http_problem(NotFound())
    statement = list_statement(q, ordering, min_price, max_price)
    rows = (
        db.session.connection()
        .execute(statement, {"limit": page_size, "offset": offset})
        .all()
    )
    if not rows and page > 1:
        return http_problem(NotFound())
    # Every row carries the total; a page 1 without rows has nothing to count.
    total = rows[0][-1] if rows else 0
    base = f"{request.host_url}api/products/"
    data = {
        "count": total,
        "next": page_link(base, page + 1) if offset + page_size < total else None,
        "previous": page_link(base, page - 1) if page > 1 else None,
        "results": [as_dict(row) for row in rows],
    }
    response = json_response(data)
    response.set_etag(etag_for(data))
    return response


def product_detail(product_id: int) -> Response:
    """Show one product as GET /api/products/<id>/ does, ETag included."""
    if refused := refusal():
        return refused
    row = None
    if product_id <= MAX_ID:
        parameters = {"product_id": product_id}
        row = db.session.connection().execute(DETAIL, parameters).first()
    if row is None:
        return http_problem(NotFound(NOT_FOUND))
    data = as_dict(row)
    response = json_response(data)
    response.set_etag(etag_for(data))
    return response
