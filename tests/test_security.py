"""The security controls of shared_spec/security.md, the same on both apps.

CSRF, IDOR and open-redirect tests live beside the pages and the API they protect
(test_pages_*.py, test_api_products.py); this module has the rest.
"""

from __future__ import annotations

import pytest

from tests.support.adapters import DEFAULT_PASSWORD
from tests.support.adapters import AppAdapter
from tests.support.adapters import Response

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'


def assert_escaped(page: Response) -> None:
    assert page.status == 200, (page.url, page.status)
    assert SCRIPT.encode() not in page.content, page.url
    assert b"<img src=x" not in page.content, page.url
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content, page.url


def test_markup_in_a_product_is_shown_as_text_on_every_page(
    app: AppAdapter,
) -> None:
    app.sign_in_as("alice")
    token = app.token_for("alice")
    product = app.create_product(token, name=SCRIPT, description=IMAGE)
    for path in (
        "/products/",
        f"/products/{product['id']}/",
        f"/products/{product['id']}/edit/",
        f"/products/{product['id']}/delete/",
        "/products/?q=script",
    ):
        assert_escaped(app.get(path))


def test_markup_in_a_product_is_shown_as_text_in_the_admin(
    app: AppAdapter, alice: str
) -> None:
    product = app.create_product(alice, name=SCRIPT, description=IMAGE)
    app.sign_in_as("staffer", is_staff=True)
    assert_escaped(app.get(app.admin_urls["product_list"]))
    assert_escaped(app.get(app.admin_urls["product_change"].format(id=product["id"])))


def test_registration_ignores_privilege_fields(app: AppAdapter) -> None:
    page = app.page("/accounts/register/")
    response = app.submit(
        page,
        "form#register-form",
        {
            "username": "mallory",
            "password1": "plum-orchard-42",
            "password2": "plum-orchard-42",
            "is_staff": "on",
            "is_superuser": "on",
            "is_active": "on",
        },
    )
    assert response.status == 302
    assert not app.page("/products/").has("#nav-admin")
    admin = app.get(app.admin_urls["index"])
    assert admin.status == 302
    assert "login" in admin.location_path


def test_an_old_session_cookie_replayed_after_logout_is_signed_out(
    app: AppAdapter,
) -> None:
    app.sign_in_as("alice")
    signed_in = app.session_cookie()
    assert signed_in is not None
    assert app.get("/products/new/").status == 200
    app.logout()
    app.set_session_cookie(signed_in)
    replay = app.get("/products/new/")
    assert replay.status == 302
    assert replay.location_path.startswith("/accounts/login/")
    assert not app.page("/products/").has("#nav-user")


def test_a_deactivated_user_is_signed_out_on_the_next_request(
    app: AppAdapter,
) -> None:
    app.sign_in_as("alice")
    app.deactivate_user("alice")
    assert app.get("/products/new/").status == 302
    assert not app.page("/products/").has("#nav-user")


def cookie_flags(set_cookie: str) -> set[str]:
    parts = [part.strip().lower() for part in set_cookie.split(";")[1:]]
    return {part for part in parts if part}


def test_cookies_are_secure_httponly_and_samesite_lax(app: AppAdapter) -> None:
    app.create_user("alice")
    page = app.page("/accounts/login/")
    signed_in = app.submit(
        page, "form#login-form", {"username": "alice", "password": DEFAULT_PASSWORD}
    )
    set_cookies = page.set_cookies + signed_in.set_cookies
    names = {cookie.split("=", 1)[0] for cookie in set_cookies}
    assert app.session_cookie_name in names
    for cookie in set_cookies:
        flags = cookie_flags(cookie)
        assert "secure" in flags, cookie
        assert "httponly" in flags, cookie
        assert "samesite=lax" in flags, cookie
    assert not any("remember" in name for name in names)


def test_a_sign_in_lasts_until_the_browser_closes(app: AppAdapter) -> None:
    """The session cookie has no expiry: the browser drops it when it closes."""
    app.create_user("alice")
    signed_in = app.login("alice")
    (session_cookie,) = [
        cookie
        for cookie in signed_in.set_cookies
        if cookie.startswith(f"{app.session_cookie_name}=")
    ]
    flags = {flag.split("=")[0] for flag in cookie_flags(session_cookie)}
    assert not flags & {"expires", "max-age"}, session_cookie


def test_api_errors_are_compact_json_like_every_other_answer(app: AppAdapter) -> None:
    for path in ("/api/products/", "/api/products/999999/"):
        body = app.get(path).content
        assert b'": ' not in body and b'", "' not in body, body[:200]


@pytest.mark.parametrize("path", ["/products/", "/api/products/", "/accounts/login/"])
@pytest.mark.hardening("security_headers")
def test_every_response_carries_the_security_headers(
    app: AppAdapter, path: str
) -> None:
    response = app.get(path)
    assert response.header("X-Frame-Options") == "DENY"
    assert response.header("X-Content-Type-Options") == "nosniff"
    assert response.header("Referrer-Policy") == "same-origin"
    assert response.header("Cross-Origin-Opener-Policy") == "same-origin"


