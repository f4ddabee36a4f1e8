from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from catalog.models import Product


class Command(BaseCommand):
    help = "Say in one line what the catalogue holds, and how to start an empty one."

    def handle(self, *args: Any, **options: Any) -> None:
        products = Product.objects.count()
        accounts = get_user_model().objects.count()
        if accounts:
            self.stdout.write(f"Django: products {products}, accounts {accounts}.")
        else:
            self.stdout.write(
                f"Django: products {products}, no account yet: make "
                "superuser-django NAME=<you> creates the first one (a superuser), "
                "who adds the rest."
            )
