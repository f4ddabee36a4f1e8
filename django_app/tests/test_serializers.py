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

from api.filters import product_rows
from api.pagination import TotalColumnPaginator
from api.serializers import ProductReadSerializer
from api.serializers import ProductSerializer
from catalog.models import DEFAULT_ORDERING
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
    rows = Product.objects.ordered_by("created_at").with_total().as_rows("total")
    with CaptureQueriesContext(connection) as queries:
        page = TotalColumnPaginator(rows, 1).page(1)
        data = ProductReadSerializer(page, many=True).data
    assert [product["owner"] for product in data] == ["alice"]
    assert page.paginator.count == 2
    assert page.has_next()
    [query] = queries.captured_queries
    # The count leaves the owners' join out, as the Flask twin's does.
    count = query["sql"].partition("SELECT COUNT(*)")[2].partition(") AS counted")[0]
    assert "catalog_product" in count
    assert "accounts_user" not in count


def test_the_total_follows_the_filters(products: list[Product]) -> None:
    cheap = Product.objects.filter(price__lte=5).with_total().as_rows("total")
    assert TotalColumnPaginator(cheap, 20).page(1).paginator.count == 1
    assert [row["name"] for row in cheap] == ["Cup"]
    none = Product.objects.search("kettle").with_total().as_rows("total")
    page = TotalColumnPaginator(none, 20).page(1)
    assert (list(page), page.paginator.count) == ([], 0)


def test_the_cached_rows_are_read_afresh_each_time(products: list[Product]) -> None:
    # product_rows() caches the queryset, never its results.
    def page() -> list[dict]:
        rows = product_rows("", DEFAULT_ORDERING, None, None).all()
        return list(TotalColumnPaginator(rows, 20).page(1))

    assert [row["total"] for row in page()] == [2, 2]
    Product.objects.create(name="Jug", sku="JUG-1", price="7")
    assert [row["name"] for row in page()] == ["Jug", "Cup", " Mug "]
    assert page()[0]["total"] == 3
