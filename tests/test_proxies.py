"""The client's address behind reverse proxies (shared_spec/README.md, "Proxies").

TRUSTED_PROXIES says how many proxies stand in front of the app, each appending the
address it got the request from to X-Forwarded-For; the client is the N-th address
from the right. The sign-in limit keys on that address, so clients behind one
balancer are told apart, and an address a client writes into X-Forwarded-For itself
never moves its count.
"""

from __future__ import annotations

import pytest

from tests.support.adapters import DEFAULT_PASSWORD
from tests.support.adapters import AppAdapter

TOKEN_URL = "/api/auth/token/"


def attempt(app: AppAdapter, password: str, forwarded_for: str | None = None):
    """Ask for alice's token, through a proxy that says who the client is."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return app.post(
        TOKEN_URL,
        json={"username": "alice", "password": password},
        headers=headers,
    )


@pytest.mark.hardening("proxies", "sign_in_limit")
def test_with_no_trusted_proxy_x_forwarded_for_never_moves_the_limit(
    app: AppAdapter,
) -> None:
    app.create_user("alice")
    for n in range(5):
        assert attempt(app, "wrong-password", f"198.51.100.{n}").status == 401
    # Every attempt came from the same socket: a new address here changes nothing.
    assert attempt(app, DEFAULT_PASSWORD, "198.51.100.99").status == 429
    assert attempt(app, DEFAULT_PASSWORD).status == 429


@pytest.mark.app_settings(TRUSTED_PROXIES=1)
@pytest.mark.hardening("proxies", "sign_in_limit")
def test_behind_one_proxy_the_limit_keys_on_the_client_it_names(
    app: AppAdapter,
) -> None:
    app.create_user("alice")
    for _ in range(5):
        assert attempt(app, "wrong-password", "203.0.113.5").status == 401
    assert attempt(app, DEFAULT_PASSWORD, "203.0.113.5").status == 429
    # Another client behind the same balancer is not locked out with it...
    assert attempt(app, DEFAULT_PASSWORD, "203.0.113.6").status == 200
    # ...and the locked one cannot escape by writing an address of its own, which
    # the proxy keeps to the left of the one it adds.
    assert attempt(app, DEFAULT_PASSWORD, "203.0.113.6, 203.0.113.5").status == 429
    assert attempt(app, DEFAULT_PASSWORD, "10.0.0.1,203.0.113.5").status == 429


@pytest.mark.app_settings(TRUSTED_PROXIES=2)
@pytest.mark.hardening("proxies", "sign_in_limit")
def test_behind_two_proxies_the_client_is_the_second_from_the_right(
    app: AppAdapter,
) -> None:
    app.create_user("alice")
    for _ in range(5):
        attempt(app, "wrong-password", "203.0.113.5, 10.0.0.7")
    assert attempt(app, DEFAULT_PASSWORD, "203.0.113.5, 10.0.0.8").status == 429
    assert attempt(app, DEFAULT_PASSWORD, "203.0.113.5, 10.0.0.7").status == 429
    assert attempt(app, DEFAULT_PASSWORD, "203.0.113.6, 10.0.0.7").status == 200
    # Fewer addresses than proxies: the socket's peer counts, as with none.
    assert attempt(app, DEFAULT_PASSWORD, "203.0.113.5").status == 200
