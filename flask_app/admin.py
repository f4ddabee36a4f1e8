"""The admin at /admin/, staff only (Django's is built in: admin.site in urls.py)."""

from flask import Flask
from flask_admin import Admin
from flask_admin.menu import MenuLink
from flask_admin.theme import Bootstrap4Theme

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
        name="Catalog administration",
        # Flask-Admin's layout, held to axe-core and the Nu Html Checker.
        theme=Bootstrap4Theme(base_template="admin/catalog_master.html"),
        index_view=StaffIndexView(),
    )
    admin.add_link(MenuLink(name="View site", endpoint="catalog.product_list"))
    admin.add_view(ProductView(Product, db, name="Products"))
    admin.add_view(UserView(User, db, name="Users"))
    return admin
