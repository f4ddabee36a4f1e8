"""A client's whole journey through the API, through the generated client alone.

make test-clients generates `catalog_client` with openapi-python-client from the
document an app serves, type-checks this script against it (mypy --strict: reading
anonymously with a plain `Client` must be no type error), then runs it with the tool
virtualenv's Python, the generated package on its path:

    python tests/clients/flow.py http://127.0.0.1:PORT

No request is written by hand: each goes through a generated operation, and each
answer is read from the generated models. Every error met on the way must parse into
the generated `Problem` model. Exit status 0 when every step answered as the contract
says; 1, naming the step, when one did not.
"""

from __future__ import annotations

import secrets
import sys
from decimal import Decimal
from typing import Any
from typing import NoReturn
from typing import TypeVar
from urllib.parse import parse_qs
from urllib.parse import urlsplit

from catalog_client import AuthenticatedClient
from catalog_client import Client
from catalog_client.api.auth import token_create
from catalog_client.api.auth import token_delete
from catalog_client.api.meta import health
from catalog_client.api.products import product_create
from catalog_client.api.products import product_delete
from catalog_client.api.products import product_detail
from catalog_client.api.products import product_detail_head
from catalog_client.api.products import product_list
from catalog_client.api.products import product_list_head
from catalog_client.api.products import product_partial_update
from catalog_client.api.products import product_update
from catalog_client.models import Credentials
from catalog_client.models import FieldErrors
from catalog_client.models import HealthOk
from catalog_client.models import Ordering
from catalog_client.models import Problem
from catalog_client.models import ProblemType
from catalog_client.models import Product
from catalog_client.models import ProductCreate
from catalog_client.models import ProductPage
from catalog_client.models import ProductPatch
from catalog_client.models import Token
from catalog_client.types import Response

PASSWORD = "catalog-demo"
PROBLEM_JSON = "application/problem+json"
Model = TypeVar("Model")


class StepFailed(Exception):
    """A step of the flow did not get the answer the contract promises."""


def fail(message: str) -> NoReturn:
    raise StepFailed(message)


def check(condition: bool, message: str) -> None:
    if not condition:
        fail(message)


def step(message: str) -> None:
    print(f"ok: {message}", flush=True)


def parsed_as(response: Response[Any], model: type[Model], status: int) -> Model:
    """The answer's body as `model`, after checking its status."""
    check(
        response.status_code == status,
        f"expected {status}, got {int(response.status_code)}: "
        f"{response.content[:500]!r}",
    )
    parsed = response.parsed
    if not isinstance(parsed, model):
        fail(
            f"a {status} did not parse into {model.__name__}: parsed is "
            f"{type(parsed).__name__} ({parsed!r}), body {response.content[:500]!r}"
        )
    return parsed


def problem(response: Response[Any], status: int) -> Problem:
    """An error answer: a `Problem` instance, as application/problem+json."""
    found = parsed_as(response, Problem, status)
    check(found.status == status, f"the problem's status is {found.status}")
    check(
        response.headers.get("Content-Type", "").startswith(PROBLEM_JSON),
        f"a {status} sent as {response.headers.get('Content-Type')!r}",
    )
    check(bool(found.title and found.detail), f"a {status} without title or detail")
    return found


def unauthorized(response: Response[Any]) -> Problem:
    found = problem(response, 401)
    check(
        response.headers.get("WWW-Authenticate") == 'Bearer realm="api"',
        f"a 401 with WWW-Authenticate {response.headers.get('WWW-Authenticate')!r}",
    )
    return found


def invalid_fields(found: Problem) -> dict[str, list[str]]:
    """A 400's `errors`: a `FieldErrors`, one list of messages per invalid field."""
    check(found.type_ == ProblemType.VALIDATION_ERROR, f"a 400 of type {found.type_}")
    if not isinstance(found.errors, FieldErrors):
        fail(f"a 400 without errors: {found!r}")
    return found.errors.additional_properties


