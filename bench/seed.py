"""Seed a freshly migrated database through the app's own ORM.

    python -m bench.seed flask|django COUNT

Creates the user BENCH_USERNAME (password BENCH_PASSWORD) and COUNT products owned by
it. The rows are the same in both apps, timestamps included (whole seconds from a
fixed date), so the two databases hold identical products with ids 1 to COUNT.
Run it with the app's environment: DATABASE_URL, SECRET_KEY, PYTHONPATH.
"""

import argparse
import os
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from typing import Any

CREATED_FROM = datetime(2026, 1, 1, tzinfo=UTC)


def product_rows(count: int) -> Iterator[dict[str, Any]]:
    """Yield count products' fields, the same on every call."""
    for number in range(1, count + 1):
        created_at = CREATED_FROM + timedelta(seconds=number)
        yield {
            "name": f"Bench product {number:04d}",
            "sku": f"BENCH-{number:04d}",
            "description": f"Product number {number}, seeded for make bench.",
            "price": Decimal(number * 37 % 100_000) / 100,
            "stock": number % 50,
            "created_at": created_at,
            "updated_at": created_at,
        }


def seed_flask(username: str, password: str, count: int) -> None:
    from flask_app import create_app
    from flask_app.accounts.models import create_user
    from flask_app.catalog.models import Product
    from flask_app.extensions import db

    with create_app().app_context():
        owner = create_user(username, password)
        db.session.add_all(Product(owner=owner, **row) for row in product_rows(count))
        db.session.commit()


def seed_django(username: str, password: str, count: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from catalog.models import Product

    owner = get_user_model().objects.create_user(username, "", password)
    rows = list(product_rows(count))
    products = Product.objects.bulk_create(Product(owner=owner, **row) for row in rows)
    # auto_now_add and auto_now stamp the insert with the current time; bulk_update
    # leaves them alone, so it writes the fixed timestamps back.
    for product, row in zip(products, rows, strict=True):
        product.created_at = row["created_at"]
        product.updated_at = row["updated_at"]
    Product.objects.bulk_update(products, ["created_at", "updated_at"], batch_size=500)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", choices=["flask", "django"])
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    seed = seed_flask if args.app == "flask" else seed_django
    seed(os.environ["BENCH_USERNAME"], os.environ["BENCH_PASSWORD"], args.count)


if __name__ == "__main__":
    main()
