from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import DatabaseError
from django.db import connection
from django.http import HttpRequest
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.generic import TemplateView
from rest_framework import generics
from rest_framework import status
from rest_framework import viewsets
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.permissions import BasePermission
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from catalog.models import Product
from hardening.caching import cache_for_visitors
from hardening.concurrency import IfMatchMixin
from hardening.security_headers import csp_update
from hardening.sign_in_limit import SignInThrottle
from hardening.strict_input import JSONBodyMixin

from .errors import problem_response
from .filters import ProductFilterBackend
from .models import ApiToken
from .permissions import IsOwnerOrStaffOrReadOnly
from .serializers import AuthTokenSerializer
from .serializers import ProductReadSerializer
from .serializers import ProductSerializer

# Read once: the document does not change while the process runs.
OPENAPI_DOCUMENT = yaml.safe_load(
    (settings.SHARED_SPEC_DIR / "openapi.yaml").read_text(encoding="utf-8")
)


# Reads only: the decorator lets every other method through untouched.
@method_decorator(cache_for_visitors(vary="Authorization"), name="dispatch")
class ProductViewSet(IfMatchMixin, JSONBodyMixin, viewsets.ModelViewSet[Product]):
    """List, create, read, update and delete products."""

    queryset = Product.objects.with_owner()
    serializer_class = ProductSerializer
    permission_classes = [IsOwnerOrStaffOrReadOnly]
    # A tuple: mypy 1.19 checks a list of this backend against the stubs' Protocol.
    filter_backends = (ProductFilterBackend,)

    def get_serializer_class(self) -> type[BaseSerializer[Product]]:
        # Reads validate nothing: the read-only serializer is cheaper to build.
        if self.action in {"list", "retrieve"}:
            return ProductReadSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer: BaseSerializer[Product]) -> None:
        serializer.save(owner=self.request.user)

    def get_success_headers(self, data: Any) -> dict[str, str]:
        url = reverse("api:product-detail", args=[data["id"]], request=self.request)
        return {"Location": url}


class TokenView(JSONBodyMixin, generics.GenericAPIView):
    """Issue a bearer token for a username and password, or revoke the one in use."""

    serializer_class = AuthTokenSerializer
    throttle_classes = [SignInThrottle]

    def get_permissions(self) -> list[BasePermission]:
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request, **serializer.validated_data)
        if user is None:
            raise AuthenticationFailed(gettext("Invalid username or password."))
        return Response({"token": ApiToken.objects.issue(user)})

    def delete(self, request: Request) -> Response:
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class HealthView(APIView):
    """Report whether the database answers a trivial query."""

    def get(self, request: Request) -> Response:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return Response(
                {
                    "status": "unavailable",
                    "detail": gettext("The database is unreachable."),
                },
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response({"status": "ok"})


class OpenAPIDocumentView(APIView):
    """Serve the shared OpenAPI document as JSON."""

    def get(self, request: Request) -> Response:
        return Response(OPENAPI_DOCUMENT)


# Swagger UI's stylesheet draws some icons as data: images (shared_spec/README.md).
@method_decorator(csp_update({"img-src": ["'self'", "data:"]}), name="dispatch")
class DocsView(TemplateView):
    """Show the OpenAPI document to people, with Swagger UI."""

    template_name = "api/docs.html"

    def http_method_not_allowed(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        # Under /api/ every error is problem details, this page's 405 too.
        refused = super().http_method_not_allowed(request, *args, **kwargs)
        # DRF's message for its own views' 405, and its translations.
        detail = gettext('Method "{method}" not allowed.').format(method=request.method)
        response = problem_response(405, detail)
        response["Allow"] = refused["Allow"]
        return response
