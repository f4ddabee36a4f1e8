"""The side-by-side reader (make reader) in a real browser, over file://."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By

from reader import claims
from reader import conformance
from reader.build import build
from reader.twins import load_features

pytestmark = pytest.mark.browser

TEST = "tests/test_api_concurrency.py::test_the_etag_changes_with_the_product"
# One run of the shared suite, as the conformance plugin writes it.
REPORT = {
    "run_info": {
        "mode": "inprocess-sqlite",
        "started": "2026-01-02T03:04:05Z",
        "finished": "2026-01-02T03:05:06Z",
        "commit": "0123456789abcdef",
        "dirty": False,
        "python": "3.11.7",
        "versions": {"flask": "3.1.3", "django": "5.2.19"},
        "database": "sqlite 3.40.1",
        "partial": False,
        "partial_reasons": [],
        "args": ["-q", "tests"],
    },
    "framework_checks": [],
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
# A window as wide as a laptop's: nothing of the reader may be cut at this width.
WIDTH = 1280
# Every element whose right edge passes the window's, and every code pane that
# scrolls sideways (its lines should wrap instead).
OVERFLOWING = """
const width = document.documentElement.clientWidth;
const found = [];
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width > 0 && box.right > width + 1) {
    found.push(`${element.tagName}.${element.className} ends at ${box.right}`);
  }
}
for (const pane of document.querySelectorAll('.highlight pre')) {
  if (pane.scrollWidth > pane.clientWidth + 1) {
    found.push(`code pane ${pane.scrollWidth} wide in ${pane.clientWidth}`);
  }
}
if (document.documentElement.scrollWidth > width) {
  found.push(`the page is ${document.documentElement.scrollWidth} wide`);
}
return found;
"""


@pytest.fixture(scope="module")
def verdicts() -> list[claims.Verdict]:
    """Judge the claims once for every reader this module builds."""
    return claims.judge_all()


def build_reader(
    folder: Path,
    report: dict[str, Any] | None,
    verdicts: list[claims.Verdict] | None = None,
) -> Path:
    """Build the reader into folder, with this report as the last run, if any."""
    results = folder / "conformance"
    results.mkdir()
    if report is not None:
        (results / "inprocess-sqlite.json").write_text(json.dumps(report))
    return build(folder / "reader", results, verdicts)


def open_all(browser: Any) -> None:
    """Open every folded pair of the page."""
    browser.execute_script(
        "document.querySelectorAll('details').forEach(d => { d.open = true; });"
    )


def local_target(href: str) -> Path | None:
    """Return the file a file:// link leads to, or None for any other link."""
    parsed = urlparse(href)
    return Path(parsed.path) if parsed.scheme == "file" else None


def reader_styled(browser: Any) -> bool:
    """Tell whether the reader's stylesheet styles the page (its body's width)."""
    width = browser.execute_script("return getComputedStyle(document.body).maxWidth")
    return width == "1800px"


def test_a_feature_counts_both_sides_and_shows_them_side_by_side(
    browser: Any, tmp_path: Path, verdicts: list[claims.Verdict]
) -> None:
    browser.get(build_reader(tmp_path, REPORT, verdicts).as_uri())
    row = browser.find_element(By.ID, "feature-etags")
    for side in ("flask", "django"):
        lines = row.find_element(By.CSS_SELECTOR, f"td.{side}.code").text
        assert int(lines.split()[0].replace(",", "")) > 0, side

    row.find_element(By.TAG_NAME, "a").click()
    browser.find_element(By.CSS_SELECTOR, "details.pair > summary").click()
    flask = browser.find_element(By.CSS_SELECTOR, ".pair .flask .highlight")
    django = browser.find_element(By.CSS_SELECTOR, ".pair .django .highlight")
    assert "def if_match(view" in flask.text
    assert "def check_if_match(request" in django.text
    # Beside each other, Flask on the left: the same top, no overlap.
    assert abs(flask.location["y"] - django.location["y"]) < 5
    assert flask.location["x"] + flask.size["width"] <= django.location["x"]

    row = browser.find_element(By.CSS_SELECTOR, ".results tbody tr")
    assert row.find_element(By.TAG_NAME, "th").text.startswith("test_the_etag")
    flask_status, django_status = row.find_elements(By.CSS_SELECTOR, "td.status")
    assert (flask_status.text, django_status.text) == ("PASS", "FAIL")
    assert django_status.get_attribute("title") == "assert 200 == 412"


