"""The product model, its field rules, and the queries the pages and the API share."""

import re
from datetime import UTC
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Numeric
from sqlalchemy import Select
from sqlalchemy import String
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from flask_app.accounts.models import User
from flask_app.extensions import Model
from flask_app.extensions import db

NAME_MAX_LENGTH = 200
SKU_MAX_LENGTH = 32
# A stock-keeping unit: groups of capital letters and digits joined by single
# hyphens (MUG-350); [A-Z0-9], unlike \w or \d, keeps to ASCII.
SKU_NOTATION = re.compile(r"\A[A-Z0-9]+(-[A-Z0-9]+)*\Z")
SKU_HELP_TEXT = _l("Capital letters and digits, in groups joined by hyphens: MUG-350.")
SKU_NOTATION_MESSAGE = _l(
    "Use capital letters and digits, in groups joined by single hyphens."
)
SKU_TAKEN_MESSAGE = _l("A product with this SKU already exists.")
DESCRIPTION_MAX_LENGTH = 2000
# How the contract writes a price: digits, then optionally a point and digits
# (no sign, exponent, spaces or non-ASCII digits, all of which Decimal() reads).
PRICE_NOTATION = re.compile(r"[0-9]+(\.[0-9]+)?")
MAX_PRICE = Decimal("99999999.99")
# PostgreSQL's integer, the contract's upper bound on every backend.
MAX_STOCK = 2_147_483_647


class Product(Model):
    """Something for sale, created and edited by its owner or by staff."""

    __tablename__ = "product"
    __table_args__ = (
        # The default ordering, newest first (-created_at, then -id): read backwards,
        # this index hands the database a page without sorting every product.
        Index("ix_product_created_at_id", "created_at", "id"),
        # A deleted product's id is never given to another, on SQLite too (whose
        # rowids would reuse the highest one): a bookmark never finds a stranger.
        {"sqlite_autoincrement": True},
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
        """Mark the product as saved now, even if no column changed."""
        # onupdate only fires when a column changed; a save without changes counts.
        self.updated_at = datetime.now(UTC)


# The keys a list of products may be ordered by; a name orders regardless of case.
ORDERINGS = {
    "name": func.lower(Product.name),
    "price": Product.price,
    "created_at": Product.created_at,
}
DEFAULT_ORDERING = "-created_at"


def select_products(
    q: str = "", ordering: str = DEFAULT_ORDERING
) -> Select[tuple[Product]]:
    """Select the products whose name or description contains q, in that ordering.

    ordering is a key of ORDERINGS, "-" first for descending; ties are broken by id
    in the same direction, so pages never overlap. Each product comes with its owner
    in the same query (a LEFT JOIN), not one query per product.
    """
    statement = select(Product).options(joinedload(Product.owner))
    if q := q.strip():
        if "\x00" in q:
            # No text holds a NUL (PostgreSQL refuses one in a query): no match.
            statement = statement.where(false())
        else:
            statement = statement.where(
                or_(
                    Product.name.icontains(q, autoescape=True),
                    Product.description.icontains(q, autoescape=True),
                )
            )
    columns = (ORDERINGS[ordering.removeprefix("-")], Product.id)
    if ordering.startswith("-"):
        return statement.order_by(*(column.desc() for column in columns))
    return statement.order_by(*(column.asc() for column in columns))


def sku_taken(sku: str, product_id: int | None = None) -> bool:
    """Return whether a product other than the one with product_id has this sku."""
    statement = select(Product.id).where(Product.sku == sku)
    if product_id is not None:
        statement = statement.where(Product.id != product_id)
    return db.session.scalar(statement.limit(1)) is not None
