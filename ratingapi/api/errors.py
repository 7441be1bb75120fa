"""The one error path: any exception becomes a JSON error document.

Two wire dialects exist and each has exactly one renderer:

* ``SIG`` (root and v2): the API-SIG errors document, plus a top-level
  ``message`` because CloudKitty clients print that key::

    {"errors": [{"status": 404, "code": "rating.uri-not-found",
                 "title": "...", "detail": "...", "request_id": "req-...",
                 "links": [{"rel": "help", "href": "..."}]}],
     "message": "..."}

* ``LEGACY`` (v1): CloudKitty's v1 fault body
  ``{"faultcode": "Client"|"Server", "faultstring": "...",
  "debuginfo": null}``.

Nothing else ever renders an error: no HTML page and no traceback leaves
the server.
"""
import logging

from oslo_middleware import request_id as oslo_request_id
import werkzeug.exceptions
from werkzeug import wrappers

from ratingapi.api import microversion
from ratingapi.api import serialization
from ratingapi import exceptions

LOG = logging.getLogger(__name__)

SIG = 'sig'
LEGACY = 'legacy'

REQUEST_ID_ENV = oslo_request_id.ENV_REQUEST_ID

# Werkzeug/Flask HTTP errors, by status, as our error classes.
_BY_STATUS = {
    500: exceptions.RatingError,
    400: exceptions.InvalidInput,
    401: exceptions.Unauthorized,
    403: exceptions.Forbidden,
    404: exceptions.UriNotFound,
    405: exceptions.MethodNotAllowed,
    406: exceptions.UnsupportedMicroversion,
    409: exceptions.Conflict,
    413: exceptions.RequestTooLarge,
    415: exceptions.UnsupportedMediaType,
}


def to_rating_error(exc):
    """Return ``exc`` as a :class:`ratingapi.exceptions.RatingError`."""
    if isinstance(exc, exceptions.RatingError):
        return exc
    if isinstance(exc, werkzeug.exceptions.HTTPException):
        cls = _BY_STATUS.get(exc.code)
        headers = []
        allowed = getattr(exc, 'valid_methods', None)
        if allowed:
            headers.append(('Allow', ', '.join(sorted(allowed))))
        if cls is None:
            error = exceptions.RatingError(exc.description, headers=headers)
            error.status, error.title = exc.code, exc.name
            error.code = 'rating.http-%d' % exc.code
            return error
        return cls(exc.description, headers=headers)
    # Anything else is a bug: log it with its traceback, say nothing of it.
    LOG.exception('Unexpected error while handling the request')
    return exceptions.RatingError(
        'The server failed to handle the request; the request id identifies '
        'it in the server logs.')


def sig_document(error, request_id, help_url):
    item = {
        'status': error.status,
        'code': error.code,
        'title': error.title,
        'detail': error.detail,
        'links': [{'rel': 'help', 'href': '%s#%s' % (help_url, error.code)}],
    }
    if request_id:
        item['request_id'] = request_id
    item.update(error.extra)
    return {'errors': [item], 'message': error.detail}


def legacy_document(error):
    return {
        'faultcode': 'Client' if error.status < 500 else 'Server',
        'faultstring': error.detail,
        'debuginfo': None,
    }


def response(exc, dialect, environ, help_url):
    """The WSGI response for ``exc`` in ``dialect``."""
    error = to_rating_error(exc)
    if dialect == LEGACY:
        body = legacy_document(error)
    else:
        body = sig_document(error, environ.get(REQUEST_ID_ENV), help_url)
    resp = wrappers.Response(serialization.dumps(body), status=error.status,
                             mimetype=serialization.MEDIA_TYPE)
    for name, value in error.headers:
        resp.headers[name] = value
    return resp


def _under(path, mount):
    return path == mount or path.startswith(mount + '/')


def middleware_response(exc, environ, help_url):
    """An error raised by middleware, before any version app ran.

    It takes the dialect of the version the path belongs to, and on the
    microversioned v2 the ``Vary`` that every v2 response carries.
    """
    path = environ.get('PATH_INFO', '')
    resp = response(exc, LEGACY if _under(path, '/v1') else SIG, environ,
                    help_url)
    if _under(path, '/v2'):
        resp.vary.add(microversion.HEADER)
    return resp
