"""Caching: tags and 304s, what others may keep, and a server-side cache never stale.

shared_spec/README.md, "Caching and conditional requests". In-process, the cache of
reads is the process's memory (on unless CACHE_TTL=0); live, it is Redis, shared by
the server's 2 workers, so a write and the next read may land on different workers.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.adapters import AppAdapter
from tests.support.adapters import Response
from tests.test_api_concurrency import expected_etag

LIST = "/api/products/"
PRODUCT = {"name": "Mug", "sku": "MUG-1", "price": "3.00"}
EDIT_FORM = {"name": "Mug", "sku": "MUG-1", "price": "3.00", "stock": "0"}


def directives(response: Response) -> set[str]:
    """The Cache-Control directives, lower-case, without spaces."""
    value = response.header("Cache-Control") or ""
    return {part.strip().lower() for part in value.split(",") if part.strip()}


def vary(response: Response) -> set[str]:
    value = response.header("Vary") or ""
    return {part.strip().lower() for part in value.split(",") if part.strip()}


@pytest.fixture
def mug(app: AppAdapter, alice: str) -> dict:
    """Alice's product, created through the API."""
    return app.create_product(alice, **PRODUCT)


def reads(product_id: int) -> list[str]:
    """The four reads the server-side cache keeps for visitors."""
    return [
        LIST,
        f"/api/products/{product_id}/",
        "/products/",
        f"/products/{product_id}/",
    ]


# --- tags and 304


@pytest.mark.hardening("concurrency")
def test_the_api_list_carries_the_tag_of_its_json(app: AppAdapter, mug: dict) -> None:
    response = app.get(LIST)
    assert response.header("ETag") == expected_etag(response.json())


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("which", range(4))
def test_if_none_match_with_the_current_tag_is_304_without_a_body(
    app: AppAdapter, mug: dict, method: str, which: int
) -> None:
    path = reads(mug["id"])[which]
    full = app.get(path)
    tag = full.header("ETag")
    assert full.status == 200 and tag and not tag.startswith("W/")
    answer = app.request(method, path, headers={"If-None-Match": tag})
    assert answer.status == 304
    assert answer.content == b""
    for header in ("ETag", "Cache-Control", "Vary"):
        assert answer.header(header) == full.header(header), header


@pytest.mark.parametrize(
    "sent",
    ['"{tag}"', 'W/"{tag}"', '"0123", "{tag}"', "*"],
    ids=["strong", "weak", "among-others", "star"],
)
def test_if_none_match_forms_that_match(app: AppAdapter, mug: dict, sent: str) -> None:
    path = f"/api/products/{mug['id']}/"
    etag = app.get(path).header("ETag")
    assert etag is not None
    tag = etag.strip('"')
    assert app.get(path, headers={"If-None-Match": sent.format(tag=tag)}).status == 304


@pytest.mark.hardening("concurrency")
def test_an_old_tag_gets_the_new_product(
    app: AppAdapter, mug: dict, alice: str
) -> None:
    path = f"/api/products/{mug['id']}/"
    old = app.get(path).header("ETag")
    app.patch(path, json={"stock": 5}, token=alice)
    answer = app.get(path, headers={"If-None-Match": old})
    assert answer.status == 200
    assert answer.json()["stock"] == 5
    assert answer.header("ETag") == expected_etag(answer.json()) != old


def test_if_match_on_a_read_is_ignored(app: AppAdapter, mug: dict) -> None:
    path = f"/api/products/{mug['id']}/"
    tag = app.get(path).header("ETag")
    assert app.get(path, headers={"If-Match": '"other"'}).status == 200
    both = {"If-Match": '"other"', "If-None-Match": tag}
    assert app.get(path, headers=both).status == 200


def test_a_404_is_not_tagged_or_cached(app: AppAdapter, alice: str) -> None:
    missing = app.get("/api/products/1/")
    assert missing.status == 404 and missing.header("ETag") is None
    created = app.create_product(alice, **PRODUCT)
    assert app.get(f"/api/products/{created['id']}/").status == 200


# --- Cache-Control and Vary, per kind of answer


@pytest.mark.parametrize("path", [LIST, "/api/products/{id}/"])
@pytest.mark.hardening("caching")
def test_api_reads_say_how_they_may_be_kept(
    app: AppAdapter, mug: dict, alice: str, path: str
) -> None:
    path = path.format(id=mug["id"])
    visitor = app.get(path)
    assert directives(visitor) == {"no-cache"}
    assert "authorization" in vary(visitor)
    with_token = app.get(path, token=alice)
    assert directives(with_token) == {"no-cache", "private"}
    assert "authorization" in vary(with_token)
    assert with_token.header("ETag") == visitor.header("ETag")


