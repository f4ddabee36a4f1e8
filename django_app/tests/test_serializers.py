"""Framework-only checks: the API's two product serializers write the same JSON.

Reads (the list, one product) use ProductReadSerializer on rows from as_rows(),
which is cheaper, and the list's page brings its total (TotalColumnPaginator);
writes answer with ProductSerializer on models. The shared suite compares the
apps' JSON and ETags; this pins the two serializers of this app to each other,
field by field.
"""

from datetime import UTC
from datetime import datetime

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.pagination import TotalColumnPaginator
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


def test_a_page_its_owners_and_its_total_are_one_query(
    products: list[Product],
) -> None:
    rows = Product.objects.as_rows().with_total().ordered_by("created_at")
    with CaptureQueriesContext(connection) as queries:
        page = TotalColumnPaginator(rows, 1).page(1)
        data = ProductReadSerializer(page, many=True).data
    assert [product["owner"] for product in data] == ["alice"]
    assert page.paginator.count == 2
    assert page.has_next()
    [query] = queries.captured_queries
    # The count leaves the owners out, as the Flask twin's does.
    assert query["sql"].count('FROM "accounts_user"') == 1


def test_the_total_follows_the_filters(products: list[Product]) -> None:
    cheap = Product.objects.as_rows().filter(price__lte=5).with_total()
    assert TotalColumnPaginator(cheap, 20).page(1).paginator.count == 1
    assert [row["name"] for row in cheap] == ["Cup"]
    none = Product.objects.as_rows().search("kettle").with_total()
    page = TotalColumnPaginator(none, 20).page(1)
    assert (list(page), page.paginator.count) == ([], 0)
