"""The product view of the admin, with Flask-Admin."""

from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import Form
from wtforms.widgets import Select

from flask_app.accounts.admin import StaffOnlyMixin
from flask_app.accounts.models import User
from flask_app.catalog.forms import ProductForm
from flask_app.catalog.models import Product
from flask_app.extensions import db


class ProductAdminForm(ProductForm):
    """The pages' product form (so the same field rules) plus the owner."""

    owner = QuerySelectField(
        _l("Owner"),
        query_factory=lambda: db.session.scalars(select(User).order_by(User.username)),
        allow_blank=True,
        description=_l("Left empty on a new product, you become its owner."),
        # A plain select: Select2's search box has an ARIA role axe refuses.
        widget=Select(),
    )


class ProductView(StaffOnlyMixin, ModelView):
    """The products in the admin: columns, search, filters and ordering."""

    form = ProductAdminForm
    column_list = ("name", "sku", "price", "stock", "owner", "created_at")
    # Every column, search field and filter named, so that each has its Spanish.
    column_labels = {
        "name": _l("Name"),
        "sku": _l("SKU"),
        "description": _l("Description"),
        "price": _l("Price"),
        "stock": _l("Stock"),
        "owner": _l("Owner"),
        "owner.username": _l("Owner"),
        "created_at": _l("Created at"),
    }
    column_searchable_list = ("name", "sku", "description")
    column_filters = ("owner.username", "created_at")
    column_sortable_list = (
        "name",
        "sku",
        "price",
        "stock",
        ("owner", "owner.username"),
        "created_at",
    )
    column_default_sort = [("created_at", True), ("id", True)]

    def on_model_change(self, form: Form, model: Product, is_created: bool) -> None:
        # The owner is optional here: a new product left without one is the creator's.
        if is_created and model.owner is None:
            model.owner = current_user._get_current_object()
        if not is_created:
            model.touch()