def etag_of(response: Response[Any]) -> str:
    etag = response.headers.get("ETag")
    if not etag:
        fail(f"a {int(response.status_code)} without an ETag")
    return etag


def head_revalidated(response: Response[Any], etag: str) -> str:
    """A HEAD naming the current tag in If-None-Match: 304, or the 200's headers.

    The document promises a 304; Django's ConditionalGetMiddleware gives one to a GET
    only, and shared_spec/divergences.yaml lists that. tests/test_caching.py holds
    each app to it; here either answer must carry the current ETag and no body.
    """
    status = int(response.status_code)
    check(status in {200, 304}, f"HEAD with the current tag: {status}")
    check(response.content == b"", f"a HEAD answered with a body ({status})")
    check(etag_of(response) == etag, f"a HEAD's {status} with another ETag")
    return "304" if status == 304 else "200 (a listed divergence: no 304 to a HEAD)"


def sign_in(anonymous: Client, base_url: str, username: str) -> AuthenticatedClient:
    """A bearer token for a demo user, from POST /api/auth/token/."""
    response = token_create.sync_detailed(
        client=anonymous, body=Credentials(username=username, password=PASSWORD)
    )
    token = parsed_as(response, Token, 200).token
    check(len(token) >= 32, f"{username}'s token is {len(token)} characters long")
    return AuthenticatedClient(
        base_url=base_url, token=token, raise_on_unexpected_status=True
    )


def read_anonymously(anonymous: Client) -> None:
    """The health check, and a refused sign-in: no credentials needed."""
    status = parsed_as(health.sync_detailed(client=anonymous), HealthOk, 200).status
    check(status == "ok", f"health says {status!r}")
    step("health: 200, HealthOk")
    refused = token_create.sync_detailed(
        client=anonymous,
        body=Credentials(username="alice", password="not-" + PASSWORD),
    )
    unauthorized(refused)
    step("a wrong password: 401, a Problem")


