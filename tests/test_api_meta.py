"""Health, the served OpenAPI document, and the demo data."""

from __future__ import annotations

import json

import pytest

from tests.support.adapters import AppAdapter
from tests.support.openapi import load_spec


def test_health_reports_ok_after_a_database_round_trip(app: AppAdapter) -> None:
    response = app.get("/api/health/")
    assert response.status == 200
    assert response.json() == {"status": "ok"}


def test_the_openapi_document_is_served_as_json(app: AppAdapter) -> None:
    response = app.get("/api/openapi.json")
    assert response.status == 200
    assert (response.header("Content-Type") or "").startswith("application/json")
    # Compare through JSON so YAML-only types (none are used) cannot hide.
    assert response.json() == json.loads(json.dumps(load_spec()))


def test_demo_data_is_not_seeded_when_debug_is_off(app: AppAdapter) -> None:
    assert app.run_seed(debug=False) != 0
    assert app.get("/api/products/").json()["count"] == 0


def test_seeding_the_demo_data_twice_adds_nothing_the_second_time(
    app: AppAdapter,
) -> None:
    fixtures = load_fixture("demo_products.json")
    assert app.run_seed(debug=True) == 0
    first = list(app.list_all(page_size=100))
    assert len(first) == len(fixtures)
    assert app.run_seed(debug=True) == 0
    assert list(app.list_all(page_size=100)) == first
    assert {(p["owner"], p["name"]) for p in first} == {
        (f["owner"], f["name"]) for f in fixtures
    }


def test_seeding_again_keeps_what_users_changed_and_never_fails(
    app: AppAdapter,
) -> None:
    """Demo products are matched by sku: renamed ones are left alone, not re-added."""
    assert app.run_seed(debug=True) == 0
    token = app.token_for("alice", "catalog-demo")
    renamed = next(p for p in app.list_all(page_size=100) if p["owner"] == "alice")
    response = app.patch(
        f"/api/products/{renamed['id']}/", json={"name": "Renamed"}, token=token
    )
    assert response.status == 200
    before = list(app.list_all(page_size=100))
    assert app.run_seed(debug=True) == 0
    assert list(app.list_all(page_size=100)) == before


def test_seeding_leaves_a_demo_sku_someone_already_took(app: AppAdapter) -> None:
    """A product made before seeding, with a demo product's sku, is kept as it was."""
    fixture = load_fixture("demo_products.json")[0]
    token = app.user_with_token("early")
    mine = app.create_product(token, name="Mine", sku=fixture["sku"])
    assert app.run_seed(debug=True) == 0
    products = list(app.list_all(page_size=100))
    assert [p for p in products if p["sku"] == fixture["sku"]] == [mine]
    assert len(products) == len(load_fixture("demo_products.json"))


def test_demo_accounts_sign_in_with_the_documented_password(
    app: AppAdapter,
) -> None:
    app.run_seed(debug=True)
    for account in load_fixture("demo_users.json"):
        assert app.token_for(account["username"], "catalog-demo")


def load_fixture(name: str) -> list[dict]:
    from tests.support.openapi import SPEC_PATH

    return json.loads((SPEC_PATH.parent / "fixtures" / name).read_text("utf-8"))


@pytest.mark.hardening("security_headers")
def test_the_api_docs_page_loads_swagger_ui_from_the_app_itself(
    app: AppAdapter,
) -> None:
    page = app.page("/api/docs/")
    assert page.has("#swagger-ui")
    assets = [str(tag["src"]) for tag in page.select("script[src]")]
    assets += [str(tag["href"]) for tag in page.select('link[rel="stylesheet"]')]
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/"), asset  # served by the app, no CDN
        assert app.get(asset).status == 200, asset
    # Swagger UI's stylesheet draws icons as data: images: allowed here only.
    policy = page.header("Content-Security-Policy") or ""
    assert "img-src 'self' data:" in policy
    assert "data:" not in (
        app.get("/products/").header("Content-Security-Policy") or ""
    )


def test_the_served_document_points_tools_at_its_own_host(app: AppAdapter) -> None:
    assert app.get("/api/openapi.json").json()["servers"] == [
        {"url": "/", "description": "the app that serves this document"}
    ]
