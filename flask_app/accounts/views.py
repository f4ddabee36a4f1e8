"""The account pages: register, log in, log out."""

import unicodedata

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user
from werkzeug.wrappers import Response

from flask_app.accounts import bp
from flask_app.accounts.forms import LoginForm
from flask_app.accounts.forms import RegistrationForm
from flask_app.accounts.models import User
from flask_app.accounts.models import create_user
from flask_app.accounts.throttling import record_sign_in_failure
from flask_app.accounts.throttling import sign_in_failures
from flask_app.extensions import db
from flask_app.extensions import login_manager


def is_same_site_path(target: str) -> bool:
    """Return whether target is a path on this site, safe to redirect to."""
    # Django has url_has_allowed_host_and_scheme(); the contract allows paths only.
    # Browsers read "\" as "/", so "/\\evil.example" would leave the site too.
    path = target.replace("\\", "/")
    if not path.startswith("/") or path.startswith("//"):
        return False
    # Browsers drop tabs and newlines, so "/\t/evil.example" would become "//...".
    return not any(unicodedata.category(char).startswith("C") for char in path)


def sign_in(user: User) -> None:
    """Sign user in on a new session, as Django's login() cycles the session key."""
    # Whatever the session held before (a session fixed by someone else) is gone.
    session.clear()
    # No remember-me cookie: signing in lasts for the browser session, as in Django.
    login_user(user, remember=False)
    # load_user compares it with the user's on every request; signing out bumps
    # the user's, and this session ends.
    session["session_version"] = user.session_version


@login_manager.unauthorized_handler
def redirect_to_login() -> Response:
    """Send a visitor who must sign in to the login page, with next = this path."""
    # Flask-Login's default would escape the slashes in next; Django's does not.
    next_path = request.full_path.removesuffix("?")
    return redirect(url_for(login_manager.login_view, next=next_path))


@bp.route("/register/", methods=["GET", "POST"])
def register() -> str | Response:
    """Create an account, then sign its user in."""
    form = RegistrationForm()
    if form.validate_on_submit():
        user = create_user(
            form.username.data, form.password1.data, email=form.email.data or ""
        )
        sign_in(user)
        flash(f"Welcome, {user.username}: your account is ready.", "success")
        return redirect(url_for("catalog.product_list"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login/", methods=["GET", "POST"])
@sign_in_failures
def login() -> str | Response:
    """Sign a user in and send them to next, if it is a path on this site."""
    form = LoginForm()
    next_path = request.args.get("next", "")
    if form.validate_on_submit():
        sign_in(form.user)
        flash(f"Signed in as {form.user.username}.", "success")
        if is_same_site_path(next_path):
            return redirect(next_path)
        return redirect(url_for("catalog.product_list"))
    # Only refused credentials add a form-level error, not a form left blank.
    if form.form_errors:
        record_sign_in_failure()
    return render_template("accounts/login.html", form=form, next=next_path)


@bp.post("/logout/")
def logout() -> Response:
    """Sign the user out everywhere (POST only, so no link or image can do it)."""
    if current_user.is_authenticated:
        current_user.end_sessions()
        db.session.commit()
    # Nothing of the signed-in session stays, as Django's logout() flushes it.
    session.clear()
    logout_user()
    flash("You are signed out.", "success")
    return redirect(url_for("catalog.product_list"))
