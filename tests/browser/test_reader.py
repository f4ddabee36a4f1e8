"""The side-by-side reader (make reader) in a real browser, over file://."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from reader.build import build

pytestmark = pytest.mark.browser

TEST = "tests/test_api_concurrency.py::test_the_etag_changes_with_the_product"
# One run of the shared suite, as the conformance plugin writes it.
REPORT = {
    "run_info": {"mode": "inprocess-sqlite", "commit": "0123456789abcdef"},
    "results": [
        {
            "test": TEST,
            "status": "OK",
            "subtests": [
                {"name": "flask", "status": "PASS"},
                {"name": "django", "status": "FAIL", "message": "assert 200 == 412"},
            ],
        }
    ],
}


def build_reader(folder: Path, report: dict[str, Any] | None) -> Path:
    """Build the reader into folder, with this report as the last run, if any."""
    conformance = folder / "conformance"
    conformance.mkdir()
    if report is not None:
        (conformance / "inprocess-sqlite.json").write_text(json.dumps(report))
    return build(folder / "reader", conformance)


def test_a_feature_counts_both_sides_and_shows_them_side_by_side(
    browser: Any, tmp_path: Path
) -> None:
    browser.get(build_reader(tmp_path, REPORT).as_uri())
    row = browser.find_element(By.ID, "feature-etags")
    for side in ("flask", "django"):
        lines = row.find_element(By.CSS_SELECTOR, f"td.{side}.code").text
        assert int(lines.replace(",", "")) > 0, side

    row.find_element(By.TAG_NAME, "a").click()
    flask = browser.find_element(By.CSS_SELECTOR, ".pair .flask .highlight")
    django = browser.find_element(By.CSS_SELECTOR, ".pair .django .highlight")
    assert "def if_match(view" in flask.text
    assert "def check_if_match(request, etag" in django.text
    # Beside each other, Flask on the left: the same top, no overlap.
    assert abs(flask.location["y"] - django.location["y"]) < 5
    assert flask.location["x"] + flask.size["width"] <= django.location["x"]

    row = browser.find_element(By.CSS_SELECTOR, ".results tbody tr")
    assert row.find_element(By.TAG_NAME, "th").text.startswith("test_the_etag")
    flask_status, django_status = row.find_elements(By.CSS_SELECTOR, "td.status")
    assert (flask_status.text, django_status.text) == ("PASS", "FAIL")
    assert django_status.get_attribute("title") == "assert 200 == 412"


def test_a_feature_page_says_when_the_tests_have_not_run(
    browser: Any, tmp_path: Path
) -> None:
    index = build_reader(tmp_path, report=None)
    browser.get((index.parent / "features" / "etags.html").as_uri())
    notice = browser.find_element(By.CSS_SELECTOR, ".tests .not-run")
    assert "have not been run yet" in notice.text
