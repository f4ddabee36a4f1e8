"""A visitor's whole journey, in a real browser, on each app."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser

PASSWORD = "plum-orchard-42"


def replaced(element: WebElement):
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


def messages(browser: WebDriver) -> list[str]:
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


def test_the_product_list_with_the_demo_data(
    browser: WebDriver, live_app: LiveServer, screenshot_dir: Path
) -> None:
    browser.get(f"{live_app.base_url}/products/")
    rows = browser.find_elements(By.CSS_SELECTOR, "#product-table tr[data-product-id]")
    assert len(rows) == 20
    assert browser.find_element(By.CSS_SELECTOR, "#pagination a[rel=next]")
    # The stylesheet really applied: the table spans the content column.
    table = browser.find_element(By.ID, "product-table")
    assert table.value_of_css_property("border-collapse") == "collapse"
    browser.save_screenshot(str(screenshot_dir / f"{live_app.name}-product-list.png"))
