"""Never reuse a deleted product's or user's id on SQLite (AUTOINCREMENT).

Revision ID: 0008_sqlite_autoincrement
Revises: 0007_user_is_superuser
Create Date: 2026-12-07 06:00:00.000000

Written by hand: Alembic does not compare table options. Without AUTOINCREMENT, SQLite
gives a new row the highest rowid plus one, so deleting the newest product and adding
another handed out the same id again. Batch mode copies each table into one declared
INTEGER PRIMARY KEY AUTOINCREMENT, rows, constraints and indexes included. PostgreSQL's
sequences never hand an id out twice: nothing to do there.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0008_sqlite_autoincrement"
down_revision = "0007_user_is_superuser"
branch_labels = None
depends_on = None

TABLES = ["product", "users"]


def recreate(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table,
            recreate="always",
            table_kwargs={"sqlite_autoincrement": autoincrement},
        ):
            pass


def upgrade() -> None:
    recreate(autoincrement=True)


def downgrade() -> None:
    recreate(autoincrement=False)
