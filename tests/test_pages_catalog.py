"""Product pages: the list, one product, and changing products through forms."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs
from urllib.parse import urljoin
from urllib.parse import urlsplit

import pytest

from tests.support.adapters import AppAdapter
from tests.support.adapters import Response
from tests.support.adapters import textarea_value
from tests.support.adapters import unique_sku

STYLESHEET = Path(__file__).resolve().parents[1] / "shared_spec/static/catalog.css"
PRODUCT = {
    "name": "Teapot",
    "sku": "TEA-POT",
    "description": "Cast iron",
    "price": "64",
    "stock": "9",
}


def product_id_from(response: Response) -> int:
    match = re.fullmatch(r"/products/(\d+)/", response.location_path)
    assert match, response.location_path
    return int(match.group(1))


def create_through_form(app: AppAdapter, **fields: str) -> int:
    """Fill in the new-product form and return the new product's id."""
    page = app.page("/products/new/")
    values = {**PRODUCT, "sku": unique_sku(), **fields}
    response = app.submit(page, "form#product-form", values)
    assert response.status == 302, response.field_errors("name")
    return product_id_from(response)


def row_names(page: Response) -> list[str]:
    return page.texts('#product-table tr[data-product-id] td[data-field="name"]')


def test_the_home_page_redirects_to_the_products(app: AppAdapter) -> None:
    response = app.get("/")
    assert response.status == 302
    assert response.location_path == "/products/"


def test_both_apps_serve_the_same_stylesheet(app: AppAdapter) -> None:
    response = app.get("/static/catalog.css")
    assert response.status == 200
    assert (response.header("Content-Type") or "").startswith("text/css")
    assert response.content == STYLESHEET.read_bytes()
    page = app.page("/products/")
    stylesheet = str(page.one('link[rel="stylesheet"]')["href"])
    assert stylesheet.startswith("/static/catalog.css")


def test_favicon_ico_leads_to_the_icon(app: AppAdapter) -> None:
    """Browsers ask for /favicon.ico where no page names an icon (the JSON API)."""
    response = app.get("/favicon.ico")
    assert response.status in {301, 308}  # permanent: Django's 301, Werkzeug's 308
    assert response.location_path == "/static/favicon.svg"
    icon = app.get(response.location_path)
    assert icon.status == 200
    assert (icon.header("Content-Type") or "").startswith("image/svg+xml")


def test_every_page_has_a_description_and_a_favicon(app: AppAdapter) -> None:
    for path in ["/products/", "/accounts/login/", "/accounts/register/"]:
        page = app.page(path)
        assert str(page.one('meta[name="description"]')["content"]).strip(), path
        icon = str(page.one('link[rel="icon"]')["href"])
        assert app.get(icon).status == 200, icon


def test_the_layout_names_its_framework(app: AppAdapter) -> None:
    page = app.page("/products/")
    assert page.one("body")["data-framework"] == app.name
    assert page.one("main#content h1").get_text(strip=True)


def test_an_empty_catalogue_says_so(app: AppAdapter) -> None:
    page = app.page("/products/")
    assert page.has("#no-products")
    assert not page.has("#product-table")
    assert not page.has("#new-product")
    assert not page.has("#pagination")


