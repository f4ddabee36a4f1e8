"""The seeding hooks of a live app, run beside its server on the same database.

Started by tests/support/live.py as `python -m tests.support.live_hooks <app>` with
the server's environment; reads one JSON request a line on stdin, answers one JSON
line on stdout. It serves the same hooks the in-process adapters call
(tests/support/hooks.py), so a live run sets data up the same way.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from tests.support.hooks import DjangoHooks
from tests.support.hooks import FlaskHooks


def flush_rate_limits() -> None:
    """Forget every sign-in failure: the counts live in the server's Redis."""
    import redis

    # Without REDIS_URL the counts live in the server's own memory, out of reach.
    if url := os.environ.get("REDIS_URL"):
        redis.Redis.from_url(url).flushdb()


def load_hooks(name: str) -> Any:
    """Return the app's hooks, bound to the database the environment names."""
    if name == "flask":
        from flask_app import create_app

        return FlaskHooks(create_app())
    import django

    django.setup()
    return DjangoHooks()


def main() -> None:
    # Answers go to the real stdout; whatever the app prints goes to stderr.
    protocol, sys.stdout = sys.stdout, sys.stderr
    hooks = load_hooks(sys.argv[1])
    print(json.dumps({"ready": True}), file=protocol, flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            result = getattr(hooks, request["op"])(
                *request["args"], **request["kwargs"]
            )
            if request["op"] == "reset":
                flush_rate_limits()
            answer = {"ok": True, "result": result}
        except Exception as error:  # reported to the test, which fails with it
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), file=protocol, flush=True)


if __name__ == "__main__":
    main()
