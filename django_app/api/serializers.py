from typing import Any

from django.db import models
from rest_framework import serializers

from catalog.models import MAX_STOCK
from catalog.models import Product

from .fields import PriceField
from .fields import StrictCharField
from .fields import StrictIntegerField
from .fields import rfc3339


class ProductReadSerializer(serializers.BaseSerializer[Product]):
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


class ProductSerializer(serializers.ModelSerializer[Product]):
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