def list_every_page(anonymous: Client, base_url: str) -> None:
    """Filters, a descending order and pagination, following `next` to the end."""
    page_size = 2
    low, high = Decimal("10"), Decimal("60")
    first = product_list.sync_detailed(
        client=anonymous,
        q="tea",
        ordering=Ordering.PRICE_DESC,
        min_price=str(low),
        max_price=str(high),
        page_size=page_size,
    )
    page = parsed_as(first, ProductPage, 200)
    etag = etag_of(first)
    count = page.count
    check(count > page_size, f"q=tea from 10 to 60 finds {count}: too few to page")
    check(page.previous is None, f"the first page's previous is {page.previous!r}")
    seen: list[Product] = list(page.results)
    pages = 1
    while page.next_ is not None:
        # Follow the link: every parameter of the next request is read from it.
        link = urlsplit(page.next_)
        check(
            f"{link.scheme}://{link.netloc}" == base_url.rstrip("/"),
            f"next points elsewhere: {page.next_}",
        )
        check(link.path == "/api/products/", f"next's path is {link.path}")
        query = {key: values[-1] for key, values in parse_qs(link.query).items()}
        known = {"page", "page_size", "q", "ordering", "min_price", "max_price"}
        check(set(query) <= known, f"next has unknown parameters: {page.next_}")
        response = product_list.sync_detailed(
            client=anonymous,
            page=int(query["page"]),
            page_size=int(query["page_size"]),
            q=query["q"],
            ordering=Ordering(query["ordering"]),
            min_price=query["min_price"],
            max_price=query["max_price"],
        )
        page = parsed_as(response, ProductPage, 200)
        check(page.previous is not None, f"page {query['page']} has no previous")
        check(page.count == count, f"the count went from {count} to {page.count}")
        seen.extend(page.results)
        pages += 1
    check(pages == -(-count // page_size), f"{count} products in {pages} pages")
    check(len(seen) == count, f"count says {count}, the pages hold {len(seen)}")
    check(len({item.id for item in seen}) == count, "a product on two pages")
    for item in seen:
        text = f"{item.name} {item.description}".lower()
        check("tea" in text, f"{item.name!r} does not match q=tea")
        check(low <= Decimal(item.price) <= high, f"{item.name} costs {item.price}")
    keys = [(Decimal(item.price), item.id) for item in seen]
    check(keys == sorted(keys, reverse=True), f"not by -price: {keys}")
    step(f"list: q, -price, a price range, {count} products on {pages} pages")

    # HEAD: the GET's headers without its body, and a 304 for a current copy.
    head = product_list_head.sync_detailed(
        client=anonymous,
        q="tea",
        ordering=Ordering.PRICE_DESC,
        min_price=str(low),
        max_price=str(high),
        page_size=page_size,
    )
    check(int(head.status_code) == 200, f"HEAD of the list: {int(head.status_code)}")
    check(head.content == b"", f"HEAD of the list sent a body: {head.content[:80]!r}")
    check(etag_of(head) == etag, f"HEAD's ETag {etag_of(head)}, the GET's {etag}")
    revalidated = product_list_head.sync_detailed(
        client=anonymous,
        q="tea",
        ordering=Ordering.PRICE_DESC,
        min_price=str(low),
        max_price=str(high),
        page_size=page_size,
        if_none_match=etag,
    )
    how = head_revalidated(revalidated, etag)
    step(f"HEAD of the list: 200 with the GET's ETag; with If-None-Match, {how}")

    # Refused queries: an invalid bound (400, naming it), a page past the end (404).
    invalid = product_list.sync_detailed(client=anonymous, min_price="ten")
    named = invalid_fields(problem(invalid, 400))
    check("min_price" in named, f"the 400 names {named}, not min_price")
    step("min_price=ten: 400, a Problem naming min_price")
    beyond = product_list.sync_detailed(client=anonymous, page=10_000)
    problem(beyond, 404)
    step("a page past the last: 404, a Problem")


def create_change_delete(
    anonymous: Client,
    alice: AuthenticatedClient,
    bob: AuthenticatedClient,
    admin: AuthenticatedClient,
) -> None:
    """Alice's product from creation to deletion, with every refusal on the way."""
    sku = f"FLOW-{secrets.token_hex(4).upper()}"
    refused = product_create.sync_detailed(
        client=alice, body=ProductCreate(name="Flow cup", sku=sku, price="1.234")
    )
    named = invalid_fields(problem(refused, 400))
    check(bool(named.get("price")), f"the 400 names {named}, not price")
    step('price "1.234": 400, a Problem whose errors name price')

    created = product_create.sync_detailed(
        client=alice,
        body=ProductCreate(
            name="  Flow cup  ",
            sku=sku,
            price="7.5",
            description="Made by the generated client.",
            stock=3,
        ),
    )
    product = parsed_as(created, Product, 201)
    check(product.name == "Flow cup", f"the name was stored as {product.name!r}")
    check(product.price == "7.50", f"the price reads {product.price!r}")
    check(product.owner == "alice", f"the owner is {product.owner!r}")
    location = created.headers.get("Location", "")
    check(
        location.endswith(f"/api/products/{product.id}/"),
        f"Location is {location!r}",
    )
    first_etag = etag_of(created)
    step(f"create: 201, product {product.id}, its Location and ETag")

    read = product_detail.sync_detailed(product.id, client=anonymous)
    check(parsed_as(read, Product, 200) == product, "the product read back differs")
    check(etag_of(read) == first_etag, "the ETag of the read differs from the create's")
    head = product_detail_head.sync_detailed(product.id, client=anonymous)
    check(int(head.status_code) == 200, f"HEAD of the product: {head.status_code}")
    check(etag_of(head) == first_etag, "HEAD's ETag differs from the GET's")
    current = product_detail_head.sync_detailed(
        product.id, client=anonymous, if_none_match=first_etag
    )
    how = head_revalidated(current, first_etag)
    as_alice = product_detail.sync_detailed(product.id, client=alice)
    check(parsed_as(as_alice, Product, 200).id == product.id, "alice's read")
    step(f"read: anonymously and with a token; HEAD 200, with If-None-Match {how}")

    updated = product_update.sync_detailed(
        product.id,
        client=alice,
        body=ProductCreate(name="Flow mug", sku=sku, price="8.25", stock=4),
        if_match=first_etag,
    )
    changed = parsed_as(updated, Product, 200)
    check(
        (changed.name, changed.price, changed.stock) == ("Flow mug", "8.25", 4),
        f"the update stored {changed!r}",
    )
    second_etag = etag_of(updated)
    check(second_etag != first_etag, "the ETag did not change with the product")
    step("update with If-Match (the create's ETag): 200, a new ETag")

    stale = product_partial_update.sync_detailed(
        product.id, client=alice, body=ProductPatch(stock=99), if_match=first_etag
    )
    problem(stale, 412)
    after = parsed_as(
        product_detail.sync_detailed(product.id, client=anonymous), Product, 200
    )
    check(after.stock == 4, f"a 412 changed the stock to {after.stock}")
    step("a stale If-Match: 412, a Problem, nothing changed")

    forbidden = product_partial_update.sync_detailed(
        product.id, client=bob, body=ProductPatch(name="Bob's now")
    )
    problem(forbidden, 403)
    step("bob changing alice's product: 403, a Problem")

    by_staff = product_partial_update.sync_detailed(
        product.id, client=admin, body=ProductPatch(stock=5), if_match=second_etag
    )
    check(parsed_as(by_staff, Product, 200).stock == 5, "admin's change")
    third_etag = etag_of(by_staff)
    step("admin (staff) changing alice's product: 200")

    deleted = product_delete.sync_detailed(
        product.id, client=alice, if_match=third_etag
    )
    check(int(deleted.status_code) == 204, f"delete: {int(deleted.status_code)}")
    check(deleted.content == b"", "a 204 with a body")
    problem(product_detail.sync_detailed(product.id, client=anonymous), 404)
    gone = product_detail_head.sync_detailed(product.id, client=anonymous)
    check(
        int(gone.status_code) == 404, f"HEAD of a deleted product: {gone.status_code}"
    )
    problem(product_delete.sync_detailed(product.id, client=alice), 404)
    step("delete with If-Match: 204; then 404, a Problem")


def revoke(alice: AuthenticatedClient) -> None:
    """Revoking a token: 204, and from then on a 401 wherever it is sent."""
    revoked = token_delete.sync_detailed(client=alice)
    check(int(revoked.status_code) == 204, f"revoke: {int(revoked.status_code)}")
    unauthorized(product_list.sync_detailed(client=alice))
    unauthorized(
        product_create.sync_detailed(
            client=alice, body=ProductCreate(name="Late", sku="LATE-1", price="1")
        )
    )
    unauthorized(token_delete.sync_detailed(client=alice))
    step("revoke: 204; the revoked token is then a 401, a Problem, on each use")


def main(base_url: str) -> int:
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
    try:
        read_anonymously(anonymous)
        list_every_page(anonymous, base_url)
        alice = sign_in(anonymous, base_url, "alice")
        bob = sign_in(anonymous, base_url, "bob")
        admin = sign_in(anonymous, base_url, "admin")
        step("tokens for alice, bob and admin")
        create_change_delete(anonymous, alice, bob, admin)
        revoke(alice)
        # Bob's token is untouched by alice's revocation.
        bobs = product_list.sync_detailed(client=bob, page_size=1)
        check(parsed_as(bobs, ProductPage, 200).count > 0, "bob's read")
        step("bob's token still reads")
    except StepFailed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    print("the whole flow passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
