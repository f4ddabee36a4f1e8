"""Swagger UI's "Try it out" at /api/docs/, as a person would use it, in Chromium.

A read, then an authorised create with nothing typed but the token: the bodies are
the ones the document's examples prefill. Nothing the page does may be refused by
the Content-Security-Policy, and no request may leave the app's origin.
"""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from tests.clients.conftest import Served

pytestmark = pytest.mark.clients

# A name a person would give a product: words of letters (and digits), no filler.
SENSIBLE_NAME = re.compile(r"[A-Za-z][A-Za-z]+( [A-Za-z0-9]+)*")


def try_it_out(browser: WebDriver, operation: str) -> WebElement:
    """Open an operation's block (tag-operationId) and press "Try it out"."""
    block = WebDriverWait(browser, 20).until(
        lambda driver: driver.find_element(By.ID, f"operations-{operation}")
    )
    if "is-open" not in (block.get_attribute("class") or ""):
        block.find_element(By.CSS_SELECTOR, ".opblock-summary-control").click()
    block.find_element(By.CSS_SELECTOR, "button.try-out__btn").click()
    return block


def execute(browser: WebDriver, block: WebElement, base: str) -> tuple[int, str]:
    """Press Execute; the status and the body Swagger UI shows for the answer."""
    block.find_element(By.CSS_SELECTOR, "button.execute").click()
    cells = WebDriverWait(browser, 20).until(
        lambda _: block.find_elements(
            By.CSS_SELECTOR, ".live-responses-table tbody .response-col_status"
        )
    )
    request_url = block.find_element(By.CSS_SELECTOR, ".request-url pre").text
    assert request_url.startswith(f"{base}/api/"), request_url
    bodies = block.find_elements(
        By.CSS_SELECTOR, ".live-responses-table tbody .highlight-code pre"
    )
    return int(cells[0].text.strip()), bodies[0].text if bodies else ""


def prefilled(block: WebElement) -> dict[str, Any]:
    """The request body Swagger UI prefilled from the document's example."""
    text = block.find_element(By.CSS_SELECTOR, "textarea.body-param__text")
    return json.loads(text.get_attribute("value") or "null")


def authorize(browser: WebDriver, token: str) -> None:
    """The Authorize dialog: the bearer token, applied, the dialog closed."""
    browser.find_element(By.CSS_SELECTOR, ".auth-wrapper button.authorize").click()
    dialog = WebDriverWait(browser, 10).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, ".dialog-ux .modal-ux")
    )
    dialog.find_element(By.ID, "auth-bearer-value").send_keys(token)
    dialog.find_element(By.CSS_SELECTOR, "button.modal-btn.authorize").click()
    dialog.find_element(By.CSS_SELECTOR, "button.modal-btn.btn-done").click()
    WebDriverWait(browser, 10).until(
        lambda driver: not driver.find_elements(By.CSS_SELECTOR, ".dialog-ux")
    )


def test_try_it_out_reads_then_creates_with_the_prefilled_bodies(
    browser: Chrome, served: Served
) -> None:
    base = served.server.base_url
    browser.get(f"{base}/api/docs/")

    listing = try_it_out(browser, "products-product_list")
    status, body = execute(browser, listing, base)
    assert status == 200, body
    assert json.loads(body)["results"], body

    sign_in = try_it_out(browser, "auth-token_create")
    credentials = prefilled(sign_in)
    assert credentials == {"username": "alice", "password": "catalog-demo"}, credentials
    status, body = execute(browser, sign_in, base)
    assert status == 200, body
    authorize(browser, json.loads(body)["token"])

    create = try_it_out(browser, "products-product_create")
    example = prefilled(create)
    status, body = execute(browser, create, base)
    assert status == 201, f"the prefilled {example} was answered {status}: {body}"
    created = json.loads(body)

    # Read back through the API, as anyone would.
    url = f"{base}/api/products/{created['id']}/"
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310
        product = json.load(answer)
    assert product["owner"] == "alice", product
    assert SENSIBLE_NAME.fullmatch(product["name"]), product
    assert product["name"] == example["name"].strip(), (product, example)

    refused = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
    assert not refused, refused
    # Every file and request of the page, Execute's fetches included, stayed home.
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name)"
    )
    assert loaded, "the page loaded nothing"
    elsewhere = [url for url in loaded if not url.startswith(f"{base}/")]
    assert not elsewhere, elsewhere
