"""Redis away: no 500s; reads come from the database and the sign-in limit is off.

The contract (shared_spec/README.md, "Caching"; shared_spec/security.md, "Brute
force") fails open while Redis is unreachable: the cache of reads is bypassed, and
the sign-in limit counts nothing and refuses no one; both apps log why. Here each app
is given a REDIS_URL where nothing listens, a real refused connection.
`make test-scale` stops and restarts a real Redis under the running apps.
"""

from __future__ import annotations

import pytest

from tests.support.adapters import DEFAULT_PASSWORD
from tests.support.adapters import AppAdapter

# Nothing listens on port 9 (discard): every connection is refused at once.
pytestmark = pytest.mark.app_settings(REDIS_URL="redis://127.0.0.1:9/0")


def test_reads_and_writes_are_answered_from_the_database(
    app: AppAdapter, alice: str
) -> None:
    product = app.create_product(alice, name="Mug", sku="MUG-1", price="3")
    paths = ["/api/products/", f"/api/products/{product['id']}/", "/products/"]
    for path in paths:
        assert app.get(path).status == 200
    changed = app.patch(
        f"/api/products/{product['id']}/", json={"name": "Cup"}, token=alice
    )
    assert changed.status == 200
    for path in paths:
        answer = app.get(path)
        assert answer.status == 200
        assert "Cup" in answer.text and "Mug" not in answer.text
    assert app.get(f"/products/{product['id']}/").status == 200


def test_sign_ins_work_and_nobody_is_locked_out(app: AppAdapter) -> None:
    app.create_user("alice")
    for _ in range(7):
        refused = app.post(
            "/api/auth/token/",
            json={"username": "alice", "password": "wrong-password"},
        )
        assert refused.status == 401
    token = app.post(
        "/api/auth/token/", json={"username": "alice", "password": DEFAULT_PASSWORD}
    )
    assert token.status == 200
    for _ in range(6):
        assert app.login("alice", "wrong-password").status == 200
    assert app.login("alice").status == 302
