"""``OpenStack-API-Version`` parsing and negotiation (API-SIG microversions).

Rules (DISCOVERY.md §6.6): every header value is split on ``,`` and the
*last* entry for our service type (compared case-insensitively) counts; no
entry, or entries for other services only, means the minimum; ``latest``
means the maximum; a value that is not ``X.Y`` is a 400; a value outside the
supported range, other majors included, is a 406 naming both bounds.
"""
import re

from ratingapi import exceptions

SERVICE_TYPE = 'rating'
HEADER = 'OpenStack-API-Version'
VARY = 'Vary'
LATEST = 'latest'

_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


def parse(text):
    """``"2.10"`` → ``(2, 10)``; anything else raises InvalidMicroversion."""
    match = _VERSION_RE.fullmatch(text)
    if not match:
        raise exceptions.InvalidMicroversion(
            'Invalid microversion %r in the %s header: expected "%s X.Y" '
            'or "%s latest".' % (text, HEADER, SERVICE_TYPE, SERVICE_TYPE))
    return int(match.group(1)), int(match.group(2))


def format(version):
    return '%d.%d' % version


def requested(header_values):
    """The version string our service was asked for, or None."""
    chosen = None
    for value in header_values:
        for entry in value.split(','):
            tokens = entry.split()
            if tokens and tokens[0].lower() == SERVICE_TYPE:
                chosen = ' '.join(tokens[1:])
    return chosen


def negotiate(header_values, minimum, maximum):
    """The ``(major, minor)`` to execute, within ``[minimum, maximum]``."""
    text = requested(header_values)
    if text is None:
        return minimum
    if text.lower() == LATEST:
        return maximum
    version = parse(text)
    if not minimum <= version <= maximum:
        low, high = format(minimum), format(maximum)
        raise exceptions.UnsupportedMicroversion(
            'Version %s is not supported by the API. Minimum is %s and '
            'maximum is %s.' % (format(version), low, high),
            min_version=low, max_version=high)
    return version


def echo(version):
    """The response header pair that states the executed version."""
    return HEADER, '%s %s' % (SERVICE_TYPE, format(version))
