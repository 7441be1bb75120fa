"""The one JSON representation of the API.

``Decimal`` is written with its exact digits (simplejson's ``use_decimal``;
the stdlib encoder can only go through ``float``), and datetimes as ISO 8601
in UTC with an explicit ``+00:00`` offset.  Parsing turns JSON numbers with
a fraction into ``Decimal`` so money never passes through ``float``.
"""
import datetime

import simplejson

MEDIA_TYPE = 'application/json'


def _default(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            # Storage keeps UTC; a naive value is UTC by convention.
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.astimezone(datetime.timezone.utc).isoformat()
    raise TypeError(f'{type(value).__name__} is not JSON serializable')


def dumps(value):
    return simplejson.dumps(value, use_decimal=True, default=_default,
                            separators=(',', ':'))


def loads(text):
    return simplejson.loads(text, use_decimal=True)
