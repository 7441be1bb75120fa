"""Alembic environment, run by ratingapi.storage.migration.

The caller passes an open connection in ``config.attributes``; offline
(SQL script) mode is not offered.
"""
from alembic import context

from ratingapi.storage import models


def run_migrations(connection):
    context.configure(
        connection=connection,
        target_metadata=models.Base.metadata,
        # SQLite cannot ALTER most things: rebuild tables in batch mode.
        render_as_batch=connection.dialect.name == 'sqlite',
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError('offline migrations are not supported')
run_migrations(context.config.attributes['connection'])
