import yaml
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import DatabaseError
from django.db import IntegrityError
from django.db import connection
from django.db import transaction
from django.utils.decorators import method_decorator
from django.utils.http import quote_etag
from django.views.generic import TemplateView
from rest_framework import generics
from rest_framework import status
from rest_framework import viewsets
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.exceptions import ParseError
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from accounts.throttling import SignInThrottle
from catalog.caching import cache_for_visitors
from catalog.models import Product
from config.security import csp_override

from .etags import check_if_match
from .etags import etag_for
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


class MethodFirstMixin:
    """Answer 405 for a method the view lacks before authenticating anyone."""

    def initial(self, request, *args, **kwargs):
        # DRF authenticates first; the contract (and Flask's routing) say 405 first.
        if not hasattr(self, request.method.lower()):
            self.http_method_not_allowed(request, *args, **kwargs)
        super().initial(request, *args, **kwargs)


class JSONBodyMixin:
    """Require a JSON object body wherever a serializer reads the request data."""

    def get_serializer(self, *args, **kwargs):
        if "data" in kwargs:
            self.check_body(kwargs["data"])
        return super().get_serializer(*args, **kwargs)

    def check_body(self, data) -> None:
        """Refuse the bodies DRF accepts: empty ones (read as {}) and non-objects."""
        if self.request.stream is None:
            negotiator = self.get_content_negotiator()
            if negotiator.select_parser(self.request, self.get_parsers()) is None:
                raise UnsupportedMediaType(self.request.content_type)
            raise ParseError("The request body is empty.")
        if not isinstance(data, dict):
            raise ParseError("The request body must be a JSON object.")


# Reads only: the decorator lets every other method through untouched.
@method_decorator(cache_for_visitors(vary="Authorization"), name="dispatch")
class ProductViewSet(MethodFirstMixin, JSONBodyMixin, viewsets.ModelViewSet):
    """List, create, read, update and delete products."""

    queryset = Product.objects.with_owner()
    serializer_class = ProductSerializer
    permission_classes = [IsOwnerOrStaffOrReadOnly]
    filter_backends = [ProductFilterBackend]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in {"update", "partial_update", "destroy"}:
            # Hold the row until the write commits (SQLite's IMMEDIATE transaction
            # holds the whole database), so If-Match is compared with what is written.
            # of=("self",): PostgreSQL cannot lock the nullable side of the owner join.
            return queryset.select_for_update(of=("self",))
        return queryset

    def get_serializer_class(self):
        # Reads validate nothing: the read-only serializer is cheaper to build.
        if self.action in {"list", "retrieve"}:
            return ProductReadSerializer
        return super().get_serializer_class()

    def get_object(self):
        """Return the product after 404, 403 and, on writes, the If-Match check."""
        product = super().get_object()
        if self.action in {"update", "partial_update", "destroy"}:
            check_if_match(self.request, etag_for(ProductReadSerializer(product).data))
        return product

    def finalize_response(self, request, response, *args, **kwargs):
        # The ETag of exactly the JSON sent: a product's, or the list page's.
        if response.status_code in {200, 201} and self.action in {
            "list",
            "retrieve",
            "create",
            "update",
            "partial_update",
        }:
            response["ETag"] = quote_etag(etag_for(response.data))
        return super().finalize_response(request, response, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        # One transaction for the locked read, the If-Match check and the write;
        # partial_update comes through here too.
        with transaction.atomic():
            return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)

    def perform_create(self, serializer):
        self.save_product(serializer, owner=self.request.user)

    def perform_update(self, serializer):
        self.save_product(serializer)

    def save_product(self, serializer, **kwargs) -> None:
        """Save the product, or answer 400 on sku if it was taken meanwhile."""
        try:
            # A savepoint, so the connection stays usable after a refusal.
            with transaction.atomic():
                serializer.save(**kwargs)
        except IntegrityError:
            # A concurrent request took the sku after the UniqueValidator passed:
            # the constraint refused this one. Ask the validator again, so that
            # the answer is its 400; any other refusal is a real error.
            if "sku" in serializer.validated_data:
                try:
                    sku_field = serializer.fields["sku"]
                    sku_field.run_validators(serializer.validated_data["sku"])
                except ValidationError as error:
                    raise ValidationError({"sku": error.detail}) from None
            raise

    def get_success_headers(self, data):
        url = reverse("api:product-detail", args=[data["id"]], request=self.request)
        return {"Location": url}


class TokenView(MethodFirstMixin, JSONBodyMixin, generics.GenericAPIView):
    """Issue a bearer token for a username and password, or revoke the one in use."""

    serializer_class = AuthTokenSerializer

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        username = serializer.validated_data["username"]
        throttle = SignInThrottle(request, username)
        if retry_after := throttle.retry_after():
            raise Throttled(wait=retry_after)
        user = authenticate(
            request, username=username, password=serializer.validated_data["password"]
        )
        if user is None:
            throttle.record_failure()
            raise AuthenticationFailed("Invalid username or password.")
        return Response({"token": ApiToken.objects.issue(user)})

    def delete(self, request):
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class HealthView(MethodFirstMixin, APIView):
    """Report whether the database answers a trivial query."""

    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return Response(
                {"status": "unavailable", "detail": "The database is unreachable."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response({"status": "ok"})


class OpenAPIDocumentView(MethodFirstMixin, APIView):
    """Serve the shared OpenAPI document as JSON."""

    def get(self, request):
        return Response(OPENAPI_DOCUMENT)


# Swagger UI's stylesheet draws some icons as data: images (shared_spec/README.md).
@method_decorator(
    csp_override({**settings.SECURE_CSP, "img-src": ["'self'", "data:"]}),
    name="dispatch",
)
class DocsView(TemplateView):
    """Show the OpenAPI document to people, with Swagger UI."""

    template_name = "api/docs.html"
