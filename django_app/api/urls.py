from django.urls import path
from django.urls import re_path
from rest_framework.routers import SimpleRouter

from config.errors import handler404

from . import views

app_name = "api"

# SimpleRouter: no browsable root view and no .json suffix routes.
router = SimpleRouter()
router.register("products", views.ProductViewSet, basename="product")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("health/", views.HealthView.as_view(), name="health"),
    path(
        "openapi.json",
        views.OpenAPIDocumentView.as_view(),
        name="openapi_document",
    ),
    path("docs/", views.DocsView.as_view(), name="docs"),
    *router.urls,
    # Last: any other /api/ path is a 404 problem, even with DEBUG on.
    re_path(r"^", handler404),
]
