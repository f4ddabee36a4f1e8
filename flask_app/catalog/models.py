"""The product model, its field rules, and the queries shared by pages and API."""

import re
from datetime import UTC
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import abort
from flask_login import AnonymousUserMixin
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Numeric
from sqlalchemy import Row
from sqlalchemy import Select
from sqlalchemy import String
from sqlalchemy import bindparam
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from flask_app.accounts.models import User
from flask_app.extensions import db

NAME_MAX_LENGTH = 200
SKU_MAX_LENGTH = 32
# A stock-keeping unit: groups of capital letters and digits joined by single
# hyphens (MUG-350); [A-Z0-9], unlike \w or \d, keeps to ASCII.
SKU_NOTATION = re.compile(r"\A[A-Z0-9]+(-[A-Z0-9]+)*\Z")
SKU_NOTATION_MESSAGE = (
    "Use capital letters and digits, in groups joined by single hyphens."
)
SKU_TAKEN_MESSAGE = "A product with this SKU already exists."
DESCRIPTION_MAX_LENGTH = 2000
# How the contract writes a price: digits, then optionally a point and digits
# (no sign, exponent, spaces or non-ASCII digits, all of which Decimal() reads).
PRICE_NOTATION = re.compile(r"[0-9]+(\.[0-9]+)?")
MAX_PRICE = Decimal("99999999.99")
# PostgreSQL's integer, the contract's upper bound on every backend.
MAX_STOCK = 2_147_483_647
# The largest value the INTEGER id column holds; SQLite cannot even bind more.
MAX_ID = 2**31 - 1


class Product(db.Model):
    """Something for sale, created and edited by its owner or by staff."""

    __tablename__ = "product"
    __table_args__ = (
        # The default ordering, newest first (-created_at, then -id): read backwards,
        # this index hands the database a page without sorting every product.
        Index("ix_product_created_at_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    sku: Mapped[str] = mapped_column(String(SKU_MAX_LENGTH), unique=True)
    description: Mapped[str] = mapped_column(String(DESCRIPTION_MAX_LENGTH), default="")
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    stock: Mapped[int] = mapped_column(default=0)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: datetime.now(UTC)
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        default=lambda: datetime.now(UTC),
        onupdate=lambda: datetime.now(UTC),
    )

    owner: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Product {self.id} {self.name!r}>"

    def can_be_changed_by(self, user: User | AnonymousUserMixin) -> bool:
        """Return whether user may edit or delete this product (owner or staff)."""
        return user.is_authenticated and (user.is_staff or self.owner_id == user.id)

    def touch(self) -> None:
        """Mark the product as saved now, as Django's auto_now does on every save."""
        # onupdate only fires when a column changed; a save without changes counts.
        self.updated_at = datetime.now(UTC)


# The product table itself, for the API's reads (PRODUCT_ROWS) and the clauses that
# both the pages' and the API's statements share.
products = Product.__table__
users = User.__table__

# The keys a list of products may be ordered by; a name orders regardless of case.
# Table columns, not ORM attributes: they fit Core statements as well as ORM ones.
ORDERINGS = {
    "name": func.lower(products.c.name),
    "price": products.c.price,
    "created_at": products.c.created_at,
}
DEFAULT_ORDERING = "-created_at"

# The pages and the API show each product's owner: it comes in the product's own
# query (a LEFT JOIN), not one query per product. The whole user, not load_only():
# the signed-in user is often among the owners, and a partly loaded user in the
# session would cost Flask-Login one query per missing column. Built once, at
# import: statements and options are immutable, so every request extends these
# instead of building the eager load again.
WITH_OWNER = joinedload(Product.owner)
PRODUCTS_WITH_OWNER = select(Product).options(WITH_OWNER)

# The API's reads take rows, not Products: a Core statement over the product table,
# which builds no objects and tracks nothing (they change nothing), as Django's twin
# uses values(). Only the owner's username comes with each row: a correlated
# subquery, not a join, so the list's total (pagination.with_total) leaves it out.
OWNER_USERNAME = (
    select(users.c.username)
    .where(users.c.id == products.c.owner_id)
    .scalar_subquery()
    .label("owner_username")
)
ROW_COLUMNS = (
    "id",
    "name",
    "sku",
    "description",
    "price",
    "stock",
    "created_at",
    "updated_at",
)
PRODUCT_ROWS = select(*(products.c[name] for name in ROW_COLUMNS), OWNER_USERNAME)


def select_products(
    q: str = "",
    ordering: str = DEFAULT_ORDERING,
    statement: Select[Any] = PRODUCTS_WITH_OWNER,
) -> Select[Any]:
    """Return the products whose name or description contains q, in that ordering.

    ordering is a key of ORDERINGS, "-" first for descending; ties are broken by
    id in the same direction, so pages never overlap. statement says what each
    product comes as: by default a Product with its owner (the pages), or a row of
    PRODUCT_ROWS (the API).
    """
    if q := q.strip():
        if "\x00" in q:
            # No text holds a NUL (PostgreSQL refuses one in a query): no match.
            statement = statement.where(false())
        else:
            statement = statement.where(
                or_(
                    products.c.name.icontains(q, autoescape=True),
                    products.c.description.icontains(q, autoescape=True),
                )
            )
    columns = (ORDERINGS[ordering.removeprefix("-")], products.c.id)
    if ordering.startswith("-"):
        return statement.order_by(*(column.desc() for column in columns))
    return statement.order_by(*(column.asc() for column in columns))


def get_product_or_404(product_id: int, *, for_update: bool = False) -> Product:
    """Return the product with this id, or abort with 404.

    With for_update, the row stays locked (SELECT ... FOR UPDATE) until the
    transaction ends, so a check made on it still holds when the write commits.
    SQLite has no row locks: a writing request's transaction already holds the
    database's write lock (see flask_app.extensions). Without for_update, the owner
    comes in the same query; with it, the owner loads when first used, since
    PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    """
    if product_id > MAX_ID:
        abort(404, "No product with this id.")
    return db.get_or_404(
        Product,
        product_id,
        description="No product with this id.",
        with_for_update=for_update,
        options=[] if for_update else [WITH_OWNER],
    )


# Built once: the id is a bound parameter, given at each execution.
PRODUCT_ROW_BY_ID = PRODUCT_ROWS.where(products.c.id == bindparam("product_id"))


def get_product_row_or_404(product_id: int) -> Row[Any]:
    """Return the product with this id as a row of PRODUCT_ROWS, or abort with 404."""
    row = None
    if product_id <= MAX_ID:
        parameters = {"product_id": product_id}
        row = db.session.execute(PRODUCT_ROW_BY_ID, parameters).one_or_none()
    if row is None:
        abort(404, "No product with this id.")
    return row


def sku_taken(sku: str, product_id: int | None = None) -> bool:
    """Return whether a product other than the one with product_id has this sku."""
    statement = select(Product.id).where(Product.sku == sku)
    if product_id is not None:
        statement = statement.where(Product.id != product_id)
    return db.session.scalar(statement.limit(1)) is not None


def save_product(product: Product) -> bool:
    """Add and commit product; return False if its sku was taken in the meantime.

    Two requests may both find a sku free, then both save it: the unique constraint
    refuses the second at commit, which is rolled back and reported like a duplicate
    found by the forms' own check.
    """
    sku, product_id = product.sku, product.id
    db.session.add(product)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        # Asking again tells the sku's constraint from any other, on every backend.
        if sku_taken(sku, product_id):
            return False
        raise
    return True
