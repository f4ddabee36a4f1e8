"""Framework-only checks of the spots that typing the Django app (issue 25) touched.

ORDERINGS mixes a function (Lower) with field references (F), which share no class
that has asc() and desc(): each key must order both ways. The API's negotiation
gets any iterable of renderers by DRF's signature, not only the list DRF passes.
"""

from decimal import Decimal

import pytest
from rest_framework.renderers import BaseRenderer
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.negotiation import JSONOnlyNegotiation
from catalog.models import ORDERINGS
from catalog.models import Product


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(ORDERINGS))
def test_each_ordering_key_orders_both_ways(key: str) -> None:
    # Created in an order that none of the keys sorts them in.
    for name, price in [("banana", "2"), ("Cherry", "3"), ("apple", "1")]:
        Product.objects.create(
            name=name, sku=name.upper(), price=Decimal(price), stock=0
        )
    expected = {
        "name": ["apple", "banana", "Cherry"],
        "price": ["apple", "banana", "Cherry"],
        "created_at": ["banana", "Cherry", "apple"],
    }[key]
    ascending = Product.objects.ordered_by(key)
    descending = Product.objects.ordered_by(f"-{key}")
    assert [product.name for product in ascending] == expected
    assert [product.name for product in descending] == expected[::-1]


def test_the_negotiation_takes_any_iterable_of_renderers() -> None:
    request = Request(
        APIRequestFactory().get("/api/products/", HTTP_ACCEPT="text/html")
    )
    renderer = JSONRenderer()
    renderers: list[BaseRenderer] = [renderer]
    for given in (renderers, iter(renderers)):
        chosen = JSONOnlyNegotiation().select_renderer(request, given)
        assert chosen == (renderer, "application/json")
