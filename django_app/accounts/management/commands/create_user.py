from argparse import ArgumentParser
from getpass import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from accounts.models import STAFF_GROUP


class Command(BaseCommand):
    help = "Create a user; the password is prompted for unless --password is given."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--password", help="skip the prompt (visible to ps)")
        parser.add_argument("--email", default="")
        parser.add_argument("--staff", action="store_true", help="make a staff user")
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="a staff user who also manages the users",
        )

    def handle(
        self,
        *args: Any,
        username: str,
        password: str | None,
        email: str,
        staff: bool,
        superuser: bool,
        **options: Any,
    ) -> None:
        if password is None:
            password = getpass("Password: ")
        if not password:
            raise CommandError("The password must not be empty.")
        user = get_user_model()(
            username=username,
            email=email,
            is_staff=staff or superuser,
            is_superuser=superuser,
        )
        user.set_password(password)
        try:
            user.full_clean()
        except ValidationError as exc:
            raise CommandError(
                "\n".join(
                    f"{field}: {' '.join(errors)}"
                    for field, errors in exc.message_dict.items()
                )
            ) from None
        user.save()
        if user.is_staff:
            user.groups.add(Group.objects.get(name=STAFF_GROUP))
        kind = "superuser" if superuser else "staff user" if staff else "user"
        self.stdout.write(self.style.SUCCESS(f"Created {kind} {username}."))
