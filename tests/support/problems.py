"""RFC 9457 problem details: the shape of every error under /api/ (the contract)."""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"
# The one problem type beyond about:blank: a 400 naming invalid fields or parameters.
VALIDATION_ERROR = "tag:catalog-twin.example,2026:validation-error"
MEMBERS = {"type", "title", "status", "detail"}


def problem(response: Any, status: int) -> dict[str, Any]:
    """Return the problem details of an error answer, after checking their shape."""
    assert response.status == status, response.content
    assert response.header("Content-Type").startswith(PROBLEM_JSON)
    body = response.json()
    assert MEMBERS <= set(body) <= MEMBERS | {"errors"}, body
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["type"], str) and body["type"]
    assert ("errors" in body) == (body["type"] == VALIDATION_ERROR), body
    return body


def assert_problem(response: Any, status: int) -> None:
    """Assert an error answer that names no field: about:blank and its status."""
    body = problem(response, status)
    assert body["type"] == "about:blank", body


def field_errors(response: Any) -> dict[str, list[str]]:
    """Return the field errors of a 400 validation problem, one key per field."""
    body = problem(response, 400)
    assert body["type"] == VALIDATION_ERROR, body
    errors = body["errors"]
    assert errors, body
    for messages in errors.values():
        assert messages and all(isinstance(m, str) and m for m in messages), body
    return errors
