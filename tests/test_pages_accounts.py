"""Accounts pages: register, log in and log out, as a visitor sees them."""

from __future__ import annotations

import pytest

from tests.support.adapters import DEFAULT_PASSWORD
from tests.support.adapters import AppAdapter

REGISTER = "/accounts/register/"
GOOD_PASSWORD = "plum-orchard-42"


def register(app: AppAdapter, **fields: str):
    values = {
        "username": "carol",
        "email": "carol@example.com",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **fields,
    }
    return app.submit(app.page(REGISTER), "form#register-form", values)


def test_registering_signs_the_new_user_in(app: AppAdapter) -> None:
    response = register(app)
    assert response.status == 302
    assert response.location_path == "/products/"
    landing = app.follow_redirect(response)
    assert landing.one("#nav-user").get_text(strip=True) == "carol"
    assert [level for level, _ in landing.messages] == ["success"]
    assert app.token_for("carol", GOOD_PASSWORD)


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("PASSWORD123", "too common, whatever its case"),
        ("4815162342", "too common, digits only"),
    ],
)
def test_a_weak_password_is_refused_beside_a_password_field(
    app: AppAdapter, password: str, why: str
) -> None:
    response = register(
        app, username="carolina", password1=password, password2=password
    )
    assert response.status == 200, why
    # Which of the two fields shows it is each framework's form semantics.
    shown = response.field_errors("password1") + response.field_errors("password2")
    assert shown, why
    assert response.one("#id_username")["value"] == "carolina"
    assert response.one("#id_email")["value"] == "carol@example.com"
    assert not response.has("#nav-user")


@pytest.mark.parametrize(
    "password", ["27182818284", "correct horse battery", "ÅÄÖåäöÅÄÖ"]
)
def test_a_password_needs_no_composition_rule(app: AppAdapter, password: str) -> None:
    """Long enough and not common is enough, as NIST SP 800-63B asks."""
    response = register(app, password1=password, password2=password)
    assert response.status == 302, response.field_errors("password2")


def test_a_mismatched_confirmation_is_refused(app: AppAdapter) -> None:
    response = register(app, password2=GOOD_PASSWORD + "x")
    assert response.status == 200
    assert response.field_errors("password2")


def test_a_taken_username_is_refused_beside_the_username(app: AppAdapter) -> None:
    app.create_user("carol")
    response = register(app)
    assert response.status == 200
    assert response.field_errors("username")
    assert response.one("#id_username")["value"] == "carol"


def test_logging_in_lands_on_the_products_with_a_message(app: AppAdapter) -> None:
    app.create_user("alice")
    response = app.login("alice")
    assert response.status == 302
    assert response.location_path == "/products/"
    landing = app.follow_redirect(response)
    assert landing.one("#nav-user").get_text(strip=True) == "alice"
    assert [level for level, _ in landing.messages] == ["success"]
    assert not landing.has("#nav-login")


def test_wrong_password_unknown_user_and_inactive_user_get_the_same_error(
    app: AppAdapter,
) -> None:
    app.create_user("alice")
    app.create_user("sleeper", is_active=False)
    answers = [
        app.login("alice", "wrong-password"),
        app.login("nobody"),
        app.login("sleeper"),
    ]
    assert [r.status for r in answers] == [200, 200, 200]
    errors = [r.field_errors("__all__") for r in answers]
    assert errors[0]
    assert errors[0] == errors[1] == errors[2]
    assert answers[0].one("#id_username")["value"] == "alice"
    assert not any(r.has("#nav-user") for r in answers)


def test_logging_in_starts_a_new_session(app: AppAdapter) -> None:
    app.create_user("alice")
    page = app.page("/accounts/login/")
    before = app.session_cookie()
    app.submit(
        page, "form#login-form", {"username": "alice", "password": DEFAULT_PASSWORD}
    )
    after = app.session_cookie()
    assert after
    assert after != before


@pytest.mark.parametrize(
    ("next_path", "lands_on"),
    [
        ("/products/new/", "/products/new/"),
        ("/products/?q=tea", "/products/?q=tea"),
        ("https://evil.example/", "/products/"),
        ("//evil.example/", "/products/"),
        ("/\\evil.example/", "/products/"),
        ("javascript:alert(1)", "/products/"),
    ],
)
def test_login_follows_next_only_within_the_site(
    app: AppAdapter, next_path: str, lands_on: str
) -> None:
    app.create_user("alice")
    response = app.login("alice", next=next_path)
    assert response.status == 302
    assert response.location_path == lands_on
    assert not (response.header("Location") or "").startswith(("//", "http"))


def test_logging_out_ends_the_session(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    response = app.logout()
    assert response.status == 302
    assert response.location_path == "/products/"
    landing = app.follow_redirect(response)
    assert not landing.has("#nav-user")
    assert landing.has("#nav-login")
    assert [level for level, _ in landing.messages] == ["success"]
    assert app.get("/products/new/").status == 302


def test_logging_out_is_post_only(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    response = app.get("/accounts/logout/")
    assert response.status == 405
    assert app.page("/products/").has("#nav-user")


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/accounts/login/", "form#login-form"),
        ("/accounts/register/", "form#register-form"),
    ],
)
def test_account_forms_without_a_csrf_token_are_refused(
    app: AppAdapter, path: str, form: str
) -> None:
    app.create_user("alice")
    values = {
        "username": "alice",
        "password": DEFAULT_PASSWORD,
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    response = app.submit(app.page(path), form, values, csrf=False)
    assert response.status == 403
    assert response.one("#error")["data-status"] == "403"
    assert not app.page("/products/").has("#nav-user")


def test_the_logout_button_without_a_csrf_token_is_refused(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    response = app.submit(app.page("/products/"), "form#logout-form", csrf=False)
    assert response.status == 403
    assert app.page("/products/").has("#nav-user")
