"""Microversions on the client side: ``X.Y`` strings, the request header
and the check of the version the server echoes back.

The header is ``OpenStack-API-Version: rating X.Y`` (API-SIG); the server
states the version it executed in the same header on every v2 response.
"""
import re

from ratingapi.client import errors

SERVICE_TYPE = 'rating'
HEADER = 'OpenStack-API-Version'

_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


def parse(text):
    """``"2.10"`` → ``(2, 10)``; anything but an ``X.Y`` string raises
    ValueError (a JSON number such as ``2.10`` would read as 2.1)."""
    if not isinstance(text, str):
        raise ValueError('a microversion is an "X.Y" string, not %r'
                         % (text,))
    match = _VERSION_RE.match(text.strip())
    if not match:
        raise ValueError('malformed microversion %r: expected "X.Y"'
                         % (text,))
    return int(match.group(1)), int(match.group(2))


def format(version):
    """``(2, 10)`` → ``"2.10"``; None stays None."""
    if version is None:
        return None
    return '%d.%d' % tuple(version)


def header(version):
    """The request header pair asking for ``version`` ((X, Y))."""
    return HEADER, '%s %s' % (SERVICE_TYPE, format(version))


def echoed(headers):
    """The version string the server states for our service, or None.

    Every ``OpenStack-API-Version`` value is split on ``,``; the last
    entry whose first token is our service type (any case) counts.
    """
    found = None
    for value in headers.get_list(HEADER):
        for entry in value.split(','):
            tokens = entry.split()
            if tokens and tokens[0].lower() == SERVICE_TYPE:
                found = ' '.join(tokens[1:])
    return found


def check_echo(response, sent):
    """Raise MicroversionMismatch when ``response`` states another version
    than ``sent`` ((X, Y)).  A response without the header passes: the
    server leaves it out only where it could not negotiate (400/406).
    """
    text = echoed(response.headers)
    if text is None or sent is None:
        return
    try:
        got = parse(text)
    except ValueError:
        got = None
    if got != tuple(sent):
        raise errors.MicroversionMismatch(
            'Asked for microversion %s but the server answered %r in %s '
            '(%s %s).' % (format(sent), text, HEADER,
                          response.request.method, response.request.url),
            expected=format(sent), received=text, response=response)
