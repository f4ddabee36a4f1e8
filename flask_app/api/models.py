"""The API token model: bearer tokens, stored hashed."""

import hashlib
import secrets
from datetime import UTC
from datetime import datetime

from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from flask_app.accounts.models import User
from flask_app.extensions import Model
from flask_app.extensions import db


def hash_token(key: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(Model):
    """A bearer token, stored only as the SHA-256 digest of its key."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: datetime.now(UTC)
    )

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} of user {self.user_id}>"

    @classmethod
    def issue(cls, user: User) -> str:
        """Add a new token for user to the session and return its key."""
        key = secrets.token_urlsafe(32)
        db.session.add(cls(user=user, key_hash=hash_token(key)))
        return key
