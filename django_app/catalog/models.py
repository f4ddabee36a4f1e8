import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Expression
from django.db.models import F
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User

# How the contract writes a price: digits, then optionally a point and digits
# (no sign, exponent, spaces or non-ASCII digits, all of which Decimal() reads).
PRICE_NOTATION = re.compile(r"[0-9]+(\.[0-9]+)?")
# A stock-keeping unit: groups of capital letters and digits joined by single
# hyphens (MUG-350); [A-Z0-9], unlike \w or \d, keeps to ASCII.
SKU_NOTATION = re.compile(r"\A[A-Z0-9]+(-[A-Z0-9]+)*\Z")
SKU_HELP_TEXT = _("Capital letters and digits, in groups joined by hyphens: MUG-350.")
# PostgreSQL's integer, the contract's upper bound on every backend.
MAX_STOCK = 2_147_483_647

# The keys a list of products may be ordered by; a name orders regardless of case.
# Declared, as mypy would join Lower and F to a class without asc() and desc().
ORDERINGS: dict[str, Expression | F] = {
    "name": Lower("name"),
    "price": F("price"),
    "created_at": F("created_at"),
}
DEFAULT_ORDERING = "-created_at"


class ProductQuerySet(models.QuerySet["Product"]):
    """Queries on products shared by the pages and the API."""

    def with_owner(self) -> "ProductQuerySet":
        """Join each product's owner, loading only the username that is shown."""
        # Not a whole user row (password hash included) for every product listed.
        columns = [field.name for field in self.model._meta.concrete_fields]
        return self.select_related("owner").only(*columns, "owner__username")

    def search(self, term: str) -> "ProductQuerySet":
        """Keep products whose name or description contains the term, any case."""
        term = term.strip()
        if not term:
            return self
        if "\x00" in term:
            # No text holds a NUL (PostgreSQL refuses one in a query): no match.
            return self.none()
        # icontains escapes % and _, so they match themselves.
        return self.filter(Q(name__icontains=term) | Q(description__icontains=term))

    def ordered_by(self, ordering: str) -> "ProductQuerySet":
        """Order by a key of ORDERINGS ("-" first: descending), ties broken by id."""
        key = ORDERINGS[ordering.removeprefix("-")]
        if ordering.startswith("-"):
            return self.order_by(key.desc(), F("pk").desc())
        return self.order_by(key.asc(), F("pk").asc())


class Product(models.Model):
    """Something for sale, created by a user who may later be deleted."""

    name = models.CharField(_("name"), max_length=200)
    sku = models.CharField(
        _("SKU"),
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(
                SKU_NOTATION,
                _(
                    "Use capital letters and digits, in groups joined by single "
                    "hyphens."
                ),
            )
        ],
        # Spelled out: DRF's UniqueValidator would lower-case Django's default.
        error_messages={"unique": _("A product with this SKU already exists.")},
    )
    description = models.TextField(
        _("description"), max_length=2000, blank=True, default=""
    )
    price = models.DecimalField(
        _("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    stock = models.PositiveIntegerField(
        _("stock"), default=0, validators=[MaxValueValidator(MAX_STOCK)]
    )
    # Django 5.2 applies SET_NULL in the ORM; a database-level rule needs 6.0.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The default ordering, newest first: without this index SQLite sorts
            # every product to hand out one page (read backwards, it serves both
            # directions of ordering=created_at).
            models.Index(
                fields=["created_at", "id"], name="catalog_product_created_at_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:product_detail", args=[self.pk])

    def can_be_changed_by(self, user: User | AnonymousUser) -> bool:
        """Tell whether the user may edit or delete this product (owner or staff)."""
        return user.is_authenticated and (user.is_staff or self.owner_id == user.pk)
