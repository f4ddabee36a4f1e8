"""A visitor's whole journey, in a real browser, on each app."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser

PASSWORD = "plum-orchard-42"


def replaced(element: WebElement) -> Callable[[WebDriver], bool]:
    """Return a wait condition that holds once element's page has been replaced.

    As expected_conditions.staleness_of, which misses one way Chromium reports it.
    """

    def condition(driver: WebDriver) -> bool:
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            # A node asked about while its document is being replaced.
            if "does not belong to the document" in (error.msg or ""):
                return True
            raise
        return False

    return condition


def click_and_wait(browser: WebDriver, selector: str) -> None:
    """Click what navigates away; wait until the next page has replaced it, loaded."""
    wait = WebDriverWait(browser, 10)
    element = wait.until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, selector))
    )
    element.click()
    wait.until(replaced(element))
    wait.until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )


def fill(browser: WebDriver, form: str, values: dict[str, str]) -> None:
    """Type into a form's fields by name, submit it, and wait for the next page."""
    for name, value in values.items():
        field = browser.find_element(By.CSS_SELECTOR, f'{form} [name="{name}"]')
        field.clear()
        field.send_keys(value)
    click_and_wait(browser, f'{form} button[type="submit"]')


def messages(browser: WebDriver) -> list[str | None]:
    found = browser.find_elements(By.CSS_SELECTOR, "#messages li[data-level]")
    return [li.get_attribute("data-level") for li in found]


def text_of(browser: WebDriver, selector: str) -> str:
    return browser.find_element(By.CSS_SELECTOR, selector).text.strip()


