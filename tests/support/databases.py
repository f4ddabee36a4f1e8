"""The database the Flask app is tested on: in-memory SQLite, or PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import make_url


def postgres_url() -> str | None:
    """Return DATABASE_URL when it names a PostgreSQL server, else None."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql")) else None


@contextmanager
def scratch_postgres_database(url: str, suffix: str) -> Iterator[str]:
    """Create an empty database beside the one url names; drop it afterwards."""
    import psycopg
    from psycopg import sql

    parsed = make_url(url)
    name = f"{parsed.database or 'catalog'}_{suffix}"
    admin = parsed.set(drivername="postgresql", database="postgres")
    conninfo = admin.render_as_string(hide_password=False)

    def execute(statement: sql.Composed) -> None:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
        sql.Identifier(name)
    )
    execute(drop)
    execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield parsed.set(
            drivername="postgresql+psycopg", database=name
        ).render_as_string(hide_password=False)
    finally:
        execute(drop)
