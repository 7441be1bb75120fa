"""Rated points as stored: their periods, their JSON text, and the SQL
conditions that select them.

Every noun that reads the points table (``dataframes`` lists them,
``summary`` sums them) selects them here, so a filter or a period selects
the same points everywhere.

``groupby`` and ``metadata`` are written as JSON text by this module (not
by the driver) so that both backends hold, and give back, the same text:

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
import datetime
import decimal
import json
import types

import simplejson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from ratingapi.storage import models

_TABLE = models.RatedPoint.__table__
UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
ONE_SECOND = datetime.timedelta(seconds=1)

# The filter (and summary grouping) key that selects the metric type.
TYPE_KEY = 'type'


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


# -- selection ------------------------------------------------------------


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
    """WHERE clauses selecting the points of [begin, end) that match.

    ``scopes`` None means every scope, otherwise only those (a caller
    skips the query for an empty set).

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