def test_register_create_edit_delete_logout(
    browser: WebDriver, live_app: LiveServer
) -> None:
    base = live_app.base_url
    browser.get(f"{base}/")
    assert browser.current_url == f"{base}/products/"
    body = browser.find_element(By.TAG_NAME, "body")
    assert body.get_attribute("data-framework") == live_app.name

    click_and_wait(browser, "#nav-register")
    fill(
        browser,
        "form#register-form",
        {
            "username": "walker",
            "email": "walker@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert text_of(browser, "#nav-user") == "walker"
    assert messages(browser) == ["success"]

    click_and_wait(browser, "#new-product")
    fill(
        browser,
        "form#product-form",
        {
            "name": "Browser mug",
            "sku": "BRW-1",
            "description": "Made in Chromium",
            "price": "7.5",
        },
    )
    assert messages(browser) == ["success"]
    assert text_of(browser, '#product [data-field="name"]') == "Browser mug"
    assert text_of(browser, '#product [data-field="price"]') == "7.50"
    product_url = browser.current_url

    click_and_wait(browser, "#edit-product")
    fill(browser, "form#product-form", {"name": "Browser cup", "stock": "3"})
    assert browser.current_url == product_url
    assert text_of(browser, '#product [data-field="name"]') == "Browser cup"
    assert text_of(browser, '#product [data-field="stock"]') == "3"

    click_and_wait(browser, "#delete-product")
    click_and_wait(browser, "form#delete-form button")
    assert browser.current_url == f"{base}/products/"
    assert messages(browser) == ["success"]
    browser.get(product_url)
    error = browser.find_element(By.ID, "error")
    assert error.get_attribute("data-status") == "404"

    browser.get(f"{base}/products/")
    click_and_wait(browser, "form#logout-form button")
    assert browser.find_elements(By.ID, "nav-login")
    assert not browser.find_elements(By.ID, "nav-user")


# The band over each screenshot: the app's name, in the reader's colour for it.
SCREENSHOT_LABELS = {
    "flask": ("Flask", "#2b4f8e", "flask_app/ · GET /products/ with the demo data"),
    "django": ("Django", "#0c4b33", "django_app/ · GET /products/ with the demo data"),
}
LABELLED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{name}</title><style>
html, body {{ margin: 0; overflow: hidden; background: #fff; }}
body {{ width: {width}px; }}
.label {{ background: {colour}; color: #fff; font-family: system-ui, sans-serif;
  padding: 14px 28px; display: flex; align-items: baseline; gap: 28px; }}
.label strong {{ font-size: 60px; line-height: 1.1; }}
.label span {{ font-size: 30px; }}
img {{ display: block; }}
</style></head>
<body><div class="label"><strong>{name}</strong><span>{where}</span></div>
<img src="data:image/png;base64,{picture}" alt=""></body></html>
"""


def whole_page(browser: WebDriver, width: int | None = None) -> tuple[str, int]:
    """Return the whole page as a base64 PNG, its footer too, and its width."""
    page_width, height = browser.execute_script(
        "const page = document.documentElement;"
        "return [page.scrollWidth, page.scrollHeight];"
    )
    width = width or page_width
    clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": clip},
    )
    return shot["data"], width


def save_labelled_screenshot(
    browser: WebDriver, app: str, path: Path, folder: Path
) -> None:
    """Save the page with a band above it that names the app serving it.

    The two product lists look alike on purpose; the band, and the app's own
    footer ("Served by ...") at the bottom of the whole page, say which is which
    on the picture itself, wherever it is shown (the README, the reader).
    """
    picture, width = whole_page(browser)
    name, colour, where = SCREENSHOT_LABELS[app]
    page = folder / f"{app}-labelled.html"
    page.write_text(
        LABELLED.format(
            name=html.escape(name),
            colour=colour,
            where=html.escape(where),
            picture=picture,
            width=width,
        ),
        encoding="utf-8",
    )
    browser.get(page.as_uri())
    labelled, _ = whole_page(browser, width)
    path.write_bytes(base64.b64decode(labelled))


def test_the_product_list_with_the_demo_data(
    browser: WebDriver, live_app: LiveServer, screenshot_dir: Path, tmp_path: Path
) -> None:
    browser.get(f"{live_app.base_url}/products/")
    rows = browser.find_elements(By.CSS_SELECTOR, "#product-table tr[data-product-id]")
    assert len(rows) == 20
    assert browser.find_element(By.CSS_SELECTOR, "#pagination a[rel=next]")
    # The stylesheet really applied: the table spans the content column.
    table = browser.find_element(By.ID, "product-table")
    assert table.value_of_css_property("border-collapse") == "collapse"
    # The picture is labelled with the app that really served the page.
    body = browser.find_element(By.TAG_NAME, "body")
    assert body.get_attribute("data-framework") == live_app.name
    save_labelled_screenshot(
        browser,
        live_app.name,
        screenshot_dir / f"{live_app.name}-product-list.png",
        tmp_path,
    )


def test_the_product_table_scrolls_in_its_box_on_a_phone(
    browser: WebDriver, live_app: LiveServer
) -> None:
    """At 390 px wide nothing is cut off: the table scrolls inside its own box."""
    browser.set_window_size(390, 844)
    browser.get(f"{live_app.base_url}/products/")
    sizes = browser.execute_script(
        """
        const table = document.getElementById("product-table");
        const page = document.documentElement;
        const box = table.getBoundingClientRect();
        table.scrollLeft = table.scrollWidth;
        const owner = table.querySelector("td[data-field='owner']")
            .getBoundingClientRect();
        return {viewport: page.clientWidth, page: page.scrollWidth,
                right: box.right, ownerRight: owner.right};
        """
    )
    assert sizes["page"] <= sizes["viewport"], sizes
    assert sizes["right"] <= sizes["viewport"], sizes
    # Scrolled to its end, the table shows its last column, the owner.
    assert sizes["ownerRight"] <= sizes["right"] + 1, sizes


def test_a_journey_in_spanish_chosen_in_the_footer(
    browser: WebDriver, live_app: LiveServer
) -> None:
    """The browser asks for English; the footer's switcher makes every page Spanish."""
    base = live_app.base_url
    browser.get(f"{base}/products/?q=taza")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    Select(browser.find_element(By.ID, "id_language")).select_by_value("es")
    click_and_wait(browser, "form#language-form button")
    assert browser.current_url == f"{base}/products/?q=taza"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    assert text_of(browser, "main#content h1") == "Productos"
    assert browser.title == "Productos · Catálogo"

    click_and_wait(browser, "#nav-register")
    assert text_of(browser, "main#content h1") == "Crear una cuenta"
    fill(
        browser,
        "form#register-form",
        {"username": "paseante", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert messages(browser) == ["success"]
    assert text_of(browser, "#logout-form button") == "Cerrar sesión"

    click_and_wait(browser, "#new-product")
    assert text_of(browser, "main#content h1") == "Nuevo producto"
    fill(browser, "form#product-form", {"name": "Taza", "sku": "TAZ-1", "price": ""})
    required = text_of(browser, '[data-errors-for="price"] li')
    assert required == "Este campo es obligatorio."
    fill(browser, "form#product-form", {"price": "7.5"})
    assert text_of(browser, "#messages li") == "Producto «Taza» creado."
    assert text_of(browser, '#product [data-field="price"]') == "7,50"
    added = text_of(browser, '#product [data-field="created_at"]')
    assert " de " in added, added

    click_and_wait(browser, "form#logout-form button")
    assert text_of(browser, "#messages li") == "Ha cerrado la sesión."
    assert text_of(browser, "#nav-login") == "Iniciar sesión"
