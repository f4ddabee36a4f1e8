"""Adapters: one interface to "the app under test", whichever framework serves it."""

from __future__ import annotations

import itertools
import json as jsonlib
from collections.abc import Iterator
from collections.abc import Mapping
from contextlib import contextmanager
from contextlib import suppress
from dataclasses import dataclass
from dataclasses import field
from functools import cache
from http import HTTPStatus
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import quote
from urllib.parse import urlencode
from urllib.parse import urljoin
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from bs4 import Tag

from tests.support.hooks import DjangoHooks
from tests.support.hooks import FlaskHooks
from tests.support.openapi import check_response

if TYPE_CHECKING:
    from flask import Flask

DEFAULT_PASSWORD = "correct-horse-battery"
_NO_BODY = object()
_SKUS = itertools.count(1)


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def is_query(statement: str) -> bool:
    """Tell a statement that reads or writes data from transaction control."""
    return not statement.lstrip().upper().startswith(TRANSACTION_CONTROL)


def unique_sku() -> str:
    """Return a SKU no other product in this test run has."""
    return f"T-{next(_SKUS)}"


@dataclass
class Response:
    """What the app answered, in the same shape for both frameworks."""

    status: int
    headers: dict[str, str]
    content: bytes
    url: str = ""
    set_cookies: list[str] = field(default_factory=list)
    _json: Any = field(default=_NO_BODY, repr=False)
    _soup: BeautifulSoup | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")

    def json(self) -> Any:
        if self._json is _NO_BODY:
            self._json = jsonlib.loads(self.content)
        return self._json

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def soup(self) -> BeautifulSoup:
        """The page, parsed, for CSS selectors from shared_spec/pages.md."""
        if self._soup is None:
            self._soup = BeautifulSoup(self.content, "html.parser")
        return self._soup

    def select(self, selector: str) -> list[Tag]:
        return self.soup.select(selector)

    def one(self, selector: str) -> Tag:
        """Return the single element matching selector, or fail the test."""
        found = self.soup.select(selector)
        assert len(found) == 1, f"{selector!r}: {len(found)} matches on {self.url}"
        return found[0]

    def has(self, selector: str) -> bool:
        return bool(self.soup.select(selector))

    def texts(self, selector: str) -> list[str]:
        return [element.get_text(" ", strip=True) for element in self.select(selector)]

    @property
    def messages(self) -> list[tuple[str, str]]:
        """The flash messages as (level, text) pairs."""
        return [
            (attribute(li, "data-level"), li.get_text(" ", strip=True))
            for li in self.select("#messages li[data-level]")
        ]

    def field_errors(self, name: str) -> list[str]:
        return self.texts(f'[data-errors-for="{name}"] li')

    @property
    def location_path(self) -> str:
        """The path (and query) a redirect points at, whether absolute or not."""
        parts = urlsplit(self.header("Location") or "")
        return parts.path + (f"?{parts.query}" if parts.query else "")


