from django.db.models import F
from django.db.models import Q
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from .serializers import PriceField

# DRF's SearchFilter and OrderingFilter ignore values they cannot use; the
# contract answers 400 naming the parameter, so these backends validate first.


class StrictSearchFilter(BaseFilterBackend):
    """Keep rows whose `view.search_fields` contain `q`, ignoring case."""

    search_param = "q"

    def filter_queryset(self, request, queryset, view):
        term = request.query_params.get(self.search_param, "").strip()
        if "\x00" in term:
            raise ValidationError(
                {self.search_param: ["Null characters are not allowed."]}
            )
        if not term:
            return queryset
        # icontains escapes % and _, so they match themselves.
        condition = Q()
        for field in view.search_fields:
            condition |= Q(**{f"{field}__icontains": term})
        return queryset.filter(condition)


class PriceRangeFilter(BaseFilterBackend):
    """Keep rows whose price lies within `min_price` and `max_price`, inclusive."""

    bounds = {"min_price": "price__gte", "max_price": "price__lte"}

    def filter_queryset(self, request, queryset, view):
        # Same notation as a product's price, without its size limits.
        price = PriceField(max_digits=None, decimal_places=None)
        for param, lookup in self.bounds.items():
            if param in request.query_params:
                try:
                    value = price.run_validation(request.query_params[param])
                except ValidationError as exc:
                    raise ValidationError({param: exc.detail}) from None
                queryset = queryset.filter(**{lookup: value})
        return queryset


class StrictOrderingFilter(BaseFilterBackend):
    """Order by a key of `view.ordering_fields`, ties broken by id the same way."""

    ordering_param = "ordering"

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param, view.ordering)
        key = value.removeprefix("-")
        if key not in view.ordering_fields:
            choices = ", ".join(view.ordering_fields)
            message = f"Use one of {choices}, each optionally prefixed with -."
            raise ValidationError({self.ordering_param: [message]})
        expression = view.ordering_fields[key]
        if value.startswith("-"):
            return queryset.order_by(expression.desc(), F("pk").desc())
        return queryset.order_by(expression.asc(), F("pk").asc())
