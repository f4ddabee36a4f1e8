"""Search, price range and ordering of the product list, as a DRF filter backend.

DRF's SearchFilter and OrderingFilter ignore values they cannot use; the contract
answers 400 naming the parameter, so a serializer validates the query first.
"""

from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request
from rest_framework.viewsets import GenericViewSet

from catalog.models import DEFAULT_ORDERING
from catalog.models import ORDERINGS
from catalog.models import Product
from catalog.models import ProductQuerySet

from .fields import PriceField


class ProductFilterSerializer(serializers.Serializer):
    """The query parameters that narrow and order the product list."""

    q = serializers.CharField(required=False, allow_blank=True, default="")
    min_price = PriceField(max_digits=None, decimal_places=None, required=False)
    max_price = PriceField(max_digits=None, decimal_places=None, required=False)
    ordering = serializers.ChoiceField(
        choices=[*ORDERINGS, *(f"-{key}" for key in ORDERINGS)],
        required=False,
        default=DEFAULT_ORDERING,
    )


class ProductFilterBackend(BaseFilterBackend):
    """Filter and order the products as q, min_price, max_price and ordering ask."""

    def filter_queryset(  # type: ignore[override]  # ProductViewSet's alone: its queryset, action
        self,
        request: Request,
        queryset: ProductQuerySet,
        view: GenericViewSet[Product],
    ) -> ProductQuerySet:
        # DRF filters the detail's queryset too; the detail is one product by id.
        if view.action != "list":
            return queryset
        # A plain dict: DRF reads a QueryDict as an HTML form, where an empty value
        # means "not sent"; the contract refuses max_price= like any invalid price.
        serializer = ProductFilterSerializer(data=request.query_params.dict())
        serializer.is_valid(raise_exception=True)
        params = serializer.validated_data
        queryset = queryset.search(params["q"])
        if "min_price" in params:
            queryset = queryset.filter(price__gte=params["min_price"])
        if "max_price" in params:
            queryset = queryset.filter(price__lte=params["max_price"])
        return queryset.ordered_by(params["ordering"])
