"""Schemas of /v2/dataframes (CloudKitty v2 shapes, validated honestly).

POST takes ``{"dataframes": [frame, ...]}``, each frame
``{"period": {"begin": ISO, "end": ISO}, "usage": {type: [point, ...]}}``
and each point ``{"vol": {"unit": str, "qty": number}, "rating":
{"price": number}, "groupby": {...}, "metadata": {...}}`` (``rating`` and
``price`` are optional: a point without a price is priced by the enabled
rating modules from 2.2 and costs 0 before, as in CloudKitty).  The
legacy point form with ``desc`` instead of ``groupby`` and ``metadata``
is read as ``groupby = desc, metadata = {}``,
as CloudKitty's ``DataPoint.from_dict(legacy=True)`` does.

Where CloudKitty accepts anything, this refuses, with a 400 naming the
offending value by its path (``dataframes[0].usage.cpu[3].vol.qty``):

* an empty ``dataframes`` list, an empty ``usage``, a type without points;
* a period whose ``end`` is not after its ``begin`` (a period of no time
  rates nothing), or that is not on whole seconds (periods are stored to
  the second, and a point is stored as sent or not at all);
* a negative ``qty`` (a ``price`` may be negative: a credit);
* an amount with more than 9 decimal places or beyond 64-bit integers
  (see ``ratingapi.storage.amount``), or that is not a number (numeric
  strings such as ``"1.5"`` are numbers, as in CloudKitty);
* a ``groupby``/``metadata`` value that is not a string, number, boolean
  or null (CloudKitty turns objects into their Python repr);
* a string holding NUL or a lone surrogate (PostgreSQL stores neither);
* more points than ``[api] max_points_per_request``;
* a scope (``groupby[<[collect] scope_key>]``) longer than the scope_id
  column;
* any unknown key.

The body is checked by plain code rather than by a voluptuous schema per
point: it runs over every point of every ingestion, and a nested schema
costs several times more.

GET takes ``begin``/``end`` (ISO 8601; default: the current month, UTC;
``end`` may not be before ``begin``), ``filters`` (CloudKitty's
single-valued ``key:value`` pairs: ``type`` is the metric type, the scope
key the scope, any other key a groupby-then-metadata value compared as
text, see ``ratingapi.storage.points``) and ``offset``/``limit``.
"""
import datetime
import decimal

import voluptuous as vol

from ratingapi.api import pagination
from ratingapi.api.v2.schemas import attributes
from ratingapi.api.v2.schemas import period
from ratingapi.api import validation
from ratingapi import exceptions
from ratingapi.storage import amount
from ratingapi.storage import points

_max_points = validation.setting('max_points_per_request')
_scope_key = validation.setting('scope_key')

# Every string that is stored or compared goes through one of these:
# groupby/metadata keys and values and filter values are free text; types
# and units are bounded as names.
_text = validation.text()
_name_text = validation.text(validation.MAX_NAME_LENGTH)


# -- query -----------------------------------------------------------------

def _as_lists(filters):
    return {key: [value] for key, value in filters.items()}


# CloudKitty's single-valued filters (a key given twice is a 400), handed
# to storage as {key: [value]}.
GET_DATAFRAMES_QUERY = period.period_query({
    **pagination.QUERY,
    vol.Optional('filters', default=dict): vol.All(
        validation.DictQueryParam(_text), attributes.filter_keys,
        _as_lists),
})


# -- POST body -------------------------------------------------------------

def _invalid(path, message):
    return exceptions.InvalidInput(
        'Invalid body parameter %r: %s.' % (path, message), parameter=path)


def _check_keys(document, path, required, optional=()):
    if not isinstance(document, dict):
        raise _invalid(path, 'expected an object, got %s'
                       % _json_type(document))
    for key in document:
        if key not in required and key not in optional:
            name = '%s.%s' % (path, key)
            raise exceptions.InvalidInput(
                'Unknown body parameter %r.' % name, parameter=name)
    for key in required:
        if key not in document:
            name = '%s.%s' % (path, key)
            raise exceptions.InvalidInput(
                'Missing required body parameter %r.' % name, parameter=name)


