"""The account pages: register, log in, log out."""

import unicodedata

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user
from werkzeug.wrappers import Response

from flask_app.accounts import bp
from flask_app.accounts.forms import LoginForm
from flask_app.accounts.forms import RegistrationForm
from flask_app.accounts.models import create_user
from flask_app.extensions import db
from flask_app.hardening.sign_in_limit import sign_in_failures


def is_same_site_path(target: str) -> bool:
    """Return whether target is a path on this site, safe to redirect to."""
    # Browsers read "\" as "/", so "/\\evil.example" would leave the site too.
    path = target.replace("\\", "/")
    if not path.startswith("/") or path.startswith("//"):
        return False
    # Browsers drop tabs and newlines, so "/\t/evil.example" would become "//...".
    return not any(unicodedata.category(char).startswith("C") for char in path)


@bp.route("/register/", methods=["GET", "POST"])
def register() -> str | Response:
    """Create an account, then sign its user in."""
    form = RegistrationForm()
    if form.validate_on_submit():
        # InputRequired passed, so the username and password hold text ("or" only
        # narrows their type); the email is optional.
        user = create_user(
            form.username.data or "",
            form.password1.data or "",
            email=form.email.data or "",
        )
        login_user(user)
        flash(
            _("Welcome, %(name)s: your account is ready.", name=user.username),
            "success",
        )
        return redirect(url_for("catalog.product_list"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login/", methods=["GET", "POST"])
@sign_in_failures
def login() -> str | Response:
    """Sign a user in and send them to next, if it is a path on this site."""
    form = LoginForm()
    next_path = request.args.get("next", "")
    # form.user is set whenever the form validates, and None before it does.
    if form.validate_on_submit() and (user := form.user) is not None:
        login_user(user)
        flash(_("Signed in as %(name)s.", name=user.username), "success")
        if is_same_site_path(next_path):
            return redirect(next_path)
        return redirect(url_for("catalog.product_list"))
    return render_template("accounts/login.html", form=form, next=next_path)


@bp.post("/logout/")
def logout() -> Response:
    """Sign the user out everywhere (POST only, so no link or image can do it)."""
    if current_user.is_authenticated:
        current_user.end_sessions()
        db.session.commit()
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("catalog.product_list"))