def test_a_signed_in_user_creates_a_product_through_the_form(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    list_page = app.page("/products/")
    new_link = str(list_page.one("#new-product")["href"])
    response = app.submit(app.page(new_link), "form#product-form", PRODUCT)
    assert response.status == 302
    page = app.follow_redirect(response)
    assert [level for level, _ in page.messages] == ["success"]
    article = page.one("article#product")
    assert article["data-product-id"] == str(product_id_from(response))
    assert page.texts('#product [data-field="name"]') == ["Teapot"]
    assert page.texts('#product [data-field="sku"]') == ["TEA-POT"]
    assert page.texts('#product [data-field="price"]') == ["64.00"]
    assert page.texts('#product [data-field="stock"]') == ["9"]
    assert page.texts('#product [data-field="owner"]') == ["alice"]
    assert page.has("#edit-product")
    assert page.has("#delete-product")


def test_an_invalid_product_form_keeps_the_input_and_shows_errors_beside_fields(
    app: AppAdapter,
) -> None:
    app.sign_in_as("alice")
    typed = {
        "name": "  ",
        "sku": "tea pot",
        "description": "Kept",
        "price": "1.234",
        "stock": "-2",
    }
    response = app.submit(app.page("/products/new/"), "form#product-form", typed)
    assert response.status == 200
    assert response.field_errors("name")
    assert response.field_errors("sku")
    assert response.one("#id_sku")["value"] == "tea pot"
    assert response.field_errors("price")
    assert response.field_errors("stock")
    assert not response.field_errors("description")
    assert textarea_value(response.one("#id_description")) == "Kept"
    assert response.one("#id_price")["value"] == "1.234"
    assert response.one("#id_stock")["value"] == "-2"
    assert app.page("/products/").has("#no-products")
    # Each error is tied to its field, as assistive technology reads it.
    for name in ("name", "sku", "price", "stock"):
        field = response.one(f"#id_{name}")
        assert field["aria-invalid"] == "true", name
        assert f"id_{name}_error" in str(field["aria-describedby"]).split(), name


def test_the_product_form_explains_the_sku_and_starts_stock_at_zero(
    app: AppAdapter,
) -> None:
    app.sign_in_as("alice")
    page = app.page("/products/new/")
    sku = page.one("#id_sku")
    help_text = page.one(f"#{sku['aria-describedby']}").get_text(" ", strip=True)
    assert "MUG-350" in help_text
    assert not page.has('[data-errors-for="sku"]')
    assert page.one("#id_stock")["value"] == "0"


def test_a_taken_sku_is_an_error_beside_the_sku(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    create_through_form(app, sku="TEA-POT")
    response = app.submit(
        app.page("/products/new/"), "form#product-form", {**PRODUCT, "name": "Other"}
    )
    assert response.status == 200
    assert response.field_errors("sku")
    assert not response.field_errors("name")
    assert response.one("#id_name")["value"] == "Other"


def test_an_empty_stock_means_zero(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    product_id = create_through_form(app, stock="")
    page = app.page(f"/products/{product_id}/")
    assert page.texts('#product [data-field="stock"]') == ["0"]


def test_the_owner_edits_a_product_through_the_form(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    product_id = create_through_form(app)
    form_page = app.page(f"/products/{product_id}/edit/")
    assert form_page.one("#id_name")["value"] == "Teapot"
    response = app.submit(
        form_page, "form#product-form", {"name": "Kettle", "price": "12.5"}
    )
    assert response.status == 302
    assert response.location_path == f"/products/{product_id}/"
    page = app.follow_redirect(response)
    assert [level for level, _ in page.messages] == ["success"]
    assert page.texts('#product [data-field="name"]') == ["Kettle"]
    assert page.texts('#product [data-field="price"]') == ["12.50"]
    assert page.texts('#product [data-field="description"]') == ["Cast iron"]


def test_an_edit_without_its_price_field_is_an_error_not_a_500(
    app: AppAdapter,
) -> None:
    """A form posted without a field (a script, an old page) keeps the product."""
    app.sign_in_as("alice")
    product_id = create_through_form(app)
    form_page = app.page(f"/products/{product_id}/edit/")
    response = app.submit(form_page, "form#product-form", {"price": None})
    assert response.status == 200
    assert response.field_errors("price")
    assert app.page(f"/products/{product_id}/").texts(
        '#product [data-field="price"]'
    ) == [form_page.one("#id_price")["value"]]


def test_the_owner_deletes_a_product_after_confirming(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    product_id = create_through_form(app)
    confirm = app.page(f"/products/{product_id}/delete/")
    assert app.get(f"/products/{product_id}/").status == 200  # GET deletes nothing
    response = app.submit(confirm, "form#delete-form")
    assert response.status == 302
    assert response.location_path == "/products/"
    landing = app.follow_redirect(response)
    assert [level for level, _ in landing.messages] == ["success"]
    missing = app.get(f"/products/{product_id}/")
    assert missing.status == 404
    assert missing.one("#error")["data-status"] == "404"


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_a_stranger_gets_403_on_someone_elses_edit_and_delete(
    app: AppAdapter, action: str
) -> None:
    app.sign_in_as("alice")
    product_id = create_through_form(app)
    app.logout()
    app.sign_in_as("bob")
    url = f"/products/{product_id}/{action}/"
    refused = app.get(url)
    assert refused.status == 403
    assert refused.one("#error")["data-status"] == "403"
    # Bob's own form, with his valid CSRF token, sent to alice's product.
    own_id = create_through_form(app, name="Bob's")
    own_page = app.page(f"/products/{own_id}/{action}/")
    form = "form#product-form" if action == "edit" else "form#delete-form"
    forged = app.submit(
        own_page, form, {"name": "Taken"} if action == "edit" else {}, to=url
    )
    assert forged.status == 403
    detail = app.page(f"/products/{product_id}/")
    assert detail.texts('#product [data-field="name"]') == ["Teapot"]
    assert not detail.has("#edit-product")
    assert not detail.has("#delete-product")


def test_staff_may_edit_anyones_product(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    product_id = create_through_form(app)
    app.logout()
    app.sign_in_as("staffer", is_staff=True)
    page = app.page(f"/products/{product_id}/edit/")
    response = app.submit(page, "form#product-form", {"stock": "1"})
    assert response.status == 302
    detail = app.page(f"/products/{product_id}/")
    assert detail.texts('#product [data-field="stock"]') == ["1"]
    assert detail.texts('#product [data-field="owner"]') == ["alice"]


@pytest.mark.parametrize(
    "path", ["/products/new/", "/products/{id}/edit/", "/products/{id}/delete/"]
)
def test_an_anonymous_visitor_is_sent_to_login_with_next(
    app: AppAdapter, path: str
) -> None:
    app.sign_in_as("alice")
    product_id = create_through_form(app)
    app.logout()
    path = path.format(id=product_id)
    response = app.get(path)
    assert response.status == 302
    login_path, _, query = response.location_path.partition("?")
    assert login_path == "/accounts/login/"
    assert parse_qs(query)["next"] == [path]
    app.create_user("carol")
    login_page = app.follow_redirect(response)
    done = app.submit(
        login_page,
        "form#login-form",
        {"username": "carol", "password": "correct-horse-battery"},
    )
    assert done.location_path == path


def test_the_product_form_without_a_csrf_token_is_refused(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    response = app.submit(
        app.page("/products/new/"), "form#product-form", PRODUCT, csrf=False
    )
    assert response.status == 403
    assert app.page("/products/").has("#no-products")


def test_the_delete_form_without_a_csrf_token_is_refused(app: AppAdapter) -> None:
    app.sign_in_as("alice")
    product_id = create_through_form(app)
    confirm = app.page(f"/products/{product_id}/delete/")
    assert app.submit(confirm, "form#delete-form", csrf=False).status == 403
    assert app.get(f"/products/{product_id}/").status == 200


def test_the_list_pages_by_20_and_links_the_pages(app: AppAdapter, alice: str) -> None:
    for i in range(25):
        app.create_product(alice, name=f"Item {i:02}", price=f"{i}.00")
    first = app.page("/products/")
    assert len(row_names(first)) == 20
    assert first.texts("#product-count")[0].split()[0] == "25"
    assert not first.has("#pagination a[rel=prev]")
    second = app.page(
        app_path(str(first.one("#pagination a[rel=next]")["href"]), "/products/")
    )
    assert len(row_names(second)) == 5
    assert not second.has("#pagination a[rel=next]")
    assert second.has("#pagination a[rel=prev]")
    assert set(row_names(first)).isdisjoint(row_names(second))


def test_a_page_past_the_last_is_the_404_page(app: AppAdapter, alice: str) -> None:
    app.create_product(alice)
    for page in ("2", "abc"):
        response = app.get("/products/", query={"page": page})
        assert response.status == 404
        assert response.one("#error")["data-status"] == "404"


def test_search_and_ordering_narrow_and_sort_the_list(
    app: AppAdapter, alice: str
) -> None:
    for name, description, price in [
        ("Green tea", "Sencha", "14.80"),
        ("Black tea", "Assam", "11.40"),
        ("Mug", "Holds TEA well", "15.00"),
        ("Kettle", "Boils water", "54.90"),
    ]:
        app.create_product(alice, name=name, description=description, price=price)
    page = app.page("/products/")
    response = app.submit(page, "form#search-form", {"q": "tea", "ordering": "-price"})
    assert response.status == 200
    assert row_names(response) == ["Mug", "Green tea", "Black tea"]
    assert response.texts("#product-count")[0].split()[0] == "3"
    assert response.one('#search-form input[name="q"]')["value"] == "tea"


def test_pagination_links_keep_the_search(app: AppAdapter, alice: str) -> None:
    for i in range(22):
        app.create_product(alice, name=f"Lamp {i:02}")
    app.create_product(alice, name="Chair")
    page = app.page("/products/", query={"q": "lamp", "ordering": "name"})
    next_link = str(page.one("#pagination a[rel=next]")["href"])
    second = app.page(app_path(next_link, page.url))
    assert row_names(second) == ["Lamp 20", "Lamp 21"]


def test_the_error_pages_are_friendly_html(app: AppAdapter) -> None:
    response = app.get("/products/999999/")
    assert response.status == 404
    assert (response.header("Content-Type") or "").startswith("text/html")
    assert response.one("#error")["data-status"] == "404"
    assert response.one("#error").select_one('a[href="/products/"]')
    assert b"Traceback" not in response.content


def app_path(href: str, base: str) -> str:
    """Resolve a link on a page to a path the adapter can GET."""
    parts = urlsplit(urljoin(base, href))
    return parts.path + (f"?{parts.query}" if parts.query else "")
