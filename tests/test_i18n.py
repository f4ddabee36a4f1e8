"""English and Spanish, chosen by Accept-Language or by the footer's switcher.

shared_spec/README.md, "Languages", is the contract; shared_spec/glossary.yaml the
Spanish both twins must show for the key strings. The catalogues themselves are
checked, each by its framework's own extraction, in tests/test_catalogues.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.adapters import AppAdapter
from tests.support.adapters import Response
from tests.support.adapters import unique_sku

GLOSSARY = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "shared_spec/glossary.yaml").read_text()
)
SECTIONS = ["titles", "navigation", "columns", "sentences", "validation", "problems"]
MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"]
MONTHS += ["septiembre", "octubre", "noviembre", "diciembre"]
NUMBERS = {"n", "page", "total"}
VALIDATION_ERROR = "tag:catalog-twin.example,2026:validation-error"


def spanish(english: str) -> str:
    """Return the glossary's Spanish for an English string, whatever its section."""
    for section in SECTIONS:
        if english in GLOSSARY[section]:
            return str(GLOSSARY[section][english])
    raise KeyError(english)


def as_pattern(text: str) -> re.Pattern[str]:
    """A glossary string as a pattern: {n}, {page}, {total} a number, {name} a word."""
    pieces = re.split(r"\{([a-z]+)\}", text)
    pattern = "".join(
        (r"\d+" if piece in NUMBERS else r"\w+") if index % 2 else re.escape(piece)
        for index, piece in enumerate(pieces)
    )
    # Whole words only: "1 producto" is not found in "21 productos".
    return re.compile(rf"(?<!\w){pattern}(?!\w)")


def vary(response: Response) -> set[str]:
    return {item.strip().lower() for item in (response.header("Vary") or "").split(",")}


def language_of(page: Response) -> str:
    return str(page.one("html")["lang"])


def switch_language(
    app: AppAdapter, language: str, *, path: str = "/products/"
) -> Response:
    """Choose a language with the footer's switcher of the page at path."""
    page = app.page(path)
    response = app.submit(page, "form#language-form", {"language": language})
    assert response.status == 302, response.status
    return response


# --- choosing the language


def test_english_is_the_default(app: AppAdapter) -> None:
    page = app.page("/products/")
    assert language_of(page) == "en"
    assert page.header("Content-Language") == "en"
    assert page.one("main#content h1").get_text(strip=True) == "Products"


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("es", "es"),
        ("es-MX,es;q=0.9", "es"),
        ("fr-CA, fr;q=0.9, es;q=0.8, en;q=0.5", "es"),
        ("en-GB,en;q=0.9,es;q=0.8", "en"),
        ("de", "en"),
        ("", "en"),
    ],
)
def test_the_page_speaks_the_best_language_the_browser_accepts(
    app: AppAdapter, accept_language: str, expected: str
) -> None:
    page = app.page("/products/", headers={"Accept-Language": accept_language})
    assert language_of(page) == expected
    assert page.header("Content-Language") == expected
    assert "accept-language" in vary(page)
    heading = page.one("main#content h1").get_text(strip=True)
    assert heading == ("Productos" if expected == "es" else "Products")


def test_the_switcher_is_in_every_footer_and_names_each_language_in_itself(
    app: AppAdapter,
) -> None:
    page = app.page("/products/?q=mug", headers={"Accept-Language": "es"})
    form = page.one("footer form#language-form")
    assert str(form.get("method", "")).lower() == "post"
    hidden = form.select('input[type="hidden"][name="next"]')
    assert [field["value"] for field in hidden] == ["/products/?q=mug"]
    options = {
        str(option["value"]): option.get_text(strip=True)
        for option in form.select('select[name="language"] option')
    }
    assert options == GLOSSARY["languages"]
    assert [option["value"] for option in form.select("option[selected]")] == ["es"]
    for path in ["/accounts/login/", "/products/999999/"]:
        assert app.get(path).has("footer form#language-form"), path


def test_the_switcher_s_cookie_wins_over_accept_language(app: AppAdapter) -> None:
    response = switch_language(app, "es", path="/products/?q=mug")
    assert response.location_path == "/products/?q=mug"
    with app.speaking("en"):
        assert language_of(app.page("/products/")) == "es"
        assert language_of(app.page("/accounts/login/")) == "es"
        switch_language(app, "en")
    with app.speaking("es"):
        assert language_of(app.page("/products/")) == "en"


