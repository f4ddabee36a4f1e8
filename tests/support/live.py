"""The shared suite over real HTTP: an adapter for an app served by gunicorn."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support.adapters import AppAdapter
from tests.support.adapters import DjangoAdapter
from tests.support.adapters import FlaskAdapter
from tests.support.adapters import Response
from tests.support.adapters import _lower_keys
from tests.support.databases import postgres_url
from tests.support.databases import scratch_postgres_database
from tests.support.servers import ROOT
from tests.support.servers import live_server

REDIS = "redis://127.0.0.1:6379"


class Hooks:
    """The app's seeding hooks, in a process beside the server (live_hooks.py)."""

    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own module
            [sys.executable, "-m", "tests.support.live_hooks", name],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdin and self.process.stdout and self.process.stderr
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        if not self.stdout.readline():
            error = self.process.stderr.read().strip().splitlines()[-1:]
            raise RuntimeError(f"the {name} hooks did not start: {error}")

    def call(self, op: str, *args: Any, **kwargs: Any) -> Any:
        request = {"op": op, "args": args, "kwargs": kwargs}
        self.stdin.write(json.dumps(request) + "\n")
        self.stdin.flush()
        answer = json.loads(self.stdout.readline())
        if not answer["ok"]:
            raise RuntimeError(f"hook {op} failed: {answer['error']}")
        return answer["result"]

    def __getattr__(self, op: str) -> Any:
        """Offer each hook as a method, like tests/support/hooks.py's classes."""
        if op.startswith("_"):
            raise AttributeError(op)
        return lambda *args, **kwargs: self.call(op, *args, **kwargs)

    def close(self) -> None:
        self.stdin.close()
        self.process.wait(timeout=10)


class LiveAdapter(AppAdapter):
    """An app behind a real server, over HTTP, with a cookie jar of its own."""

    def __init__(self, name: str, base_url: str, hooks: Hooks) -> None:
        twin = FlaskAdapter if name == "flask" else DjangoAdapter
        self.name = name
        self.session_cookie_name = twin.session_cookie_name
        self.csrf_field_name = twin.csrf_field_name
        self.admin_urls = twin.admin_urls
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.hooks = hooks
        self.cookies: dict[str, str] = {}
        hooks.call("reset")

    def close(self) -> None:
        self.cookies.clear()

    @contextmanager
    def count_queries(self) -> Iterator[list[str]]:
        pytest.skip("queries are counted in-process, where the test sees the ORM")
        yield []

    def _send(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> Response:
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        set_cookies = answer.headers.get_all("Set-Cookie") or []
        for cookie in set_cookies:
            self._remember(cookie)
        return Response(
            answer.status, _lower_keys(answer.headers), content, set_cookies=set_cookies
        )

    def _remember(self, set_cookie: str) -> None:
        """Keep a cookie as a test client does, Secure or not: tests run on HTTP."""
        pair, *attributes = set_cookie.split(";")
        name, _, value = pair.strip().partition("=")
        expired = any(a.strip().lower() == "max-age=0" for a in attributes)
        if expired or value in ("", '""'):
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def session_cookie(self) -> str | None:
        return self.cookies.get(self.session_cookie_name)

    def set_session_cookie(self, value: str) -> None:
        self.cookies[self.session_cookie_name] = value

    def drop_session_cookie(self) -> None:
        self.cookies.pop(self.session_cookie_name, None)


class LiveApps(ExitStack):
    """The live apps of one test session (one pytest-xdist worker): server and hooks."""

    def __init__(self, base_urls: dict[str, str], workdir: Path, worker: int) -> None:
        super().__init__()
        self.base_urls, self.workdir, self.worker = base_urls, workdir, worker
        self.started: dict[str, tuple[str, Hooks] | Exception] = {}

    def get(self, name: str) -> tuple[str, Hooks]:
        """Return the base URL and hooks of one app, starting it if need be."""
        if name not in self.started:
            try:
                self.started[name] = (
                    self._attach(name) if self.base_urls else self._start(name)
                )
            except Exception as error:
                self.started[name] = error  # fail every test at once, not slowly
        started = self.started[name]
        if isinstance(started, Exception):
            raise started
        return started

    def _attach(self, name: str) -> tuple[str, Hooks]:
        if name not in self.base_urls:
            pytest.skip(f"no --base-url for the {name} app")
        env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'django_app'}",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        # Each app's own database when two run side by side (make test-scale).
        if url := os.environ.get(f"{name.upper()}_DATABASE_URL"):
            env["DATABASE_URL"] = url
        hooks = Hooks(name, env)
        self.callback(hooks.close)
        return self.base_urls[name], hooks

    def _start(self, name: str) -> tuple[str, Hooks]:
        import redis

        # Rate-limit counts must be shared by the workers and emptied between tests.
        index = 10 + 2 * self.worker + (name == "django")
        redis_url = f"{REDIS}/{index}"
        try:
            redis.Redis.from_url(redis_url).ping()
        except redis.RedisError as error:
            pytest.fail(f"live mode needs Redis at {REDIS} ({error})")
        database_url = None
        if server := postgres_url():
            database_url = self.enter_context(
                scratch_postgres_database(server, f"{name}_live_{self.worker}")
            ).replace("postgresql+psycopg://", "postgresql://")
        server_ = self.enter_context(
            live_server(
                name,
                self.workdir,
                database_url=database_url,
                redis_url=redis_url,
            )
        )
        hooks = Hooks(name, server_.env)
        self.callback(hooks.close)
        return server_.base_url, hooks
