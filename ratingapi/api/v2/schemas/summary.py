"""Schemas of /v2/summary (CloudKitty v2 shapes, validated honestly).

* ``groupby``: repeated and/or comma-separated keys: ``type``, the scope
  key, any groupby/metadata key, and at most one time grouping among
  ``time``, ``time-d``, ``time-w``, ``time-m``, ``time-y``; any other
  ``time-*`` is a 400, as in CloudKitty.  The column names ``begin``,
  ``end``, ``qty`` and ``rate`` cannot be grouped by (a row would hold
  two values under one name).
* ``filters``: repeatable ``key:value``; the values of a key accumulate
  (any of them matches), keys combine (all must match).
* ``response_format``: ``table`` (default) or ``object``; anything else is
  a 400 (CloudKitty answers 500).  ``custom_fields`` (InfluxQL) is not
  offered: a 400 like any unknown parameter.
"""
import datetime
import decimal

import voluptuous as vol

from ratingapi.api import pagination
from ratingapi.api.v2.schemas import attributes
from ratingapi.api.v2.schemas import period
from ratingapi.api import validation
from ratingapi.storage import groupings

TABLE = 'table'
OBJECT = 'object'
FORMATS = (TABLE, OBJECT)
# Every row's first columns.
COLUMNS = ('begin', 'end', 'qty', 'rate')


def _groupby(keys):
    for key in keys:
        attributes.attribute_key(key)
        if key in COLUMNS:
            raise vol.Invalid('cannot group by %r: it names a column of '
                              'every row' % key)
        if key.startswith('time-') and key not in groupings.TIME_GROUPINGS:
            raise vol.Invalid('Invalid groupby time option %r: use one of '
                              '%s' % (key, ', '.join(
                                  groupings.TIME_GROUPINGS)))
    try:
        groupings.split(keys)
    except ValueError as exc:
        raise vol.Invalid(str(exc))
    return list(dict.fromkeys(keys))


GET_SUMMARY_QUERY = period.period_query({
    **pagination.QUERY,
    vol.Optional('groupby', default=list): vol.All(
        validation.MultiQueryParam(str), _groupby),
    vol.Optional('filters', default=dict): vol.All(
        validation.DictQueryParam(validation.text(), multi=True),
        attributes.filter_keys),
    vol.Optional('response_format', default=TABLE):
        validation.SingleQueryParam(vol.In(FORMATS)),
})


def _row_values(values):
    begin, end, qty, rate = values[:4]
    if not (isinstance(begin, datetime.datetime)
            and isinstance(end, datetime.datetime)
            and isinstance(qty, decimal.Decimal)
            and isinstance(rate, decimal.Decimal)):
        raise vol.Invalid('not a summary row: %r' % (values,))


def _table_row(row):
    if not isinstance(row, list):
        raise vol.Invalid('expected a list, got %r' % (row,))
    _row_values(row)
    return row


def _object_row(row):
    if not isinstance(row, dict) or list(row)[:4] != list(COLUMNS):
        raise vol.Invalid('not a summary object: %r' % (row,))
    _row_values(list(row.values()))
    return row


GET_SUMMARY_TABLE_RESPONSE = {
    vol.Required('total'): int,
    vol.Required('columns'): [str],
    vol.Required('results'): [_table_row],
    vol.Required('format'): TABLE,
    vol.Optional('links'): pagination.LINKS,
}

GET_SUMMARY_OBJECT_RESPONSE = {
    vol.Required('total'): int,
    vol.Required('results'): [_object_row],
    vol.Required('format'): OBJECT,
    vol.Optional('links'): pagination.LINKS,
}

GET_SUMMARY_RESPONSE = vol.Any(GET_SUMMARY_TABLE_RESPONSE,
                               GET_SUMMARY_OBJECT_RESPONSE)
