"""Every page of both apps, the admins included, held to axe-core and the Nu Html
Checker: 0 accessibility violations, 0 HTML errors, and nothing the
Content-Security-Policy blocks.

Both tools are the ones reviewers use: axe-core (npm) runs inside headless Chromium
on each page as a signed-in superuser or a visitor sees it, and the Nu Html Checker
(npm's vnu-jar, on Java) reads each page's HTML as the server sent it. make test-a11y
installs both into var/a11y/ with npm.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.test_journey import click_and_wait
from tests.support.adapters import DjangoAdapter
from tests.support.adapters import FlaskAdapter
from tests.support.servers import LiveServer

pytestmark = pytest.mark.a11y

ROOT = Path(__file__).resolve().parents[2]
TOOLS = Path(os.environ.get("A11Y_TOOLS", ROOT / "var" / "a11y")) / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
ADMIN_URLS = {"flask": FlaskAdapter.admin_urls, "django": DjangoAdapter.admin_urls}
# Pages whose content a third-party UI renders, left out of axe (not of the others).
SWAGGER_UI_PAGES = {"visitor /api/docs/"}
# axe.run() on the page, answering the violations in a form that prints well.
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(results => done(
  results.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }))
));
"""


@pytest.fixture(scope="session")
def checkers() -> tuple[str, Path]:
    """Return axe-core's source and the Nu Html Checker's jar, or skip (fail in CI)."""
    if AXE.exists() and VNU.exists():
        return AXE.read_text(encoding="utf-8"), VNU
    hint = (
        f"axe-core and vnu-jar are not in {TOOLS.parent}: make test-a11y installs them"
    )
    if os.environ.get("CI") or os.environ.get("STRICT") == "1":
        pytest.fail(hint)
    pytest.skip(hint)


def sign_in(browser: WebDriver, base: str) -> None:
    """Sign in as the demo superuser through the login form."""
    browser.get(f"{base}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("catalog-demo")
    click_and_wait(browser, 'form#login-form button[type="submit"]')


def first_product(base: str) -> int:
    with urllib.request.urlopen(f"{base}/api/products/?page_size=1") as answer:  # noqa: S310
        return json.load(answer)["results"][0]["id"]


def user_id(browser: WebDriver, base: str, name: str) -> str:
    """Return the id of the demo user alice, read from the admin's user list."""
    browser.get(base + ADMIN_URLS[name]["user_list"])
    for row in browser.find_elements(By.CSS_SELECTOR, "table tr"):
        if "alice" in row.text:
            # Django links the username, Flask-Admin an edit icon: both carry the id.
            link = row.find_element(
                By.CSS_SELECTOR, 'a[href*="/change/"], a[href*="id="]'
            )
            href = link.get_attribute("href")
            assert href is not None
            return href.split("id=")[1] if "id=" in href else href.split("/")[-3]
    raise AssertionError("alice is not in the admin's user list")


def pages(browser: WebDriver, server: LiveServer) -> Iterator[tuple[str, str]]:
    """Open every kind of page in turn; yield its name and URL once it is shown."""
    base = server.base_url
    product = first_product(base)
    for path in (
        "/products/",
        f"/products/{product}/",
        "/accounts/login/",
        "/accounts/register/",
        "/products/999999/",
        "/api/docs/",
        # The admin's sign-in page (Django's own; the Flask app's sign-in page).
        "/admin/",
    ):
        browser.get(base + path)
        yield f"visitor {path}", base + path
    sign_in(browser, base)
    for path in (
        "/products/",
        "/products/new/",
        f"/products/{product}/edit/",
        f"/products/{product}/delete/",
    ):
        browser.get(base + path)
        yield f"admin {path}", base + path
    browser.get(f"{base}/products/new/")
    browser.find_element(By.NAME, "sku").send_keys("not a sku")
    click_and_wait(browser, 'form#product-form button[type="submit"]')
    yield "admin, the product form with errors", ""
    urls = ADMIN_URLS[server.name]
    alice = user_id(browser, base, server.name)
    for page, template in urls.items():
        path = template.format(id=alice if page.startswith("user") else product)
        browser.get(base + path)
        yield f"admin {page}", base + path


def raw_html(browser: WebDriver, url: str) -> bytes:
    """Fetch url with the browser's cookies: the HTML as the server sends it."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})  # noqa: S310
    try:
        with urllib.request.urlopen(request) as answer:  # noqa: S310
            return answer.read()
    except urllib.error.HTTPError as error:  # the 404 page is a page too
        return error.read()


def nu_errors(vnu: Path, folder: Path) -> dict[str, list[str]]:
    """Run the Nu Html Checker on every .html file in folder; its errors per file."""
    java = shutil.which("java") or "java"
    result = subprocess.run(  # noqa: S603
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')
    found: dict[str, list[str]] = {}
    for message in messages["messages"]:
        name = Path(message.get("url", "")).name
        found.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']}"
        )
    return found


def test_every_page_has_no_accessibility_violation_and_no_html_error(
    browser: Chrome,
    live_app: LiveServer,
    checkers: tuple[str, Path],
    tmp_path: Path,
) -> None:
    axe_source, vnu = checkers
    violations = {}
    sources = tmp_path / "html"
    sources.mkdir()
    names = {}
    blocked = {}
    for index, (name, url) in enumerate(pages(browser, live_app)):
        WebDriverWait(browser, 10).until(
            lambda driver: (
                driver.execute_script("return document.readyState") == "complete"
            )
        )
        # A page of the app, not the browser's own error page.
        assert browser.find_elements(By.CSS_SELECTOR, "html[lang] title"), (
            name,
            browser.current_url,
            browser.page_source[:500],
        )
        refused = [
            entry["message"]
            for entry in browser.get_log("browser")
            if "Content Security Policy" in entry["message"]
        ]
        if refused:
            blocked[name] = refused
        browser.execute_script(axe_source)
        found = browser.execute_async_script(RUN_AXE)
        if name in SWAGGER_UI_PAGES:
            # Swagger UI's own markup: nested controls, heading order, an unnamed
            # servers select (shared_spec/pages.md). The HTML and CSP checks stay.
            found = []
        # What axe itself did to the page (styles it applies) is not the page's.
        browser.get_log("browser")
        if found:
            violations[name] = found
        if url:
            names[f"page{index}.html"] = name
            (sources / f"page{index}.html").write_bytes(raw_html(browser, url))
    errors = {names[file]: found for file, found in nu_errors(vnu, sources).items()}
    report = json.dumps(
        {"axe": violations, "nu": errors, "csp": blocked}, indent=2, ensure_ascii=False
    )
    # Kept beside the tools, for reading a failure in full.
    (TOOLS.parent / f"{live_app.name}-report.json").write_text(report + "\n")
    assert not violations and not errors and not blocked, report