def test_the_language_cookie_lasts_and_is_not_for_scripts(app: AppAdapter) -> None:
    response = switch_language(app, "es")
    (cookie,) = [c for c in response.set_cookies if "=es" in c.split(";")[0]]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"max-age", "path", "httponly", "samesite"} <= attributes, cookie
    assert "samesite=lax" in cookie.lower()
    (max_age,) = re.findall(r"max-age=(\d+)", cookie, re.IGNORECASE)
    assert int(max_age) >= 365 * 24 * 3600


@pytest.mark.parametrize(
    "next_path", ["https://evil.example/", "//evil.example/products/"]
)
def test_the_switcher_never_sends_to_another_site(
    app: AppAdapter, next_path: str
) -> None:
    page = app.page("/products/")
    response = app.submit(
        page, "form#language-form", {"language": "es", "next": next_path}
    )
    assert response.status == 302
    assert response.location_path == "/"
    assert "evil.example" not in (response.header("Location") or "")


def test_an_unknown_language_changes_nothing(app: AppAdapter) -> None:
    page = app.page("/products/")
    response = app.submit(page, "form#language-form", {"language": "xx"})
    assert response.status == 302
    assert language_of(app.page("/products/")) == "en"


def test_the_switcher_takes_no_csrf_token(app: AppAdapter) -> None:
    """The pages visitors get from the cache of reads can hold nobody's token."""
    form = app.page("/products/").one("form#language-form")
    names = {str(field.get("name")) for field in form.select("input, select")}
    assert names == {"next", "language"}


@pytest.mark.hardening("caching")
def test_the_cache_of_reads_keeps_one_copy_per_language(app: AppAdapter) -> None:
    for language in ["en", "es", "en", "es"]:
        page = app.page("/products/", headers={"Accept-Language": language})
        assert language_of(page) == language


# --- formats: the pages follow the language, the API never does


@pytest.fixture
def teapot(app: AppAdapter) -> dict[str, Any]:
    token = app.user_with_token("carmen")
    return app.create_product(token, name="Tetera", price="1234.50", stock=3)


def test_the_pages_write_prices_and_dates_the_language_s_way(
    app: AppAdapter, teapot: dict[str, Any]
) -> None:
    path = f"/products/{teapot['id']}/"
    english = app.page(path, headers={"Accept-Language": "en"})
    page = app.page(path, headers={"Accept-Language": "es"})
    assert english.one('[data-field="price"]').get_text(strip=True) == "1234.50"
    assert page.one('[data-field="price"]').get_text(strip=True) == "1234,50"
    created = datetime.fromisoformat(teapot["created_at"])
    added = page.one('[data-field="created_at"] time')
    assert added["datetime"] == created.date().isoformat()
    expected = f"{created.day} de {MONTHS[created.month - 1]} de {created.year}"
    assert added.get_text(strip=True) == expected
    listed = app.page("/products/?q=Tetera", headers={"Accept-Language": "es"})
    assert listed.texts('td[data-field="price"]') == ["1234,50"]


def test_the_api_s_wire_format_is_the_same_in_every_language(
    app: AppAdapter, teapot: dict[str, Any]
) -> None:
    path = f"/api/products/{teapot['id']}/"
    english = app.get(path, headers={"Accept-Language": "en"}).json()
    spanish_answer = app.get(path, headers={"Accept-Language": "es"}).json()
    assert spanish_answer == english
    assert spanish_answer["price"] == "1234.50"
    datetime.fromisoformat(spanish_answer["created_at"])


def test_api_reads_do_not_vary_on_the_language(
    app: AppAdapter, teapot: dict[str, Any]
) -> None:
    """A successful read is the same in every language: caches keep one copy."""
    for path in ["/api/products/", f"/api/products/{teapot['id']}/"]:
        response = app.get(path, headers={"Accept-Language": "es"})
        assert "accept-language" not in vary(response), (path, response.header("Vary"))


def test_an_api_error_speaks_the_language_but_keeps_its_wire_format(
    app: AppAdapter,
) -> None:
    token = app.user_with_token("dolores")
    body = {"sku": "not a sku", "price": "12.50"}
    english = app.post("/api/products/", json=body, token=token)
    response = app.post(
        "/api/products/", json=body, token=token, headers={"Accept-Language": "es"}
    )
    assert response.status == english.status == 400
    problem, english_problem = response.json(), english.json()
    assert problem["type"] == english_problem["type"] == VALIDATION_ERROR
    assert problem.keys() == english_problem.keys()
    assert problem["errors"].keys() == english_problem["errors"].keys() >= {"name"}
    assert problem["title"] == spanish("Invalid fields")
    assert problem["detail"] != english_problem["detail"]
    assert problem["errors"]["name"] == [spanish("This field is required.")]
    assert problem["errors"]["sku"] != english_problem["errors"]["sku"]
    assert response.header("Content-Language") == "es"
    assert "accept-language" in vary(response)


