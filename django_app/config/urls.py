"""The project's URLs: the pages, the admin and the JSON API under /api/."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from . import i18n

# The admin is titled for the product, not "Django administration".
admin.site.site_header = admin.site.site_title = _("Catalog administration")

urlpatterns = [
    path(
        "",
        RedirectView.as_view(pattern_name="catalog:product_list", permanent=False),
    ),
    path("accounts/", include("accounts.urls")),
    path("products/", include("catalog.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    # The footer's language switcher (no language prefix in any URL).
    path("language/", i18n.set_language, name="set_language"),
    # Browsers ask for /favicon.ico wherever no page names an icon (the JSON API).
    path(
        "favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)
    ),
]

# handler403 stays Django's permission_denied, which renders templates/403.html.
handler400 = "config.errors.handler400"
handler404 = "config.errors.handler404"
handler500 = "config.errors.handler500"
