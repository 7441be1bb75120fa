"""Queries for rated data points: store frames of them, list them by page.

A point is stored exactly as it was sent: two identical points are two
rows, and the values of ``groupby`` and ``metadata`` keep their JSON type.
Those two documents are written as JSON text by this module (not by the
driver) so that both backends hold, and give back, the same text:

* numbers are written in plain notation (``1000``, never ``1E+3``; no
  negative zero), which is what PostgreSQL's ``jsonb`` prints anyway;
* strings are written without ``\\u`` escapes for non-ASCII characters,
  as ``jsonb`` prints them;
* they are read back with exact decimals and sorted keys (``jsonb`` does
  not keep the order of keys).

The same JSON text is what filters and groupings compare (see
:func:`attribute`), so a condition selects the same points on SQLite and
PostgreSQL.

Points are selected by the start of their period: ``begin <= point.begin <
end``.
"""
import dataclasses
import datetime
import decimal
import json
import types

import simplejson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from ratingapi import storage
from ratingapi.storage import amount
from ratingapi.storage import models

_TABLE = models.RatedPoint.__table__
UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
ONE_SECOND = datetime.timedelta(seconds=1)

# The filter (and summary grouping) key that selects the metric type.
TYPE_KEY = 'type'


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


# -- time ------------------------------------------------------------------

def epoch(moment):
    """Aware datetime on a whole second → UTC epoch seconds."""
    seconds, rest = divmod(moment - EPOCH, ONE_SECOND)
    if rest:
        raise ValueError('%s is not on a whole second' % moment.isoformat())
    return seconds


def epoch_ceiling(moment):
    """Aware datetime → the first whole epoch second at or after it."""
    seconds, rest = divmod(moment - EPOCH, ONE_SECOND)
    return seconds + 1 if rest else seconds


def from_epoch(seconds):
    return EPOCH + datetime.timedelta(seconds=int(seconds))


def begin_day(seconds):
    """``RatedPoint.begin_day`` of a point beginning at epoch ``seconds``:
    SQL's integer division, which truncates towards zero."""
    days = abs(seconds) // 86400
    return days if seconds >= 0 else -days


# -- JSON documents --------------------------------------------------------

def _plain_number(value):
    if value == 0:
        value = value.copy_abs()
    return simplejson.RawJSON(format(value, 'f'))


# The stdlib's C encoder is the fastest at documents without decimals.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(',', ':')).encode
_ENCODE_EXACT = simplejson.JSONEncoder(ensure_ascii=False,
                                       separators=(',', ':')).encode


def dumps(document):
    """A flat ``{str: scalar}`` dict → the JSON text this module stores."""
    for value in document.values():
        if type(value) is decimal.Decimal:
            return _ENCODE_EXACT({
                key: _plain_number(value)
                if isinstance(value, decimal.Decimal) else value
                for key, value in document.items()})
    return _ENCODE(document)


def loads(text):
    """Stored JSON text → a read-only mapping with sorted keys."""
    document = simplejson.loads(text, use_decimal=True)
    return types.MappingProxyType(dict(sorted(document.items())))


def value_text(value):
    """The JSON text a scalar is stored as (what filters compare to)."""
    if isinstance(value, decimal.Decimal):
        return _plain_number(value).encoded_json
    return simplejson.dumps(value, ensure_ascii=False)


