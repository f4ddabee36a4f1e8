"""The admin at /admin/, for staff only, with Flask-Admin."""

from flask import Flask
from flask_admin import Admin
from flask_admin.menu import MenuLink
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext as _l

from flask_app.accounts.admin import StaffIndexView
from flask_app.accounts.admin import UserView
from flask_app.accounts.models import User
from flask_app.catalog.admin import ProductView
from flask_app.catalog.models import Product
from flask_app.extensions import db


def init_admin(app: Flask) -> Admin:
    """Mount Flask-Admin on app with the product and user views."""
    # One Admin per app: its views register blueprints on the app they are added to.
    admin = Admin(
        app,
        name=_l("Catalog administration"),
        theme=Bootstrap4Theme(),
        index_view=StaffIndexView(),
    )
    admin.add_link(MenuLink(name=_l("View site"), endpoint="catalog.product_list"))
    admin.add_view(ProductView(Product, db, name=_l("Products")))
    admin.add_view(UserView(User, db, name=_l("Users")))
    return admin
