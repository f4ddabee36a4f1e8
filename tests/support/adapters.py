"""Adapters: one interface to "the app under test", whichever framework serves it."""

from __future__ import annotations

import json as jsonlib
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from urllib.parse import urlencode
from urllib.parse import urlsplit

from tests.support.openapi import check_response

DEFAULT_PASSWORD = "correct-horse-battery"
_NO_BODY = object()


@dataclass
class Response:
    """What the app answered, in the same shape for both frameworks."""

    status: int
    headers: dict[str, str]
    content: bytes
    _json: Any = field(default=_NO_BODY, repr=False)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")

    def json(self) -> Any:
        if self._json is _NO_BODY:
            self._json = jsonlib.loads(self.content)
        return self._json

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class AppAdapter:
    """Drive one app through its HTTP interface plus a small seeding hook."""

    name: str

    # --- the framework-specific part -------------------------------------------------
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
        is_active: bool = True,
    ) -> None:
        """Create a user through the app's own user-creation service."""
        raise NotImplementedError

    def delete_user(self, username: str) -> None:
        """Delete a user the way the app's admin would."""
        raise NotImplementedError

    def deactivate_user(self, username: str) -> None:
        """Turn a user's `is_active` off, as staff would in the admin."""
        raise NotImplementedError

    def run_seed(self, *, debug: bool) -> int:
        """Run the app's demo-data command and return its exit code."""
        raise NotImplementedError

    # --- HTTP ------------------------------------------------------------------------
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
        sent_headers = dict(headers or {})
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
        if urlsplit(path).path.startswith("/api/"):
            check_response(
                method,
                urlsplit(path).path,
                response.status,
                response.headers,
                response.content,
                response.json,
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

    # --- helpers built on public behaviour -------------------------------------------
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
        body = {"name": "Widget", "price": "9.99", **fields}
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


def _lower_keys(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


class FlaskAdapter(AppAdapter):
    """The Flask app, through Flask's test client."""

    name = "flask"

    def __init__(self, config: Mapping[str, Any]) -> None:
        from flask_app import create_app
        from flask_app.extensions import db

        self.app = create_app(dict(config))
        with self.app.app_context():
            db.create_all()
        self.client = self.app.test_client()

    def close(self) -> None:
        from flask_app.extensions import db

        with self.app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()

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
        return Response(result.status_code, _lower_keys(result.headers), result.data)

    def create_user(
        self,
        username: str,
        password: str = DEFAULT_PASSWORD,
        *,
        email: str = "",
        is_staff: bool = False,
        is_active: bool = True,
    ) -> None:
        from flask_app.accounts.models import create_user

        with self.app.app_context():
            create_user(
                username,
                password,
                email=email,
                is_staff=is_staff,
                is_active=is_active,
            )

    def delete_user(self, username: str) -> None:
        from sqlalchemy import select

        from flask_app.accounts.models import User
        from flask_app.extensions import db

        with self.app.app_context():
            user = db.session.scalars(select(User).filter_by(username=username)).one()
            db.session.delete(user)
            db.session.commit()

    def deactivate_user(self, username: str) -> None:
        from sqlalchemy import update

        from flask_app.accounts.models import User
        from flask_app.extensions import db

        with self.app.app_context():
            db.session.execute(
                update(User).filter_by(username=username).values(is_active=False)
            )
            db.session.commit()

    def run_seed(self, *, debug: bool) -> int:
        previous = self.app.config["DEBUG"]
        self.app.config["DEBUG"] = debug
        try:
            # Inside an app context the runner uses this app, not a reloaded one.
            with self.app.app_context():
                result = self.app.test_cli_runner().invoke(args=["seed-demo"])
        finally:
            self.app.config["DEBUG"] = previous
        return result.exit_code


class DjangoAdapter(AppAdapter):
    """The Django app, through Django's test client (inside the test transaction)."""

    name = "django"

    def __init__(self) -> None:
        from django.core.cache import cache
        from django.test import Client

        cache.clear()  # rate-limit counts live in the cache
        self.client = Client()

    def close(self) -> None:
        from django.core.cache import cache

        cache.clear()

    def _send(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> Response:
        # Passed as CONTENT_TYPE so it survives an empty body; "" means no header.
        content_type = headers.pop("Content-Type", "")
        result = self.client.generic(
            method, path, data=body, headers=headers, CONTENT_TYPE=content_type
        )
        return Response(result.status_code, _lower_keys(result.headers), result.content)

    def create_user(
        self,
        username: str,
        password: str = DEFAULT_PASSWORD,
        *,
        email: str = "",
        is_staff: bool = False,
        is_active: bool = True,
    ) -> None:
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_user(
            username, email, password, is_staff=is_staff, is_active=is_active
        )

    def delete_user(self, username: str) -> None:
        from django.contrib.auth import get_user_model

        get_user_model().objects.get(username=username).delete()

    def deactivate_user(self, username: str) -> None:
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(username=username).update(is_active=False)

    def run_seed(self, *, debug: bool) -> int:
        from django.core.management import call_command
        from django.core.management.base import CommandError
        from django.test import override_settings

        with override_settings(DEBUG=debug):
            try:
                call_command("seed_demo", verbosity=0)
            except CommandError:
                return 1
        return 0
