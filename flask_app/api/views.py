"""API views: tokens, products, health and the OpenAPI document."""

from typing import Any

import yaml
from flask import Response
from flask import abort
from flask import current_app
from flask import g
from flask import make_response
from flask import request
from flask import url_for
from marshmallow import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from flask_app.accounts.models import authenticate
from flask_app.accounts.throttling import record_sign_in_failure
from flask_app.accounts.throttling import sign_in_failures
from flask_app.api import bp
from flask_app.api.authentication import token_required
from flask_app.api.etags import etag_for
from flask_app.api.filters import filter_products
from flask_app.api.models import ApiToken
from flask_app.api.pagination import paginate
from flask_app.api.parsers import json_body
from flask_app.api.schemas import AuthTokenSchema
from flask_app.api.schemas import ProductSchema
from flask_app.api.schemas import dump_product
from flask_app.api.schemas import product_schema
from flask_app.catalog.models import SKU_TAKEN_MESSAGE
from flask_app.catalog.models import Product
from flask_app.catalog.models import get_product_or_404
from flask_app.catalog.models import get_product_row_or_404
from flask_app.catalog.models import save_product
from flask_app.config import SHARED_SPEC_DIR
from flask_app.extensions import db

# Read once at start-up: the document does not change while the app runs.
with (SHARED_SPEC_DIR / "openapi.yaml").open(encoding="utf-8") as document:
    OPENAPI_DOCUMENT = yaml.safe_load(document)


def ensure_can_change(product: Product) -> None:
    """Abort with 403 unless the API user owns the product or is staff."""
    if not product.can_be_changed_by(g.api_user):
        abort(403, "Only the owner or a staff user may change this product.")


def ensure_if_match(product: Product) -> None:
    """Abort with 412 if If-Match names neither the product's current ETag nor *."""
    # Werkzeug parses the header; contains() is the strong comparison If-Match needs.
    current = etag_for(product_schema.dump(product))
    if "If-Match" in request.headers and not request.if_match.contains(current):
        abort(412, "The product has changed since that version; fetch it again.")


def product_response(
    data: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """Return a product's JSON with the ETag of exactly that JSON."""
    response = make_response(data, status, headers or {})
    response.set_etag(etag_for(data))
    return response


@bp.post("/auth/token/")
@sign_in_failures
def token_create() -> dict[str, Any]:
    """Exchange a username and password for a new bearer token."""
    credentials = AuthTokenSchema().load(json_body())
    user = authenticate(credentials["username"], credentials["password"])
    if user is None:
        record_sign_in_failure()
        abort(401, "Invalid username or password.")
    key = ApiToken.issue(user)
    db.session.commit()
    return {"token": key}


@bp.delete("/auth/token/")
@token_required
def token_delete() -> tuple[str, int]:
    """Revoke the token that authenticates this request."""
    db.session.delete(g.api_token)
    db.session.commit()
    return "", 204


@bp.get("/products/")
def product_list() -> dict[str, Any]:
    """List products, filtered, ordered and a page at a time."""
    return paginate(filter_products(request.args), dump_product)


@bp.post("/products/")
@token_required
def product_create() -> Response:
    """Create a product owned by the API user."""
    product = Product(**ProductSchema().load(json_body()), owner=g.api_user)
    if not save_product(product):
        raise ValidationError({"sku": [SKU_TAKEN_MESSAGE]})
    location = url_for("api.product_detail", product_id=product.id, _external=True)
    return product_response(product_schema.dump(product), 201, {"Location": location})


@bp.get("/products/<int:product_id>/")
def product_detail(product_id: int) -> Response:
    """Show one product."""
    return product_response(dump_product(get_product_row_or_404(product_id)))


@bp.route("/products/<int:product_id>/", methods=["PUT", "PATCH"])
@token_required
def product_update(product_id: int) -> Response:
    """Replace (PUT) or change some of (PATCH) a product's writable fields."""
    product = get_product_or_404(product_id, for_update=True)
    ensure_can_change(product)
    ensure_if_match(product)
    changes = ProductSchema(instance=product).load(
        json_body(), partial=request.method == "PATCH"
    )
    for field, value in changes.items():
        setattr(product, field, value)
    product.touch()
    if not save_product(product):
        raise ValidationError({"sku": [SKU_TAKEN_MESSAGE]})
    return product_response(product_schema.dump(product))


@bp.delete("/products/<int:product_id>/")
@token_required
def product_delete(product_id: int) -> tuple[str, int]:
    """Delete a product."""
    product = get_product_or_404(product_id, for_update=True)
    ensure_can_change(product)
    ensure_if_match(product)
    db.session.delete(product)
    db.session.commit()
    return "", 204


@bp.get("/health/")
def health() -> tuple[dict[str, str], int]:
    """Report whether the database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("Health check: the database is unreachable")
        return {"status": "unavailable", "detail": "The database is unreachable."}, 503
    return {"status": "ok"}, 200


@bp.get("/openapi.json")
def openapi_document() -> dict[str, Any]:
    """Serve the shared OpenAPI document as JSON."""
    return OPENAPI_DOCUMENT
