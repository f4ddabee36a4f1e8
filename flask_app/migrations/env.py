"""Alembic environment for Flask-Migrate: the app's engine and metadata."""

import logging
from collections.abc import Iterable
from logging.config import fileConfig

from alembic import context
from alembic.operations.ops import MigrationScript
from alembic.runtime.migration import MigrationContext
from flask import current_app
from sqlalchemy.exc import OperationalError

from flask_app.config import ConfigurationError

config = context.config
# Keep the loggers that already exist (the app's, pytest's) working.
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url",
    target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%"),
)


def run_migrations_offline() -> None:
    """Emit the migrations as SQL, without connecting to the database."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_db.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on a connection from the app's engine."""

    def process_revision_directives(
        migration_context: MigrationContext,
        revision: str | Iterable[str | None],
        directives: list[MigrationScript],
    ) -> None:
        # flask db migrate writes no empty revision when nothing changed.
        if getattr(config.cmd_opts, "autogenerate", False):
            upgrade_ops = directives[0].upgrade_ops
            if upgrade_ops is not None and upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    configure_args = current_app.extensions["migrate"].configure_args
    configure_args.setdefault(
        "process_revision_directives", process_revision_directives
    )

    try:
        connection = target_db.engine.connect()
    except OperationalError as error:
        # One line, the password hidden: which database, and why not.
        url = target_db.engine.url.render_as_string(hide_password=True)
        reason = str(error.orig).splitlines()[0]
        raise ConfigurationError(
            f"The database at {url} cannot be reached (DATABASE_URL): {reason}"
        ) from None
    with connection:
        if connection.dialect.name == "sqlite":
            # Batch mode copies a table, drops the old one and renames the copy:
            # with foreign keys on, dropping users would null every product's owner
            # (ON DELETE SET NULL).
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # so that Alembic begins the migrations' transaction
        context.configure(
            connection=connection,
            target_metadata=target_db.metadata,
            **configure_args,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