# --- the glossary: both twins say the same thing


class Transcript:
    """Every text a Spanish reader met on the way: pages, messages, API problems."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def read(self, response: Response) -> Response:
        if "json" in (response.header("Content-Type") or ""):
            self.texts += problem_texts(response.json())
        elif response.content:
            soup = response.soup
            self.texts += [soup.title.get_text(strip=True)] if soup.title else []
            self.texts += [soup.get_text(" ", strip=True)]
            self.texts += [str(tag.get("value")) for tag in soup.select("input[value]")]
        return response

    def missing(self) -> list[str]:
        """The glossary's Spanish strings this transcript does not hold."""
        text = "\n".join(self.texts)
        return [
            spanish_text
            for section in SECTIONS
            for spanish_text in map(str, GLOSSARY[section].values())
            if not as_pattern(spanish_text).search(text)
        ]


def problem_texts(problem: Any) -> Iterator[str]:
    if isinstance(problem, dict):
        for key, value in problem.items():
            if key not in {"type", "status", "instance"}:
                yield from problem_texts(value)
    elif isinstance(problem, list):
        for item in problem:
            yield from problem_texts(item)
    elif isinstance(problem, str):
        yield problem


def spanish_journey(app: AppAdapter, seen: Transcript) -> None:
    """A Spanish reader's way through the pages and the API, every answer read."""
    read = seen.read
    token = app.user_with_token("bea", is_staff=False)
    for number in range(21):
        app.create_product(token, name=f"Taza {number}", price="12.50")
    read(app.page("/products/"))
    read(app.page("/products/?page=2"))
    read(app.page("/products/?q=Taza+7"))
    read(app.page("/products/?q=nothing-like-this"))
    read(app.get("/products/999999/"))
    register = read(app.page("/accounts/register/"))
    read(
        app.submit(
            register,
            "form#register-form",
            {
                "username": "rosa",
                "password1": "password123",
                "password2": "password123",
            },
        )
    )
    read(app.follow_redirect(read(app.login("bea"))))
    form = read(app.page("/products/new/"))
    read(app.submit(form, "form#product-form", {"name": ""}))
    taken = app.create_product(token, name="Jarra")["sku"]
    read(app.submit(form, "form#product-form", {"name": "Jarra", "sku": taken}))
    created = read(
        app.follow_redirect(
            app.submit(
                form,
                "form#product-form",
                {"name": "Tetera", "sku": unique_sku(), "price": "12.50"},
            )
        )
    )
    edit_path = f"{created.url}edit/"
    read(
        app.follow_redirect(app.submit(read(app.page(edit_path)), "form#product-form"))
    )
    delete = read(app.page(f"{created.url}delete/"))
    read(app.follow_redirect(app.submit(delete, "form#delete-form")))
    other = app.create_product(app.user_with_token("pilar"), name="Plato")
    read(app.get(f"/products/{other['id']}/edit/"))
    read(app.follow_redirect(app.logout()))
    read(app.page("/accounts/login/"))
    app.sign_in_as("elena", is_staff=True)
    read(app.page("/products/"))
    read(app.logout())
    # The API: a problem of each kind, titles and details.
    read(app.post("/api/products/", json={"name": "Vaso"}))
    read(app.post("/api/products/", json={"sku": "MUG-1"}, token=token))
    read(
        app.post(
            "/api/products/", body="{", content_type="application/json", token=token
        )
    )
    read(app.get("/api/products/999999/"))
    read(app.patch(f"/api/products/{other['id']}/", json={"stock": 1}, token=token))
    read(app.put("/api/products/", json={}, token=token))
    read(
        app.post("/api/auth/token/", json={"username": "bea", "password": "wrong one"})
    )


def test_a_spanish_reader_meets_the_glossary_under_accept_language(
    app: AppAdapter,
) -> None:
    seen = Transcript()
    with app.speaking("es"):
        spanish_journey(app, seen)
    assert not seen.missing(), seen.missing()


def test_a_spanish_reader_meets_the_glossary_under_the_switcher_s_cookie(
    app: AppAdapter,
) -> None:
    switch_language(app, "es")
    seen = Transcript()
    spanish_journey(app, seen)
    assert not seen.missing(), seen.missing()
