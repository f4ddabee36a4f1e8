"""The user model, and the helpers that create and authenticate users."""

import re
from datetime import UTC
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import DateTime
from sqlalchemy import String
from sqlalchemy import false
from sqlalchemy import select
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import validates
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from flask_app.extensions import Model
from flask_app.extensions import db
from flask_app.extensions import login_manager

USERNAME_MAX_LENGTH = 150
USERNAME_PATTERN = re.compile(r"[\w.@+-]+")
EMAIL_MAX_LENGTH = 254


class User(UserMixin, Model):
    """A person who signs in, owns products and, if staff, manages everything."""

    # UserMixin supplies what Flask-Login asks of a user (is_authenticated...); the
    # is_active column below overrides its always-True property.

    __tablename__ = "users"
    # A deleted user's id is never given to another, on SQLite too.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX_LENGTH), unique=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    is_staff: Mapped[bool] = mapped_column(default=False)
    # A superuser also manages the users in the admin.
    is_superuser: Mapped[bool] = mapped_column(default=False, server_default=false())
    is_active: Mapped[bool] = mapped_column(default=True)
    date_joined: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: datetime.now(UTC)
    )
    # Part of the id Flask-Login keeps in the session: signing out everywhere, or a
    # new password, bumps it, and every session holding the old id ends.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def __str__(self) -> str:
        return self.username

    def __repr__(self) -> str:
        return f"<User {self.username!r}>"

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the session, with the session version."""
        return f"{self.id}:{self.session_version}"

    @validates("username")
    def validate_username(self, key: str, username: str) -> str:
        """Refuse a username that is not 1 to 150 letters, digits and @ . + - _."""
        if len(username) > USERNAME_MAX_LENGTH or not USERNAME_PATTERN.fullmatch(
            username
        ):
            raise ValueError(
                f"A username has 1 to {USERNAME_MAX_LENGTH} characters: "
                "letters, digits and @ . + - _ only."
            )
        return username

    def set_password(self, password: str) -> None:
        """Store a salted hash of password, made with the configured method."""
        self.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"]
        )

    def check_password(self, password: str) -> bool:
        """Return whether password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """Make every session this user signed in before end, on every device."""
        # Incremented in SQL, so two sign-outs at once cannot write the same number.
        self.session_version = User.session_version + 1


@login_manager.user_loader
def load_user(alternative_id: str) -> User | None:
    """Return the active user whose get_id() is alternative_id, or None."""
    user_id, _, version = alternative_id.partition(":")
    return db.session.scalar(
        select(User).filter_by(
            id=int(user_id), session_version=int(version or -1), is_active=True
        )
    )


def create_user(
    username: str,
    password: str,
    *,
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    is_active: bool = True,
) -> User:
    """Create, save and return a user with a hashed password."""
    user = User(
        username=username,
        email=email,
        is_staff=is_staff,
        is_superuser=is_superuser,
        is_active=is_active,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user = db.session.scalar(select(User).filter_by(username=username))
    if user is None:
        # Hash anyway, so an unknown username costs as much time as a wrong password.
        generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"]
        )
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user
