"""The product pages: list, detail, create, edit and delete."""

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_login import login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from flask_app.catalog import bp
from flask_app.catalog.forms import ProductForm
from flask_app.catalog.models import DEFAULT_ORDERING
from flask_app.catalog.models import SKU_TAKEN_MESSAGE
from flask_app.catalog.models import Product
from flask_app.catalog.models import select_products
from flask_app.catalog.models import sku_taken
from flask_app.extensions import db
from flask_app.hardening.caching import cache_for_visitors

PER_PAGE = 20
NOT_FOUND = _l("No product with this id.")

# The orderings the list offers, each one a key of models.ORDERINGS.
ORDERING_CHOICES = {
    "-created_at": _l("Newest first"),
    "created_at": _l("Oldest first"),
    "name": _l("Name, A to Z"),
    "-name": _l("Name, Z to A"),
    "price": _l("Price, lowest first"),
    "-price": _l("Price, highest first"),
}


def get_product_or_404(product_id: int) -> Product:
    """Return the product with this id, its owner in the same query, or abort (404)."""
    return db.get_or_404(
        Product, product_id, description=NOT_FOUND, options=[joinedload(Product.owner)]
    )


def get_changeable_product(product_id: int) -> Product:
    """Return the product if the signed-in user may change it, else abort (404, 403)."""
    product = get_product_or_404(product_id)
    if not product.can_be_changed_by(current_user):
        abort(403)
    return product


def save_product(form: ProductForm, product: Product) -> bool:
    """Commit the product, or add an error to sku if it was taken meanwhile."""
    sku, product_id = product.sku, product.id
    db.session.add(product)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        # A concurrent request took the sku after the form's check passed: the
        # unique constraint refused this one. Any other refusal is a real error.
        if not sku_taken(sku, product_id):
            raise
        # A new list: WTForms types errors as a Sequence (a tuple until validated).
        form.sku.errors = [*form.sku.errors, SKU_TAKEN_MESSAGE]
        return False
    return True


@bp.get("/")
@cache_for_visitors(vary="Cookie")
def product_list() -> str:
    """List the products matching q, in the order asked for, 20 a page."""
    q = request.args.get("q", "").strip()
    ordering = request.args.get("ordering", "")
    if ordering not in ORDERING_CHOICES:
        ordering = DEFAULT_ORDERING
    # The page comes from ?page=; a bad or empty page after the first is a 404.
    pagination = db.paginate(select_products(q, ordering), per_page=PER_PAGE)
    return render_template(
        "catalog/product_list.html",
        pagination=pagination,
        q=q,
        ordering=ordering,
        ordering_choices=ORDERING_CHOICES,
    )


@bp.get("/<int:product_id>/")
@cache_for_visitors(vary="Cookie")
def product_detail(product_id: int) -> str:
    """Show one product, with edit and delete links for its owner or staff."""
    product = get_product_or_404(product_id)
    return render_template(
        "catalog/product_detail.html",
        product=product,
        can_change=product.can_be_changed_by(current_user),
    )


@bp.route("/new/", methods=["GET", "POST"])
@login_required
def product_create() -> str | Response:
    """Create a product owned by the signed-in user."""
    form = ProductForm()
    if form.validate_on_submit():
        product = Product(owner=current_user._get_current_object())
        form.populate_obj(product)
        if save_product(form, product):
            flash(_("Product “%(name)s” created.", name=product.name), "success")
            return redirect(url_for("catalog.product_detail", product_id=product.id))
    return render_template("catalog/product_form.html", form=form, product=None)


@bp.route("/<int:product_id>/edit/", methods=["GET", "POST"])
@login_required
def product_update(product_id: int) -> str | Response:
    """Edit a product."""
    product = get_changeable_product(product_id)
    form = ProductForm(obj=product)
    if form.validate_on_submit():
        form.populate_obj(product)
        product.touch()
        if save_product(form, product):
            flash(_("Product “%(name)s” saved.", name=product.name), "success")
            return redirect(url_for("catalog.product_detail", product_id=product.id))
    return render_template("catalog/product_form.html", form=form, product=product)


@bp.route("/<int:product_id>/delete/", methods=["GET", "POST"])
@login_required
def product_delete(product_id: int) -> str | Response:
    """Ask to confirm on GET, delete on POST."""
    product = get_changeable_product(product_id)
    if request.method == "POST":
        db.session.delete(product)
        db.session.commit()
        flash(_("Product deleted."), "success")
        return redirect(url_for("catalog.product_list"))
    return render_template("catalog/product_confirm_delete.html", product=product)
