from datetime import UTC
from datetime import datetime
from typing import Any

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
    """A product as the API shows it, for reads and writes alike.

    DRF's read-only BaseSerializer, as its docs show one: reads validate nothing,
    so the representation is written out rather than built from a field per value.
    ProductSerializer answers with it too, so every response and ETag shows one
    representation.
    """

    def to_representation(self, instance: Product) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "name": instance.name,
            "sku": instance.sku,
            "description": instance.description,
            # The column's two decimal places, as DecimalField(decimal_places=2).
            "price": f"{instance.price:.2f}",
            "stock": instance.stock,
            "owner": instance.owner.username if instance.owner else None,
            "created_at": rfc3339(instance.created_at),
            "updated_at": rfc3339(instance.updated_at),
        }


class ProductSerializer(serializers.ModelSerializer):
    """Validate and save a product; answer with ProductReadSerializer's JSON."""

    # The text fields are built from the model, strict: their lengths, sku's
    # pattern and the UniqueValidator that DRF adds for sku's unique=True.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }
    price = PriceField(max_digits=10, decimal_places=2)
    stock = StrictIntegerField(min_value=0, max_value=MAX_STOCK, required=False)

    class Meta:
        model = Product
        # The writable fields; id, owner and the timestamps sent by a client are
        # ignored, and the answer comes from to_representation().
        fields = ["name", "sku", "description", "price", "stock"]

    def to_representation(self, instance: Product) -> dict[str, Any]:
        return ProductReadSerializer(instance).data


class AuthTokenSerializer(serializers.Serializer):
    """A username and password, taken as sent (no trimming)."""

    username = StrictCharField(trim_whitespace=False)
    password = StrictCharField(trim_whitespace=False)
