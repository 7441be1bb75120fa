"""Rating summaries: sums of qty and price over points, grouped, in SQL.

Filtering, grouping, ordering, counting and paginating all happen in one
SQL statement (plus a count when a page falls past the last row); no row
is loaded to be aggregated in Python.  qty and price are summed as the
exact integer pairs of :mod:`ratingapi.storage.amount`, so SQLite and
PostgreSQL give the same totals to the last digit, beyond 64 bits too
(see :func:`_summed`).

Grouping keys:

* ``type``: the metric type column;
* the scope key (``project_id`` by default): the indexed ``scope_id``
  column, so its values are strings;
* ``time``: each point's own period; ``time-d``, ``time-w``, ``time-m``,
  ``time-y``: the UTC day, ISO week (Monday to Monday), month or year the
  point's period starts in.  At most one time grouping per summary (see
  :mod:`ratingapi.storage.groupings`); it sets the ``begin``/``end`` of
  each row, which are otherwise those of the query;
* any other key: the value of that key in the point's ``groupby``, or
  failing that its ``metadata`` (missing or null: None).  Values keep
  their JSON type; values whose JSON text differs (``1.5`` and ``1.50``,
  ``2`` and ``"2"``) are different groups.

Rows are sorted by their grouping values in the order of ``groupby``:
times chronologically, other values by their JSON text, bytewise, None
first.

The statement is shaped for SQLite's planner, which has no hash
aggregation and must either group rows in the order of an index or sort
them all (seconds at a million points): see :func:`_first_sums` and
migrations 0003 and 0004.  PostgreSQL hashes either shape in parallel.
"""
import calendar
import dataclasses
import datetime
import decimal

import simplejson
import sqlalchemy as sa

from ratingapi import storage
from ratingapi.storage import amount
from ratingapi.storage import groupings
from ratingapi.storage import models
from ratingapi.storage import points

_TABLE = models.RatedPoint.__table__

_DAY = 86400
_WEEK = 7 * _DAY
# 1970-01-01 was a Thursday: shifting by three days puts Mondays on
# multiples of a week.
_MONDAY_SHIFT = 3 * _DAY
_SUMS = (('qu', 'qty_units'), ('qn', 'qty_nanos'), ('pu', 'price_units'),
         ('pn', 'price_nanos'))
_HALF = 2 ** 32


@dataclasses.dataclass(frozen=True)
class Row:
    """One group: its period, its sums, and the values of its keys."""

    begin: datetime.datetime
    end: datetime.datetime
    qty: decimal.Decimal
    rate: decimal.Decimal
    groups: tuple


@dataclasses.dataclass(frozen=True)
class Summary:
    """``rows`` of one page; ``total`` counts the rows of every page.

    ``keys`` are the grouping keys other than the time grouping, in the
    order of ``Row.groups``.
    """

    total: int
    keys: tuple
    rows: tuple


def _constant(value):
    # Inline constants: PostgreSQL only accepts a GROUP BY expression that
    # is textually the selected one, and two bound parameters never are.
    return sa.literal_column(str(value), sa.BigInteger)


def _floor(column, size, shift=0):
    """Start of the ``size``-second bucket holding ``column`` (floored
    for negative values too: ``%`` truncates towards zero in SQL)."""
    shifted = column + _constant(shift) if shift else column
    return column - ((shifted % _constant(size)) + _constant(size)) % (
        _constant(size))


def _calendar_floor(column, unit, dialect):
    if dialect == 'postgresql':
        moment = sa.func.timezone(sa.literal_column("'UTC'"),
                                  sa.func.to_timestamp(column))
        return sa.cast(sa.extract('epoch', sa.func.date_trunc(
            sa.literal_column("'%s'" % unit), moment)), sa.BigInteger)
    return sa.cast(sa.func.strftime(
        sa.literal_column("'%s'"), column, sa.literal_column("'unixepoch'"),
        sa.literal_column("'start of %s'" % unit)), sa.Integer)


def _bucket(kind, column, dialect):
    if kind == groupings.TIME_DAY:
        return _floor(column, _DAY)
    if kind == groupings.TIME_WEEK:
        return _floor(column, _WEEK, _MONDAY_SHIFT)
    unit = 'month' if kind == groupings.TIME_MONTH else 'year'
    return _calendar_floor(column, unit, dialect)


def _bucket_end(kind, begin):
    if kind == groupings.TIME_DAY:
        days = 1
    elif kind == groupings.TIME_WEEK:
        days = 7
    elif kind == groupings.TIME_MONTH:
        days = calendar.monthrange(begin.year, begin.month)[1]
    else:
        days = 366 if calendar.isleap(begin.year) else 365
    try:
        return begin + datetime.timedelta(days=days)
    except OverflowError:
        # The bucket of year 9999 ends after the last datetime.
        return datetime.datetime.max.replace(microsecond=0,
                                             tzinfo=points.UTC)


