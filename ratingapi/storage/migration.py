"""Schema migrations, driven from code: there is no alembic.ini."""
import os

from alembic import command
from alembic import config
from alembic import script
from alembic.runtime import migration as runtime_migration

from ratingapi import storage

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), 'migrations')


def _config():
    cfg = config.Config()
    # Config values go through ConfigParser interpolation.
    cfg.set_main_option('script_location',
                        MIGRATIONS_DIR.replace('%', '%%'))
    return cfg


def head() -> str:
    """Return the newest revision id shipped with this code."""
    return script.ScriptDirectory.from_config(_config()).get_current_head()


def upgrade(url: str, revision: str = 'head') -> None:
    """Upgrade the database at ``url`` to ``revision``; a no-op if there."""
    cfg = _config()
    database = storage.Database(url)
    try:
        # migrations/env.py runs on this connection, in this transaction.
        with database.engine.begin() as connection:
            cfg.attributes['connection'] = connection
            command.upgrade(cfg, revision)
    finally:
        database.dispose()


def current(url: str) -> str | None:
    """Return the revision of the database at ``url``, None if unmigrated."""
    database = storage.Database(url)
    try:
        with database.engine.connect() as connection:
            context = runtime_migration.MigrationContext.configure(
                connection)
            return context.get_current_revision()
    finally:
        database.dispose()
