"""Every error under /api/ is an RFC 9457 problem, with the contract's status."""

from __future__ import annotations

import pytest

from tests.support.adapters import AppAdapter
from tests.support.problems import assert_problem
from tests.support.problems import problem

LIST_URL = "/api/products/"
ONE_MIB = 1024 * 1024


@pytest.mark.parametrize("path", ["/api/nope/", "/api/products/1/extra/", "/api/"])
def test_an_unknown_api_path_is_a_json_404(app: AppAdapter, path: str) -> None:
    assert_problem(app.get(path), 404)


@pytest.mark.parametrize(
    "path", ["/api/products//", "/api//products/", "/api/products/1//"]
)
def test_a_doubled_slash_is_a_json_404_not_a_redirect(
    app: AppAdapter, alice: str, path: str
) -> None:
    """What a client with an empty id sends: no such path, answered as the API."""
    app.create_product(alice)
    assert_problem(app.get(path), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", LIST_URL),
        ("DELETE", LIST_URL),
        ("POST", "/api/products/1/"),
        ("GET", "/api/auth/token/"),
        ("POST", "/api/health/"),
    ],
)
def test_a_wrong_method_is_a_json_405_with_allow(
    app: AppAdapter, alice: str, method: str, path: str
) -> None:
    app.create_product(alice)
    response = app.request(method, path, token=alice)
    assert_problem(response, 405)
    assert response.header("Allow")
    assert method not in (response.header("Allow") or "")


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "application/xml"],
)
def test_a_body_that_is_not_json_is_a_415(
    app: AppAdapter, alice: str, content_type: str | None
) -> None:
    response = app.post(
        LIST_URL,
        body="name=Widget&price=1.00",
        content_type=content_type,
        token=alice,
    )
    assert_problem(response, 415)
    assert app.get(LIST_URL).json()["count"] == 0


def test_json_with_a_charset_parameter_is_accepted(app: AppAdapter, alice: str) -> None:
    response = app.post(
        LIST_URL,
        body='{"name": "Charset", "sku": "CHR-1", "price": "1.00"}',
        content_type="application/json; charset=utf-8",
        token=alice,
    )
    assert response.status == 201


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b'{"name": "x", "price": }',
        b'{"name": "Widget", "price": NaN}',
        b'{"name": "Widget", "price": "1", "stock": Infinity}',
        b'[{"name": "Widget", "price": "1.00"}]',
        b'"Widget"',
        b"null",
        b'{"name": "caf\xe9", "price": "1.00"}',
    ],
    ids=[
        "empty",
        "truncated",
        "syntax",
        "nan",
        "infinity",
        "array",
        "string",
        "null",
        "latin1",
    ],
)
def test_a_malformed_body_is_a_400_problem(
    app: AppAdapter, alice: str, body: bytes
) -> None:
    response = app.post(
        LIST_URL, body=body, content_type="application/json", token=alice
    )
    problem(response, 400)
    assert app.get(LIST_URL).json()["count"] == 0


@pytest.mark.parametrize("depth", [101, 100_000])
@pytest.mark.hardening("strict_input")
def test_json_nested_too_deep_is_a_400_problem(
    app: AppAdapter, alice: str, depth: int
) -> None:
    body = '{"name": ' + "[" * depth + "]" * depth + ', "sku": "D-1", "price": "1"}'
    response = app.post(
        LIST_URL, body=body, content_type="application/json", token=alice
    )
    problem(response, 400)
    assert app.get(LIST_URL).json()["count"] == 0


@pytest.mark.hardening("strict_input")
def test_a_malformed_patch_changes_nothing(app: AppAdapter, alice: str) -> None:
    product = app.create_product(alice)
    url = f"/api/products/{product['id']}/"
    for body in (b"", b"[]", b"{"):
        response = app.patch(
            url, body=body, content_type="application/json", token=alice
        )
        problem(response, 400)
    assert app.get(url).json() == product


def test_a_body_over_one_mib_is_a_413(app: AppAdapter, alice: str) -> None:
    body = '{"name": "Big", "price": "1.00", "description": "' + "x" * ONE_MIB + '"}'
    response = app.post(
        LIST_URL, body=body, content_type="application/json", token=alice
    )
    assert_problem(response, 413)
    assert app.get(LIST_URL).json()["count"] == 0


def test_anonymous_writes_are_401_before_the_body_is_read(app: AppAdapter) -> None:
    response = app.post(LIST_URL, body="{", content_type="text/plain")
    assert_problem(response, 401)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/auth/token/"),
        ("PUT", LIST_URL),
        ("POST", "/api/health/"),
        ("DELETE", "/api/openapi.json"),
    ],
)
def test_a_wrong_method_is_405_whatever_the_credentials(
    app: AppAdapter, method: str, path: str
) -> None:
    response = app.request(method, path, headers={"Authorization": "Bearer nope"})
    assert_problem(response, 405)


def test_allow_is_sent_with_a_405_only(app: AppAdapter, alice: str) -> None:
    """RFC 9110 requires Allow on a 405; the contract sends it nowhere else."""
    answers = [
        app.get(LIST_URL, token=alice),
        app.post(LIST_URL, json={"name": ""}, token=alice),
        app.post("/api/auth/token/", json={"username": "alice", "password": "x"}),
    ]
    assert [answer.status for answer in answers] == [200, 400, 401]
    assert [answer.header("Allow") for answer in answers] == [None, None, None]
