"""Framework-only checks: a sku taken between the check and the write is refused.

Two requests can both pass the unique check before either writes; the loser then
meets the database's unique constraint. These tests skip the check instead of
racing threads, so the write is the first to see the duplicate.
"""

import json

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from rest_framework.validators import UniqueValidator

from api.models import ApiToken
from catalog.forms import ProductForm
from catalog.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(django_user_model: type[AbstractBaseUser]) -> AbstractBaseUser:
    """Return a user who already owns a product with the sku MUG-350."""
    alice = django_user_model.objects.create_user("alice")
    Product.objects.create(name="Mug", sku="MUG-350", price="12.50", owner=alice)
    return alice


def test_the_api_answers_400_on_sku_when_the_constraint_refuses_it(
    client: Client, alice: AbstractBaseUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(UniqueValidator, "__call__", lambda self, value, field: None)
    token = ApiToken.objects.issue(alice)

    response = client.post(
        "/api/products/",
        json.dumps({"name": "Cup", "sku": "MUG-350", "price": "4.00"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 400
    assert list(response.json()) == ["sku"]
    assert Product.objects.count() == 1


def test_the_form_shows_an_error_beside_sku_when_the_constraint_refuses_it(
    client: Client, alice: AbstractBaseUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ProductForm, "validate_unique", lambda self: None)
    client.force_login(alice)

    response = client.post(
        "/products/new/", {"name": "Cup", "sku": "MUG-350", "price": "4.00"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["sku"]
    assert response.context["form"]["sku"].value() == "MUG-350"
    assert Product.objects.count() == 1
