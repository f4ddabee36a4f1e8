"""Field rules: what a product may hold, and the error for what it may not."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.support.adapters import AppAdapter
from tests.support.openapi import load_spec
from tests.support.problems import field_errors

LIST_URL = "/api/products/"
VALID = {
    "name": "Widget",
    "sku": "WID-1",
    "description": "A widget.",
    "price": "9.99",
    "stock": 1,
}

INVALID_FIELDS = [
    ("name", ""),
    ("name", "   "),
    ("name", "x" * 201),
    # Lengths count the string as sent (JSON Schema's maxLength), before trimming.
    ("name", "  " + "x" * 199),
    ("name", None),
    ("name", 42),
    ("name", True),
    ("name", ["Widget"]),
    ("name", "Nul\x00byte"),
    ("name", "Lone \ud800 surrogate"),
    ("sku", ""),
    ("sku", "   "),
    ("sku", "wid-1"),
    ("sku", "WID 1"),
    ("sku", "-WID"),
    ("sku", "WID-"),
    ("sku", "WID--1"),
    ("sku", "WÏD"),
    ("sku", "W" * 33),
    ("sku", "W" * 32 + " "),
    ("sku", 123),
    ("sku", None),
    ("sku", "WID\x00"),
    ("description", "x" * 2001),
    ("description", " " + "x" * 2000),
    ("description", None),
    ("description", 7),
    ("price", "1.234"),
    ("price", "-1"),
    ("price", "-0.01"),
    ("price", "100000000"),
    ("price", "100000000.00"),
    ("price", "0100000000"),
    ("price", "NaN"),
    ("price", "nan"),
    ("price", "Infinity"),
    ("price", "-Infinity"),
    ("price", "1e3"),
    ("price", ""),
    ("price", " 1.00"),
    ("price", "12,50"),
    ("price", "abc"),
    ("price", 12.5),
    ("price", 12),
    ("price", True),
    ("price", False),
    ("price", None),
    ("stock", -1),
    ("stock", 2147483648),
    ("stock", 10**30),
    ("stock", "5"),
    ("stock", 1.5),
    ("stock", 2147483648.0),
    ("stock", -1.0),
    ("stock", True),
    ("stock", None),
]


@pytest.mark.parametrize(
    ("field", "value"),
    INVALID_FIELDS,
    ids=[f"{f}={v!r}"[:40] for f, v in INVALID_FIELDS],
)
def test_an_invalid_field_is_a_400_naming_that_field(
    app: AppAdapter, alice: str, field: str, value: Any
) -> None:
    response = app.post(LIST_URL, json={**VALID, field: value}, token=alice)
    assert response.status == 400, response.content
    assert set(field_errors(response)) == {field}
    assert app.get(LIST_URL).json()["count"] == 0


def test_an_invalid_patch_changes_nothing(app: AppAdapter, alice: str) -> None:
    product = app.create_product(alice)
    url = f"/api/products/{product['id']}/"
    response = app.patch(url, json={"name": "Fine", "price": "1.234"}, token=alice)
    assert response.status == 400
    assert set(field_errors(response)) == {"price"}
    assert app.get(url).json() == product


def test_every_invalid_field_is_reported_at_once(app: AppAdapter, alice: str) -> None:
    body = {
        "name": "",
        "sku": "lower",
        "price": "-1",
        "stock": -1,
        "description": "x" * 2001,
    }
    response = app.post(LIST_URL, json=body, token=alice)
    assert response.status == 400
    assert set(field_errors(response)) == {
        "name",
        "sku",
        "price",
        "stock",
        "description",
    }


def test_name_sku_and_price_are_required(app: AppAdapter, alice: str) -> None:
    response = app.post(LIST_URL, json={"stock": 1}, token=alice)
    assert response.status == 400
    assert set(field_errors(response)) == {"name", "sku", "price"}


def test_a_sku_is_unique(app: AppAdapter, alice: str, bob: str) -> None:
    app.create_product(alice, sku="MUG-350")
    response = app.post(LIST_URL, json={**VALID, "sku": "MUG-350"}, token=bob)
    assert response.status == 400
    assert set(field_errors(response)) == {"sku"}
    assert app.get(LIST_URL).json()["count"] == 1


def test_changing_to_a_taken_sku_is_refused_but_keeping_ones_own_is_fine(
    app: AppAdapter, alice: str
) -> None:
    app.create_product(alice, sku="MUG-350")
    product = app.create_product(alice, sku="MUG-500")
    url = f"/api/products/{product['id']}/"
    taken = app.patch(url, json={"sku": "MUG-350"}, token=alice)
    assert taken.status == 400
    assert set(field_errors(taken)) == {"sku"}
    kept = app.put(
        url, json={"name": "Big mug", "sku": "MUG-500", "price": "5"}, token=alice
    )
    assert kept.status == 200
    assert kept.json()["sku"] == "MUG-500"


VALID_EDGES: list[tuple[dict[str, object], str, object]] = [
    ({"name": "x"}, "name", "x"),
    ({"name": "x" * 200}, "name", "x" * 200),
    ({"name": "  Padded  "}, "name", "Padded"),
    ({"name": "  " + "y" * 196 + "  "}, "name", "y" * 196),
    ({"description": "  Spaced out  "}, "description", "Spaced out"),
    ({"description": "d" * 2000}, "description", "d" * 2000),
    ({"description": ""}, "description", ""),
    ({"name": "Café ☕ שלום"}, "name", "Café ☕ שלום"),
    ({"sku": "A"}, "sku", "A"),
    ({"sku": "  MUG-350 "}, "sku", "MUG-350"),
    ({"sku": "X" * 32}, "sku", "X" * 32),
    ({"sku": "2024-A-7"}, "sku", "2024-A-7"),
    ({"price": "0"}, "price", "0.00"),
    ({"price": "0.5"}, "price", "0.50"),
    ({"price": "12.5"}, "price", "12.50"),
    ({"price": "007.10"}, "price", "7.10"),
    ({"price": "000000001.00"}, "price", "1.00"),
    ({"price": "0099999999.99"}, "price", "99999999.99"),
    ({"price": "99999999.99"}, "price", "99999999.99"),
    ({"stock": 0}, "stock", 0),
    ({"stock": 2147483647}, "stock", 2147483647),
    ({"stock": 12.0}, "stock", 12),
    ({"stock": 2147483647.0}, "stock", 2147483647),
]


@pytest.mark.parametrize(
    ("override", "field", "stored"),
    VALID_EDGES,
    ids=[f"{f}={next(iter(o.values()))!r}"[:40] for o, f, _ in VALID_EDGES],
)
def test_edge_values_are_accepted_and_normalised(
    app: AppAdapter, alice: str, override: dict[str, object], field: str, stored: object
) -> None:
    response = app.post(LIST_URL, json={**VALID, **override}, token=alice)
    assert response.status == 201, response.content
    assert response.json()[field] == stored
    product_id = response.json()["id"]
    assert app.get(f"/api/products/{product_id}/").json()[field] == stored


# Field values as a client's JSON encoder may write them, for the rule below.
RAW_VALUES = [
    ("Price", "price", '"000000001.00"'),
    ("Price", "price", '"0100000000"'),
    ("Price", "price", '"00.5"'),
    ("Price", "price", '"1.10"'),
    ("Price", "price", '"1.100"'),
    ("Price", "price", '".5"'),
    ("Price", "price", '"5."'),
    ("Price", "price", '"+5"'),
    ("Price", "price", '"5e0"'),
    ("Stock", "stock", "12"),
    ("Stock", "stock", "12.0"),
    ("Stock", "stock", "1E2"),
    ("Stock", "stock", "1.2e1"),
    ("Stock", "stock", "-0.0"),
    ("Stock", "stock", "12.5"),
    ("Stock", "stock", "1e400"),
    ("Stock", "stock", "2147483647.0"),
    ("Stock", "stock", "2147483648"),
    ("Stock", "stock", '"12"'),
    ("Stock", "stock", "true"),
]


@pytest.mark.parametrize(
    ("schema", "field", "raw"), RAW_VALUES, ids=[f"{f}={r}" for _, f, r in RAW_VALUES]
)
def test_the_document_and_the_app_apply_one_rule(
    app: AppAdapter, alice: str, schema: str, field: str, raw: str
) -> None:
    """A value the document's schema accepts, the app accepts, and the other way round.

    JSON Schema's integer is a number with no fraction (12.0 is 12), which is what
    Python's json.dumps(12.0) and other encoders send.
    """
    document = load_spec()["components"]["schemas"][schema]
    accepted = Draft202012Validator(document).is_valid(json.loads(raw))
    others = json.dumps({k: v for k, v in VALID.items() if k != field})
    body = f'{others[:-1]}, "{field}": {raw}}}'
    response = app.post(
        LIST_URL, body=body, content_type="application/json", token=alice
    )
    assert response.status == (201 if accepted else 400), (raw, response.content)
    if not accepted:
        assert set(field_errors(response)) == {field}
