"""Framework-only checks: the API's two product serializers write the same JSON.

Reads (the list, one product) use ProductReadSerializer on rows from as_rows(),
which is cheaper; writes answer with ProductSerializer on models. The shared suite
compares the apps' JSON and ETags; this pins the two serializers of this app to
each other, field by field.
"""

from datetime import UTC
from datetime import datetime

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
        row = Product.objects.as_rows().get(pk=product.pk)
        read = ProductReadSerializer(row).data
        assert read == ProductSerializer(product).data
        assert list(read) == list(ProductSerializer(product).data)


def test_times_are_written_in_utc_whatever_the_active_time_zone(
    products: list[Product],
) -> None:
    product = Product.objects.with_owner().get(pk=products[0].pk)
    row = Product.objects.as_rows().get(pk=products[0].pk)
    product.created_at = row["created_at"] = datetime(
        2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC
    )
    with timezone.override("Europe/Paris"):
        assert ProductSerializer(product).data["created_at"] == (
            "2026-01-01T12:00:00.123456Z"
        )
        assert ProductReadSerializer(row).data["created_at"] == (
            "2026-01-01T12:00:00.123456Z"
        )


def test_a_page_of_products_and_their_owners_is_one_query(
    products: list[Product],
) -> None:
    with CaptureQueriesContext(connection) as queries:
        data = ProductReadSerializer(Product.objects.as_rows(), many=True).data
    assert [product["owner"] for product in data] == [None, "alice"]
    assert len(queries) == 1


def test_counting_the_rows_leaves_the_owners_out(products: list[Product]) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert Product.objects.as_rows().count() == 2
    [count] = queries.captured_queries
    assert "accounts_user" not in count["sql"]
