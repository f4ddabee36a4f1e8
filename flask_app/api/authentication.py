"""Bearer-token authentication for the API."""

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec
from typing import TypeVar

from flask import abort
from flask import g
from flask import request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from flask_app.api import bp
from flask_app.api.models import ApiToken
from flask_app.api.models import hash_token
from flask_app.extensions import db

P = ParamSpec("P")
R = TypeVar("R")


@bp.before_request
def load_api_user() -> None:
    """Set g.api_user and g.api_token from the bearer token, if one is sent."""
    g.api_user = None
    g.api_token = None
    if "Authorization" not in request.headers:
        return

    credentials = request.authorization
    if credentials is None or credentials.type != "bearer" or not credentials.token:
        abort(401, _("Send the token as: Authorization: Bearer <token>."))
    token = db.session.scalar(
        select(ApiToken)
        .join(ApiToken.user)
        .options(contains_eager(ApiToken.user))
        .where(ApiToken.key_hash == hash_token(credentials.token))
    )
    if token is None or not token.user.is_active:
        abort(401, _("Invalid or revoked token."))
    g.api_token = token
    g.api_user = token.user


def token_required(view: Callable[P, R]) -> Callable[P, R]:
    """Answer 401 unless the request carries a valid bearer token."""

    @wraps(view)
    def wrapped_view(*args: P.args, **kwargs: P.kwargs) -> R:
        if g.api_user is None:
            abort(401, _("Authentication credentials were not provided."))
        return view(*args, **kwargs)

    return wrapped_view
