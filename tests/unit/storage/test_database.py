import datetime
import os

import pytest
import sqlalchemy as sa

from ratingapi import storage
from ratingapi.storage import models


@pytest.fixture
def database(database_url):
    database = storage.Database(database_url)
    yield database
    database.dispose()


def _count_modules(database):
    with database.session() as session:
        return session.scalar(
            sa.select(sa.func.count()).select_from(models.ModuleState))


def _new_module(module_id):
    return models.ModuleState(
        module_id=module_id, enabled=True, priority=1,
        updated_at=datetime.datetime.now(datetime.timezone.utc))


# Explicit ids: gabbi's pytest plugin takes any test id containing ':' (as
# a URL would) for one of its own.
@pytest.mark.parametrize('url, backend', [
    pytest.param('sqlite:////var/lib/ratingapi/ratingapi.sqlite', 'sqlite',
                 id='sqlite-file'),
    pytest.param('sqlite://', 'sqlite', id='sqlite-memory'),
    pytest.param('postgresql://rating:pw@db.example.com/rating',
                 'postgresql', id='postgresql'),
    pytest.param('postgresql+psycopg://rating:pw@db.example.com/rating',
                 'postgresql', id='postgresql-psycopg'),
])
def test_backend(url, backend):
    database = storage.Database(url)
    assert database.url == url
    assert database.backend == backend


def test_unsupported_backend():
    with pytest.raises(ValueError, match="unsupported database backend"):
        storage.Database('mysql://rating:pw@db.example.com/rating')


@pytest.mark.parametrize('url', [
    'postgresql+psycopg2://u:p@h/d', 'postgresql+pg8000://u:p@h/d',
    'sqlite+aiosqlite:///x.sqlite',
])
def test_other_drivers_are_refused(url):
    # Ingestion uses psycopg's COPY and sqlite3's executemany directly.
    with pytest.raises(ValueError, match='unsupported .* driver'):
        storage.Database(url)


@pytest.mark.parametrize('url, driver', [
    ('sqlite:///x.sqlite', 'pysqlite'),
    ('sqlite+pysqlite:///x.sqlite', 'pysqlite'),
    ('postgresql+psycopg://u:p@h/d', 'psycopg'),
])
def test_the_shipped_drivers_are_accepted(url, driver):
    assert storage.Database(url)._sa_url.get_driver_name() == driver


def test_repr_hides_password():
    database = storage.Database('postgresql://rating:s3cret@db/rating')
    assert 's3cret' not in repr(database)


def test_postgresql_uses_psycopg():
    database = storage.Database('postgresql://rating:pw@db/rating')
    assert database.engine.dialect.driver == 'psycopg'


def test_engine_is_lazy_and_reused(database):
    assert database._engine is None
    assert database.engine is database.engine


def _dbapi_connection(session):
    return session.connection().connection.dbapi_connection


def test_engine_recreated_after_pid_change(database, monkeypatch):
    parent_engine = database.engine
    monkeypatch.setattr(os, 'getpid', lambda: -1)
    child_engine = database.engine
    assert child_engine is not parent_engine
    assert database.engine is child_engine
    with database.session() as session:
        assert session.scalar(sa.text('SELECT 1')) == 1
    # Still "in the child": close the connections this engine opened.
    database.dispose()


def test_engine_in_forked_child(database):
    with database.session() as session:
        parent_connection = _dbapi_connection(session)
    parent_engine = database.engine
    pid = os.fork()
    if pid == 0:
        # Child: report through the exit status, never return to pytest.
        try:
            with database.session() as session:
                child_connection = _dbapi_connection(session)
            fresh = (database.engine is not parent_engine
                     and child_connection is not parent_connection)
            os._exit(0 if fresh else 2)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # The parent still uses its own connection: the child neither used nor
    # closed it (a closed one would have been replaced by pre-ping).
    assert database.engine is parent_engine
    with database.session() as session:
        assert _dbapi_connection(session) is parent_connection
        assert session.scalar(sa.text('SELECT 1')) == 1


def test_sqlite_creates_parent_directory(tmp_path):
    path = tmp_path / 'state' / 'ratingapi' / 'ratingapi.sqlite'
    database = storage.Database('sqlite:///%s' % path)
    with database.session() as session:
        session.execute(sa.text('SELECT 1'))
    database.dispose()
    assert path.is_file()


def test_sqlite_pragmas(tmp_path):
    database = storage.Database('sqlite:///%s' % (tmp_path / 'r.sqlite'))
    with database.engine.connect() as connection:
        def pragma(name):
            return connection.exec_driver_sql('PRAGMA %s' % name).scalar()
        assert pragma('journal_mode') == 'wal'
        assert pragma('busy_timeout') == 5000
        assert pragma('foreign_keys') == 1
    database.dispose()


def test_session_commits(database):
    models.Base.metadata.create_all(database.engine)
    with database.session() as session:
        session.add(_new_module('hashmap'))
    assert _count_modules(database) == 1


def test_session_rolls_back_on_error(database):
    models.Base.metadata.create_all(database.engine)
    with pytest.raises(RuntimeError):
        with database.session() as session:
            session.add(_new_module('hashmap'))
            session.flush()
            raise RuntimeError('boom')
    assert _count_modules(database) == 0


def test_dispose_then_reuse(database):
    engine = database.engine
    database.dispose()
    database.dispose()
    assert database.engine is not engine
    with database.session() as session:
        assert session.scalar(sa.text('SELECT 1')) == 1
