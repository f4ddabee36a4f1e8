from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.authentication import get_authorization_header
from rest_framework.request import Request

from accounts.models import User

from .models import ApiToken
from .models import hash_token


class BearerTokenAuthentication(BaseAuthentication):
    """Authenticate `Authorization: Bearer <token>` against the stored hashes."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = get_authorization_header(request)
        if not header:
            return None
        # Any Authorization header that is not a usable token is refused, not ignored.
        scheme, _, key = header.partition(b" ")
        if scheme.lower() != self.keyword or not key.strip():
            raise exceptions.AuthenticationFailed(gettext("Invalid token header."))
        try:
            key_hash = hash_token(key.strip().decode("ascii"))
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                gettext("Invalid token header.")
            ) from None
        try:
            token = ApiToken.objects.select_related("user").get(key_hash=key_hash)
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(gettext("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(gettext("Invalid token."))
        return (token.user, token)

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
