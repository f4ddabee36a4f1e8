"""Products through the API: create, read, update, delete, and who may do what."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from tests.support.adapters import AppAdapter
from tests.support.problems import assert_problem
from tests.support.problems import field_errors

LIST_URL = "/api/products/"
BEARER_CHALLENGE = 'Bearer realm="api"'


def detail_url(product_id: int) -> str:
    return f"/api/products/{product_id}/"


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_creating_answers_201_with_the_product_and_its_location(
    app: AppAdapter, alice: str
) -> None:
    response = app.post(
        LIST_URL,
        json={
            "name": "Kettle",
            "sku": "KET-1",
            "description": "Gooseneck",
            "price": "54.9",
            "stock": 3,
        },
        token=alice,
    )
    assert response.status == 201
    product = response.json()
    assert product["name"] == "Kettle"
    assert product["sku"] == "KET-1"
    assert product["description"] == "Gooseneck"
    assert product["price"] == "54.90"
    assert product["stock"] == 3
    assert product["owner"] == "alice"
    location = response.header("Location")
    assert location is not None
    assert location.startswith("http")
    assert location.endswith(detail_url(product["id"]))
    assert app.follow(location).json() == product


def test_optional_fields_get_their_defaults(app: AppAdapter, alice: str) -> None:
    product = app.create_product(alice, name="Bare", price="1")
    assert product["description"] == ""
    assert product["stock"] == 0
    assert product["price"] == "1.00"


def test_timestamps_are_utc_and_set_on_create(app: AppAdapter, alice: str) -> None:
    before = datetime.now(UTC)
    product = app.create_product(alice)
    created = parse_time(product["created_at"])
    assert created.tzinfo is not None
    assert created.utcoffset() == timedelta(0)
    assert abs((created - before).total_seconds()) < 60
    assert product["updated_at"] >= product["created_at"]


def test_anyone_reads_a_product(app: AppAdapter, alice: str) -> None:
    product = app.create_product(alice, name="Readable")
    response = app.get(detail_url(product["id"]))
    assert response.status == 200
    assert response.json() == product


def test_the_lists_query_parameters_do_not_narrow_a_product(
    app: AppAdapter, alice: str
) -> None:
    """The detail is one product by id: q, ordering or a price range change nothing."""
    product = app.create_product(alice, name="Readable", price="5.00")
    query = {"q": "no such words", "ordering": "bogus", "max_price": "1"}
    response = app.get(detail_url(product["id"]), query=query)
    assert response.status == 200
    assert response.json() == product


def test_a_missing_product_is_a_json_404(app: AppAdapter) -> None:
    response = app.get(detail_url(999999))
    assert_problem(response, 404)


def test_a_non_numeric_id_is_a_json_404(app: AppAdapter) -> None:
    response = app.get("/api/products/abc/")
    assert_problem(response, 404)


def test_read_only_fields_sent_by_a_client_are_ignored(
    app: AppAdapter, alice: str
) -> None:
    app.create_user("mallory")
    body = {
        "name": "Honest",
        "sku": "HON-1",
        "price": "5.00",
        "id": 4242,
        "owner": "mallory",
        "created_at": "2000-01-01T00:00:00Z",
        "updated_at": "2000-01-01T00:00:00Z",
        "colour": "red",
    }
    response = app.post(LIST_URL, json=body, token=alice)
    assert response.status == 201
    product = response.json()
    assert product["id"] != 4242
    assert product["owner"] == "alice"
    assert not product["created_at"].startswith("2000")
    assert "colour" not in product

    changed = app.patch(
        detail_url(product["id"]),
        json={"owner": "mallory", "id": 1, "created_at": "2000-01-01T00:00:00Z"},
        token=alice,
    ).json()
    assert changed["id"] == product["id"]
    assert changed["owner"] == "alice"
    assert changed["created_at"] == product["created_at"]


def test_put_replaces_the_writable_fields(app: AppAdapter, alice: str) -> None:
    product = app.create_product(alice, name="Old", description="old", stock=5)
    response = app.put(
        detail_url(product["id"]),
        json={"name": "New", "sku": "NEW-1", "price": "2.50", "description": "new"},
        token=alice,
    )
    assert response.status == 200
    changed = response.json()
    assert (changed["name"], changed["sku"], changed["price"]) == (
        "New",
        "NEW-1",
        "2.50",
    )
    assert changed["description"] == "new"
    assert changed["stock"] == 5  # omitted optional fields keep their values
    assert app.get(detail_url(product["id"])).json() == changed


def test_put_requires_name_sku_and_price(app: AppAdapter, alice: str) -> None:
    product = app.create_product(alice)
    response = app.put(detail_url(product["id"]), json={"stock": 1}, token=alice)
    assert response.status == 400
    assert set(field_errors(response)) == {"name", "sku", "price"}
    assert app.get(detail_url(product["id"])).json() == product


def test_patch_changes_only_the_fields_sent(app: AppAdapter, alice: str) -> None:
    product = app.create_product(alice, name="Keep", price="3.00", stock=1)
    response = app.patch(detail_url(product["id"]), json={"stock": 7}, token=alice)
    assert response.status == 200
    changed = response.json()
    assert changed["stock"] == 7
    assert (changed["name"], changed["price"]) == ("Keep", "3.00")


def test_an_update_moves_updated_at_but_not_created_at(
    app: AppAdapter, alice: str
) -> None:
    product = app.create_product(alice)
    changed = app.patch(
        detail_url(product["id"]), json={"name": "Renamed"}, token=alice
    ).json()
    assert changed["created_at"] == product["created_at"]
    assert parse_time(changed["updated_at"]) > parse_time(product["updated_at"])


def test_deleting_answers_204_and_the_product_is_gone(
    app: AppAdapter, alice: str
) -> None:
    product = app.create_product(alice)
    response = app.delete(detail_url(product["id"]), token=alice)
    assert response.status == 204
    assert response.content == b""
    assert app.get(detail_url(product["id"])).status == 404


def test_an_anonymous_write_is_401_with_a_challenge(
    app: AppAdapter, alice: str
) -> None:
    product = app.create_product(alice)
    url = detail_url(product["id"])
    attempts = [
        app.post(LIST_URL, json={"name": "x", "price": "1"}),
        app.put(url, json={"name": "x", "price": "1"}),
        app.patch(url, json={"name": "x"}),
        app.delete(url),
    ]
    for response in attempts:
        assert response.header("WWW-Authenticate") == BEARER_CHALLENGE
        assert_problem(response, 401)
    assert app.get(url).json() == product


def test_a_stranger_cannot_change_someone_elses_product(
    app: AppAdapter, alice: str, bob: str
) -> None:
    product = app.create_product(alice)
    url = detail_url(product["id"])
    attempts = [
        app.put(url, json={"name": "Mine now", "price": "1"}, token=bob),
        app.patch(url, json={"name": "Mine now"}, token=bob),
        app.delete(url, token=bob),
    ]
    for response in attempts:
        assert_problem(response, 403)
    assert app.get(url).json() == product


def test_staff_may_change_and_delete_any_product(
    app: AppAdapter, alice: str, staff: str
) -> None:
    product = app.create_product(alice)
    url = detail_url(product["id"])
    changed = app.patch(url, json={"stock": 9}, token=staff)
    assert changed.status == 200
    assert changed.json()["owner"] == "alice"  # staff edits do not take ownership
    assert app.delete(url, token=staff).status == 204


def test_deleting_the_owner_keeps_the_product_without_an_owner(
    app: AppAdapter, alice: str
) -> None:
    product = app.create_product(alice)
    app.delete_user("alice")
    kept = app.get(detail_url(product["id"]))
    assert kept.status == 200
    assert kept.json()["owner"] is None
    assert kept.json()["name"] == product["name"]


def test_a_missing_product_is_404_before_permission_or_body_checks(
    app: AppAdapter, bob: str
) -> None:
    response = app.put(detail_url(999999), body="not json", token=bob)
    assert response.status == 404


def test_permission_is_checked_before_the_body(
    app: AppAdapter, alice: str, bob: str
) -> None:
    product = app.create_product(alice)
    response = app.patch(detail_url(product["id"]), body="{broken", token=bob)
    assert response.status == 403


def test_a_deleted_products_id_is_never_given_again(
    app: AppAdapter, alice: str
) -> None:
    """A bookmark or a cached copy of a deleted product never comes back as another."""
    ids = []
    for round_ in range(3):
        product = app.create_product(alice, sku=f"ONCE-{round_}")
        ids.append(product["id"])
        assert app.delete(detail_url(product["id"]), token=alice).status == 204
    assert ids == sorted(set(ids)), ids
    assert app.get(detail_url(ids[0])).status == 404


def test_no_content_has_no_content_type(app: AppAdapter, alice: str) -> None:
    """A 204 has no body, so nothing to name the type of (RFC 9110, 8.3)."""
    product = app.create_product(alice)
    answers = [
        app.delete(detail_url(product["id"]), token=alice),
        app.delete("/api/auth/token/", token=alice),
    ]
    for answer in answers:
        assert answer.status == 204
        assert answer.content == b""
        assert answer.header("Content-Type") is None
