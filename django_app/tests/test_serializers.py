"""Framework-only checks: the API's one representation of a product.

Reads answer through ProductReadSerializer, and ProductSerializer answers writes
through it too; these pin what DRF leaves to the serializer: times in UTC ending in
Z whatever the active time zone, prices with their two decimal places, and an
owner who was deleted.
"""

from datetime import UTC
from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from api.serializers import ProductReadSerializer
from api.serializers import ProductSerializer
from catalog.models import Product

pytestmark = pytest.mark.django_db


def test_times_are_written_in_utc_whatever_the_active_time_zone() -> None:
    product = Product(name="Jug", sku="JUG-1", price=Decimal("7.5"), stock=0)
    product.created_at = product.updated_at = datetime(
        2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC
    )
    with timezone.override("Europe/Paris"):
        data = ProductReadSerializer(product).data
    assert data["created_at"] == data["updated_at"] == "2026-01-01T12:00:00.123456Z"


def test_a_saved_product_reads_back_as_it_was_written(
    django_user_model: type[User],
) -> None:
    alice = django_user_model.objects.create_user("alice")
    serializer = ProductSerializer(
        data={"name": " Mug ", "sku": "MUG-350", "price": "12.5"}
    )
    serializer.is_valid(raise_exception=True)
    serializer.save(owner=alice)
    written = serializer.data
    read = ProductReadSerializer(Product.objects.with_owner().get()).data
    assert read == written
    assert (read["name"], read["price"], read["owner"]) == ("Mug", "12.50", "alice")


def test_a_product_whose_owner_was_deleted_has_no_owner(
    django_user_model: type[User],
) -> None:
    bob = django_user_model.objects.create_user("bob")
    Product.objects.create(name="Cup", sku="CUP-1", price="4", owner=bob)
    bob.delete()
    product = Product.objects.with_owner().get()
    assert ProductReadSerializer(product).data["owner"] is None
