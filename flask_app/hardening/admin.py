"""The admin's pages rewritten to pass axe-core and the Nu Html Checker.

Flask-Admin's Bootstrap 4 templates miss a language, landmarks, an h1, a header for
the row buttons' column and unique ids; templates/admin/ holds the rewrites, found
before Flask-Admin's own through this package's blueprint. The admin views take them
with one mixin, AccessibleAdminMixin, which renders Flask-Admin's own templates with
HARDENING off.
"""

from typing import TYPE_CHECKING
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import current_app

# The admin mixins' base: to mypy, Flask-Admin's BaseView, whose attributes they use
# (render, _template_args, is_accessible...) and whose methods they extend through
# super(); at run time, object, as each mixin comes before a Flask-Admin view in a
# view's bases. Flask-Admin ships no types, so BaseView is Any to mypy: this says
# where those attributes come from, though mypy cannot check them.
if TYPE_CHECKING:
    from flask_admin.base import BaseView as AdminViewBase
else:
    AdminViewBase = object

bp = Blueprint("hardening", __name__, template_folder="templates")

# Flask-Admin's templates, and the rewrite each one is rendered with.
ACCESSIBLE_TEMPLATES = {
    "admin/model/list.html": "admin/catalog_list.html",
    "admin/model/create.html": "admin/catalog_create.html",
    "admin/model/edit.html": "admin/catalog_edit.html",
}
MASTER_TEMPLATE = "admin/catalog_master.html"


class AccessibleAdminMixin(AdminViewBase):
    """Render a Flask-Admin view with the accessible templates, no bulk delete."""

    def render(self, template: str, **kwargs: Any) -> str:
        """Render template, or its accessible rewrite when hardened."""
        if current_app.config["HARDENING"]:
            template = ACCESSIBLE_TEMPLATES.get(template, template)
            # Read by every admin template through admin_base_template.
            self._template_args["admin_base_template"] = MASTER_TEMPLATE
        return super().render(template, **kwargs)

    def is_action_allowed(self, name: str) -> bool:
        """Refuse the bulk delete: its row boxes carry no label a reader can read."""
        if name == "delete" and current_app.config["HARDENING"]:
            return False
        return super().is_action_allowed(name)


def init_app(app: Flask) -> None:
    """Let app find the admin's rewritten templates before Flask-Admin's."""
    app.register_blueprint(bp)
