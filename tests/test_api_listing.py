"""The product list: pages, ordering, search and price filters."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qsl
from urllib.parse import urlsplit

import pytest

from tests.support.adapters import AppAdapter
from tests.support.problems import assert_problem
from tests.support.problems import field_errors

LIST_URL = "/api/products/"


@pytest.fixture
def catalogue(app: AppAdapter, alice: str) -> list[dict]:
    """Create products whose names, prices and descriptions cover the filters."""
    rows = [
        ("banana", "Yellow fruit", "1.20"),
        ("Apple", "Crisp and red", "0.80"),
        ("cherry", "Small, dark", "5.00"),
        ("Date", "Sweet, from palms", "5.00"),
        ("elderberry", "For 100% juice", "12.00"),
        ("Fig", "Ripe_soft", "3.50"),
        ("grape", "Seedless APPLE-sized", "2.25"),
    ]
    return [
        app.create_product(alice, name=n, description=d, price=p) for n, d, p in rows
    ]


def names(response) -> list[str]:
    return [p["name"] for p in response.json()["results"]]


def test_an_empty_catalogue_is_one_empty_page(app: AppAdapter) -> None:
    response = app.get(LIST_URL)
    assert response.status == 200
    assert response.json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_pages_hold_20_by_default_and_link_to_each_other(
    app: AppAdapter, alice: str
) -> None:
    for i in range(25):
        app.create_product(alice, name=f"Item {i:02}")
    first = app.get(LIST_URL).json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"].startswith("http")

    second = app.follow(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert second["previous"].startswith("http")
    back = app.follow(second["previous"]).json()
    assert back["results"] == first["results"]


def test_page_links_sort_the_query_parameters_by_name(
    app: AppAdapter, alice: str
) -> None:
    """One URL per page, whatever order the client wrote its parameters in."""
    for i in range(5):
        app.create_product(alice, name=f"Lamp {i}")
    sent = "?q=lamp&page_size=1&ordering=name&page=2"
    page = app.get(LIST_URL + sent).json()
    for link, number in ((page["next"], "3"), (page["previous"], None)):
        pairs = parse_qsl(urlsplit(link).query)
        assert [name for name, _ in pairs] == sorted(name for name, _ in pairs)
        expected = {"q": "lamp", "page_size": "1", "ordering": "name"}
        assert dict(pairs) == ({**expected, "page": number} if number else expected)


def test_page_links_keep_the_other_parameters(app: AppAdapter, alice: str) -> None:
    for i in range(5):
        app.create_product(alice, name=f"Lamp {i}", price=f"{i + 1}.00")
    app.create_product(alice, name="Chair")
    page = app.get(
        LIST_URL, query={"q": "lamp", "ordering": "price", "page_size": 2}
    ).json()
    seen = [p["name"] for p in page["results"]]
    while page["next"]:
        page = app.follow(page["next"]).json()
        seen += [p["name"] for p in page["results"]]
    assert seen == [f"Lamp {i}" for i in range(5)]


@pytest.mark.parametrize("size", [1, 7, 100])
def test_page_size_is_honoured_from_1_to_100(
    app: AppAdapter, alice: str, size: int
) -> None:
    for i in range(8):
        app.create_product(alice, name=f"P{i}")
    page = app.get(LIST_URL, query={"page_size": size}).json()
    assert len(page["results"]) == min(size, 8)
    assert page["count"] == 8


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("page", "abc"),
        ("page", "0"),
        ("page", "-1"),
        ("page", "1.5"),
        # Digits only: no sign, space, underscore or non-ASCII digit.
        ("page", "+2"),
        ("page", " 2"),
        ("page", "1_0"),
        ("page", "\u0662"),
        ("page_size", "+5"),
        ("page_size", "0"),
        ("page_size", "-1"),
        ("page_size", "101"),
        ("page_size", "ten"),
        ("ordering", "stock"),
        ("ordering", "owner"),
        ("ordering", "--name"),
        ("min_price", "x"),
        ("min_price", "-1"),
        ("max_price", "1e3"),
        ("max_price", "NaN"),
        # Sent empty is not the same as not sent.
        ("page", ""),
        ("page_size", ""),
        ("min_price", ""),
        ("max_price", ""),
        ("ordering", ""),
        ("q", "tea\x00"),
    ],
)
def test_an_invalid_query_parameter_is_a_400_naming_it(
    app: AppAdapter, parameter: str, value: str
) -> None:
    response = app.get(LIST_URL, query={parameter: value})
    assert response.status == 400
    assert set(field_errors(response)) == {parameter}


def test_unknown_query_parameters_are_ignored(app: AppAdapter, alice: str) -> None:
    app.create_product(alice)
    response = app.get(LIST_URL, query={"colour": "red"})
    assert response.status == 200
    assert response.json()["count"] == 1


def test_a_page_after_the_last_is_a_404(app: AppAdapter, alice: str) -> None:
    app.create_product(alice)
    response = app.get(LIST_URL, query={"page": 2})
    assert_problem(response, 404)


def test_default_order_is_newest_first(app: AppAdapter, catalogue: list) -> None:
    response = app.get(LIST_URL)
    assert names(response) == [p["name"] for p in reversed(catalogue)]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["Apple", "banana", "cherry", "Date", "elderberry", "Fig", "grape"]),
        ("-name", ["grape", "Fig", "elderberry", "Date", "cherry", "banana", "Apple"]),
        ("price", ["Apple", "banana", "grape", "Fig", "cherry", "Date", "elderberry"]),
        (
            "-price",
            ["elderberry", "Date", "cherry", "Fig", "grape", "banana", "Apple"],
        ),
        (
            "created_at",
            ["banana", "Apple", "cherry", "Date", "elderberry", "Fig", "grape"],
        ),
    ],
)
def test_ordering_by_each_key_breaks_ties_by_id(
    app: AppAdapter, catalogue: list, ordering: str, expected: list[str]
) -> None:
    # cherry and Date share a price: id decides, in the same direction.
    assert names(app.get(LIST_URL, query={"ordering": ordering})) == expected


def test_pages_never_overlap_or_skip_when_many_values_tie(
    app: AppAdapter, alice: str
) -> None:
    created = [app.create_product(alice, name="Same", price="1.00") for _ in range(9)]
    for ordering in ("name", "-name", "price", "-price"):
        seen = [p["id"] for p in app.list_all(ordering=ordering, page_size=2)]
        assert sorted(seen) == sorted(p["id"] for p in created)
        assert seen in (sorted(seen), sorted(seen, reverse=True))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("apple", {"Apple", "grape"}),  # case-insensitive, name or description
        ("  APPLE ", {"Apple", "grape"}),  # surrounding whitespace ignored
        ("Sweet", {"Date"}),
        ("100%", {"elderberry"}),  # % matches itself
        ("smal_", set()),  # _ matches itself, not any character
        ("e_soft", {"Fig"}),
        ("", {"banana", "Apple", "cherry", "Date", "elderberry", "Fig", "grape"}),
        ("kiwi", set()),
    ],
)
def test_search_matches_name_or_description(
    app: AppAdapter, catalogue: list, q: str, expected: set[str]
) -> None:
    response = app.get(LIST_URL, query={"q": q})
    assert set(names(response)) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    ("bounds", "low", "high"),
    [
        ({"min_price": "5"}, Decimal("5"), None),
        ({"max_price": "2.25"}, None, Decimal("2.25")),
        ({"min_price": "1.2", "max_price": "5.00"}, Decimal("1.2"), Decimal("5")),
        ({"min_price": "6", "max_price": "5"}, Decimal("6"), Decimal("5")),
    ],
)
def test_price_bounds_are_inclusive(
    app: AppAdapter, catalogue: list, bounds: dict, low, high
) -> None:
    expected = {
        p["name"]
        for p in catalogue
        if (low is None or Decimal(p["price"]) >= low)
        and (high is None or Decimal(p["price"]) <= high)
    }
    assert set(names(app.get(LIST_URL, query=bounds))) == expected


def test_filters_combine_with_search_and_ordering(
    app: AppAdapter, catalogue: list
) -> None:
    response = app.get(
        LIST_URL, query={"q": "e", "min_price": "2", "ordering": "-price"}
    )
    prices = [Decimal(p["price"]) for p in response.json()["results"]]
    assert prices == sorted(prices, reverse=True)
    assert all(price >= 2 for price in prices)
    for product in response.json()["results"]:
        assert "e" in (product["name"] + product["description"]).lower()