def test_a_feature_page_says_when_the_tests_have_not_run(
    browser: Any, tmp_path: Path, verdicts: list[claims.Verdict]
) -> None:
    index = build_reader(tmp_path, report=None, verdicts=verdicts)
    browser.get((index.parent / "features" / "etags.html").as_uri())
    notice = browser.find_element(By.CSS_SELECTOR, ".tests .not-run")
    assert "have not been run yet" in notice.text


def test_the_index_opens_with_a_summary_linking_to_each_page(
    browser: Any, tmp_path: Path, verdicts: list[claims.Verdict]
) -> None:
    index = build_reader(tmp_path, REPORT, verdicts)
    browser.get(index.as_uri())
    cards = browser.find_elements(By.CSS_SELECTOR, "#at-a-glance .card")
    targets = [
        card.find_element(By.CSS_SELECTOR, "h3 a").get_attribute("href")
        for card in cards
    ]
    pages = [Path(urlparse(href).path).name for href in targets]
    for name in ("tour.html", "claims.html", "conformance.html", "benchmark.html"):
        assert name in pages, f"no card links to {name}: {pages}"
    # The cards come first, above the fold.
    assert cards[0].location["y"] < 600
    # Every page the index links to is there, and is the reader's.
    for href in {
        a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a")
    }:
        target = local_target(href)
        if target is not None:
            assert target.is_file(), f"the index links to {target}, which is missing"

    text = browser.find_element(By.ID, "at-a-glance").text
    assert claims.verdict_counts(verdicts) in text
    # The claims with their verdicts, the conformance matrix, the chart, the sizes.
    rows = browser.find_elements(By.CSS_SELECTOR, "#claims tbody tr")
    assert len(rows) == len(verdicts)
    assert browser.find_element(By.CSS_SELECTOR, "#conformance table.matrix")
    chart = browser.find_element(By.CSS_SELECTOR, "#benchmark img.chart")
    assert browser.execute_script("return arguments[0].naturalWidth", chart) > 0
    accounts = browser.find_element(By.ID, "feature-accounts")
    assert (
        "Flask-Login" in accounts.find_element(By.CSS_SELECTOR, "td.imports.flask").text
    )
    assert (
        "built in" in accounts.find_element(By.CSS_SELECTOR, "td.imports.django").text
    )


def test_the_index_shows_each_app_under_its_name(
    browser: Any, tmp_path: Path, verdicts: list[claims.Verdict]
) -> None:
    browser.get(build_reader(tmp_path, REPORT, verdicts).as_uri())
    for side, name in (("flask", "Flask"), ("django", "Django")):
        figure = browser.find_element(By.CSS_SELECTOR, f"#apps figure.{side}")
        assert figure.find_element(By.TAG_NAME, "figcaption").text.startswith(name)
        image = figure.find_element(By.TAG_NAME, "img")
        assert browser.execute_script("return arguments[0].naturalWidth", image) > 0
    flask, django = browser.find_elements(By.CSS_SELECTOR, "#apps figure")
    assert flask.location["x"] < django.location["x"]


