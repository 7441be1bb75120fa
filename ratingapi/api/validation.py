"""voluptuous validation of what comes in and what goes out.

Handlers declare their input with ``@path(SCHEMA)``, ``@query(SCHEMA)``
and ``@body(SCHEMA)`` and receive the validated values as keyword
arguments (defaults live in the schema, never in the signature).
``@response(SCHEMA)`` checks what leaves: a mismatch is a 500 under
``[api] strict_checks`` (tests) and a logged warning otherwise.

Query strings arrive as ``{name: [values]}``; the helpers below say how
many values a parameter takes and of what type.
"""
import datetime
import functools
import logging

import flask
import voluptuous as vol

from ratingapi.api import serialization
from ratingapi import exceptions

LOG = logging.getLogger(__name__)

# The app's api.services.Settings, for defaults and bounds set by config.
SETTINGS_KEY = 'RATINGAPI_SETTINGS'

_TRUE = ('true', '1', 'yes')
_FALSE = ('false', '0', 'no')


def boolean(value):
    """``true/false``, ``1/0``, ``yes/no`` (any case), or a JSON boolean."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise vol.Invalid('expected a boolean (true/false, 1/0 or yes/no), '
                      'got %r' % (value,))


def integer(minimum=None, maximum=None):
    """An integer (a JSON number or its decimal string), never a boolean."""
    def validate(value):
        if isinstance(value, bool):
            raise vol.Invalid('expected an integer, got %r' % (value,))
        if isinstance(value, str):
            text = value.strip()
            if not (text.isascii() and text.lstrip('-').isdigit()):
                raise vol.Invalid('expected an integer, got %r' % (value,))
            value = int(text)
        if not isinstance(value, int):
            raise vol.Invalid('expected an integer, got %r' % (value,))
        if minimum is not None and value < minimum:
            raise vol.Invalid('must be at least %d' % minimum)
        if maximum is not None and value > maximum:
            raise vol.Invalid('must be at most %d' % maximum)
        return value
    return validate


# The VARCHAR(255) columns of ratingapi.storage.models: metric types,
# units, scope ids, scope keys, fetchers and collectors.
MAX_NAME_LENGTH = 255


def text(max_length=None):
    """A string that both databases store and compare as sent.

    PostgreSQL text and jsonb hold no NUL, and psycopg cannot encode a lone
    surrogate: both would be a 500 there and pass on SQLite, so they are a
    400 everywhere.  ``max_length`` is the column's, where one bounds it.
    Every string that reaches storage goes through this check (bodies,
    query parameters and path parameters alike).
    """
    def validate(value):
        if not isinstance(value, str):
            raise vol.Invalid('expected a string, got %r' % (value,))
        if max_length is not None and len(value) > max_length:
            raise vol.Invalid('must be at most %d characters long'
                              % max_length)
        if '\x00' in value:
            raise vol.Invalid('must not contain NUL characters')
        if not value.isascii():
            try:
                value.encode('utf-8')
            except UnicodeEncodeError:
                raise vol.Invalid('must be valid Unicode (it holds a lone '
                                  'surrogate)')
        return value
    return validate


def iso_datetime(value):
    """ISO 8601 date/time → aware UTC datetime; a naive value is UTC."""
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        try:
            parsed = datetime.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise vol.Invalid('expected an ISO 8601 date and time such as '
                              '2026-01-31T00:00:00Z, got %r' % (value,))
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=datetime.timezone.utc)
    try:
        return parsed.astimezone(datetime.timezone.utc)
    except OverflowError:
        # e.g. 0001-01-01T00:00:00+01:00 lies before year 1 in UTC.
        raise vol.Invalid('%r is out of the supported range of dates'
                          % (value,))


def defaults(**values):
    """Fill in ``values`` for the keys a request left out, once validated.

    For a default that the key's own validator refuses, above all None for
    "leave it as it is": ``vol.Optional(key, default=None)`` would run the
    validator on None, and a validator that took None would take an
    explicit ``null`` too.  Use: ``vol.All(SCHEMA, defaults(key=None))``.
    """
    def fill(validated):
        return {**values, **validated}
    return fill


def setting(name):
    """A schema default (or bound) read from config when a request comes.

    ``vol.Optional('fetcher', default=setting('default_fetcher'))``: the
    default still lives in the schema, its value in ``[...]`` options.
    """
    return lambda: getattr(flask.current_app.config[SETTINGS_KEY], name)


class SingleQueryParam:
    """A parameter given exactly once."""

    def __init__(self, validator):
        self.validator = vol.Schema(validator)

    def __call__(self, values):
        if not isinstance(values, list):
            # A schema default, already the value itself.
            return self.validator(values)
        if len(values) != 1:
            raise vol.Invalid('must be given once, got %d values'
                              % len(values))
        return self.validator(values[0])


class MultiQueryParam:
    """Repeated and/or comma-separated values, as a list."""

    def __init__(self, validator):
        self.validator = vol.Schema(validator)

    def __call__(self, values):
        if isinstance(values, str):
            values = [values]
        return [self.validator(item.strip())
                for value in values for item in value.split(',')
                if item.strip()]


class DictQueryParam:
    """``key:value`` pairs, comma-separated and/or repeated, as a dict.

    With ``multi`` each key maps to the list of its values; otherwise a key
    given twice is an error.
    """

    def __init__(self, validator, multi=False):
        self.validator = vol.Schema(validator)
        self.multi = multi

    def __call__(self, values):
        result = {}
        for value in values:
            for pair in value.split(','):
                key, sep, item = pair.partition(':')
                key = key.strip()
                if not sep or not key:
                    raise vol.Invalid('expected key:value, got %r' % pair)
                try:
                    item = self.validator(item.strip())
                except vol.Invalid as exc:
                    raise vol.Invalid('the value of %r %s'
                                      % (key, exc.error_message))
                if self.multi:
                    result.setdefault(key, []).append(item)
                elif key in result:
                    raise vol.Invalid('key %r given more than once' % key)
                else:
                    result[key] = item
        return result


def _as_input_error(exc, where):
    error = min(exc.errors, key=lambda e: len(e.path))
    name = '.'.join(str(part) for part in error.path) or where
    # voluptuous has no class of its own for an unexpected key.
    if error.error_message == 'extra keys not allowed':
        detail = 'Unknown %s parameter %r.' % (where, name)
    elif isinstance(error, vol.RequiredFieldInvalid):
        detail = 'Missing required %s parameter %r.' % (where, name)
    else:
        detail = 'Invalid %s parameter %r: %s.' % (
            where, name, error.error_message)
    return exceptions.InvalidInput(detail, parameter=name)


def _merge(kwargs, values, where):
    """Add validated ``values`` to the handler's ``kwargs``.

    A value that repeats a path parameter (CloudKitty clients send
    ``?module_id=X`` or ``{"module_id": X}`` beside ``/modules/X``) is
    accepted when it agrees with the path and is a 400 otherwise.
    """
    for name, value in values.items():
        if name in kwargs:
            if value != kwargs[name]:
                raise exceptions.InvalidInput(
                    'The %s parameter %r is %r but the URL says %r.' % (
                        where, name, value, kwargs[name]), parameter=name)
            continue
        kwargs[name] = value


def _validate(schema, data, where):
    try:
        return schema(data)
    except vol.MultipleInvalid as exc:
        raise _as_input_error(exc, where)


def path(schema):
    """Check the URL's own parameters (``<scope_id>``), a 400 when wrong.

    Werkzeug hands them over as they come (a ``%00`` included); they reach
    storage like any other value.  Other keyword arguments pass untouched.
    """
    compiled = vol.Schema(schema, extra=vol.ALLOW_EXTRA)

    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            return handler(*args, **_validate(compiled, kwargs, 'path'))
        return wrapper
    return decorator


def query(schema):
    compiled = vol.Schema(schema)

    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            args_ = flask.request.args
            raw = {key: args_.getlist(key) for key in args_}
            _merge(kwargs, _validate(compiled, raw, 'query'), 'query')
            return handler(*args, **kwargs)
        return wrapper
    return decorator


def _json_body():
    request = flask.request
    if request.mimetype and request.mimetype != serialization.MEDIA_TYPE:
        raise exceptions.UnsupportedMediaType(
            'The request body must be application/json, not %s.'
            % request.mimetype)
    data = request.get_data(cache=True)
    if not data.strip():
        raise exceptions.InvalidJSON('The request needs a JSON body.')
    try:
        return serialization.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise exceptions.InvalidJSON('The request body is not valid JSON: '
                                     '%s.' % exc)


def body(schema):
    compiled = vol.Schema(schema)

    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            parsed = _json_body()
            if not isinstance(parsed, dict):
                raise exceptions.InvalidInput(
                    'The request body must be a JSON object.')
            _merge(kwargs, _validate(compiled, parsed, 'body'), 'body')
            return handler(*args, **kwargs)
        return wrapper
    return decorator


def response(schema):
    compiled = vol.Schema(schema)

    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            result = handler(*args, **kwargs)
            payload = result[0] if isinstance(result, tuple) else result
            try:
                compiled(payload)
            except vol.Invalid as exc:
                message = 'Response of %s does not match its schema: %s' % (
                    flask.request.path, exc)
                if flask.current_app.config['RATINGAPI_STRICT_CHECKS']:
                    raise exceptions.RatingError(message)
                LOG.warning(message)
            return result
        return wrapper
    return decorator


def optional_body(schema):
    """Like :func:`body`, but a request without a body is ``{}``.

    For CloudKitty's v1 binding, where an argument may come from the
    path, the query string or the body: see :func:`required`.
    """
    compiled = vol.Schema(schema)

    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            if flask.request.get_data(cache=True).strip():
                parsed = _json_body()
                if not isinstance(parsed, dict):
                    raise exceptions.InvalidInput(
                        'The request body must be a JSON object.')
            else:
                parsed = {}
            _merge(kwargs, _validate(compiled, parsed, 'body'), 'body')
            return handler(*args, **kwargs)
        return wrapper
    return decorator


def required(*names):
    """A 400 unless each of ``names`` came from the path, the query
    string or the body (innermost decorator: after every merge)."""
    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            for name in names:
                if name not in kwargs:
                    raise exceptions.InvalidInput(
                        'Missing required parameter %r: give it in the '
                        'path, the query string or the JSON body.' % name,
                        parameter=name)
            return handler(*args, **kwargs)
        return wrapper
    return decorator
