import os

from alembic import autogenerate
from alembic.runtime import migration as runtime_migration
import sqlalchemy as sa

from ratingapi import storage
from ratingapi.storage import migration
from ratingapi.storage import models
from ratingapi.storage import modules


def _inspect(url, check):
    database = storage.Database(url)
    try:
        with database.engine.connect() as connection:
            return check(connection)
    finally:
        database.dispose()


def _tables(connection):
    return set(sa.inspect(connection).get_table_names())


def _schema_diff(connection):
    context = runtime_migration.MigrationContext.configure(
        connection, opts={'compare_type': True})
    return autogenerate.compare_metadata(context, models.Base.metadata)


def test_head_is_a_shipped_revision():
    head = migration.head()
    versions = os.listdir(os.path.join(migration.MIGRATIONS_DIR, 'versions'))
    assert any(name.startswith(head + '_') for name in versions)


def test_current_before_migration(database_url):
    assert migration.current(database_url) is None


def test_upgrade_to_head(database_url):
    migration.upgrade(database_url)
    assert migration.current(database_url) == migration.head()
    assert {'alembic_version', 'rating_modules'} <= _inspect(
        database_url, _tables)


def test_upgrade_is_idempotent(database_url):
    migration.upgrade(database_url)
    database = storage.Database(database_url)
    with database.session() as session:
        modules.set(session, 'hashmap', enabled=True, default_enabled=False,
                    default_priority=1)
    migration.upgrade(database_url)
    assert migration.current(database_url) == migration.head()
    with database.session() as session:
        assert modules.get(session, 'hashmap').enabled is True
    database.dispose()


def test_migrations_match_models(database_url):
    migration.upgrade(database_url)
    assert _inspect(database_url, _schema_diff) == []


def test_constraints_follow_naming_convention(database_url):
    migration.upgrade(database_url)
    primary_key = _inspect(database_url, lambda connection: sa.inspect(
        connection).get_pk_constraint('rating_modules'))
    assert primary_key['constrained_columns'] == ['module_id']
    if database_url.startswith('postgresql'):
        # SQLite does not keep primary key names.
        assert primary_key['name'] == 'pk_rating_modules'


def test_points_stored_before_0004_get_their_begin_day(database_url):
    # 0004 adds begin_day, computed by the database: points already
    # stored get it too (SQLite computes it on read, PostgreSQL rewrites
    # the table), and the rebuilt "by scope" index finds them.
    migration.upgrade(database_url, '0003')
    database = storage.Database(database_url)
    try:
        with database.engine.begin() as connection:
            for begin in (-86401, 0, 1767225600):
                connection.execute(sa.text(
                    'INSERT INTO rated_points ("begin", "end", type, unit, '
                    'qty_units, qty_nanos, price_units, price_nanos, '
                    'groupby, metadata, scope_id) VALUES (:b, :b + 3600, '
                    "'cpu', 'u', 1, 0, 0, 0, '{}', '{}', 'p1')"),
                    {'b': begin})
        migration.upgrade(database_url)
        with database.engine.connect() as connection:
            stored = connection.execute(sa.text(
                'SELECT "begin", begin_day FROM rated_points '
                "WHERE scope_id = 'p1' AND begin_day >= -1 "
                'ORDER BY "begin"')).all()
    finally:
        database.dispose()
    assert [tuple(row) for row in stored] == [
        (-86401, -1), (0, 0), (1767225600, 20454)]
