"""The tuned API reads of the Django app: the reference's answers, for less work.

GET /bench/tuned/products/ and /bench/tuned/products/<id>/ answer the same bytes as
the app's own GET /api/products/ and /api/products/<id>/ for the same query string:
the status, the body (the list's next and previous links are the reference's URLs,
.../api/products/?..., not this view's) and the ETag. Only the benchmark
mounts them (bench.django_bench.urls), to measure what the techniques the reference
leaves out would buy; bench/README.md, "Reference or tuned", says what each one costs
and why the reference does without it. They are plain Django views, not DRF ones,
read rows and never cache one: every answer is fresh after every write.

As in the reference's ProductViewSet, a request with an Authorization header is
authenticated, so a bad token answers 401; the Allow and Vary headers of DRF's
Response are left out.
"""

import functools
import json
from decimal import Decimal
from operator import itemgetter
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.db.models import QuerySet
from django.db.models import Subquery
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import QueryDict
from django.utils.encoding import escape_uri_path
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param
from rest_framework.utils.urls import replace_query_param

from api.authentication import BearerTokenAuthentication
from api.errors import PROBLEM_JSON
from api.errors import invalid_fields
from api.errors import problem
from api.fields import rfc3339
from api.filters import ProductFilterBackend
from api.pagination import StrictPageNumberPagination
from api.views import ProductViewSet
from catalog.models import DEFAULT_ORDERING
from catalog.models import ORDERINGS
from catalog.models import PRICE_NOTATION
from catalog.models import Product
from catalog.models import ProductQuerySet
from hardening.concurrency import etag_for

# What a row holds besides the owner's username and the total, in this order.
ROW_FIELDS = (
    "id",
    "name",
    "sku",
    "description",
    "price",
    "stock",
    "created_at",
    "updated_at",
)
ORDERING_CHOICES = frozenset([*ORDERINGS, *(f"-{key}" for key in ORDERINGS)])
# PriceField refuses longer strings (DRF's DecimalField.MAX_STRING_LENGTH).
MAX_PRICE_LENGTH = 1000
# Longer digit strings are left to the reference (int() refuses over 4300 digits).
MAX_DIGITS = 18
# The largest offset a database takes (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1
# The JSON DRF's JSONRenderer writes (UNICODE_JSON, COMPACT_JSON, STRICT_JSON).
ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
PAGINATION = StrictPageNumberPagination
NOT_FOUND = f"No {Product._meta.object_name} matches the given query."

Filters = tuple[str, str, Decimal | None, Decimal | None]


class Total(Subquery):
    """How many rows a queryset selects, as a subquery (the SubqueryCount recipe).

    Count() would group the outer query by its columns; this counts the inner
    queryset's rows and nothing else.
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = models.IntegerField()


class Unsure(Exception):
    """A parameter the fast reading leaves to the reference's own validation."""


def price(query: QueryDict, name: str) -> Decimal | None:
    """Return the price bound name in plain notation, or raise Unsure."""
    value = query.get(name)
    if value is None:
        return None
    if len(value) > MAX_PRICE_LENGTH or PRICE_NOTATION.fullmatch(value) is None:
        raise Unsure
    return Decimal(value)


def plain_filters(query: QueryDict) -> Filters:
    """Return q, ordering, min_price and max_price when all are plain, or raise Unsure.

    What the reference's filter backend makes of such values; like it, a repeated
    parameter counts once, with its last value.
    """
    q = query.get("q", "")
    # The serializer refuses a NUL; non-ASCII text is left to its other checks.
    if not q.isascii() or "\x00" in q:
        raise Unsure
    ordering = query.get("ordering", DEFAULT_ORDERING)
    if ordering not in ORDERING_CHOICES:
        raise Unsure
    return q.strip(), ordering, price(query, "min_price"), price(query, "max_price")


def reference_filtered(request: HttpRequest) -> QuerySet:
    """Return the products the reference's filter backend keeps, or raise its 400."""
    return ProductFilterBackend().filter_queryset(
        Request(request), Product.objects.all(), ProductViewSet(action="list")
    )


def whole_number(request: HttpRequest, name: str, default: int, top: int | None) -> int:
    """Return the query parameter name as the reference's pagination reads it."""
    value = request.GET.get(name)
    if value is None:
        return default
    if value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
        number = int(value)
        if number >= 1 and (top is None or number <= top):
            return number
    # The reference's own reading, which raises its ValidationError.
    return PAGINATION.query_number(Request(request), name, default, top)


@functools.lru_cache(maxsize=256)
def filtered(
    q: str, min_price: Decimal | None, max_price: Decimal | None
) -> ProductQuerySet:
    """Return the products these filters keep, unevaluated (the queryset's template)."""
    products = Product.objects.search(q)
    if min_price is not None:
        products = products.filter(price__gte=min_price)
    if max_price is not None:
        products = products.filter(price__lte=max_price)
    return products


def with_total(products: QuerySet) -> QuerySet:
    """Return the rows of products, each with the total, as tuples.

    The total is annotated before values_list(), so the count leaves out the owners'
    join; the rows are tuples, not dicts or models.
    """
    total = Total(products.order_by().values("pk"))
    return products.annotate(total=total).values_list(
        *ROW_FIELDS, "owner__username", "total"
    )


