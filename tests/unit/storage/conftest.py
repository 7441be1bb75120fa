"""Storage fixtures: every storage test runs on SQLite and on PostgreSQL."""
import os

import pytest
import sqlalchemy as sa

from ratingapi import storage
from ratingapi.storage import migration

POSTGRESQL_URL_ENV = 'RATINGAPI_TEST_POSTGRESQL_URL'


def _drop_all_tables(url):
    # Reflection sees every table, alembic_version included, so each test
    # starts from the database an operator would first migrate.
    database = storage.Database(url)
    try:
        with database.engine.begin() as connection:
            metadata = sa.MetaData()
            metadata.reflect(connection)
            metadata.drop_all(connection)
    finally:
        database.dispose()


@pytest.fixture(params=['sqlite', 'postgresql'])
def database_url(request, tmp_path):
    """URL of an empty database: a fresh SQLite file, or PostgreSQL."""
    if request.param == 'sqlite':
        yield 'sqlite:///%s' % (tmp_path / 'ratingapi.sqlite')
        return
    url = os.environ.get(POSTGRESQL_URL_ENV)
    if not url:
        pytest.skip('%s not set: PostgreSQL storage tests skipped'
                    % POSTGRESQL_URL_ENV)
    _drop_all_tables(url)
    yield url
    _drop_all_tables(url)


@pytest.fixture
def database(database_url):
    """A migrated database at database_url (test_database.py has its own)."""
    migration.upgrade(database_url)
    database = storage.Database(database_url)
    yield database
    database.dispose()