def test_writes_and_errors_say_nothing_of_caching(
    app: AppAdapter, mug: dict, alice: str, bob: str
) -> None:
    """Cache-Control and Vary are the rules of successful reads (and their 304s)."""
    path = f"/api/products/{mug['id']}/"
    answers = [
        app.post(LIST, json={**PRODUCT, "sku": "MUG-2"}, token=alice),
        app.patch(path, json={"stock": 2}, token=alice),
        app.patch(path, json={"price": "1.234"}, token=alice),
        app.patch(path, json={"stock": 3}, token=bob),
        app.get(LIST, query={"page": "x"}, token=alice),
        app.get(LIST, query={"page": "x"}),
        app.get("/api/products/999999/", token=alice),
        app.delete(path, token=alice),
    ]
    assert [a.status for a in answers] == [201, 200, 400, 403, 400, 400, 404, 204]
    for answer in answers:
        assert answer.header("Cache-Control") is None, answer.url
        assert "authorization" not in vary(answer), answer.url


@pytest.mark.parametrize("path", [LIST, "/api/products/{id}/"])
def test_api_answers_do_not_vary_on_the_cookie(
    app: AppAdapter, mug: dict, alice: str, path: str
) -> None:
    """The API never reads the session cookie: its answers do not depend on it."""
    path = path.format(id=mug["id"])
    answers = [
        app.get(path),
        app.get(path, token=alice),
        app.patch(f"/api/products/{mug['id']}/", json={"stock": 1}, token=alice),
    ]
    for answer in answers:
        assert "cookie" not in vary(answer), (answer.url, answer.header("Vary"))


@pytest.mark.parametrize("path", ["/products/", "/products/{id}/"])
@pytest.mark.hardening("caching")
def test_pages_say_how_they_may_be_kept(app: AppAdapter, mug: dict, path: str) -> None:
    path = path.format(id=mug["id"])
    visitor = app.get(path)
    assert directives(visitor) == {"no-cache"}
    # The session and the language (its cookie, else Accept-Language) shape a page.
    assert vary(visitor) == {"cookie", "accept-language"}
    assert visitor.header("ETag")
    app.sign_in_as("carol")
    signed_in = app.get(path)
    assert "no-store" in directives(signed_in)
    assert "private" in directives(signed_in)
    assert "cookie" in vary(signed_in)
    assert signed_in.header("ETag") is None


@pytest.mark.hardening("caching")
def test_a_page_with_a_session_but_no_user_is_private(
    app: AppAdapter, mug: dict
) -> None:
    app.sign_in_as("carol")
    app.logout()  # the session may stay, holding the "signed out" message
    if app.session_cookie() is None:
        app.set_session_cookie("not-a-session")
    assert directives(app.get("/products/")) == {"no-cache", "private"}


# --- no answer made for one person is served to another


def test_a_signed_in_page_is_never_served_to_a_visitor(
    app: AppAdapter, mug: dict
) -> None:
    page = f"/products/{mug['id']}/"
    edit_link = f'a[href$="/products/{mug["id"]}/edit/"]'
    assert app.login("alice").status == 302
    owner_view = app.get(page)
    assert owner_view.has(edit_link) and owner_view.has("form#logout-form")
    assert app.get("/products/").has("form#logout-form")
    with app.as_visitor():
        visitor_view = app.get(page)
        listing = app.get("/products/")
    assert not visitor_view.has(edit_link)
    assert not visitor_view.has("form#logout-form")
    assert not listing.has("form#logout-form")


def test_a_visitors_page_is_never_served_to_a_signed_in_user(
    app: AppAdapter, mug: dict
) -> None:
    page = f"/products/{mug['id']}/"
    assert not app.get(page).has("form#logout-form")
    assert not app.get("/products/").has("form#logout-form")
    assert app.login("alice").status == 302
    owner_view = app.get(page)
    assert owner_view.has("form#logout-form")
    assert owner_view.has(f'a[href$="/products/{mug["id"]}/edit/"]')
    assert app.get("/products/").has("form#logout-form")


@pytest.mark.hardening("caching")
def test_a_bearer_read_between_visitors_changes_nothing_for_them(
    app: AppAdapter, mug: dict, alice: str
) -> None:
    path = f"/api/products/{mug['id']}/"
    first = app.get(path)
    with_token = app.get(path, token=alice)
    assert with_token.status == 200 and "private" in directives(with_token)
    again = app.get(path)
    assert again.content == first.content
    assert directives(again) == {"no-cache"}
    # A refused token is refused, cached read or not.
    assert app.get(path, token="not-a-token").status == 401


# --- invalidation: every write path, then an immediate read


def fill(app: AppAdapter, product_id: int) -> None:
    """Read the four cached reads as a visitor, so the next reads could be hits."""
    with app.as_visitor():
        for path in reads(product_id):
            assert app.get(path).status == 200


def assert_visitors_see(
    app: AppAdapter, product_id: int, check: Callable[[dict | None, str], None]
) -> None:
    """Read the API detail and list, and the product page, as a visitor."""
    with app.as_visitor():
        detail = app.get(f"/api/products/{product_id}/")
        shown = detail.json() if detail.status == 200 else None
        listed = next(
            (p for p in app.get(LIST).json()["results"] if p["id"] == product_id),
            None,
        )
        assert listed == shown
        page = app.get(f"/products/{product_id}/")
        check(shown, page.text if page.status == 200 else "")


