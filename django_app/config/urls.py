"""The project's URLs: the JSON API under /api/."""

from django.urls import include
from django.urls import path

urlpatterns = [
    path("api/", include("api.urls")),
]

handler400 = "api.errors.handler400"
handler404 = "api.errors.handler404"
handler500 = "api.errors.handler500"