class AppAdapter:
    """Drive one app through its HTTP interface plus a small seeding hook."""

    name: str
    session_cookie_name: str
    csrf_field_name: str
    # Each framework's own admin URLs; the admin pages themselves are its own.
    admin_urls: dict[str, str]
    hooks: Any  # the app's seeding hook (tests/support/hooks.py)
    # Whether the server-side cache of visitors' reads is on (CACHE_TTL is not 0).
    server_cache: bool = True
    # False when the app runs on its core alone (HARDENING=0, make test-core).
    hardened: bool = True
    # Headers sent with every request (see `speaking`), under the request's own.
    default_headers: Mapping[str, str] = {}

    # --- the framework-specific part
    def _send(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> Response:
        raise NotImplementedError

    def create_user(
        self,
        username: str,
        password: str = DEFAULT_PASSWORD,
        *,
        email: str = "",
        is_staff: bool = False,
        is_superuser: bool = False,
        is_active: bool = True,
    ) -> None:
        """Create a user through the app's own user-creation service."""
        self.hooks.create_user(
            username,
            password,
            email=email,
            is_staff=is_staff,
            is_superuser=is_superuser,
            is_active=is_active,
        )

    def user_id(self, username: str) -> int:
        """Return a user's id, as the admin's URLs show it."""
        return self.hooks.user_id(username)

    def delete_user(self, username: str) -> None:
        """Delete a user the way the app's admin would."""
        self.hooks.delete_user(username)

    def deactivate_user(self, username: str) -> None:
        """Turn a user's `is_active` off, as staff would in the admin."""
        self.hooks.deactivate_user(username)

    def run_seed(self, *, debug: bool) -> int:
        """Run the app's demo-data command and return its exit code."""
        return self.hooks.run_seed(debug)

    def stored_token_rows(self) -> list[tuple[str, ...]]:
        """Return every row of the API token table, each value as text."""
        return [tuple(row) for row in self.hooks.stored_token_rows()]

    def session_cookie(self) -> str | None:
        """Return the value of the session cookie the client holds, if any."""
        raise NotImplementedError

    @contextmanager
    def count_queries(self) -> Iterator[list[str]]:
        """Collect the queries the app runs inside the block (read them after).

        Transaction control (BEGIN, COMMIT, SAVEPOINT...) is left out: the two
        frameworks issue it differently, and it reads or writes no data.
        """
        raise NotImplementedError
        yield []

    def set_session_cookie(self, value: str) -> None:
        """Make the client send this session cookie from now on (a replay)."""
        raise NotImplementedError

    def drop_session_cookie(self) -> None:
        """Stop sending the session cookie, as a new browser would."""
        raise NotImplementedError

    @contextmanager
    def as_visitor(self) -> Iterator[None]:
        """Send requests without the session cookie inside the block, then resume."""
        kept = self.session_cookie()
        self.drop_session_cookie()
        try:
            yield
        finally:
            if kept is not None:
                self.set_session_cookie(kept)

    @contextmanager
    def speaking(self, accept_language: str) -> Iterator[None]:
        """Send `Accept-Language: accept_language` inside the block, as browsers do."""
        self.default_headers = {"Accept-Language": accept_language}
        try:
            yield
        finally:
            self.default_headers = {}

    # --- HTTP
    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = _NO_BODY,
        body: bytes | str | None = None,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
        token: str | None = None,
    ) -> Response:
        """Send a request; `json` encodes a body, `body` sends raw bytes."""
        sent_headers = {**self.default_headers, **(headers or {})}
        if token is not None:
            sent_headers["Authorization"] = f"Bearer {token}"
        if json is not _NO_BODY:
            payload = jsonlib.dumps(json).encode()
            content_type = content_type or "application/json"
        elif isinstance(body, str):
            payload = body.encode("utf-8")
        else:
            payload = body or b""
        if content_type is not None:
            sent_headers["Content-Type"] = content_type
        if query:
            path = f"{path}?{urlencode(query, doseq=True)}"
        response = self._send(method.upper(), path, payload, sent_headers)
        response.url = path
        if urlsplit(path).path.startswith("/api/"):
            check_response(
                method,
                urlsplit(path).path,
                response.status,
                response.headers,
                response.content,
                response.json,
                core=not self.hardened,
            )
        return response

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Response:
        return self.request("DELETE", path, **kwargs)

    def follow(self, url: str, **kwargs: Any) -> Response:
        """GET an absolute URL the app returned (a `next` link, a `Location`)."""
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return self.get(path, **kwargs)

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        """Serve a WSGI request through this adapter (for WSGI tools: schemathesis).

        Whatever the tool sends still goes through `request`, so it reaches the app
        the way every other test does: in-process, or over HTTP with --live.
        """
        path = quote(environ["PATH_INFO"].encode("latin-1"), safe="/:@!$&'()*+,;=~")
        if environ.get("QUERY_STRING"):
            path = f"{path}?{environ['QUERY_STRING']}"
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_") and key != "HTTP_HOST"
        }
        length = int(environ.get("CONTENT_LENGTH") or 0)
        response = self.request(
            environ["REQUEST_METHOD"],
            path,
            body=environ["wsgi.input"].read(length) if length else b"",
            content_type=environ.get("CONTENT_TYPE") or None,
            headers=headers,
        )
        reason = HTTPStatus(response.status).phrase
        header_list = [
            (name, value)
            for name, value in response.headers.items()
            if name != "set-cookie"
        ]
        header_list += [("Set-Cookie", cookie) for cookie in response.set_cookies]
        start_response(f"{response.status} {reason}", header_list)
        return [response.content]

    # --- pages and forms
    def page(self, path: str, **kwargs: Any) -> Response:
        """GET a page and check it answered 200."""
        response = self.get(path, **kwargs)
        assert response.status == 200, (path, response.status, response.location_path)
        return response

    def submit(
        self,
        page: Response,
        form: str,
        fields: Mapping[str, str | None] | None = None,
        *,
        csrf: bool = True,
        to: str | None = None,
    ) -> Response:
        """Submit a form as a browser would: its own values, the CSRF token included.

        `fields` overrides values by name; a value of None leaves that field out;
        `csrf=False` leaves out the CSRF token, as a forged cross-site form would;
        `to` sends the form to another path than its own action.
        """
        element = page.one(form)
        values = form_values(element)
        if not csrf:
            assert values.pop(self.csrf_field_name, None), f"{form} has no CSRF token"
        for name, value in (fields or {}).items():
            if value is None:
                values.pop(name, None)
            else:
                values[name] = value
        action = to or urljoin(page.url, attribute(element, "action") or page.url)
        method = (attribute(element, "method") or "get").upper()
        if method == "GET":
            return self.get(action, query=values)
        return self.request(
            method,
            action,
            body=urlencode(values),
            content_type="application/x-www-form-urlencoded",
        )

    def follow_redirect(self, response: Response) -> Response:
        """GET where a redirect points."""
        assert response.status in (301, 302, 303, 307, 308), response.status
        return self.get(response.location_path)

    def login(
        self, username: str, password: str = DEFAULT_PASSWORD, *, next: str = ""
    ) -> Response:
        """Sign in through the login form; return the form's answer."""
        path = "/accounts/login/" + (f"?{urlencode({'next': next})}" if next else "")
        return self.submit(
            self.page(path),
            "form#login-form",
            {"username": username, "password": password},
        )

    def sign_in_as(
        self, username: str, *, is_staff: bool = False, is_superuser: bool = False
    ) -> None:
        """Create a user and sign in as them."""
        self.create_user(username, is_staff=is_staff, is_superuser=is_superuser)
        response = self.login(username)
        assert response.status == 302, (response.status, response.content[:500])

    def logout(self) -> Response:
        """Sign out with the logout button of the current page."""
        return self.submit(self.page("/products/"), "form#logout-form")

    # --- helpers built on public behaviour
    def token_for(self, username: str, password: str = DEFAULT_PASSWORD) -> str:
        """Sign in through the API and return the bearer token."""
        response = self.post(
            "/api/auth/token/", json={"username": username, "password": password}
        )
        assert response.status == 200, (response.status, response.content)
        return response.json()["token"]

    def user_with_token(self, username: str, *, is_staff: bool = False) -> str:
        """Create a user and return a token for it."""
        self.create_user(username, is_staff=is_staff)
        return self.token_for(username)

    def create_product(self, token: str, **fields: Any) -> dict[str, Any]:
        """Create a product through the API and return its JSON."""
        body = {"name": "Widget", "sku": unique_sku(), "price": "9.99", **fields}
        response = self.post("/api/products/", json=body, token=token)
        assert response.status == 201, (response.status, response.content)
        return response.json()

    def list_all(self, **query: Any) -> Iterator[dict[str, Any]]:
        """Yield every product of a listing, following `next` links."""
        response = self.get("/api/products/", query=query)
        while True:
            assert response.status == 200, (response.status, response.content)
            page = response.json()
            yield from page["results"]
            if page["next"] is None:
                return
            response = self.follow(page["next"])


