"""Framework-only checks: a sku taken between the check and the write is refused.

Two requests can both pass the unique check before either writes; the loser then
meets the database's unique constraint, and the view asks the check again. These
tests skip the check's first run instead of racing threads, so the write is the
first to see the duplicate.
"""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.validators import UniqueValidator

from accounts.models import User
from api.models import ApiToken
from catalog.forms import ProductForm
from catalog.models import Product

pytestmark = pytest.mark.django_db


def skip_first_call(method: Callable[..., Any]) -> Callable[..., Any]:
    """Return method, made to do nothing the first time it is called."""
    calls = []

    def wrapper(*args: Any) -> Any:
        calls.append(args)
        return None if len(calls) == 1 else method(*args)

    return wrapper


@pytest.fixture
def alice(django_user_model: type[User]) -> User:
    """Return a user who already owns a product with the sku MUG-350."""
    alice = django_user_model.objects.create_user("alice")
    Product.objects.create(name="Mug", sku="MUG-350", price="12.50", owner=alice)
    return alice


def test_the_api_answers_400_on_sku_when_the_constraint_refuses_it(
    client: Client, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        UniqueValidator, "__call__", skip_first_call(UniqueValidator.__call__)
    )
    token = ApiToken.objects.issue(alice)

    response = client.post(
        "/api/products/",
        json.dumps({"name": "Cup", "sku": "MUG-350", "price": "4.00"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == ["sku"]
    assert Product.objects.count() == 1


def test_the_form_shows_an_error_beside_sku_when_the_constraint_refuses_it(
    client: Client, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        ProductForm, "validate_unique", skip_first_call(ProductForm.validate_unique)
    )
    client.force_login(alice)

    response = client.post(
        "/products/new/", {"name": "Cup", "sku": "MUG-350", "price": "4.00"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["sku"]
    assert response.context["form"]["sku"].value() == "MUG-350"
    assert Product.objects.count() == 1