def _summed(split):
    """(label, column expression) of each amount column a summary sums.

    PostgreSQL sums BIGINT into NUMERIC: exact at any size.  SQLite sums
    64-bit integers and fails ("integer overflow") past 2**63; there, a
    summary that overflows is run again with ``split`` whole units: each
    ``u`` summed in two parts, ``u / 2**32`` and ``u % 2**32`` (SQL's
    truncating division; the second part keeps the sign of ``u``), which
    :func:`_whole` joins.  Neither part exceeds 2**32 in size and the
    second is ``u`` itself for most amounts, so those sums overflow only
    far beyond any real total.  Not by default: computing the parts costs
    a third more time.  Nanos are below 10**9 per point.
    """
    c = _TABLE.c
    columns = []
    for label, column in _SUMS:
        if split and column.endswith('_units'):
            # Raw operators: SQLAlchemy's "/" would divide as REAL.
            columns += [
                (label + 'h', c[column].op('/')(_constant(_HALF))),
                (label + 'l', c[column].op('%')(_constant(_HALF)))]
        else:
            columns.append((label, c[column]))
    return columns


def _sums(table, split):
    return [sa.func.sum(table.c[label]).label(label)
            for label, _ in _summed(split)]


def _whole(row, label):
    """The sum of the units labelled ``label``, joined if halved."""
    mapping = row._mapping
    if label in mapping:
        return mapping[label]
    high, low = mapping[label + 'h'], mapping[label + 'l']
    if high is None:
        return None
    return high * _HALF + low


def _key_column(key, scope_key, dialect):
    if key == points.TYPE_KEY:
        return _TABLE.c.type
    if key == scope_key:
        return _TABLE.c.scope_id
    return points.attribute(key, dialect)


def _decoder(key, scope_key):
    if key in (points.TYPE_KEY, scope_key):
        return lambda value: value
    return lambda text: (None if text is None
                         else simplejson.loads(text, use_decimal=True))


def _sorted(column, dialect):
    if dialect == 'postgresql':
        # Bytewise, as SQLite compares: the database's collation may not be.
        column = sa.collate(column, 'C')
    return sa.nulls_first(column.asc())


# How a summary sums points before grouping them (see _first_sums).
BY_PERIOD = 'by period'
BY_SCOPE_DAY = 'by scope and day'


def _first_sums(kind, keys, scope_key, scoped, dialect):
    """What to sum by before grouping by ``keys``: None, BY_PERIOD
    (begin, end, keys) or BY_SCOPE_DAY (scope_id, begin_day, keys).

    SQLite groups rows in the order of an index or sorts them all, and
    the two covering indexes are ordered by period (begin, end, type,
    ...) and by scope (scope_id, begin_day, type, ...):

    * grouping by scope and type, or by type within given scopes, first
      sums by (scope, day, type) in the order of the "by scope" index,
      which leaves a day's worth of points fewer rows to sort;
    * any other summary of given scopes reads their part of the "by
      scope" index in a single pass (a scope's points are few);
    * a time grouping, or keys without the scope, first sum by period in
      the order of the "by period" index, which leaves few rows to sort
      unless each (period, keys) holds a single point;
    * the rest (no key, or the scope with attributes) is a single pass;
      grouping by the scope alone then runs in the order of the "by
      scope" index, jumping to the requested days of each scope.

    On PostgreSQL the single pass is the faster: a parallel hash
    aggregation.
    """
    if dialect != 'sqlite' or kind == groupings.TIME:
        return None
    if kind is None and points.TYPE_KEY in keys and (
            scoped or scope_key in keys) and set(keys) <= {
                points.TYPE_KEY, scope_key}:
        return BY_SCOPE_DAY
    if scoped:
        return None
    if kind is not None or (keys and scope_key not in keys):
        return BY_PERIOD
    return None


def _grouped(selected, kind, labels, first_by, split, dialect):
    """SELECT [tb, [te,]] g..., sums FROM selected GROUP BY ...

    ``first_by`` names the columns of ``selected`` (the points) to sum by
    first, in the order of the index the points are read in (see
    :func:`_first_sums`).
    """
    source = selected
    if first_by:
        columns = [selected.c[name]
                   for name in dict.fromkeys(first_by + labels)]
        source = sa.select(*columns, *_sums(selected, split)).group_by(
            *[selected.c[name] for name in first_by]).subquery('first')
    keys = [source.c[label] for label in labels]
    if kind is None:
        query = sa.select(*keys, *_sums(source, split)).group_by(*keys)
        if not keys:
            # One row of totals, but none at all when nothing matched.
            query = query.having(sa.func.count() > 0)
        return query
    if kind == groupings.TIME:
        return sa.select(
            source.c.begin.label('tb'), source.c.end.label('te'), *keys,
            *_sums(source, split)).group_by(
                source.c.begin, source.c.end, *keys)
    bucket = _bucket(kind, source.c.begin, dialect)
    return sa.select(bucket.label('tb'), *keys,
                     *_sums(source, split)).group_by(bucket, *keys)


