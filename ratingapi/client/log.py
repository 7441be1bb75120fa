"""Logging of the SDK: the ``ratingapi.client`` logger and redaction.

Every record the SDK emits carries the extra fields ``cid``, ``baseurl``,
``method``, ``endpoint``, ``url``, ``status`` and ``elapsed`` (None where
they do not apply), so one :class:`logging.Formatter` such as
``"%(asctime)s %(cid)s %(method)s %(url)s %(status)s %(elapsed)s"``
formats all of them.  Requests and responses are logged at INFO; headers
and bodies at DEBUG, with tokens, passwords and secrets replaced by
``***``.  A :class:`logging.NullHandler` keeps the SDK silent until the
application configures logging.
"""
import json
import logging
import re

import httpx

LOGGER_NAME = 'ratingapi.client'
LOG = logging.getLogger(LOGGER_NAME)
LOG.addHandler(logging.NullHandler())

FIELDS = ('cid', 'baseurl', 'method', 'endpoint', 'url', 'status',
          'elapsed')
REDACTED = '***'
MAX_BODY = 4096

SENSITIVE_HEADERS = frozenset({
    'x-auth-token', 'x-subject-token', 'x-service-token', 'authorization',
    'proxy-authorization', 'cookie', 'set-cookie'})
_SENSITIVE_KEY = re.compile(r'password|secret|token|credential',
                            re.IGNORECASE)


def fields(**values):
    """A complete ``extra`` mapping (missing fields are None)."""
    extra = dict.fromkeys(FIELDS)
    extra.update(values)
    return extra


def redact_headers(headers):
    """``[(name, value), ...]`` with sensitive values hidden."""
    return [(name, REDACTED if name.lower() in SENSITIVE_HEADERS else value)
            for name, value in headers.multi_items()]


def redact(value):
    """A decoded JSON value with every scalar under a sensitive key (any
    key naming a password, secret, token or credential) hidden."""
    if isinstance(value, dict):
        return {key: (REDACTED if _SENSITIVE_KEY.search(str(key)) and
                      not isinstance(item, (dict, list)) else redact(item))
                for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


def body_text(content, content_type=''):
    """A body for a debug log: redacted JSON, or only its size."""
    if not content:
        return ''
    try:
        text = json.dumps(redact(json.loads(content)), sort_keys=True)
    except ValueError:
        return '<%d bytes of %s>' % (len(content),
                                     content_type or 'unknown type')
    if len(text) > MAX_BODY:
        text = text[:MAX_BODY] + '...'
    return text


def _content(message):
    try:
        return message.content
    except (httpx.RequestNotRead, httpx.ResponseNotRead):
        return b''


def request(event):
    extra = event.log_fields()
    LOG.info('%s %s', event.method, event.url, extra=extra)
    if LOG.isEnabledFor(logging.DEBUG):
        req = event.request
        LOG.debug('%s %s headers %s body %s', event.method, event.url,
                  redact_headers(req.headers),
                  body_text(_content(req), req.headers.get('Content-Type')),
                  extra=extra)


def response(event):
    extra = event.log_fields()
    LOG.info('%s %s -> %s in %.3fs', event.method, event.url, event.status,
             event.elapsed, extra=extra)
    if LOG.isEnabledFor(logging.DEBUG):
        resp = event.response
        LOG.debug('%s %s -> %s headers %s body %s', event.method, event.url,
                  event.status, redact_headers(resp.headers),
                  body_text(_content(resp),
                            resp.headers.get('Content-Type')),
                  extra=extra)


def needs_body():
    """Whether response bodies are logged (so must be read in the hook)."""
    return LOG.isEnabledFor(logging.DEBUG)


def info(message, *args, **values):
    LOG.info(message, *args, extra=fields(**values))


def warning(message, *args, **values):
    LOG.warning(message, *args, extra=fields(**values))
