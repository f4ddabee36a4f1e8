from collections.abc import Mapping
from datetime import UTC
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from catalog.models import MAX_STOCK
from catalog.models import PRICE_NOTATION
from catalog.models import Product

# DRF coerces input (numbers to strings, "5" to 5, 1e3 or " 1.00" to a Decimal);
# the contract accepts no coercion, so these fields check the JSON type first.


class StrictCharField(serializers.CharField):
    """A CharField that accepts JSON strings only, max_length counted as sent."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        # DRF checks max_length after trimming; the contract (JSON Schema's
        # maxLength) counts the string as it arrived.
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """An IntegerField that accepts JSON integers only (not booleans)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class PriceField(serializers.DecimalField):
    """A DecimalField that accepts plain decimal notation in a JSON string only."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not PRICE_NOTATION.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


def rfc3339(value: datetime) -> str:
    """Write a time in UTC as DRF's DateTimeField does: RFC 3339, Z for +00:00."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class ProductReadSerializer(serializers.BaseSerializer):
    """A product as the API shows it, for reads (the list, one product).

    ProductSerializer writes the same JSON through a field object per value, which
    cost a page of 20 products more than its query; reads validate nothing, so this
    is DRF's read-only BaseSerializer, written out. It takes rows, not models:
    ProductQuerySet.as_rows(). tests/test_serializers.py checks the two agree.
    """

    def to_representation(self, instance: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "id": instance["id"],
            "name": instance["name"],
            "sku": instance["sku"],
            "description": instance["description"],
            # The column's two decimal places, as DecimalField(decimal_places=2).
            "price": f"{instance['price']:.2f}",
            "stock": instance["stock"],
            "owner": instance["owner_username"],
            "created_at": rfc3339(instance["created_at"]),
            "updated_at": rfc3339(instance["updated_at"]),
        }


class ProductSerializer(serializers.ModelSerializer):
    """Validate and save a product; the answer to a write shows it as above."""

    # The text fields are built from the model, strict: their lengths, sku's
    # pattern and the UniqueValidator that DRF adds for sku's unique=True.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }
    price = PriceField(max_digits=10, decimal_places=2)
    stock = StrictIntegerField(min_value=0, max_value=MAX_STOCK, required=False)
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    # The contract writes times in UTC, whatever TIME_ZONE says; naming the zone
    # also spares DRF looking up the active time zone for every value it writes.
    created_at = serializers.DateTimeField(read_only=True, default_timezone=UTC)
    updated_at = serializers.DateTimeField(read_only=True, default_timezone=UTC)

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "sku",
            "description",
            "price",
            "stock",
            "owner",
            "created_at",
            "updated_at",
        ]

    def save(self, **kwargs) -> Product:
        # Product.save() refuses a sku that a concurrent request took after the
        # UniqueValidator passed; DRF turns only its own ValidationError into a 400.
        try:
            return super().save(**kwargs)
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                serializers.as_serializer_error(error)
            ) from error


class CredentialsSerializer(serializers.Serializer):
    """A username and password, taken as sent (no trimming)."""

    username = StrictCharField(trim_whitespace=False)
    password = StrictCharField(trim_whitespace=False)