@functools.lru_cache(maxsize=256)
def list_rows(
    q: str, ordering: str, min_price: Decimal | None, max_price: Decimal | None
) -> QuerySet:
    """Return the rows these parameters select, each with the total, unevaluated.

    Cached per parameter set: a queryset is a template that each request clones (a
    slice, as DRF clones its view's queryset with .all()), so the same parameters
    reuse one and never its rows.
    """
    return with_total(filtered(q, min_price, max_price).ordered_by(ordering))


# The detail's rows, built once; each request clones it with filter(pk=...).
DETAIL_ROWS = Product.objects.values_list(*ROW_FIELDS, "owner__username")


def list_queryset(request: HttpRequest) -> QuerySet:
    """Return the rows the list's filters select, or raise the reference's 400."""
    try:
        return list_rows(*plain_filters(request.GET))
    except Unsure:
        return with_total(reference_filtered(request))


def as_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    """Return a row as ProductReadSerializer writes the product."""
    return {
        "id": row[0],
        "name": row[1],
        "sku": row[2],
        "description": row[3],
        # The column's two decimal places, as DecimalField(decimal_places=2).
        "price": f"{row[4]:.2f}",
        "stock": row[5],
        "owner": row[8],
        "created_at": rfc3339(row[6]),
        "updated_at": rfc3339(row[7]),
    }


def page_link(request: HttpRequest, number: int) -> str:
    """Return the reference's link to another page, without parsing a URL back.

    As DRF writes it: the other parameters sorted by name, each keeping its values,
    and page 1 without a page parameter. A query string of raw non-ASCII bytes goes
    through DRF's own functions, which read it back differently from request.GET.
    """
    prefix = request.path.removesuffix(request.path_info)
    location = f"{escape_uri_path(prefix)}/api/products/"
    raw = request.META.get("QUERY_STRING", "")
    if not raw.isascii() or "#" in raw:
        url = request.build_absolute_uri(f"{location}?{raw}" if raw else location)
        if number == 1:
            return remove_query_param(url, PAGINATION.page_query_param)
        return replace_query_param(url, PAGINATION.page_query_param, number)
    pairs = [
        (key, value)
        for key, values in request.GET.lists()
        if key != PAGINATION.page_query_param
        for value in values
    ]
    if number > 1:
        pairs.append((PAGINATION.page_query_param, str(number)))
    if pairs:
        location += "?" + urlencode(sorted(pairs, key=itemgetter(0)))
    return request.build_absolute_uri(location)


def json_response(
    data: Any, status: int = 200, content_type: str = "application/json"
) -> HttpResponse:
    """Return data as DRF's JSONRenderer writes it."""
    body = (
        ENCODER.encode(data).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
    return HttpResponse(body.encode(), content_type=content_type, status=status)


def problem_response(status: int, detail: str) -> HttpResponse:
    """Return the reference's problem details for an error that names no field."""
    return json_response(problem(status, detail), status, PROBLEM_JSON)


def refusal(request: HttpRequest) -> HttpResponse | None:
    """Return DRF's 401 for a request whose Authorization header is refused."""
    if "HTTP_AUTHORIZATION" not in request.META:
        return None
    authentication = BearerTokenAuthentication()
    drf_request = Request(request)
    try:
        authentication.authenticate(drf_request)
    except AuthenticationFailed as error:
        response = problem_response(401, str(error.detail))
        response["WWW-Authenticate"] = authentication.authenticate_header(drf_request)
        return response
    return None


def bad_request(error: ValidationError) -> HttpResponse:
    """Return the reference's 400 for error, rendered as DRF renders it."""
    body = JSONRenderer().render(invalid_fields(error))
    return HttpResponse(body, content_type=PROBLEM_JSON, status=400)


@require_safe
def product_list(request: HttpRequest) -> HttpResponse:
    """List products as GET /api/products/ does, for the same query string."""
    if refused := refusal(request):
        return refused
    try:
        queryset = list_queryset(request)
        page_size = whole_number(
            request, PAGINATION.page_size_query_param, 20, PAGINATION.max_page_size
        )
        page = whole_number(request, PAGINATION.page_query_param, 1, None)
    except ValidationError as error:
        return bad_request(error)
    offset = (page - 1) * page_size
    if offset > MAX_OFFSET:
        return problem_response(404, "Invalid page.")
    rows = list(queryset[offset : offset + page_size])
    if not rows and page > 1:
        return problem_response(404, "Invalid page.")
    # Every row carries the total; a page 1 without rows has nothing to count.
    total = rows[0][-1] if rows else 0
    has_next = offset + page_size < total
    data = {
        "count": total,
        "next": page_link(request, page + 1) if has_next else None,
        "previous": page_link(request, page - 1) if page > 1 else None,
        "results": [as_dict(row) for row in rows],
    }
    response = json_response(data)
    response["ETag"] = quote_etag(etag_for(data))
    return response


@require_safe
def product_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """Show one product as GET /api/products/<id>/ does, ETag included."""
    if refused := refusal(request):
        return refused
    try:
        rows = list(DETAIL_ROWS.filter(pk=pk))
    except (TypeError, ValueError):
        # DRF's get_object_or_404 answers a lookup the field refuses with a bare 404.
        return problem_response(404, "Not found.")
    if not rows:
        return problem_response(404, NOT_FOUND)
    data = as_dict(rows[0])
    response = json_response(data)
    response["ETag"] = quote_etag(etag_for(data))
    return response