def test_an_api_write_is_seen_by_the_next_read(
    app: AppAdapter, mug: dict, alice: str
) -> None:
    path = f"/api/products/{mug['id']}/"
    fill(app, mug["id"])
    app.patch(path, json={"name": "Renamed by the API"}, token=alice)

    def renamed(shown: dict | None, page: str) -> None:
        assert shown and shown["name"] == "Renamed by the API"
        assert "Renamed by the API" in page

    assert_visitors_see(app, mug["id"], renamed)
    app.put(path, json={**PRODUCT, "name": "Put back"}, token=alice)
    assert app.get(path).json()["name"] == "Put back"
    app.delete(path, token=alice)

    def gone(shown: dict | None, page: str) -> None:
        assert shown is None and page == ""

    assert_visitors_see(app, mug["id"], gone)
    created = app.create_product(alice, name="Fresh", sku="NEW-1", price="1")
    with app.as_visitor():
        names = [p["name"] for p in app.get(LIST).json()["results"]]
        assert "Fresh" in app.get("/products/").text
    assert names == ["Fresh"] and created["name"] == "Fresh"


def test_a_page_form_write_is_seen_by_the_next_read(app: AppAdapter) -> None:
    app.sign_in_as("carol")
    created = app.submit(app.page("/products/new/"), "form#product-form", EDIT_FORM)
    assert created.status == 302
    product_id = int(created.location_path.strip("/").split("/")[-1])
    fill(app, product_id)
    edit = app.page(f"/products/{product_id}/edit/")
    saved = app.submit(edit, "form#product-form", {"name": "Renamed on the page"})
    assert saved.status == 302

    def renamed(shown: dict | None, page: str) -> None:
        assert shown and shown["name"] == "Renamed on the page"
        assert "Renamed on the page" in page

    assert_visitors_see(app, product_id, renamed)
    confirm = app.page(f"/products/{product_id}/delete/")
    assert app.submit(confirm, "form#delete-form").status == 302

    def gone(shown: dict | None, page: str) -> None:
        assert shown is None and page == ""

    assert_visitors_see(app, product_id, gone)


def test_an_admin_write_is_seen_by_the_next_api_read(
    app: AppAdapter, mug: dict
) -> None:
    fill(app, mug["id"])
    app.sign_in_as("staffer", is_staff=True)
    url = app.admin_urls["product_change"].format(id=mug["id"])
    response = app.submit(
        app.page(url), 'form:has(input[name="name"])', {"name": "Renamed in admin"}
    )
    assert response.status == 302, response.text[:2000]

    def renamed(shown: dict | None, page: str) -> None:
        assert shown and shown["name"] == "Renamed in admin"
        assert "Renamed in admin" in page

    assert_visitors_see(app, mug["id"], renamed)


def test_a_username_changed_in_the_admin_is_seen_by_the_next_read(
    app: AppAdapter, mug: dict
) -> None:
    fill(app, mug["id"])
    app.sign_in_as("root", is_staff=True, is_superuser=True)
    url = app.admin_urls["user_change"].format(id=app.user_id("alice"))
    response = app.submit(
        app.page(url), 'form:has(input[name="username"])', {"username": "alicia"}
    )
    assert response.status == 302, response.text[:2000]

    def owner_renamed(shown: dict | None, page: str) -> None:
        assert shown and shown["owner"] == "alicia"
        assert "alicia" in page

    assert_visitors_see(app, mug["id"], owner_renamed)


def test_a_deleted_owner_is_seen_by_the_next_read(app: AppAdapter, mug: dict) -> None:
    fill(app, mug["id"])
    app.delete_user("alice")

    def ownerless(shown: dict | None, page: str) -> None:
        assert shown and shown["owner"] is None

    assert_visitors_see(app, mug["id"], ownerless)


def test_the_demo_seeding_is_seen_by_the_next_read(app: AppAdapter) -> None:
    with app.as_visitor():
        assert app.get(LIST).json()["count"] == 0
        assert app.get("/products/").has("#no-products")
    assert app.run_seed(debug=True) == 0
    with app.as_visitor():
        assert app.get(LIST).json()["count"] > 0
        assert not app.get("/products/").has("#no-products")


# --- the cache is used: a repeated visitor's read costs no query (in-process)


@pytest.mark.parametrize("which", range(4))
def test_a_repeated_visitors_read_comes_from_the_cache(
    app: AppAdapter, mug: dict, alice: str, which: int
) -> None:
    path = reads(mug["id"])[which]
    first = app.get(path)
    with app.count_queries() as queries:
        again = app.get(path)
    assert again.content == first.content
    if app.server_cache:
        assert queries == []
    else:
        assert queries, "with CACHE_TTL=0 every read goes to the database"
    # A bearer read is never answered from the cache (the token is looked up, at
    # least); nor is a signed-in page.
    with app.count_queries() as queries:
        app.get(path, token=alice)
    assert queries
