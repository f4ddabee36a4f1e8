"""Optimistic concurrency: every product carries an ETag, and writes honour If-Match."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from tests.support.adapters import AppAdapter
from tests.support.problems import assert_problem


def detail_url(product_id: int) -> str:
    return f"/api/products/{product_id}/"


def expected_etag(product: dict) -> str:
    """The tag shared_spec/README.md defines: SHA-256 of the canonical JSON."""
    canonical = json.dumps(
        product, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return '"' + hashlib.sha256(canonical.encode()).hexdigest()[:32] + '"'


@pytest.mark.hardening("concurrency")
def test_every_product_response_carries_its_etag(app: AppAdapter, alice: str) -> None:
    created = app.post(
        "/api/products/",
        json={"name": "Mug", "sku": "MUG-1", "price": "3"},
        token=alice,
    )
    product = created.json()
    assert created.header("ETag") == expected_etag(product)
    read = app.get(detail_url(product["id"]))
    assert read.header("ETag") == expected_etag(read.json()) == created.header("ETag")


@pytest.mark.hardening("concurrency")
def test_the_etag_changes_with_the_product(app: AppAdapter, alice: str) -> None:
    product = app.create_product(alice)
    before = app.get(detail_url(product["id"])).header("ETag")
    changed = app.patch(detail_url(product["id"]), json={"stock": 5}, token=alice)
    assert changed.header("ETag") == expected_etag(changed.json())
    assert changed.header("ETag") != before


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
@pytest.mark.hardening("concurrency")
def test_a_stale_if_match_is_412_and_changes_nothing(
    app: AppAdapter, alice: str, method: str
) -> None:
    product = app.create_product(alice, name="Original")
    url = detail_url(product["id"])
    stale = app.get(url).header("ETag")
    assert stale is not None
    app.patch(url, json={"stock": 7}, token=alice)
    current = app.get(url).json()
    body = {"name": "Lost update", "sku": product["sku"], "price": "1"}
    json_argument: dict[str, Any] = {} if method == "DELETE" else {"json": body}
    response = app.request(
        method,
        url,
        **json_argument,
        token=alice,
        headers={"If-Match": stale},
    )
    assert_problem(response, 412)
    assert app.get(url).json() == current


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_a_current_if_match_lets_the_write_through(
    app: AppAdapter, alice: str, method: str
) -> None:
    product = app.create_product(alice)
    url = detail_url(product["id"])
    current = app.get(url).header("ETag")
    body = {"name": "Next", "sku": product["sku"], "price": "1"}
    json_argument: dict[str, Any] = {} if method == "DELETE" else {"json": body}
    response = app.request(
        method,
        url,
        **json_argument,
        token=alice,
        headers={"If-Match": f'"0000", {current}'},
    )
    assert response.status == (204 if method == "DELETE" else 200)


def test_if_match_star_matches_any_version(app: AppAdapter, alice: str) -> None:
    product = app.create_product(alice)
    response = app.patch(
        detail_url(product["id"]),
        json={"stock": 1},
        token=alice,
        headers={"If-Match": "*"},
    )
    assert response.status == 200


def test_permission_is_checked_before_the_precondition(
    app: AppAdapter, alice: str, bob: str
) -> None:
    product = app.create_product(alice)
    response = app.patch(
        detail_url(product["id"]),
        json={"stock": 1},
        token=bob,
        headers={"If-Match": '"stale"'},
    )
    assert response.status == 403


@pytest.mark.hardening("concurrency")
def test_the_same_tag_lets_only_one_of_two_writers_through(
    app: AppAdapter, alice: str
) -> None:
    product = app.create_product(alice)
    url = detail_url(product["id"])
    tag = app.get(url).header("ETag")
    first = app.patch(url, json={"stock": 1}, token=alice, headers={"If-Match": tag})
    second = app.patch(url, json={"stock": 2}, token=alice, headers={"If-Match": tag})
    assert (first.status, second.status) == (200, 412)
    assert app.get(url).json()["stock"] == 1
