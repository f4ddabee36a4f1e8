"""Search, price range and ordering of the product list (DRF's filtering against
query parameters, in get_queryset()).

DRF's SearchFilter and OrderingFilter ignore values they cannot use; the contract
answers 400 naming the parameter, so list_parameters() validates first.
"""

import functools
from decimal import Decimal

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from catalog.models import DEFAULT_ORDERING
from catalog.models import ORDERINGS
from catalog.models import Product
from catalog.models import ProductQuerySet

from .serializers import PriceField

# Same notation as a product's price, without its size limits. Built once: an
# unbound field only validates, it keeps no state between requests.
PRICE = PriceField(max_digits=None, decimal_places=None)
ORDERING_MESSAGE = (
    f"Use one of {', '.join(ORDERINGS)}, each optionally prefixed with -."
)


def list_parameters(
    request: Request,
) -> tuple[str, str, Decimal | None, Decimal | None]:
    """Return q, ordering, min_price and max_price from the query, or answer 400."""
    params = request.query_params
    q = params.get("q", "")
    if "\x00" in q:
        raise ValidationError({"q": ["Null characters are not allowed."]})
    bounds = []
    for name in ("min_price", "max_price"):
        try:
            bounds.append(
                PRICE.run_validation(params[name]) if name in params else None
            )
        except ValidationError as exc:
            raise ValidationError({name: exc.detail}) from None
    ordering = params.get("ordering", DEFAULT_ORDERING)
    if ordering.removeprefix("-") not in ORDERINGS:
        raise ValidationError({"ordering": [ORDERING_MESSAGE]})
    return q.strip(), ordering, *bounds


@functools.lru_cache(maxsize=256)
def product_rows(
    q: str, ordering: str, min_price: Decimal | None, max_price: Decimal | None
) -> ProductQuerySet:
    """Return the rows these parameters select, each with the total, unevaluated.

    Cached: a queryset is a template that each request clones (.all(), as DRF does
    with a view's queryset), so the same parameters (the unfiltered list above
    all) reuse one. Building it, its owners' join and its count cost a list request
    more than a sixth of its time.
    """
    products = Product.objects.search(q).ordered_by(ordering)
    if min_price is not None:
        products = products.filter(price__gte=min_price)
    if max_price is not None:
        products = products.filter(price__lte=max_price)
    return products.with_total().as_rows("total")
