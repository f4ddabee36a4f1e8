"""The contract itself: a valid OpenAPI document and demo data that obeys it.

These tests read shared_spec/ and no app, so they run once, not once per app.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from tests.support.openapi import SPEC_PATH
from tests.support.openapi import load_spec

FIXTURES = Path(SPEC_PATH).parent / "fixtures"


def test_the_document_is_valid_openapi_3_1() -> None:
    spec = load_spec()
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_every_operation_documents_its_errors_as_json() -> None:
    for path, item in load_spec()["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            codes = set(operation["responses"])
            # A HEAD is answered wherever its GET is: never a 405.
            assert "405" in codes or method == "head", (method, path)
            if operation.get("requestBody"):
                assert {"400", "413", "415"} <= codes, (method, path)
            if operation.get("security") == [{"bearer": []}]:
                assert "401" in codes, (method, path)


def test_the_demo_products_obey_the_product_rules() -> None:
    products = json.loads((FIXTURES / "demo_products.json").read_text("utf-8"))
    users = json.loads((FIXTURES / "demo_users.json").read_text("utf-8"))
    assert len(products) >= 30
    assert {u["username"] for u in users} == {"alice", "bob", "admin"}
    assert [u["username"] for u in users if u["is_staff"]] == ["admin"]
    schemas = load_spec()["components"]["schemas"]
    create = schemas["ProductCreate"]
    validator = Draft202012Validator(
        {
            "type": "object",
            "required": create["required"],
            "properties": {
                name: schemas[ref["$ref"].rsplit("/", 1)[1]]
                for name, ref in create["properties"].items()
            },
        }
    )
    for product in products:
        fields = {k: v for k, v in product.items() if k != "owner"}
        assert not list(validator.iter_errors(fields)), product
        assert Decimal(product["price"]) >= 0
        assert product["owner"] in {u["username"] for u in users}
    assert len({(p["owner"], p["name"]) for p in products}) == len(products)
