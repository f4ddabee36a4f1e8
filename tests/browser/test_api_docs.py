"""The API's documentation page, rendered by Swagger UI in a real browser."""

from __future__ import annotations

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser


def test_the_docs_render_every_operation_with_nothing_from_elsewhere(
    browser: Chrome, live_app: LiveServer
) -> None:
    base = live_app.base_url
    browser.get(f"{base}/api/docs/")
    operations = WebDriverWait(browser, 20).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    )
    paths = {operation.text.replace("\u200b", "") for operation in operations}
    assert {"/api/products/", "/api/products/{id}/", "/api/auth/token/"} <= paths
    # Every file and request the page needed came from the app itself.
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name)"
    )
    assert loaded
    assert all(url.startswith(base) for url in loaded), loaded
    refused = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
    assert not refused, refused