def statement(dialect, *, begin, end, groupby, filters, scopes, scope_key,
              offset, limit, split=False):
    """The SELECT of one page of a summary: its grouping values, sums
    (see :func:`_summed` for ``split``) and ``total_rows``, the number of
    rows of every page (on each row: none when the page is empty).

    Public for bench/data.py, which times it as bare SQL.
    """
    kind, keys = groupings.split(groupby)
    labels = ['g%d' % index for index in range(len(keys))]
    scoped = scopes is not None or scope_key in filters
    first = _first_sums(kind, keys, scope_key, scoped, dialect)
    c = _TABLE.c
    extra = []
    first_by = []
    if first == BY_PERIOD:
        first_by = ['begin', 'end'] + labels
    elif first == BY_SCOPE_DAY:
        # The index's order, each column once: scope, day, then type.
        if scope_key in keys:
            scope = labels[keys.index(scope_key)]
        else:
            scope = 'scope'
            extra.append(c.scope_id.label(scope))
        extra.append(c.begin_day.label('day'))
        first_by = [scope, 'day'] + [label for label in labels
                                     if label != scope]
    selected = sa.select(
        c.begin, c.end, *extra,
        *[_key_column(key, scope_key, dialect).label(label)
          for key, label in zip(keys, labels)],
        *[column.label(label) for label, column in _summed(split)],
    ).where(*points.conditions(
        begin=begin, end=end, filters=filters, scopes=scopes,
        scope_key=scope_key, dialect=dialect,
        by_scope=scope_key in keys)).subquery('points')
    grouped = _grouped(selected, kind, labels, first_by, split,
                       dialect).subquery('grouped')

    order = []
    for name in dict.fromkeys(groupby):
        if name in groupings.TIME_GROUPINGS:
            order.append(grouped.c.tb)
            if kind == groupings.TIME:
                order.append(grouped.c.te)
        else:
            order.append(_sorted(grouped.c[labels[keys.index(name)]],
                                 dialect))
    return (sa.select(grouped, sa.func.count().over().label('total_rows'))
            .order_by(*order).offset(offset).limit(limit))


def _page(session, page, offset):
    """(rows, total) of the summary page ``page`` (a :func:`statement`)."""
    rows = session.execute(page).all()
    if rows:
        return rows, rows[0].total_rows
    if not offset:
        return rows, 0
    # Past the last page: count the rows of every page.
    every = page.order_by(None).offset(None).limit(None).subquery()
    return rows, session.execute(
        sa.select(sa.func.count()).select_from(every)).scalar_one()


def total(session, *, begin, end, groupby, filters, scopes, scope_key,
          offset, limit):
    """The page at ``offset`` of the summary of the selected points.

    ``groupby`` lists grouping keys (see the module docstring); the other
    arguments select points as ``dataframes.retrieve`` does.
    """
    kind, keys = groupings.split(groupby)
    if scopes is not None and not scopes:
        return Summary(total=0, keys=keys, rows=())
    dialect = storage.dialect_of(session)
    arguments = dict(begin=begin, end=end, groupby=groupby, filters=filters,
                     scopes=scopes, scope_key=scope_key, offset=offset,
                     limit=limit)
    try:
        rows, count = _page(session, statement(dialect, **arguments), offset)
    except sa.exc.OperationalError as exc:
        if dialect != 'sqlite' or 'integer overflow' not in str(exc):
            raise
        rows, count = _page(
            session, statement(dialect, split=True, **arguments), offset)

    labels = ['g%d' % index for index in range(len(keys))]
    decoders = [_decoder(key, scope_key) for key in keys]
    results = []
    for row in rows:
        row_begin, row_end = begin, end
        if kind is not None:
            row_begin = points.from_epoch(row.tb)
            row_end = (points.from_epoch(row.te) if kind == groupings.TIME
                       else _bucket_end(kind, row_begin))
        results.append(Row(
            begin=row_begin, end=row_end,
            qty=amount.join(_whole(row, 'qu'), row.qn),
            rate=amount.join(_whole(row, 'pu'), row.pn),
            groups=tuple(decode(row._mapping[label])
                         for decode, label in zip(decoders, labels))))
    return Summary(total=count, keys=keys, rows=tuple(results))
