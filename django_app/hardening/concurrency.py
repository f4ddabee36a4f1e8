"""Optimistic concurrency for the API: ETags, If-Match, and locked writes.

Every product and list answer carries the strong ETag of its JSON; a write that names
an ETag in If-Match is refused with 412 unless the product is still that version,
compared under the row's lock (on SQLite, the IMMEDIATE transaction locks the whole
database), so two writers can never both pass the check.
"""

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction
from django.db.models import Model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import parse_etags
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

if TYPE_CHECKING:
    from rest_framework.viewsets import ModelViewSet

    _ModelViewSet = ModelViewSet[Any]
else:
    # What IfMatchMixin is mixed into, as the type checker alone sees it.
    _ModelViewSet = object

WRITES = {"update", "partial_update", "destroy"}
TAGGED = {"list", "retrieve", "create", "update", "partial_update"}


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The product has changed since the version If-Match names.")
    default_code = "precondition_failed"


def etag_for(data: Mapping[str, Any]) -> str:
    """Return the strong ETag of a product's JSON, unquoted: a hash of its content."""
    canonical = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def check_if_match(request: HttpRequest, etag: str) -> None:
    """Raise 412 if the request's If-Match names neither etag nor *."""
    if "If-Match" not in request.headers:
        return
    tags = parse_etags(request.headers["If-Match"])
    if "*" not in tags and quote_etag(etag) not in tags:
        raise PreconditionFailed()


class IfMatchMixin(_ModelViewSet):
    """Tag a ModelViewSet's answers, and lock and check If-Match on its writes.

    A write whose unique field (sku) a concurrent request took after validation
    answers the serializer's 400, not the constraint's 500. With settings.HARDENING
    off there is no lock, If-Match check or ETag.
    """

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if settings.HARDENING and self.action in WRITES:
            # Hold the row until the write commits; of=("self",): PostgreSQL cannot
            # lock the nullable side of an outer join.
            return queryset.select_for_update(of=("self",))
        return queryset

    def get_object(self) -> Any:
        instance = super().get_object()
        if settings.HARDENING and self.action in WRITES:
            check_if_match(self.request, etag_for(self.get_serializer(instance).data))
        return instance

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            # A savepoint, so the connection stays usable after a refusal.
            with transaction.atomic():
                return super().create(request, *args, **kwargs)
        except IntegrityError:
            self.validate_again(request.data)
            raise

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # One transaction for the locked read, the If-Match check and the write;
        # partial_update comes through here too.
        with transaction.atomic():
            try:
                with transaction.atomic():
                    return super().update(request, *args, **kwargs)
            except IntegrityError:
                partial = kwargs.get("partial", False)
                self.validate_again(request.data, self.get_object(), partial=partial)
                raise

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)

    def validate_again(
        self, data: Any, instance: Model | None = None, **kwargs: Any
    ) -> None:
        """Answer the serializer's 400 if a concurrent write took a unique value."""
        # Any other refusal of the constraints is a real error: the caller re-raises.
        serializer = self.get_serializer(instance, data=data, **kwargs)
        serializer.is_valid(raise_exception=True)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        # The ETag of exactly the JSON sent: a product's, or the list page's.
        if (
            settings.HARDENING
            and response.status_code in {200, 201}
            and self.action in TAGGED
        ):
            response["ETag"] = quote_etag(etag_for(response.data))
        return super().finalize_response(request, response, *args, **kwargs)
