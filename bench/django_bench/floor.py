"""The framework floor: 20 products from the ORM as JSON, through every middleware.

No DRF view, authentication, pagination or serializer: what is left is the cost of
Django itself (request, middleware, URL resolution, ORM, JsonResponse).
"""

from django.http import HttpRequest
from django.http import JsonResponse

from catalog.models import Product

COLUMNS = (
    "id",
    "name",
    "sku",
    "description",
    "price",
    "stock",
    "owner_id",
    "created_at",
    "updated_at",
)


def floor(request: HttpRequest) -> JsonResponse:
    """Return the first 20 products by id, as plain JSON."""
    products = Product.objects.order_by("id").values(*COLUMNS)[:20]
    return JsonResponse(list(products), safe=False)
