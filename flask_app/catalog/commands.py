"""The seed-demo command, loading the shared demo users and products."""

import json
import os
from decimal import Decimal
from typing import Any

import click
from flask import current_app
from sqlalchemy import func
from sqlalchemy import select

from flask_app.accounts.models import User
from flask_app.accounts.models import create_user
from flask_app.catalog.models import Product
from flask_app.config import SHARED_SPEC_DIR
from flask_app.config import debug_enabled
from flask_app.extensions import db

FIXTURES_DIR = SHARED_SPEC_DIR / "fixtures"


def load_fixture(name: str) -> list[dict[str, Any]]:
    """Return the records of one JSON file in shared_spec/fixtures/."""
    with (FIXTURES_DIR / name).open(encoding="utf-8") as fixture:
        return json.load(fixture)


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo users and products, skipping those already present."""
    # The flask command resets app.debug from FLASK_DEBUG, so read DEBUG as well.
    if not (current_app.debug or debug_enabled(os.environ)):
        raise click.ClickException(
            "seed-demo only runs with DEBUG on: the demo accounts share a public "
            "password."
        )

    users: dict[str, User] = {}
    users_created = 0
    for record in load_fixture("demo_users.json"):
        user = db.session.scalar(select(User).filter_by(username=record["username"]))
        if user is None:
            user = create_user(
                record["username"],
                record["password"],
                email=record["email"],
                is_staff=record["is_staff"],
                is_superuser=record["is_superuser"],
            )
            users_created += 1
        users[user.username] = user

    products_created = 0
    for record in load_fixture("demo_products.json"):
        # Matched by sku, the natural key: a demo product someone renamed or edited
        # is left as it is, and never added a second time.
        exists = db.session.scalar(select(Product.id).filter_by(sku=record["sku"]))
        if exists is None:
            db.session.add(
                Product(
                    name=record["name"],
                    sku=record["sku"],
                    description=record["description"],
                    price=Decimal(record["price"]),
                    stock=record["stock"],
                    owner=users[record["owner"]],
                )
            )
            products_created += 1
    db.session.commit()

    click.echo(f"Created {users_created} users and {products_created} products.")


@click.command("catalog-status")
def catalog_status_command() -> None:
    """Say in one line what the catalogue holds, and how to start an empty one."""
    products = db.session.scalar(select(func.count()).select_from(Product))
    accounts = db.session.scalar(select(func.count()).select_from(User))
    if accounts:
        click.echo(f"Flask: products {products}, accounts {accounts}.")
    else:
        click.echo(
            f"Flask: products {products}, no account yet: make superuser-flask "
            "NAME=<you> creates the first one (a superuser), who adds the rest."
        )
