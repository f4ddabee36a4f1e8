"""API views: tokens, products, health and the OpenAPI document."""

from collections.abc import Mapping
from functools import partial
from typing import Any

import yaml
from flask import Response
from flask import abort
from flask import current_app
from flask import g
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import SQLAlchemyError

from flask_app.accounts.models import authenticate
from flask_app.api import bp
from flask_app.api.authentication import token_required
from flask_app.api.filters import filter_products
from flask_app.api.messages import translate
from flask_app.api.models import ApiToken
from flask_app.api.pagination import paginated_response
from flask_app.api.schemas import AuthTokenSchema
from flask_app.api.schemas import ProductSchema
from flask_app.api.schemas import product_schema
from flask_app.catalog.models import SKU_TAKEN_MESSAGE
from flask_app.catalog.models import Product
from flask_app.catalog.models import sku_taken
from flask_app.catalog.views import get_product_or_404
from flask_app.config import SHARED_SPEC_DIR
from flask_app.extensions import db
from flask_app.hardening.caching import cache_for_visitors
from flask_app.hardening.concurrency import if_match
from flask_app.hardening.sign_in_limit import sign_in_failures

# Read once at start-up: the document does not change while the app runs.
with (SHARED_SPEC_DIR / "openapi.yaml").open(encoding="utf-8") as document:
    OPENAPI_DOCUMENT = yaml.safe_load(document)


def get_changeable_product(product_id: int) -> Product:
    """Return the product if the API user owns it or is staff, else abort (404, 403)."""
    product = get_product_or_404(product_id)
    if not product.can_be_changed_by(g.api_user):
        abort(403, _("Only the owner or a staff user may change this product."))
    return product


def no_content() -> Response:
    """Answer 204: no body, and so no Content-Type to name its type."""
    response = current_app.response_class(status=204)
    del response.headers["Content-Type"]
    return response


def save_product(product: Product) -> None:
    """Commit the product, or answer 400 on sku if it was taken meanwhile."""
    sku, product_id = product.sku, product.id
    db.session.add(product)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        # A concurrent request took the sku after the schema's check passed: the
        # unique constraint refused this one. Any other refusal is a real error.
        if not sku_taken(sku, product_id):
            raise
        raise ValidationError({"sku": [translate(SKU_TAKEN_MESSAGE)]}) from None


@bp.post("/auth/token/")
@sign_in_failures
def token_create() -> dict[str, Any]:
    """Exchange a username and password for a new bearer token."""
    credentials = AuthTokenSchema().load(request.get_json())
    user = authenticate(credentials["username"], credentials["password"])
    if user is None:
        abort(401, _("Invalid username or password."))
    key = ApiToken.issue(user)
    db.session.commit()
    return {"token": key}


@bp.delete("/auth/token/")
@token_required
def token_delete() -> Response:
    """Revoke the token that authenticates this request."""
    db.session.delete(g.api_token)
    db.session.commit()
    return no_content()


@bp.get("/products/")
@cache_for_visitors(vary="Authorization")
def product_list() -> Mapping[str, Any]:
    """List products, filtered, ordered and a page at a time."""
    statement = filter_products(request.args)
    return paginated_response(statement, partial(product_schema.dump, many=True))


@bp.post("/products/")
@token_required
def product_create() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Create a product owned by the API user."""
    product = Product(**ProductSchema().load(request.get_json()), owner=g.api_user)
    save_product(product)
    location = url_for("api.product_detail", product_id=product.id, _external=True)
    return product_schema.dump(product), 201, {"Location": location}


@bp.get("/products/<int:product_id>/")
@cache_for_visitors(vary="Authorization")
def product_detail(product_id: int) -> dict[str, Any]:
    """Show one product."""
    return product_schema.dump(get_product_or_404(product_id))


@bp.route("/products/<int:product_id>/", methods=["PUT", "PATCH"])
@token_required
@if_match
def product_update(product_id: int) -> dict[str, Any]:
    """Replace (PUT) or change some of (PATCH) a product's writable fields."""
    product = get_changeable_product(product_id)
    changes = ProductSchema(instance=product).load(
        request.get_json(), partial=request.method == "PATCH"
    )
    for field, value in changes.items():
        setattr(product, field, value)
    product.touch()
    save_product(product)
    return product_schema.dump(product)


@bp.delete("/products/<int:product_id>/")
@token_required
@if_match
def product_delete(product_id: int) -> Response:
    """Delete a product."""
    product = get_changeable_product(product_id)
    db.session.delete(product)
    db.session.commit()
    return no_content()


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


@bp.get("/docs/")
def docs() -> str:
    """Show the OpenAPI document to people, with Swagger UI."""
    return render_template("api/docs.html")
