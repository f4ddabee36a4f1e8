"""Framework-only checks: the migrations match the models and run both ways."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

PROJECT_APPS = ["accounts", "catalog", "api"]


@pytest.mark.django_db
def test_the_models_need_no_new_migration() -> None:
    # makemigrations --check exits non-zero when a model changed without one.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_migrations_unapply_to_zero_and_reapply() -> None:
    for app in reversed(PROJECT_APPS):
        call_command("migrate", app, "zero", verbosity=0)
    tables = connection.introspection.table_names()
    assert not {"accounts_user", "catalog_product", "api_apitoken"} & set(tables)

    call_command("migrate", verbosity=0)
    executor = MigrationExecutor(connection)
    assert not executor.migration_plan(executor.loader.graph.leaf_nodes())
