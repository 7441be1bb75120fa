"""The worker process that runs one rating script (pyscripts module).

Started by :mod:`ratingapi.rating.pyscripts` as ``python -I -S <this
file> CPU_SECONDS MEMORY_BYTES OUTPUT_BYTES``, with an empty environment,
no inherited file descriptors but its three standard streams, in a
session of its own.  ``-I -S`` leave the service's code and every
installed package out of ``sys.path``: this module and the scripts import
the standard library only.  The service imports it too, for
:func:`encode` and :func:`decode`.

Protocol: stdin holds ``{"name", "code", "frames": [frame, ...]}``; each
frame is CloudKitty's legacy data frame, ``{"period": {"begin", "end"},
"usage": {type: [{"vol": {"unit", "qty"}, "rating": {"price"},
"desc"}]}}``.  The script runs once per frame, as CloudKitty runs it:
compiled once, executed with the global ``data`` holding the frame (with
``datetime`` begin and end and ``Decimal`` quantities and prices), and
whatever ``data`` holds afterwards is the result.  stdout gets
``{"frames": [...]}`` or ``{"error": text, "line": number or null}``;
what the script prints goes to stderr.
"""
import datetime
import decimal
import json
import math
import os
import resource
import sys
import traceback


def _encode(value, write):
    kind = type(value)
    if value is None:
        write('null')
    elif kind is bool:
        write('true' if value else 'false')
    elif isinstance(value, str):
        write(json.dumps(str(value)))
    elif isinstance(value, int):
        write(str(int(value)))
    elif isinstance(value, float):
        # NaN and infinities are no JSON numbers: sent as text, which the
        # service refuses as a price.
        write(repr(value) if math.isfinite(value) else json.dumps(
            repr(value)))
    elif isinstance(value, decimal.Decimal):
        write(str(value) if value.is_finite() else json.dumps(str(value)))
    elif isinstance(value, (datetime.datetime, datetime.date)):
        write(json.dumps(value.isoformat()))
    elif isinstance(value, dict):
        write('{')
        for index, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError('a key of a dict is %s %r, not a string'
                                % (type(key).__name__, key))
            write(',' if index else '')
            write(json.dumps(str(key)))
            write(':')
            _encode(item, write)
        write('}')
    elif isinstance(value, (list, tuple)):
        write('[')
        for index, item in enumerate(value):
            write(',' if index else '')
            _encode(item, write)
        write(']')
    else:
        raise TypeError('%s %r is not JSON data'
                        % (type(value).__name__, value))


def encode(value):
    """JSON text of ``value``; Decimals are written as exact numbers."""
    parts = []
    _encode(value, parts.append)
    return ''.join(parts)


def _constant(name):
    raise ValueError('%s is not a number JSON allows' % name)


def decode(text):
    """Parse JSON text; numbers with a fraction or exponent as Decimal."""
    return json.loads(text, parse_float=decimal.Decimal,
                      parse_constant=_constant)


def _limit(which, value):
    resource.setrlimit(which, (value, value))


def _set_limits(cpu_seconds, memory, output):
    # CPU: SIGXCPU at the soft limit, SIGKILL a second later.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    _limit(resource.RLIMIT_AS, memory)
    # stdout and stderr are files: writing more is SIGXFSZ.
    _limit(resource.RLIMIT_FSIZE, output)
    _limit(resource.RLIMIT_CORE, 0)


def _to_frame(frame):
    """The frame as a script sees it (datetimes, Decimals)."""
    period = frame['period']
    for key in ('begin', 'end'):
        if period.get(key) is not None:
            period[key] = datetime.datetime.fromisoformat(period[key])
    for points in frame['usage'].values():
        for point in points:
            point['vol']['qty'] = decimal.Decimal(point['vol']['qty'])
            point['rating']['price'] = decimal.Decimal(
                point['rating']['price'])
    return frame


def _line(error, filename):
    line = None
    for frame, number in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == filename:
            line = number
    return getattr(error, 'lineno', None) if line is None else line


def run(request):
    """``{"frames": [...]}`` or ``{"error", "line"}`` for ``request``."""
    filename = '<pyscript %s>' % request['name']
    try:
        code = compile(request['code'], filename, 'exec')
    except (SyntaxError, ValueError) as error:
        return {'error': '%s: %s' % (type(error).__name__, error),
                'line': getattr(error, 'lineno', None)}
    results = []
    for frame in request['frames']:
        scope = {'__name__': '__pyscript__', 'data': _to_frame(frame)}
        try:
            exec(code, scope)
        except BaseException as error:  # SystemExit too: it is a failure
            text = traceback.format_exception_only(type(error), error)
            return {'error': text[-1].strip() or type(error).__name__,
                    'line': _line(error, filename)}
        if 'data' not in scope:
            return {'error': 'the script deleted the global "data"',
                    'line': None}
        results.append(scope['data'])
    return {'frames': results}


def main(argv):
    cpu_seconds, memory, output = (int(value) for value in argv[1:4])
    _set_limits(cpu_seconds, memory, output)
    # Started with no environment, but Python may set LC_CTYPE for
    # itself (PEP 538): the script gets none at all.
    os.environ.clear()
    request = decode(sys.stdin.buffer.read().decode('utf-8'))
    # Keep stdout for the answer: what the script prints goes to stderr.
    answer = os.fdopen(os.dup(1), 'w', encoding='utf-8')
    os.dup2(2, 1)
    result = run(request)
    del request
    try:
        text = encode(result)
    except (TypeError, ValueError, RecursionError) as error:
        text = encode({'error': 'the script left data that is not a data '
                                'frame: %s' % error, 'line': None})
    answer.write(text)
    answer.flush()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
