from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from catalog.models import DEFAULT_ORDERING
from catalog.models import ORDERINGS

from .serializers import PriceField

# DRF's SearchFilter and OrderingFilter ignore values they cannot use; the
# contract answers 400 naming the parameter, so these backends validate first.


class StrictSearchFilter(BaseFilterBackend):
    """Keep products whose name or description contains `q`, ignoring case."""

    search_param = "q"

    def filter_queryset(self, request, queryset, view):
        term = request.query_params.get(self.search_param, "")
        if "\x00" in term:
            raise ValidationError(
                {self.search_param: ["Null characters are not allowed."]}
            )
        return queryset.search(term)


class PriceRangeFilter(BaseFilterBackend):
    """Keep rows whose price lies within `min_price` and `max_price`, inclusive."""

    bounds = {"min_price": "price__gte", "max_price": "price__lte"}
    # Same notation as a product's price, without its size limits. Built once: an
    # unbound field only validates, it keeps no state between requests.
    price = PriceField(max_digits=None, decimal_places=None)

    def filter_queryset(self, request, queryset, view):
        for param, lookup in self.bounds.items():
            if param in request.query_params:
                try:
                    value = self.price.run_validation(request.query_params[param])
                except ValidationError as exc:
                    raise ValidationError({param: exc.detail}) from None
                queryset = queryset.filter(**{lookup: value})
        return queryset


class StrictOrderingFilter(BaseFilterBackend):
    """Order products by a key of ORDERINGS, ties broken by id the same way."""

    ordering_param = "ordering"

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param, DEFAULT_ORDERING)
        if value.removeprefix("-") not in ORDERINGS:
            choices = ", ".join(ORDERINGS)
            message = f"Use one of {choices}, each optionally prefixed with -."
            raise ValidationError({self.ordering_param: [message]})
        return queryset.ordered_by(value)
