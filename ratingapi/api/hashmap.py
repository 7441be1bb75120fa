"""What v1 and v2 share about hashmap rules: input validators and the
v1 wire forms of decimals and datetimes.

Costs and levels are exact decimals within CloudKitty's columns (cost
Numeric(40, 28), level Numeric(20, 8)); a value with more digits is a 400,
never rounded.  Ids are UUIDs; names, values and tenants are text that
both databases store as sent.
"""
import datetime
import decimal
import re
import uuid

import voluptuous as vol

from ratingapi.api import validation
from ratingapi.storage import amount
from ratingapi.storage import models

MAP_TYPES = models.MAP_TYPES
# Precise enough to write any stored cost or level at its full scale.
_WIDE = decimal.Context(prec=60)
MAX_RULE_NAME = 32
MAX_DESCRIPTION = 256

# An empty name matches no point, and an empty tenant would be taken for
# "every tenant" by the threshold uniqueness index (coalesce(tenant, '')).
name = vol.All(validation.text(validation.MAX_NAME_LENGTH),
               vol.Length(min=1, msg='must not be empty'))
tenant = vol.All(validation.text(validation.MAX_NAME_LENGTH),
                 vol.Length(min=1, msg='must not be empty'))
rule_name = validation.text(MAX_RULE_NAME)
description = validation.text(MAX_DESCRIPTION)


def uuid_text(value):
    """A UUID in any of Python's spellings, as its canonical text."""
    if not isinstance(value, str):
        raise vol.Invalid('expected a UUID, got %r' % (value,))
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise vol.Invalid('expected a UUID, got %r' % (value,))


def path_id(value):
    """A path id: free text (an unknown id is a 404, not a 400)."""
    return validation.text(models.UUID_LENGTH * 2)(value)


def _exact(column, what):
    digits = column.precision - column.scale

    def validate(value):
        if isinstance(value, bool) or not isinstance(
                value, (int, str, decimal.Decimal)):
            raise vol.Invalid('expected a number, got %r' % (value,))
        try:
            number = decimal.Decimal(value.strip() if isinstance(value, str)
                                     else value)
        except decimal.InvalidOperation:
            raise vol.Invalid('expected a number, got %r' % (value,))
        if not number.is_finite():
            raise vol.Invalid('expected a finite number, got %s' % number)
        exponent = number.as_tuple().exponent
        if exponent < -column.scale:
            # Trailing zeros may go, nothing else: normalize() under the
            # default 28-digit context would round a longer value.
            number = number.normalize(decimal.Context(
                prec=max(len(number.as_tuple().digits), 1)))
            if number.as_tuple().exponent < -column.scale:
                raise vol.Invalid('a %s has at most %d decimal places, got '
                                  '%s' % (what, column.scale, value))
        if number.adjusted() >= digits:
            raise vol.Invalid('a %s has at most %d digits before the '
                              'decimal point, got %s' % (what, digits, value))
        return number
    return validate


cost = _exact(models.COST, 'cost')
level = _exact(models.LEVEL, 'level')


def map_type(value):
    if value not in MAP_TYPES:
        raise vol.Invalid('expected one of %s, got %r'
                          % (', '.join(MAP_TYPES), value))
    return value


_DATE_ONLY = re.compile(r'^\d{4}-\d{2}-\d{2}$')


moment = validation.iso_datetime


def end_moment(value):
    """An ``end``; a date alone means the end of that day, 23:59:59, as in
    CloudKitty."""
    parsed = validation.iso_datetime(value)
    if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
        parsed = parsed.replace(hour=23, minute=59, second=59)
    return parsed


def utc_naive(value: datetime.datetime | None):
    """v1's datetimes: naive ISO 8601, in UTC (CloudKitty's WSME form)."""
    if value is None:
        return None
    return value.astimezone(datetime.timezone.utc).replace(
        tzinfo=None).isoformat()


def plain(value: decimal.Decimal):
    """v1's exact decimals where no column sets a scale (prices, totals):
    a JSON string, every digit, no exponent (``"0.000000001"``, ``"0"``)."""
    return format(amount.plain(value), 'f') if value else '0'


def fixed(value: decimal.Decimal | None, column):
    """v1's decimals: a JSON string at the column's scale."""
    if value is None:
        return None
    return str(_WIDE.quantize(value, decimal.Decimal(1).scaleb(
        -column.scale)))


# -- quotes ----------------------------------------------------------------

def volume(value):
    """A non-negative exact quantity (a JSON number or its string)."""
    number = _exact(models.COST, 'volume')(value)
    if number < 0:
        raise vol.Invalid('must not be negative, got %s' % number)
    return number


_scalar_text = validation.text()


def attributes(value):
    """A groupby or metadata object: keys to strings, numbers, booleans
    or null (as stored points have)."""
    if not isinstance(value, dict):
        raise vol.Invalid('expected an object, got %r' % (value,))
    for key, item in value.items():
        _scalar_text(key)
        if isinstance(item, str):
            _scalar_text(item)
        elif not (item is None or isinstance(item, (bool, int,
                                                    decimal.Decimal))):
            raise vol.Invalid('%r: expected a string, number, boolean or '
                              'null, got %r' % (key, item))
    return dict(value)


def description_attributes(desc):
    """CloudKitty's quote ``desc`` → ``(groupby, metadata)``.

    ``desc`` may nest ``groupby`` and ``metadata`` objects (CloudKitty's
    form); its other keys are metadata too (CloudKitty drops them
    silently, so a flat description never matched a field mapping).
    """
    if not isinstance(desc, dict):
        raise vol.Invalid('expected an object, got %r' % (desc,))
    flat = {key: item for key, item in desc.items()
            if key not in ('groupby', 'metadata')}
    groupby = attributes(desc.get('groupby') or {})
    metadata = attributes({**flat, **(desc.get('metadata') or {})})
    return groupby, metadata


# -- the objects both versions write the same way ---------------------------

def service_to_wire(service):
    return {'service_id': service.service_id, 'name': service.name}


def field_to_wire(field):
    return {'field_id': field.field_id, 'name': field.name,
            'service_id': field.service_id}


def group_to_wire(group):
    return {'group_id': group.group_id, 'name': group.name}
