"""Bearer tokens: issuing, using, revoking, and the brute-force limit."""

from __future__ import annotations

import pytest

from tests.support.adapters import DEFAULT_PASSWORD
from tests.support.adapters import AppAdapter
from tests.support.problems import assert_problem
from tests.support.problems import field_errors

TOKEN_URL = "/api/auth/token/"
BEARER_CHALLENGE = 'Bearer realm="api"'


def attempt(app: AppAdapter, username: str, password: str):
    return app.post(TOKEN_URL, json={"username": username, "password": password})


def test_right_password_gets_an_opaque_token(app: AppAdapter) -> None:
    app.create_user("alice")
    response = attempt(app, "alice", DEFAULT_PASSWORD)
    assert response.status == 200
    token = response.json()["token"]
    assert len(token) >= 32
    assert "alice" not in token


def test_each_sign_in_issues_a_new_token(app: AppAdapter) -> None:
    app.create_user("alice")
    assert app.token_for("alice") != app.token_for("alice")


def test_a_token_authenticates_writes(app: AppAdapter) -> None:
    token = app.user_with_token("alice")
    product = app.create_product(token, name="Signed in")
    assert product["owner"] == "alice"


def test_unknown_user_wrong_password_and_inactive_user_look_the_same(
    app: AppAdapter,
) -> None:
    app.create_user("alice")
    app.create_user("sleeper", is_active=False)
    answers = [
        attempt(app, "nobody", DEFAULT_PASSWORD),
        attempt(app, "alice", "wrong-password"),
        attempt(app, "sleeper", DEFAULT_PASSWORD),
    ]
    assert {r.status for r in answers} == {401}
    assert len({r.content for r in answers}) == 1
    assert {r.header("WWW-Authenticate") for r in answers} == {BEARER_CHALLENGE}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "alice"},
        {"password": DEFAULT_PASSWORD},
        {"username": 42, "password": DEFAULT_PASSWORD},
        {"username": "alice", "password": None},
    ],
    ids=["empty", "no-password", "no-username", "number-username", "null-password"],
)
def test_missing_or_mistyped_credentials_are_field_errors(
    app: AppAdapter, body: dict
) -> None:
    app.create_user("alice")
    response = app.post(TOKEN_URL, json=body)
    assert response.status == 400
    expected = {"username", "password"} - {
        k for k, v in body.items() if isinstance(v, str)
    }
    assert set(field_errors(response)) == expected


@pytest.mark.parametrize(
    "username", ["ali\x00ce", "ali\ud800ce"], ids=["nul", "lone-surrogate"]
)
def test_a_character_no_database_can_hold_is_a_field_error(
    app: AppAdapter, username: str
) -> None:
    app.create_user("alice")
    response = app.post(
        TOKEN_URL, json={"username": username, "password": DEFAULT_PASSWORD}
    )
    assert response.status == 400
    assert set(field_errors(response)) == {"username"}


def test_revoking_a_token_makes_it_useless(app: AppAdapter) -> None:
    token = app.user_with_token("alice")
    other = app.token_for("alice")
    assert app.delete(TOKEN_URL, token=token).status == 204
    refused = app.post("/api/products/", json={"name": "x", "price": "1"}, token=token)
    assert refused.status == 401
    assert refused.header("WWW-Authenticate") == BEARER_CHALLENGE
    # Only the token used for the request is revoked.
    assert app.create_product(other)["owner"] == "alice"


def test_revoking_needs_a_token(app: AppAdapter) -> None:
    response = app.delete(TOKEN_URL)
    assert response.status == 401
    assert response.header("WWW-Authenticate") == BEARER_CHALLENGE


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-real-token", "Bearer ", "Token abc", "Basic YWxpY2U6cHc="],
)
def test_a_bad_token_is_refused_even_on_reads(
    app: AppAdapter, authorization: str
) -> None:
    response = app.get("/api/products/", headers={"Authorization": authorization})
    assert response.header("WWW-Authenticate") == BEARER_CHALLENGE
    assert_problem(response, 401)


def test_a_deactivated_users_token_stops_working(app: AppAdapter) -> None:
    token = app.user_with_token("alice")
    app.deactivate_user("alice")
    assert app.get("/api/products/", token=token).status == 401


def test_a_deleted_users_token_stops_working(app: AppAdapter) -> None:
    token = app.user_with_token("alice")
    app.delete_user("alice")
    assert app.get("/api/products/", token=token).status == 401


@pytest.mark.hardening("sign_in_limit")
def test_five_failures_lock_out_that_username_from_that_address(
    app: AppAdapter,
) -> None:
    app.create_user("alice")
    for _ in range(5):
        assert attempt(app, "alice", "wrong-password").status == 401
    locked = attempt(app, "alice", DEFAULT_PASSWORD)
    assert int(locked.header("Retry-After")) >= 1
    assert_problem(locked, 429)


def test_the_lockout_is_per_username(app: AppAdapter) -> None:
    app.create_user("alice")
    app.create_user("bob")
    for _ in range(5):
        attempt(app, "alice", "wrong-password")
    assert attempt(app, "bob", DEFAULT_PASSWORD).status == 200


def test_successful_sign_ins_do_not_count_towards_the_lockout(
    app: AppAdapter,
) -> None:
    app.create_user("alice")
    for _ in range(4):
        attempt(app, "alice", "wrong-password")
    for _ in range(3):
        assert attempt(app, "alice", DEFAULT_PASSWORD).status == 200
