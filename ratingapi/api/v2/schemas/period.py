"""The ``begin``/``end`` query parameters of every reading of points.

Both default to CloudKitty's: the current month, UTC.  ``end`` may not be
before ``begin``; equal, they select nothing.
"""
import datetime

import voluptuous as vol

from ratingapi.api import validation

UTC = datetime.timezone.utc


def month_start(now=None):
    """Start of the month of ``now``, a UTC time (default: the current
    time): CloudKitty's default begin."""
    if now is None:
        now = datetime.datetime.now(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month_start(now=None):
    """Start of the month after that of ``now``, a UTC time (default: the
    current time): CloudKitty's default end."""
    start = month_start(now)
    return start.replace(year=start.year + start.month // 12,
                         month=start.month % 12 + 1)


def _in_order(values):
    if values['end'] < values['begin']:
        raise vol.Invalid('must not be before begin (%s; begin defaults to '
                          'the start of the current month, end to the '
                          'start of the next one)'
                          % values['begin'].isoformat(), path=['end'])
    return values


def period_query(schema):
    """``schema`` plus ``begin``/``end``, end not before begin."""
    return vol.All({
        vol.Optional('begin', default=month_start):
            validation.SingleQueryParam(validation.iso_datetime),
        vol.Optional('end', default=next_month_start):
            validation.SingleQueryParam(validation.iso_datetime),
        **schema,
    }, _in_order)
