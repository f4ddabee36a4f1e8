"""The seeding hooks of a live app, run beside its server on the same database.

Started by tests/support/live.py as `python -m tests.support.live_hooks <app>` with
the server's environment; reads one JSON request a line on stdin, answers one JSON
line on stdout. The hooks are the ones the in-process adapters use (the app's own
create_user, its seed command), so a live run sets data up the same way.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any


def flush_rate_limits() -> None:
    """Forget every sign-in failure: the counts live in the server's Redis."""
    import redis

    # Without REDIS_URL the counts live in the server's own memory, out of reach.
    if url := os.environ.get("REDIS_URL"):
        redis.Redis.from_url(url).flushdb()


def flask_hooks() -> dict[str, Callable[..., Any]]:
    from sqlalchemy import select
    from sqlalchemy import update

    from flask_app import create_app
    from flask_app.accounts.models import User
    from flask_app.accounts.models import create_user
    from flask_app.api.models import ApiToken
    from flask_app.extensions import db

    app = create_app()
    app.app_context().push()

    def reset() -> None:
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        flush_rate_limits()

    def deactivate_user(username: str) -> None:
        db.session.execute(
            update(User).filter_by(username=username).values(is_active=False)
        )
        db.session.commit()

    def delete_user(username: str) -> None:
        db.session.delete(
            db.session.scalars(select(User).filter_by(username=username)).one()
        )
        db.session.commit()

    def run_seed(debug: bool) -> int:
        app.config["DEBUG"] = debug
        try:
            return app.test_cli_runner().invoke(args=["seed-demo"]).exit_code
        finally:
            app.config["DEBUG"] = False

    def stored_token_rows() -> list[list[str]]:
        rows = db.session.execute(select(ApiToken.__table__)).all()
        return [[str(value) for value in row] for row in rows]

    def new_user(username: str, password: str, **kwargs: Any) -> None:
        create_user(username, password, **kwargs)
        db.session.remove()

    return {
        "reset": reset,
        "create_user": new_user,
        "deactivate_user": deactivate_user,
        "delete_user": delete_user,
        "run_seed": run_seed,
        "stored_token_rows": stored_token_rows,
    }


def django_hooks() -> dict[str, Callable[..., Any]]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import connection
    from django.test.utils import override_settings

    from api.models import ApiToken

    user_model = get_user_model()

    def reset() -> None:
        call_command("flush", interactive=False, verbosity=0)
        cache.clear()
        flush_rate_limits()

    def run_seed(debug: bool) -> int:
        with override_settings(DEBUG=debug):
            try:
                call_command("seed_demo", verbosity=0)
            except CommandError:
                return 1
        return 0

    def stored_token_rows() -> list[list[str]]:
        table = connection.ops.quote_name(ApiToken._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a model's table
            return [[str(value) for value in row] for row in cursor.fetchall()]

    def create_user(username: str, password: str, **kwargs: Any) -> None:
        email = kwargs.pop("email", "")
        user_model.objects.create_user(username, email, password, **kwargs)

    return {
        "reset": reset,
        "create_user": create_user,
        "deactivate_user": lambda username: user_model.objects.filter(
            username=username
        ).update(is_active=False),
        "delete_user": lambda username: user_model.objects.get(
            username=username
        ).delete(),
        "run_seed": run_seed,
        "stored_token_rows": stored_token_rows,
    }


def main() -> None:
    # Answers go to the real stdout; whatever the app prints goes to stderr.
    protocol, sys.stdout = sys.stdout, sys.stderr
    hooks = flask_hooks() if sys.argv[1] == "flask" else django_hooks()
    print(json.dumps({"ready": True}), file=protocol, flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            result = hooks[request["op"]](*request["args"], **request["kwargs"])
            answer = {"ok": True, "result": result}
        except Exception as error:  # reported to the test, which fails with it
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), file=protocol, flush=True)


if __name__ == "__main__":
    main()