def test_the_tour_leads_through_the_feature_pages(
    browser: Any, tmp_path: Path, verdicts: list[claims.Verdict]
) -> None:
    index = build_reader(tmp_path, REPORT, verdicts)
    browser.get((index.parent / "tour.html").as_uri())
    steps = browser.find_elements(By.CSS_SELECTOR, "ol.steps > li")
    assert len(steps) >= 4
    first = steps[0].find_element(By.CSS_SELECTOR, 'a[href^="features/"]')
    first.click()
    assert (
        browser.find_element(By.TAG_NAME, "h1").text == "Product model and its queries"
    )
    step = browser.find_element(By.CSS_SELECTOR, ".tour-step")
    assert "step 1 of" in step.text
    step.find_element(By.PARTIAL_LINK_TEXT, "The pages").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Product pages"


def test_no_page_of_the_reader_is_wider_than_a_laptops_window(
    browser: Any, tmp_path: Path, verdicts: list[claims.Verdict]
) -> None:
    index = build_reader(tmp_path, REPORT, verdicts)
    browser.set_window_size(WIDTH, 900)
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert WIDTH - 40 <= width <= WIDTH
    folder = index.parent
    pages = [folder / name for name in ("index.html", "tour.html", "benchmark.html")]
    pages += [folder / "conformance.html", folder / "claims.html"]
    pages += sorted((folder / "features").glob("*.html"))
    problems = {}
    for path in pages:
        browser.get(path.as_uri())
        open_all(browser)
        if found := browser.execute_script(OVERFLOWING):
            problems[path.name] = found[:5]
    assert not problems


def test_a_feature_pages_pairs_are_folded_and_open_on_a_click(
    browser: Any, tmp_path: Path, verdicts: list[claims.Verdict]
) -> None:
    index = build_reader(tmp_path, REPORT, verdicts)
    browser.set_window_size(WIDTH, 900)
    features = load_features()
    for feature in features:
        browser.get((index.parent / "features" / f"{feature.slug}.html").as_uri())
        pairs = browser.find_elements(By.CSS_SELECTOR, "main details.pair")
        assert len(pairs) == len(feature.pairs), feature.slug
        assert not [pair for pair in pairs if pair.get_attribute("open")], feature.slug
        # Folded, every pair's summary shows; its code does not.
        assert not [
            code
            for code in browser.find_elements(By.CSS_SELECTOR, ".highlight")
            if code.is_displayed()
        ], feature.slug

    browser.get((index.parent / "features" / "product-pages.html").as_uri())
    height = browser.execute_script("return document.documentElement.scrollHeight")
    assert height < 4000, f"the folded Product pages page is {height} px tall"
    summary = browser.find_element(By.CSS_SELECTOR, "details.pair > summary")
    assert "ORDERING_CHOICES" in summary.text
    summary.click()
    code = browser.find_element(By.CSS_SELECTOR, "details.pair .flask .highlight")
    assert code.is_displayed()
    assert "ORDERING_CHOICES = {" in code.text


@pytest.mark.parametrize("page", ["conformance", "claims"])
def test_a_page_built_alone_is_styled_and_leads_back_to_the_index(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    folder = tmp_path / "reader"
    output = folder / f"{page}.html"
    reports = tmp_path / "conformance"
    reports.mkdir()
    (reports / "inprocess-sqlite.json").write_text(json.dumps(REPORT))
    # As make conformance or make claims does, with no reader built before.
    assert not folder.exists()
    monkeypatch.setattr(claims, "HTML_PATH", output)
    monkeypatch.setattr(claims, "JSON_PATH", tmp_path / "claims.json")
    if page == "conformance":
        monkeypatch.setattr(
            sys,
            "argv",
            ["reader.conformance", "--reports", str(reports), "--output", str(output)],
        )
        conformance.main()
    else:
        claims.main([])
    browser.set_window_size(WIDTH, 900)
    browser.get(output.as_uri())
    assert reader_styled(browser), f"{page}.html is not styled"
    back = browser.find_element(By.CSS_SELECTOR, ".back a")
    target = local_target(back.get_attribute("href"))
    assert target == folder / "index.html"
    back.click()
    assert browser.find_element(By.CSS_SELECTOR, "#at-a-glance .card")
    assert reader_styled(browser)