def scope_text(value):
    """``scope_id`` of a point whose groupby holds ``value`` at scope_key.

    A string is its own scope id; a number or a boolean is its JSON text;
    a missing or null value means the point belongs to no scope.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value_text(value)


def match_texts(text):
    """JSON texts a filter value ``text`` matches: the string itself, and
    the number or boolean it spells, if any (``2`` matches 2 and "2")."""
    texts = [value_text(text)]
    if text in ('true', 'false'):
        texts.append(text)
    else:
        try:
            number = simplejson.loads(text, use_decimal=True)
        except ValueError:
            number = None
        if isinstance(number, (int, decimal.Decimal)) and not isinstance(
                number, bool):
            texts.append(value_text(number))
    return texts


def _as_text(column, dialect):
    # The stored document as its JSON text, bypassing the driver's JSON
    # decoding (which would turn 0.1 into a float).
    if dialect == 'postgresql':
        return sa.cast(column, sa.Text)
    return sa.type_coerce(column, sa.Text)


def _member(column, key, dialect):
    """JSON text of ``column[key]``, NULL when missing or null."""
    if dialect == 'postgresql':
        text = sa.cast(column.op('->', return_type=postgresql.JSONB)(
            sa.cast(sa.literal(key), sa.Text)), sa.Text)
    else:
        # A quoted path: keys may hold dots. Keys never hold '"' (the
        # API rejects them).
        text = sa.type_coerce(column, sa.Text).op(
            '->', return_type=sa.Text)(sa.literal('$."%s"' % key))
    return sa.func.nullif(text, 'null')


def attribute(key, dialect):
    """JSON text of ``groupby[key]``, else of ``metadata[key]``, else NULL."""
    return sa.func.coalesce(_member(_TABLE.c.groupby, key, dialect),
                            _member(_TABLE.c.metadata, key, dialect))


def conditions(*, begin, end, filters, scopes, scope_key, dialect,
               by_scope=False):
    """WHERE clauses selecting points for the arguments of :func:`retrieve`.

    ``filters`` maps a key to the values it may take: ``type`` is the
    metric type, ``scope_key`` the indexed scope column, any other key an
    attribute (:func:`attribute`).  Values compare as text: ``2`` matches
    the string "2" and the number 2.

    A query of given scopes, or one that says it reads the "by scope"
    index (``by_scope``), also bounds ``begin_day``, that index's second
    column, so it seeks the period in each scope.  Others do not: on
    SQLite, naming the virtual column would make the "by period" index
    no longer cover them.
    """
    first, stop = epoch_ceiling(begin), epoch_ceiling(end)
    clauses = [_TABLE.c.begin >= first, _TABLE.c.begin < stop]
    if first < stop and (by_scope or scopes is not None
                         or scope_key in filters):
        # Implied by the bounds of begin: begin_day grows with begin.
        clauses += [_TABLE.c.begin_day >= begin_day(first),
                    _TABLE.c.begin_day <= begin_day(stop - 1)]
    if scopes is not None:
        clauses.append(_TABLE.c.scope_id.in_(sorted(scopes)))
    for key, values in sorted(filters.items()):
        if key == TYPE_KEY:
            clauses.append(_TABLE.c.type.in_(values))
        elif key == scope_key:
            clauses.append(_TABLE.c.scope_id.in_(values))
        else:
            texts = [text for value in values for text in match_texts(value)]
            clauses.append(attribute(key, dialect).in_(texts))
    return clauses


# -- writing ---------------------------------------------------------------

# Column order of the rows push() writes.
_COLUMNS = ('begin', 'end', 'type', 'unit', 'qty_units', 'qty_nanos',
            'price_units', 'price_nanos', 'groupby', 'metadata', 'scope_id')


def _split(value):
    if type(value) is int and -2 ** 63 <= value < 2 ** 63:
        return value, 0
    return amount.split(value)


def _rows(frames, scope_key):
    split, text = _split, dumps
    for frame in frames:
        begin, end = epoch(frame['begin']), epoch(frame['end'])
        for type_, points in frame['usage'].items():
            for point in points:
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
        begin=from_epoch(row.begin), end=from_epoch(row.end), type=row.type,
        unit=row.unit, qty=amount.join(row.qty_units, row.qty_nanos),
        price=amount.join(row.price_units, row.price_nanos),
        groupby=loads(row.groupby), metadata=loads(row.metadata))


def retrieve(session, *, begin, end, filters, scopes, scope_key, offset,
             limit):
    """The page of points at ``offset``, in (begin, id) order.

    ``scopes`` None means every scope; otherwise only points of those
    scopes are seen (none at all for an empty set).  See
    :func:`conditions` for the other arguments.
    """
    if scopes is not None and not scopes:
        return Page(total=0, points=())
    dialect = storage.dialect_of(session)
    where = conditions(begin=begin, end=end, filters=filters, scopes=scopes,
                       scope_key=scope_key, dialect=dialect)
    total = session.execute(
        sa.select(sa.func.count()).select_from(_TABLE).where(*where)
    ).scalar_one()
    points = ()
    if offset < total:
        c = _TABLE.c
        rows = session.execute(
            sa.select(c.begin, c.end, c.type, c.unit, c.qty_units,
                      c.qty_nanos, c.price_units, c.price_nanos,
                      _as_text(c.groupby, dialect).label('groupby'),
                      _as_text(c.metadata, dialect).label('metadata'))
            .where(*where).order_by(c.begin, c.id)
            .offset(offset).limit(limit))
        points = tuple(_to_point(row) for row in rows)
    return Page(total=total, points=points)
