import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User


def hash_token(key: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenManager(models.Manager["ApiToken"]):
    def issue(self, user: User) -> str:
        """Create a token for the user and return its key, which is never stored."""
        key = secrets.token_urlsafe(32)
        self.create(user=user, key_hash=hash_token(key))
        return key


class ApiToken(models.Model):
    """A bearer token of the API, kept only as the hash of its key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return gettext("API token of %(user)s") % {"user": self.user}
