"""The small seeding hook each app offers the suite, through the app's own code.

The in-process adapters call these directly; a live run calls the same ones in a
process beside the server (live_hooks.py), on the server's database.
"""

from __future__ import annotations

from typing import Any


class FlaskHooks:
    """Set data up in a Flask app's database, as its CLI and admin would."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def create_user(
        self,
        username: str,
        password: str,
        *,
        email: str = "",
        is_staff: bool = False,
        is_superuser: bool = False,
        is_active: bool = True,
    ) -> None:
        from flask_app.accounts.models import create_user

        with self.app.app_context():
            create_user(
                username,
                password,
                email=email,
                is_staff=is_staff,
                is_superuser=is_superuser,
                is_active=is_active,
            )

    def user_id(self, username: str) -> int:
        from sqlalchemy import select

        from flask_app.accounts.models import User
        from flask_app.extensions import db

        with self.app.app_context():
            return db.session.scalars(
                select(User.id).filter_by(username=username)
            ).one()

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

    def run_seed(self, debug: bool) -> int:
        """Run the seed-demo command with DEBUG as given; return its exit code."""
        previous = self.app.config["DEBUG"]
        self.app.config["DEBUG"] = debug
        try:
            # Inside an app context the runner uses this app, not a reloaded one.
            with self.app.app_context():
                result = self.app.test_cli_runner().invoke(args=["seed-demo"])
        finally:
            self.app.config["DEBUG"] = previous
        return result.exit_code

    def stored_token_rows(self) -> list[tuple[str, ...]]:
        from sqlalchemy import select

        from flask_app.api.models import ApiToken
        from flask_app.extensions import db

        with self.app.app_context():
            rows = db.session.execute(select(ApiToken.__table__)).all()
        return [tuple(str(value) for value in row) for row in rows]

    def reset(self) -> None:
        """Empty every table the models own (the migration history stays)."""
        from flask_app.extensions import db

        with self.app.app_context():
            db.session.remove()
            with db.engine.begin() as connection:
                for table in reversed(db.metadata.sorted_tables):
                    connection.execute(table.delete())


class DjangoHooks:
    """Set data up in the Django app's database, as its commands and admin would."""

    def create_user(
        self,
        username: str,
        password: str,
        *,
        email: str = "",
        is_staff: bool = False,
        is_superuser: bool = False,
        is_active: bool = True,
    ) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from accounts.models import STAFF_GROUP

        user = get_user_model().objects.create_user(
            username,
            email,
            password,
            is_staff=is_staff,
            is_superuser=is_superuser,
            is_active=is_active,
        )
        if is_staff:
            # Staff manage products through the Staff group's permissions, as the
            # create_user command gives them (accounts/migrations/0002).
            user.groups.add(Group.objects.get(name=STAFF_GROUP))

    def user_id(self, username: str) -> int:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(username=username).pk

    def delete_user(self, username: str) -> None:
        from django.contrib.auth import get_user_model

        get_user_model().objects.get(username=username).delete()

    def deactivate_user(self, username: str) -> None:
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(username=username).update(is_active=False)

    def run_seed(self, debug: bool) -> int:
        """Run the seed_demo command with DEBUG as given; return its exit code."""
        from django.core.management import call_command
        from django.core.management.base import CommandError
        from django.test.utils import override_settings

        with override_settings(DEBUG=debug):
            try:
                call_command("seed_demo", verbosity=0)
            except CommandError:
                return 1
        return 0

    def stored_token_rows(self) -> list[tuple[str, ...]]:
        from django.db import connection

        from api.models import ApiToken

        table = connection.ops.quote_name(ApiToken._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a model's table
            rows = cursor.fetchall()
        return [tuple(str(value) for value in row) for row in rows]

    def reset(self) -> None:
        """Empty every table (flush), and the cache that holds rate-limit counts."""
        from django.core.cache import cache
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
        # flush empties auth_group too: the data migration makes the Staff group again.
        call_command("migrate", "accounts", "0001", verbosity=0)
        call_command("migrate", "accounts", verbosity=0)
        cache.clear()