def textarea_value(textarea: Tag) -> str:
    """Return a textarea's value: HTML drops one newline right after the tag."""
    text = textarea.get_text()
    return (
        text.removeprefix("\r\n")
        if text.startswith("\r\n")
        else text.removeprefix("\n")
    )


def attribute(tag: Tag, name: str, default: str = "") -> str:
    """Return an attribute of tag as one string (class-like ones come as lists)."""
    value = tag.get(name)
    if value is None:
        return default
    return value if isinstance(value, str) else " ".join(value)


def form_values(form: Tag) -> dict[str, str]:
    """Return the values a browser would send for a form as it stands."""
    values: dict[str, str] = {}
    for element in form.select("input[name], textarea[name], select[name]"):
        name = attribute(element, "name")
        kind = (attribute(element, "type") or "text").lower()
        if element.name == "textarea":
            values[name] = textarea_value(element)
        elif element.name == "select" and element.has_attr("multiple"):
            # A browser sends a multiple select's chosen options only (one kept here).
            if chosen := element.select_one("option[selected]"):
                values[name] = attribute(chosen, "value", chosen.get_text())
        elif element.name == "select":
            chosen = element.select_one("option[selected]") or element.select_one(
                "option"
            )
            values[name] = (
                attribute(chosen, "value", chosen.get_text()) if chosen else ""
            )
        elif kind in ("submit", "button", "reset", "image", "file"):
            continue
        elif kind in ("checkbox", "radio"):
            if element.has_attr("checked"):
                values[name] = attribute(element, "value", "on")
        else:
            values[name] = attribute(element, "value")
    return values


