"""The admin: staff only, CSRF-protected, and able to manage products."""

from __future__ import annotations

import re

import pytest

from tests.support.adapters import AppAdapter

ADMIN_PAGES = ["index", "product_list", "product_add", "user_list"]


def assert_sent_to_a_login_page(app: AppAdapter, path: str) -> None:
    response = app.get(path)
    assert response.status == 302, (path, response.status)
    assert "login" in response.location_path
    assert "next=" in response.location_path
    login_page = app.follow_redirect(response)
    assert login_page.status == 200
    assert login_page.has('input[type="password"]')


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_an_anonymous_visitor_is_sent_to_a_login_page(
    app: AppAdapter, page: str
) -> None:
    assert_sent_to_a_login_page(app, app.admin_urls[page])


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_a_regular_user_is_refused(app: AppAdapter, alice: str, page: str) -> None:
    app.create_product(alice, name="Secret stock level")
    app.sign_in_as("bob")
    assert_sent_to_a_login_page(app, app.admin_urls[page])


def test_a_staff_user_sees_the_products(app: AppAdapter, alice: str) -> None:
    app.create_product(alice, name="Visible in the admin")
    app.sign_in_as("staffer", is_staff=True)
    assert app.page("/products/").has("#nav-admin")
    index = app.page(app.admin_urls["index"])
    assert index.has(f'a[href^="{app.admin_urls["product_list"]}"]')
    listing = app.page(app.admin_urls["product_list"])
    assert "Visible in the admin" in listing.text


def test_a_superuser_sees_the_users(app: AppAdapter) -> None:
    app.create_user("alice", email="alice@example.com")
    app.sign_in_as("root", is_staff=True, is_superuser=True)
    listing = app.page(app.admin_urls["user_list"])
    assert "alice@example.com" in listing.text


def test_a_superuser_makes_a_user_staff_in_the_admin(app: AppAdapter) -> None:
    app.create_user("alice")
    app.sign_in_as("root", is_staff=True, is_superuser=True)
    url = app.admin_urls["user_change"].format(id=app.user_id("alice"))
    response = app.submit(
        app.page(url), 'form:has(input[name="username"])', {"is_staff": "on"}
    )
    assert response.status == 302, response.text[:2000]
    app.logout()
    assert app.login("alice").status == 302
    assert app.get(app.admin_urls["index"]).status == 200


@pytest.mark.parametrize("page", ["user_list", "user_add", "own", "other"])
def test_a_staff_user_who_is_not_a_superuser_gets_403_on_the_users(
    app: AppAdapter, page: str
) -> None:
    app.create_user("alice")
    app.sign_in_as("staffer", is_staff=True)
    if page in ("own", "other"):
        user = "staffer" if page == "own" else "alice"
        path = app.admin_urls["user_change"].format(id=app.user_id(user))
    else:
        path = app.admin_urls[page]
    assert app.get(path).status == 403
    # Products stay theirs to manage.
    assert app.get(app.admin_urls["product_list"]).status == 200


def test_a_staff_user_cannot_raise_its_own_rights(app: AppAdapter) -> None:
    """A forged user form, with a valid CSRF token, changes nothing."""
    app.sign_in_as("staffer", is_staff=True)
    own = app.admin_urls["user_change"].format(id=app.user_id("staffer"))
    rights = {"username": "staffer", "is_staff": "on", "is_superuser": "on"}
    for path in (own, app.admin_urls["user_add"]):
        form_page = app.page(app.admin_urls["product_add"])
        response = app.submit(
            form_page, 'form:has(input[name="name"])', rights, to=path
        )
        assert response.status == 403, path
    assert app.get(app.admin_urls["user_list"]).status == 403


def test_a_staff_user_creates_a_product_in_the_admin(app: AppAdapter) -> None:
    app.sign_in_as("staffer", is_staff=True)
    form_page = app.page(app.admin_urls["product_add"])
    fields = {
        "name": "Made in the admin",
        "sku": "ADM-1",
        "description": "Staff only",
        "price": "3.20",
        "stock": "4",
    }
    response = app.submit(form_page, 'form:has(input[name="name"])', fields)
    assert response.status == 302, response.text[:2000]
    row = next(p for p in app.list_all() if p["name"] == "Made in the admin")
    assert (row["sku"], row["price"], row["stock"]) == ("ADM-1", "3.20", 4)
    assert row["owner"] == "staffer"


def test_the_admin_form_without_a_csrf_token_is_refused(app: AppAdapter) -> None:
    app.sign_in_as("staffer", is_staff=True)
    form_page = app.page(app.admin_urls["product_add"])
    response = app.submit(
        form_page,
        'form:has(input[name="name"])',
        {"name": "Forged", "sku": "FRG-1", "price": "1.00", "stock": "1"},
        csrf=False,
    )
    assert response.status == 403
    assert app.get("/api/products/").json()["count"] == 0


def test_a_signed_in_regular_user_is_told_why_they_cannot_enter(
    app: AppAdapter,
) -> None:
    app.sign_in_as("bob")
    login_page = app.follow_redirect(app.get(app.admin_urls["index"]))
    text = " ".join(login_page.text.split())
    assert "authenticated as bob" in text
    assert "not authorized" in text


@pytest.mark.hardening("admin")
def test_the_admin_home_names_the_site_and_what_it_manages(app: AppAdapter) -> None:
    app.sign_in_as("root", is_staff=True, is_superuser=True)
    index = app.page(app.admin_urls["index"])
    assert "Catalog administration" in index.one("title").get_text()
    assert "Django" not in index.one("title").get_text()
    for page in ("product_list", "user_list"):
        assert index.has(f'main a[href^="{app.admin_urls[page]}"]'), page


@pytest.mark.hardening("admin")
def test_the_admin_signs_out_with_a_button(app: AppAdapter) -> None:
    app.sign_in_as("staffer", is_staff=True)
    index = app.page(app.admin_urls["index"])
    response = app.submit(index, 'form[action*="logout"]')
    assert response.status in (200, 302)
    assert_sent_to_a_login_page(app, app.admin_urls["index"])


def test_admin_timestamps_have_no_microseconds(app: AppAdapter, alice: str) -> None:
    app.create_product(alice, name="Timed")
    app.sign_in_as("staffer", is_staff=True)
    listing = app.page(app.admin_urls["product_list"])
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", listing.text)
