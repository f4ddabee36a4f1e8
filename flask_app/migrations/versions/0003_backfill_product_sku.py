"""Backfill every product's sku with SKU- and its id on six digits.

Revision ID: 0003_backfill_product_sku
Revises: 0002_product_sku
Create Date: 2026-11-21 23:43:39.499162

A data migration, written by hand after `flask db revision`. It describes the table
with sa.table() as it is at this revision, never with the app's models, which follow
the latest schema. Downgrading empties the column again.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003_backfill_product_sku"
down_revision = "0002_product_sku"
branch_labels = None
depends_on = None

product = sa.table(
    "product",
    sa.column("id", sa.Integer()),
    sa.column("sku", sa.String(length=32)),
)


def upgrade() -> None:
    connection = op.get_bind()
    ids = connection.scalars(sa.select(product.c.id)).all()
    if ids:
        # One UPDATE sent with every id's parameters (executemany).
        connection.execute(
            product.update()
            .where(product.c.id == sa.bindparam("product_id"))
            .values(sku=sa.bindparam("new_sku")),
            [{"product_id": id_, "new_sku": f"SKU-{id_:06d}"} for id_ in ids],
        )


def downgrade() -> None:
    op.execute(product.update().values(sku=None))
