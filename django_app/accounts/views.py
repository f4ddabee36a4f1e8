from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpRequest
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView

from hardening.sign_in_limit import SignInLimitMixin

from .forms import RegistrationForm


# Its form carries a CSRF token: no cache keeps it (LoginView has never_cache too).
@method_decorator(never_cache, name="dispatch")
class RegisterView(SuccessMessageMixin, CreateView):
    """Create an account, then sign its user in."""

    form_class = RegistrationForm
    template_name = "accounts/register.html"
    success_url = reverse_lazy("catalog:product_list")
    success_message = _("Welcome, %(username)s: your account is ready.")

    def form_valid(self, form: RegistrationForm) -> HttpResponse:
        response = super().form_valid(form)
        login(self.request, self.object)
        return response


class LoginView(SignInLimitMixin, SuccessMessageMixin, auth_views.LoginView):
    """Sign a user in and send them to `next` or the product list."""

    # Built in here, left to the app by Flask-Login: a new session on sign-in and a
    # `next` followed only when url_has_allowed_host_and_scheme() finds it safe.

    template_name = "accounts/login.html"
    success_message = _("Signed in as %(username)s.")

    def get_redirect_url(self) -> str:
        url = super().get_redirect_url()
        # Django also takes an absolute URL to this host; the contract, a path only.
        return url if url.startswith("/") else ""


class LogoutView(auth_views.LogoutView):
    """Sign the user out (POST only, as Django 5's LogoutView already is)."""

    # Built in here, a session_version column in Flask: logout() flushes the
    # session, deleting its row, so the old cookie replayed is signed out.

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, gettext("You are signed out."))
        return response