def csp_directives(response: Response) -> dict[str, list[str]]:
    """Return the response's Content-Security-Policy, directive by directive."""
    policy = response.header("Content-Security-Policy")
    assert policy, f"no Content-Security-Policy on {response.url}"
    directives = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


def assert_strict_policy(response: Response) -> None:
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"], response.url
    assert directives["frame-ancestors"] == ["'none'"], response.url
    assert directives["object-src"] == ["'none'"], response.url
    assert directives["base-uri"] == ["'none'"], response.url
    assert directives["form-action"] == ["'self'"], response.url
    values = [value for values in directives.values() for value in values]
    assert "'unsafe-inline'" not in values, response.url
    assert "'unsafe-eval'" not in values, response.url
    assert not any(value.startswith(("http", "*")) for value in values), response.url


def product_and_admin_pages(app: AppAdapter) -> list[str]:
    """Return a path of every kind of page, for a signed-in superuser."""
    token = app.user_with_token("alice")
    product = app.create_product(token)
    app.sign_in_as("root", is_staff=True, is_superuser=True)
    return [
        "/products/",
        f"/products/{product['id']}/",
        "/products/new/",
        f"/products/{product['id']}/edit/",
        f"/products/{product['id']}/delete/",
        "/products/999999/",  # the 404 page
        *(
            url.format(id=product["id"]) if "{id}" in url else url
            for url in app.admin_urls.values()
        ),
    ]


@pytest.mark.hardening("security_headers")
def test_every_kind_of_page_has_a_strict_content_security_policy(
    app: AppAdapter,
) -> None:
    for path in product_and_admin_pages(app):
        assert_strict_policy(app.get(path))
    app.logout()
    for path in ["/accounts/login/", "/accounts/register/", "/api/products/"]:
        assert_strict_policy(app.get(path))


@pytest.mark.hardening("security_headers")
def test_signed_in_pages_are_never_stored(app: AppAdapter) -> None:
    for path in product_and_admin_pages(app):
        response = app.get(path)
        assert "no-store" in (response.header("Cache-Control") or ""), path


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/register/"])
@pytest.mark.hardening("security_headers")
def test_the_sign_in_and_registration_pages_are_never_stored(
    app: AppAdapter, path: str
) -> None:
    assert "no-store" in (app.get(path).header("Cache-Control") or "")


@pytest.mark.hardening("security_headers")
def test_hsts_is_sent_on_secure_requests_only(app: AppAdapter) -> None:
    assert app.get("/products/").header("Strict-Transport-Security") is None
    secure = app.get("/products/", headers={"X-Forwarded-Proto": "https"})
    hsts = secure.header("Strict-Transport-Security") or ""
    assert "max-age=31536000" in hsts
    assert "includesubdomains" in hsts.lower()


def test_a_host_not_in_allowed_hosts_is_refused(app: AppAdapter) -> None:
    response = app.get("/products/", headers={"Host": "evil.example"})
    assert response.status == 400


def without_volatile_parts(page: Response) -> str:
    """The page with the CSRF token and the typed username taken out."""
    soup = page.soup
    for hidden in soup.select('input[type="hidden"]'):
        hidden["value"] = ""
    page.one("#id_username")["value"] = ""
    return str(soup)


def test_the_login_form_answers_unknown_user_and_wrong_password_alike(
    app: AppAdapter,
) -> None:
    app.create_user("alice")
    unknown = app.login("nobody", "wrong-password")
    wrong = app.login("alice", "wrong-password")
    assert unknown.status == wrong.status == 200
    assert without_volatile_parts(unknown) == without_volatile_parts(wrong)


@pytest.mark.hardening("sign_in_limit")
def test_five_failed_logins_lock_that_username_out_of_the_form(
    app: AppAdapter,
) -> None:
    app.create_user("alice")
    app.create_user("bob")
    for _ in range(5):
        assert app.login("alice", "wrong-password").status == 200
    locked = app.login("alice")
    assert locked.status == 429
    assert int(locked.header("Retry-After") or 0) >= 1
    assert locked.one("#error")["data-status"] == "429"
    assert not app.page("/products/").has("#nav-user")
    assert app.login("bob").status == 302  # another username is not locked


def test_successful_logins_do_not_count_towards_the_lockout(app: AppAdapter) -> None:
    app.create_user("alice")
    for _ in range(4):
        app.login("alice", "wrong-password")
    for _ in range(3):
        assert app.login("alice").status == 302
        app.logout()


def test_no_database_column_holds_a_usable_token(app: AppAdapter) -> None:
    token = app.user_with_token("alice")
    rows = app.stored_token_rows()
    assert rows
    assert not any(token in value for row in rows for value in row)
    assert app.get("/api/products/", token=token).status == 200
