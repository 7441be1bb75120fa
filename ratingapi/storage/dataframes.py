"""Queries for rated data points: store frames of them, list them by page.

A point is stored exactly as it was sent: two identical points are two
rows, and the values of ``groupby`` and ``metadata`` keep their JSON type
(see :mod:`ratingapi.storage.points` for their text and how points are
selected).
"""
import dataclasses
import datetime
import decimal
import types

import sqlalchemy as sa

from ratingapi import storage
from ratingapi.storage import amount
from ratingapi.storage import models
from ratingapi.storage import points

_TABLE = models.RatedPoint.__table__


@dataclasses.dataclass(frozen=True)
class DataPoint:
    """One stored point; ``groupby``/``metadata`` are read-only mappings."""

    begin: datetime.datetime
    end: datetime.datetime
    type: str
    unit: str
    qty: decimal.Decimal
    price: decimal.Decimal
    groupby: types.MappingProxyType
    metadata: types.MappingProxyType


@dataclasses.dataclass(frozen=True)
class Page:
    """``points`` of one page; ``total`` counts every matching point."""

    total: int
    points: tuple


def _as_text(column, dialect):
    # The stored document as its JSON text, bypassing the driver's JSON
    # decoding (which would turn 0.1 into a float).
    if dialect == 'postgresql':
        return sa.cast(column, sa.Text)
    return sa.type_coerce(column, sa.Text)


# -- writing ---------------------------------------------------------------

# Column order of the rows push() writes.
_COLUMNS = ('begin', 'end', 'type', 'unit', 'qty_units', 'qty_nanos',
            'price_units', 'price_nanos', 'groupby', 'metadata', 'scope_id')


def _split(value):
    if type(value) is int and -2 ** 63 <= value < 2 ** 63:
        return value, 0
    return amount.split(value)


def _rows(frames, scope_key):
    # Local names: this runs for every point of every ingestion.
    split, text, scope_text = _split, points.dumps, points.scope_text
    for frame in frames:
        begin = points.epoch(frame['begin'])
        end = points.epoch(frame['end'])
        for type_, sent in frame['usage'].items():
            for point in sent:
                groupby = point['groupby']
                yield ((begin, end, type_, point['unit'])
                       + split(point['qty']) + split(point['price'])
                       + (text(groupby), text(point['metadata']),
                          scope_text(groupby.get(scope_key))))


def _columns_sql(connection):
    quote = connection.dialect.identifier_preparer.quote
    return '%s (%s)' % (quote(_TABLE.name),
                        ', '.join(quote(name) for name in _COLUMNS))


def push(session, frames, *, scope_key):
    """Store every point of ``frames``; return how many were stored.

    ``frames`` is a list of ``{"begin": datetime, "end": datetime,
    "usage": {type: [{"unit": str, "qty": number, "price": number,
    "groupby": dict, "metadata": dict}]}}`` (begin and end on whole
    seconds; numbers are ints or Decimals; groupby and metadata values
    are JSON scalars).  ``scope_id``
    of each point is taken from ``groupby[scope_key]``.  Everything is
    written in the caller's transaction: all or nothing.

    This is the ingestion path, so it talks to the driver directly: one
    ``executemany`` on SQLite, one ``COPY`` on PostgreSQL (several times
    faster than SQLAlchemy's per-row parameter processing and than
    multi-row INSERTs).
    """
    rows = list(_rows(frames, scope_key))
    if not rows:
        return 0
    connection = session.connection()
    columns = _columns_sql(connection)
    if connection.dialect.name == 'postgresql':
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor:
            with cursor.copy('COPY %s FROM STDIN' % columns) as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        connection.exec_driver_sql(
            'INSERT INTO %s VALUES (%s)' % (
                columns, ', '.join('?' * len(_COLUMNS))), rows)
    return len(rows)


# -- reading ---------------------------------------------------------------

def _to_point(row):
    return DataPoint(
        begin=points.from_epoch(row.begin), end=points.from_epoch(row.end),
        type=row.type, unit=row.unit,
        qty=amount.join(row.qty_units, row.qty_nanos),
        price=amount.join(row.price_units, row.price_nanos),
        groupby=points.loads(row.groupby),
        metadata=points.loads(row.metadata))


def retrieve(session, *, begin, end, filters, scopes, scope_key, offset,
             limit):
    """The page of points at ``offset``, in (begin, id) order.

    ``scopes`` None means every scope; otherwise only points of those
    scopes are seen (none at all for an empty set).  See
    :func:`ratingapi.storage.points.conditions` for the other
    arguments.
    """
    if scopes is not None and not scopes:
        return Page(total=0, points=())
    dialect = storage.dialect_of(session)
    where = points.conditions(
        begin=begin, end=end, filters=filters, scopes=scopes,
        scope_key=scope_key, dialect=dialect)
    total = session.execute(
        sa.select(sa.func.count()).select_from(_TABLE).where(*where)
    ).scalar_one()
    found = ()
    if offset < total:
        c = _TABLE.c
        rows = session.execute(
            sa.select(c.begin, c.end, c.type, c.unit, c.qty_units,
                      c.qty_nanos, c.price_units, c.price_nanos,
                      _as_text(c.groupby, dialect).label('groupby'),
                      _as_text(c.metadata, dialect).label('metadata'))
            .where(*where).order_by(c.begin, c.id)
            .offset(offset).limit(limit))
        found = tuple(_to_point(row) for row in rows)
    return Page(total=total, points=found)
