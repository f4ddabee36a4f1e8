"""Framework-only checks: the API's two product serializers write the same JSON.

Reads (the list, one product) use ProductReadSerializer, which is cheaper to build;
writes answer with ProductSerializer. The shared suite compares the apps' JSON and
ETags; this pins the two serializers of this app to each other, field by field.
"""

from datetime import UTC
from datetime import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.serializers import ProductReadSerializer
from api.serializers import ProductSerializer
from catalog.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(django_user_model: type[AbstractBaseUser]) -> list[Product]:
    """Return a product with an owner and one whose owner was deleted."""
    alice = django_user_model.objects.create_user("alice")
    owned = Product.objects.create(
        name=" Mug ", sku="MUG-350", price="12.5", stock=3, owner=alice
    )
    orphan = Product.objects.create(name="Cup", sku="CUP-1", price="4", owner=None)
    return [owned, orphan]


def test_both_serializers_write_the_same_json(products: list[Product]) -> None:
    for product in Product.objects.with_owner():
        read = ProductReadSerializer(product).data
        assert read == ProductSerializer(product).data
        assert list(read) == list(ProductSerializer(product).data)


def test_a_product_not_read_back_is_written_the_same() -> None:
    # As after a create: the price as validated, the times as Python made them.
    product = Product(id=99, name="Jug", sku="JUG-1", price=Decimal("7.5"), stock=0)
    product.created_at = product.updated_at = datetime(2026, 1, 1, tzinfo=UTC)
    assert ProductReadSerializer(product).data == ProductSerializer(product).data
    assert ProductReadSerializer(product).data["price"] == "7.50"


def test_times_are_written_in_utc_whatever_the_active_time_zone(
    products: list[Product],
) -> None:
    product = Product.objects.with_owner().get(pk=products[0].pk)
    product.created_at = datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC)
    with timezone.override("Europe/Paris"):
        for serializer in (ProductReadSerializer, ProductSerializer):
            data = serializer(product).data
            assert data["created_at"] == "2026-01-01T12:00:00.123456Z"


def test_a_page_of_products_and_their_owners_is_one_query(
    products: list[Product],
) -> None:
    with CaptureQueriesContext(connection) as queries:
        data = ProductReadSerializer(Product.objects.with_owner(), many=True).data
    assert [product["owner"] for product in data] == [None, "alice"]
    assert len(queries) == 1
