"""Framework-only checks: the migrations match the models and run both ways.

They run on the database DATABASE_URL names: SQLite by default; on PostgreSQL,
pytest-django creates a scratch test_<name> database and drops it at the end.
"""

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.db import connection
from django.db import transaction
from django.db.migrations import Migration
from django.db.migrations.executor import MigrationExecutor

PROJECT_APPS = ["accounts", "catalog", "api"]
PROJECT_TABLES = {"accounts_user", "catalog_product", "api_apitoken"}
# The last migration before sku arrived (0003 adds it, 0004 fills it, 0005 locks it).
BEFORE_SKU = ("catalog", "0002_alter_product_price_alter_product_stock")


@pytest.fixture
def migrate_fully_afterwards() -> Iterator[None]:
    """Apply every migration after the test, wherever the test left the database."""
    yield
    # The tests after this one expect the tables the models describe.
    call_command("migrate", verbosity=0)


def migrate_to_zero() -> None:
    """Unapply every migration of the project's apps."""
    for app in reversed(PROJECT_APPS):
        call_command("migrate", app, "zero", verbosity=0)


def unapplied_migrations() -> list[tuple[Migration, bool]]:
    """Return the migrations a plain `migrate` would still apply."""
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_the_models_need_no_new_migration() -> None:
    # makemigrations --check exits non-zero when a model changed without one.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrate_fully_afterwards")
def test_migrations_go_from_empty_to_latest_to_zero_and_back() -> None:
    """Migrate an empty database to the latest migrations, to zero, and back."""
    migrate_to_zero()
    assert not PROJECT_TABLES & set(connection.introspection.table_names())

    call_command("migrate", verbosity=0)
    assert not unapplied_migrations()

    migrate_to_zero()
    assert not PROJECT_TABLES & set(connection.introspection.table_names())

    call_command("migrate", verbosity=0)
    assert not unapplied_migrations()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrate_fully_afterwards")
def test_products_from_before_sku_are_kept_and_backfilled() -> None:
    """Backfill sku on products from before it, keep every row, refuse duplicates."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_SKU])
    # The models as they stood then: catalog.models already has sku.
    old_apps = executor.loader.project_state([BEFORE_SKU]).apps
    User = old_apps.get_model("accounts", "User")
    Product = old_apps.get_model("catalog", "Product")
    alice = User.objects.create(username="alice")
    bob = User.objects.create(username="bob")
    Product.objects.create(id=1, name="Mug", price="12.50", stock=3, owner=alice)
    Product.objects.create(id=2, name="Kettle", price="54.90", owner=bob)
    Product.objects.create(id=42, name="Dripper", price="0", owner=None)
    columns = ["id", "name", "description", "price", "stock", "owner__username"]
    columns += ["created_at", "updated_at"]
    rows_before = list(Product.objects.order_by("id").values_list(*columns))

    executor.loader.build_graph()  # reread which migrations are applied
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)

    Product = executor.loader.project_state(latest).apps.get_model("catalog", "Product")
    products = Product.objects.order_by("id")
    assert list(products.values_list(*columns)) == rows_before
    assert list(products.values_list("sku", flat=True)) == [
        "SKU-000001",
        "SKU-000002",
        "SKU-000042",
    ]
    # Straight to the database, past any check in Python: the constraints refuse.
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(id=2).update(sku="SKU-000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(id=2).update(sku=None)
    assert Product.objects.get(id=2).sku == "SKU-000002"

    executor.loader.build_graph()
    executor.migrate([BEFORE_SKU])  # and back: the rows outlive sku's removal
    Product = old_apps.get_model("catalog", "Product")
    assert list(Product.objects.order_by("id").values_list(*columns)) == rows_before
