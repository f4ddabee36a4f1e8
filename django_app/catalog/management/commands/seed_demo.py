import json
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import transaction

from accounts.models import STAFF_GROUP
from catalog.models import Product


class Command(BaseCommand):
    help = "Load the demo users and products (development only, idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo loads known passwords; run it with DEBUG=1.")
        fixtures = settings.SHARED_SPEC_DIR / "fixtures"
        users = json.loads((fixtures / "demo_users.json").read_text("utf-8"))
        products = json.loads((fixtures / "demo_products.json").read_text("utf-8"))
        User = get_user_model()
        created_users = created_products = 0
        owners = {}
        staff = Group.objects.get(name=STAFF_GROUP)
        with transaction.atomic():
            for entry in users:
                user = User.objects.filter(username=entry["username"]).first()
                if user is None:
                    user = User.objects.create_user(
                        entry["username"],
                        entry["email"],
                        entry["password"],
                        is_staff=entry["is_staff"],
                        is_superuser=entry["is_superuser"],
                    )
                    if user.is_staff:
                        user.groups.add(staff)
                    created_users += 1
                owners[user.username] = user
            for entry in products:
                # Matched by sku, the natural key: a demo product someone renamed
                # or edited is left as it is, and never added a second time.
                _, created = Product.objects.get_or_create(
                    sku=entry["sku"],
                    defaults={
                        "owner": owners[entry["owner"]],
                        "name": entry["name"],
                        "description": entry["description"],
                        "price": entry["price"],
                        "stock": entry["stock"],
                    },
                )
                created_products += created
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created_users} users and {created_products} products."
            )
        )
