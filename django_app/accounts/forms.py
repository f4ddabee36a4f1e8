from django.contrib.auth.forms import BaseUserCreationForm

from .models import User


class RegistrationForm(BaseUserCreationForm):
    """A username, an optional email and a password typed twice."""

    # BaseUserCreationForm, not UserCreationForm: the latter also refuses a
    # username that differs from another only in case; the contract does not.

    class Meta(BaseUserCreationForm.Meta):  # type: ignore[name-defined]  # in stubs after 5.2.9 (django-stubs#3200)
        model = User
        fields = ["username", "email"]