def _json_type(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'a boolean'
    if isinstance(value, str):
        return 'a string'
    if isinstance(value, (int, float, decimal.Decimal)):
        return 'a number'
    if isinstance(value, list):
        return 'a list'
    return 'an object'


def _name(value, path):
    if type(value) is not str:
        raise _invalid(path, 'expected a string, got %s' % _json_type(value))
    try:
        return _name_text(value)
    except vol.Invalid as exc:
        raise _invalid(path, exc.error_message)


# Amounts certainly within what storage.amount holds: an integer of
# 64 bits, or at most 9 decimal places and 18 digits before the point.
_MIN_UNITS, _MAX_UNITS = -2 ** 63, 2 ** 63 - 1


def _amount(value, path, negative):
    """A number as an int or a Decimal that storage.amount can hold."""
    kind = type(value)
    if kind is int:
        if _MIN_UNITS <= value <= _MAX_UNITS and (negative or value >= 0):
            return value
        number = decimal.Decimal(value)
    elif kind is decimal.Decimal:
        number = value
    elif kind is str:
        try:
            number = decimal.Decimal(value.strip())
        except decimal.InvalidOperation:
            raise _invalid(path, 'expected a number, got %r' % value)
    elif kind is float:
        # Only NaN and Infinity parse as floats (decimals are Decimal).
        number = decimal.Decimal(repr(value))
    else:
        raise _invalid(path, 'expected a number, got %s' % _json_type(value))
    if not number.is_finite():
        raise _invalid(path, 'expected a finite number, got %s' % number)
    if not negative and number < 0:
        raise _invalid(path, 'must not be negative, got %s' % number)
    if number.as_tuple().exponent < -amount.PLACES or number.adjusted() > 17:
        try:
            amount.split(number)
        except amount.AmountError as exc:
            raise _invalid(path, '%s (amounts have at most %d decimal '
                           'places and fit a signed 64-bit integer)'
                           % (exc, amount.PLACES))
    return number


# JSON scalars other than strings, as the body parser makes them.
_NON_TEXT_SCALARS = frozenset({int, decimal.Decimal, bool, type(None)})


def _attributes(document, path):
    if type(document) is not dict:
        raise _invalid(path, 'expected an object, got %s'
                       % _json_type(document))
    for key, value in document.items():
        if '"' in key or '\\' in key:
            # Filters and groupings could never name such a key again.
            raise _invalid('%s.%s' % (path, key),
                           'a key must not contain " or \\')
        kind = type(value)
        if kind is not str and kind not in _NON_TEXT_SCALARS:
            raise _invalid('%s.%s' % (path, key),
                           'expected a string, number, boolean or null, '
                           'got %s' % _json_type(value))
        # Plain ASCII without NUL is the common case: check it inline.
        if ('\x00' in key or not key.isascii() or kind is str and (
                '\x00' in value or not value.isascii())):
            try:
                _text(key)
                if kind is str:
                    _text(value)
            except vol.Invalid as exc:
                raise _invalid('%s.%s' % (path, key), exc.error_message)
    return dict(document)


_POINT_KEYS = frozenset({'vol', 'rating', 'groupby', 'metadata'})
_POINT_KEYS_WITHOUT_RATING = frozenset({'vol', 'groupby', 'metadata'})
_VOL_KEYS = frozenset({'unit', 'qty'})


def _point(point, path, scope_key):
    if type(point) is not dict:
        raise _invalid(path, 'expected an object, got %s'
                       % _json_type(point))
    keys = point.keys()
    if keys == _POINT_KEYS or keys == _POINT_KEYS_WITHOUT_RATING:
        groupby = _attributes(point['groupby'], path + '.groupby')
        metadata = _attributes(point['metadata'], path + '.metadata')
    elif 'desc' in point and not ('groupby' in point or 'metadata' in point):
        # The legacy form.
        _check_keys(point, path, ('vol', 'desc'), ('rating',))
        groupby = _attributes(point['desc'], path + '.desc')
        metadata = {}
    else:
        # Neither form: this raises, naming the unknown or missing key.
        _check_keys(point, path, ('vol', 'groupby', 'metadata'),
                    ('rating',))
    vol_ = point['vol']
    if type(vol_) is not dict or vol_.keys() != _VOL_KEYS:
        _check_keys(vol_, path + '.vol', ('unit', 'qty'))
    price = None
    if 'rating' in point:
        rating = point['rating']
        _check_keys(rating, path + '.rating', (), ('price',))
        price = rating.get('price')
    scope = groupby.get(scope_key)
    if scope is not None and len(
            points.scope_text(scope)) > validation.MAX_NAME_LENGTH:
        raise _invalid('%s.groupby.%s' % (path, scope_key),
                       'must be at most %d characters long'
                       % validation.MAX_NAME_LENGTH)
    return {
        'unit': _name(vol_['unit'], path + '.vol.unit'),
        'qty': _amount(vol_['qty'], path + '.vol.qty', negative=False),
        # None: to be priced (rating on ingest), or 0 before 2.2.
        'price': (None if price is None else
                  _amount(price, path + '.rating.price', negative=True)),
        'groupby': groupby,
        'metadata': metadata,
    }


def _moment(value, path):
    try:
        moment = validation.iso_datetime(value)
    except vol.Invalid as exc:
        raise _invalid(path, exc.error_message)
    if moment.microsecond:
        raise _invalid(path, 'must be on a whole second (periods are '
                       'stored to the second), got %s' % value)
    return moment


def _frame(frame, path, scope_key):
    _check_keys(frame, path, ('period', 'usage'))
    period = frame['period']
    _check_keys(period, path + '.period', ('begin', 'end'))
    begin = _moment(period['begin'], path + '.period.begin')
    end = _moment(period['end'], path + '.period.end')
    if end <= begin:
        raise _invalid(path + '.period.end',
                       'must be after period.begin (%s)' % period['begin'])
    usage = frame['usage']
    if not isinstance(usage, dict):
        raise _invalid(path + '.usage', 'expected an object, got %s'
                       % _json_type(usage))
    if not usage:
        raise _invalid(path + '.usage', 'must not be empty')
    checked = {}
    for type_, sent in usage.items():
        where = '%s.usage.%s' % (path, type_)
        if not type_:
            raise _invalid(where, 'a metric type must not be empty')
        try:
            _name_text(type_)
        except vol.Invalid as exc:
            raise _invalid(where, 'a metric type ' + exc.error_message)
        if not isinstance(sent, list):
            raise _invalid(where, 'expected a list of points, got %s'
                           % _json_type(sent))
        if not sent:
            raise _invalid(where, 'must not be empty')
        checked[type_] = [_point(point, '%s[%d]' % (where, index), scope_key)
                          for index, point in enumerate(sent)]
    return {'begin': begin, 'end': end, 'usage': checked}


def _count_points(frames):
    return sum(len(points) for frame in frames if isinstance(frame, dict)
               and isinstance(frame.get('usage'), dict)
               for points in frame['usage'].values()
               if isinstance(points, list))


def dataframes(frames):
    """The ``dataframes`` of a POST, checked and normalized for storage."""
    if not isinstance(frames, list):
        raise _invalid('dataframes', 'expected a list, got %s'
                       % _json_type(frames))
    if not frames:
        raise _invalid('dataframes', 'must not be empty')
    count, maximum = _count_points(frames), _max_points()
    if count > maximum:
        raise _invalid('dataframes', 'at most %d points may be sent at once '
                       '([api] max_points_per_request), got %d'
                       % (maximum, count))
    scope_key = _scope_key()
    return [_frame(frame, 'dataframes[%d]' % index, scope_key)
            for index, frame in enumerate(frames)]


POST_DATAFRAMES_BODY = {vol.Required('dataframes'): dataframes}


# -- responses -------------------------------------------------------------

def _wire_point(point):
    # A function, not a nested schema: a page holds up to [api] max_limit
    # points and every production response is checked.
    if not (isinstance(point, dict) and point.keys() == {
            'vol', 'rating', 'groupby', 'metadata'}
            and isinstance(point['vol'].get('qty'), decimal.Decimal)
            and isinstance(point['vol'].get('unit'), str)
            and isinstance(point['rating'].get('price'), decimal.Decimal)):
        raise vol.Invalid('not a data point: %r' % (point,))
    return point


FRAME = {
    vol.Required('period'): {vol.Required('begin'): datetime.datetime,
                             vol.Required('end'): datetime.datetime},
    vol.Required('usage'): {str: [_wire_point]},
}

GET_DATAFRAMES_RESPONSE = {
    vol.Required('total'): int,
    vol.Required('dataframes'): [FRAME],
    vol.Optional('links'): pagination.LINKS,
}
