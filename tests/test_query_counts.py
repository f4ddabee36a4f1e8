"""Queries per request: counts that do not depend on the machine.

The time a request takes belongs to `make bench`; how many SQL statements it runs
is a property of the code, the same on every machine, so it is asserted here. Each
adapter counts the statements its app sends (SQLAlchemy's cursor events, Django's
query capture). The listings must not grow with the page size or with the number
of owners: that would be an N+1.
"""

from __future__ import annotations

import pytest

from tests.support.adapters import AppAdapter

OWNERS = ["ann", "ben", "cat", "dan", "eve"]


@pytest.fixture
def catalogue(app: AppAdapter) -> list[int]:
    """Create 30 products, six for each of five owners; return their ids."""
    ids = []
    for owner in OWNERS:
        token = app.user_with_token(owner)
        ids += [app.create_product(token)["id"] for _ in range(6)]
    return ids


@pytest.mark.parametrize("page_size", [1, 10, 30])
def test_the_api_list_takes_two_queries_whatever_the_page_size(
    app: AppAdapter, catalogue: list[int], page_size: int
) -> None:
    with app.count_queries() as queries:
        response = app.get("/api/products/", query={"page_size": page_size})
    assert response.status == 200
    assert len(response.json()["results"]) == page_size
    # The page with its owners, and its count.
    assert len(queries) <= 2, queries


def test_a_filtered_api_list_still_takes_two_queries(
    app: AppAdapter, catalogue: list[int]
) -> None:
    with app.count_queries() as queries:
        response = app.get(
            "/api/products/",
            query={"q": "widget", "min_price": "1", "ordering": "name"},
        )
    assert response.status == 200
    assert len(queries) <= 2, queries


def test_an_empty_api_list_takes_two_queries_at_most(
    app: AppAdapter, catalogue: list[int]
) -> None:
    with app.count_queries() as queries:
        response = app.get("/api/products/", query={"q": "no such product"})
    assert response.status == 200
    assert response.json()["count"] == 0
    assert len(queries) <= 2, queries


def test_a_signed_request_adds_one_query_for_the_token(
    app: AppAdapter, catalogue: list[int]
) -> None:
    token = app.user_with_token("reader")
    with app.count_queries() as queries:
        response = app.get("/api/products/", query={"page_size": 30}, token=token)
    assert response.status == 200
    # The token and its user in one query, then the page and its count.
    assert len(queries) <= 3, queries


def test_the_api_detail_takes_one_query(app: AppAdapter, catalogue: list[int]) -> None:
    with app.count_queries() as queries:
        response = app.get(f"/api/products/{catalogue[0]}/")
    assert response.status == 200
    assert len(queries) == 1, queries


def test_the_html_list_takes_two_queries(app: AppAdapter, catalogue: list[int]) -> None:
    with app.count_queries() as queries:
        page = app.get("/products/")
    assert page.status == 200
    assert len(page.select("tbody tr[data-product-id]")) == 20
    # The count, and the page with its owners; an anonymous visitor has no session.
    assert len(queries) <= 2, queries
