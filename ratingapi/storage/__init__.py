"""Storage: the database handle, models, and one module of queries per noun.

Storage never imports Flask and never raises HTTP errors; queries take a
``Session`` and return plain frozen dataclasses.
"""
from collections.abc import Iterator
import contextlib
import os

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy import orm

BACKENDS = ('sqlite', 'postgresql')
# The one driver per backend that ratingapi runs on: ingestion talks to
# it directly (executemany on sqlite3, COPY on psycopg 3), so another
# driver would fail on the first POST rather than here.
DRIVERS = {'sqlite': 'pysqlite', 'postgresql': 'psycopg'}

# Run on every new SQLite connection: WAL lets readers work during a write,
# busy_timeout makes concurrent writers wait instead of failing at once,
# and SQLite leaves foreign keys off unless asked.  Fewer checkpoints and
# a 64 MiB page cache speed up ingestion.  synchronous stays FULL: NORMAL
# would be faster still, but a power loss could then undo commits that
# were already acknowledged.
SQLITE_PRAGMAS = (
    'PRAGMA journal_mode=WAL',
    'PRAGMA busy_timeout=5000',
    'PRAGMA foreign_keys=ON',
    'PRAGMA wal_autocheckpoint=10000',
    'PRAGMA cache_size=-65536',
)


def _set_sqlite_pragmas(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


# Each backend's own insert(), the one that spells ON CONFLICT.
_INSERTS = {'sqlite': sqlite.insert, 'postgresql': postgresql.insert}


def dialect_of(executor) -> str:
    """Backend name of a Session or of a Connection (what reader() gives):
    query functions take either."""
    if isinstance(executor, sa.Connection):
        return executor.dialect.name
    return executor.get_bind().dialect.name


def insert_for(executor, table):
    """``INSERT`` into ``table`` in the executor's dialect, which can say
    ``ON CONFLICT`` (SQLAlchemy's generic insert() cannot)."""
    return _INSERTS[dialect_of(executor)](table)


class Database:
    """One database, reached through an engine owned by the current process.

    The WSGI app is imported by gunicorn's master and served by forked
    workers: pooled connections must never cross a fork, so the engine is
    created on first use and re-created whenever the process id changes.
    """

    def __init__(self, url: str):
        self.url = url
        self._sa_url = sa.engine.make_url(url)
        if self._sa_url.get_backend_name() not in BACKENDS:
            raise ValueError('unsupported database backend %r (use one of: '
                             '%s)' % (self._sa_url.get_backend_name(),
                                      ', '.join(BACKENDS)))
        backend = self._sa_url.get_backend_name()
        driver = DRIVERS[backend]
        if self._sa_url.drivername == backend:
            # A bare "postgresql://" would otherwise get psycopg2.
            self._sa_url = self._sa_url.set(
                drivername='%s+%s' % (backend, driver))
        elif self._sa_url.get_driver_name() != driver:
            raise ValueError('unsupported %s driver %r (use %s+%s, or '
                             'just %s)' % (backend,
                                           self._sa_url.get_driver_name(),
                                           backend, driver, backend))
        self._engine = None
        self._pid = None

    def __repr__(self):
        return '<Database %s>' % self._sa_url.render_as_string(
            hide_password=True)

    @property
    def backend(self) -> str:
        return self._sa_url.get_backend_name()

    @property
    def engine(self) -> sa.Engine:
        if self._engine is not None and self._pid != os.getpid():
            # Inherited from the parent: drop its pool without closing the
            # sockets, which still belong to the parent.
            self._engine.dispose(close=False)
            self._engine = None
        if self._engine is None:
            self._engine = self._create_engine()
            self._pid = os.getpid()
        return self._engine

    def _create_engine(self):
        if self.backend == 'sqlite':
            return self._create_sqlite_engine()
        return sa.create_engine(self._sa_url, pool_pre_ping=True)

    def _create_sqlite_engine(self):
        path = self._sa_url.database
        if path and path != ':memory:' and not path.startswith('file:'):
            directory = os.path.dirname(os.path.abspath(path))
            os.makedirs(directory, exist_ok=True)
        # Sessions may be used from another thread than the one that opened
        # the pooled connection (e.g. threaded gunicorn workers).
        engine = sa.create_engine(
            self._sa_url, connect_args={'check_same_thread': False})
        event.listen(engine, 'connect', _set_sqlite_pragmas)
        return engine

    @contextlib.contextmanager
    def session(self) -> Iterator[orm.Session]:
        """Yield a Session; commit when the block succeeds, else roll back."""
        # expire_on_commit=False: objects stay readable after the commit,
        # when queries turn them into dataclasses.
        with orm.Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextlib.contextmanager
    def reader(self) -> Iterator[sa.Connection]:
        """Yield a Core connection for read-only queries.

        A quarter of the cost of an ORM session per request (measured with
        bench/profile_layers.py); query functions take either, since both
        ``execute`` the same statements.  Nothing is committed.
        """
        with self.engine.connect() as connection:
            yield connection

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose(close=self._pid == os.getpid())
            self._engine = None
            self._pid = None
