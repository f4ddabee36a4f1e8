"""Browser tests: headless Chromium against both apps served by gunicorn."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.servers import LiveServer
from tests.support.servers import live_server

if TYPE_CHECKING:
    from selenium.webdriver import Chrome

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMEDRIVER_CANDIDATES = ["/usr/bin/chromedriver"]
HOW_TO_GET_ONE = (
    "no Chromium found: install Debian's packages with "
    "`apt-get install chromium chromium-driver` (or set CHROMIUM and CHROMEDRIVER "
    "to the browser and driver paths)"
)


def find(variable: str, candidates: list[str]) -> str | None:
    for candidate in [os.environ.get(variable, ""), *candidates]:
        if candidate and shutil.which(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser_paths() -> tuple[str, str]:
    chromium = find("CHROMIUM", CHROMIUM_CANDIDATES)
    driver = find("CHROMEDRIVER", CHROMEDRIVER_CANDIDATES)
    if chromium and driver:
        return chromium, driver
    if os.environ.get("CI") or os.environ.get("STRICT") == "1":
        pytest.fail(
            f"the browser tests must run (CI or STRICT=1), but {HOW_TO_GET_ONE}"
        )
    pytest.skip(f"browser tests SKIPPED: {HOW_TO_GET_ONE}; STRICT=1 makes this fail")


@pytest.fixture
def browser(browser_paths: tuple[str, str], tmp_path: Path) -> Iterator[Chrome]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = browser_paths
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,900",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    # The console, where Chromium reports what a Content-Security-Policy blocked.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(service=Service(driver), options=options)
    session.implicitly_wait(2)
    yield session
    session.quit()


@pytest.fixture(params=["flask", "django"])
def live_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    """Serve one app under gunicorn with a fresh database and the demo data."""
    # A browser opens spare connections it may never use: threads keep them from
    # blocking both sync workers until gunicorn's timeout.
    with live_server(request.param, tmp_path, seed=True, threads=4) as server:
        yield server


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: SCREENSHOT_DIR (make screenshots) or a temp folder."""
    configured = os.environ.get("SCREENSHOT_DIR")
    path = Path(configured) if configured else tmp_path_factory.mktemp("screens")
    path.mkdir(parents=True, exist_ok=True)
    return path