def _lower_keys(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def build_flask_app(config: Mapping[str, Any]) -> Flask:
    """Return the Flask app create_app() builds from config, its tables created."""
    from flask_app import create_app
    from flask_app.config import cache_config
    from flask_app.extensions import db

    config = dict(config)
    if redis_url := config.pop("REDIS_URL", None):
        # What REDIS_URL in the environment sets: the limit's and the cache's.
        config["RATELIMIT_STORAGE_URI"] = redis_url
        config.update(cache_config({"REDIS_URL": redis_url, "CACHE_TTL": "60"}))
    app = create_app(config)
    with app.app_context():
        db.create_all()
    return app


def empty_tables() -> None:
    """Delete every row of the app's tables, and restart their ids at 1.

    Run inside an app context. An empty database afterwards, as a new one would be:
    the ids too, since some tests read them (SQLite's AUTOINCREMENT keeps its
    counters in sqlite_sequence, PostgreSQL in its sequences).
    """
    from sqlalchemy import text

    from flask_app.extensions import db

    tables = db.metadata.sorted_tables
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(table.name for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        for table in reversed(tables):
            connection.execute(table.delete())
        counters = "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
        if connection.execute(text(counters)).first():
            connection.execute(text("DELETE FROM sqlite_sequence"))


def sign_in_limiter() -> Any:
    """Return the Flask app's limiter (flask_app.hardening), one per process."""
    from flask_app.hardening.sign_in_limit import limiter

    return limiter


class SharedFlaskApp:
    """One Flask app that a worker's tests take in turn, emptied after each test.

    Building the app costs more than most tests (create_app's URL map and extensions,
    create_all, each template's first compilation), so a worker builds it once, as
    Django is set up once per process, and empties it after each test: its tables
    (ids restarting at 1), its cache of reads and its sign-in failure counts, which
    is all a new app starts without. Tests with settings of their own
    (app_settings) still get an app of their own.
    """

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = dict(config)
        self.app: Flask | None = None
        self.limiter_storage: Any = None

    def get(self) -> Flask:
        """Return the app, built again if another app was built since."""
        if self.app is None or not self.is_current():
            self.close()
            self.app = build_flask_app(self.config)
            if self.app.config["HARDENING"]:
                self.limiter_storage = sign_in_limiter().storage
        return self.app

    def is_current(self) -> bool:
        """Tell whether the app's sign-in limit still counts in its own storage.

        The limiter is one object per process: each app bound to it (another test's
        create_app()) gives it a new storage, that every app then counts in.
        """
        assert self.app is not None
        if not self.app.config["HARDENING"]:
            return True
        return sign_in_limiter().storage is self.limiter_storage

    def empty(self) -> None:
        """Leave the app as a new one starts: no rows, no cached reads, no counts."""
        from flask_app.extensions import db

        assert self.app is not None
        with self.app.app_context():
            db.session.remove()
            empty_tables()
            for backend in self.app.extensions.get("cache", {}).values():
                backend.clear()
        if self.app.config["HARDENING"] and self.is_current():
            sign_in_limiter().reset()

    def close(self) -> None:
        """Dispose of the app's engine (and so of an in-memory SQLite database)."""
        from flask_app.extensions import db

        if self.app is not None:
            with self.app.app_context():
                db.session.remove()
                db.engine.dispose()
            self.app = None


class FlaskAdapter(AppAdapter):
    """The Flask app, through Flask's test client."""

    name = "flask"
    session_cookie_name = "session"
    csrf_field_name = "csrf_token"
    admin_urls = {
        "index": "/admin/",
        "product_list": "/admin/product/",
        "product_add": "/admin/product/new/",
        "user_list": "/admin/user/",
        "user_add": "/admin/user/new/",
        "user_change": "/admin/user/edit/?id={id}",
        "product_change": "/admin/product/edit/?id={id}",
    }

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        shared: SharedFlaskApp | None = None,
    ) -> None:
        """Drive a new app built from config, or the app a worker's tests share."""
        self.shared = shared
        self.app = shared.get() if shared else build_flask_app(config or {})
        self.hooks = FlaskHooks(self.app)
        self.hardened = self.app.config["HARDENING"]
        cached = self.app.config["CACHE_TYPE"] != "NullCache"
        self.server_cache = self.hardened and cached
        self.client = self.app.test_client()

    def close(self) -> None:
        if self.shared:
            self.shared.empty()
            return
        from flask_app.extensions import db

        with self.app.app_context():
            db.session.remove()
            if db.engine.dialect.name == "postgresql":
                # The schema stays for the next test; emptying it is much faster.
                empty_tables()
            db.engine.dispose()  # an in-memory SQLite database goes with it

    def _send(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> Response:
        content_type = headers.pop("Content-Type", None)
        result = self.client.open(
            path,
            method=method,
            data=body or None,
            content_type=content_type,
            headers=headers,
        )
        return Response(
            result.status_code,
            _lower_keys(result.headers),
            result.data,
            set_cookies=result.headers.getlist("Set-Cookie"),
        )

    def session_cookie(self) -> str | None:
        cookie = self.client.get_cookie(self.session_cookie_name)
        return cookie.value if cookie else None

    @contextmanager
    def count_queries(self) -> Iterator[list[str]]:
        from sqlalchemy import event

        from flask_app.extensions import db

        statements: list[str] = []

        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if is_query(statement):
                statements.append(statement)

        with self.app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    def set_session_cookie(self, value: str) -> None:
        self.client.set_cookie(self.session_cookie_name, value)

    def drop_session_cookie(self) -> None:
        self.client.delete_cookie(self.session_cookie_name)


def clear_django_cache() -> None:
    """Empty the Django app's cache, unless it is a Redis that is not there."""
    from django.core.cache import cache
    from redis.exceptions import RedisError

    # A test of the app without its Redis (a refused port) kept nothing there.
    with suppress(RedisError):
        cache.clear()


def as_if_committed() -> Any:
    """Run what the code inside registers with transaction.on_commit() at its end.

    The test's transaction never commits, so Django would drop those callbacks
    (the cache of reads is invalidated by one); each request and each hook runs as
    if its own transaction committed, as under a server.
    """
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


@cache
def shared_client_handler() -> Any:
    """Return the test client's handler, CSRF checks on, for the base settings."""
    from django.test.client import ClientHandler

    return ClientHandler(enforce_csrf_checks=True)


class CommittingHooks:
    """The Django hooks, each run as if its transaction committed."""

    def __init__(self, hooks: DjangoHooks) -> None:
        self._hooks = hooks

    def __getattr__(self, name: str) -> Any:
        hook = getattr(self._hooks, name)

        def run(*args: Any, **kwargs: Any) -> Any:
            with as_if_committed():
                return hook(*args, **kwargs)

        return run


class DjangoAdapter(AppAdapter):
    """The Django app, through Django's test client (inside the test transaction)."""

    name = "django"
    session_cookie_name = "sessionid"
    csrf_field_name = "csrfmiddlewaretoken"
    admin_urls = {
        "index": "/admin/",
        "product_list": "/admin/catalog/product/",
        "product_add": "/admin/catalog/product/add/",
        "user_list": "/admin/accounts/user/",
        "user_add": "/admin/accounts/user/add/",
        "user_change": "/admin/accounts/user/{id}/change/",
        "product_change": "/admin/catalog/product/{id}/change/",
    }

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        from django.conf import settings as django_settings
        from django.test import Client
        from django.test.utils import override_settings

        # Settings for this test only, undone by close().
        settings = dict(settings or {})
        if redis_url := settings.pop("REDIS_URL", None):
            # What REDIS_URL in the environment sets (config/settings.py).
            backend = "django.core.cache.backends.redis.RedisCache"
            settings["CACHES"] = {
                "default": {"BACKEND": backend, "LOCATION": redis_url}
            }
        self.overrides = override_settings(**settings)
        self.overrides.enable()
        self.hardened = django_settings.HARDENING
        self.server_cache = self.hardened and django_settings.CACHE_TTL > 0

        clear_django_cache()  # rate-limit counts and cached reads live in the cache
        # Django's test client skips CSRF checks unless told otherwise.
        self.client = Client(enforce_csrf_checks=True)
        if not settings:
            # The middleware a new client loads on its first request is the same for
            # every test on the same settings: load it once (WhiteNoise indexes
            # every static file when it starts).
            self.client.handler = shared_client_handler()
        self.hooks = CommittingHooks(DjangoHooks())

    def close(self) -> None:
        clear_django_cache()
        self.overrides.disable()

    def _send(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> Response:
        # Passed as CONTENT_TYPE so it survives an empty body; "" means no header.
        content_type = headers.pop("Content-Type", "")
        with as_if_committed():
            result = self.client.generic(
                method, path, data=body, headers=headers, CONTENT_TYPE=content_type
            )
        # Static files (WhiteNoise) come back as a streaming response: getvalue()
        # joins its chunks, and is the content of any other.
        content = result.getvalue()
        return Response(
            result.status_code,
            _lower_keys(result.headers),
            content,
            set_cookies=[morsel.OutputString() for morsel in result.cookies.values()],
        )

    def session_cookie(self) -> str | None:
        morsel = self.client.cookies.get(self.session_cookie_name)
        return morsel.value if morsel and morsel.value else None

    @contextmanager
    def count_queries(self) -> Iterator[list[str]]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        statements: list[str] = []
        with CaptureQueriesContext(connection) as captured:
            yield statements
        statements.extend(
            query["sql"]
            for query in captured.captured_queries
            if is_query(query["sql"])
        )

    def set_session_cookie(self, value: str) -> None:
        self.client.cookies[self.session_cookie_name] = value

    def drop_session_cookie(self) -> None:
        self.client.cookies.pop(self.session_cookie_name, None)
