"""Everything the SDK raises, as one tree::

    RatingClientError
    ├── DiscoveryError              unusable discovery document or URL
    │   ├── VersionNotAvailable     no version both sides support
    │   └── EndpointNotFound        no rating endpoint in the catalog
    ├── MicroversionMismatch        a response echoes another microversion
    ├── OperationNotAllowed         the resource does not declare it
    │   └── MicroversionTooLow      it needs a newer microversion
    ├── NotAuthenticated            credentials needed but not given
    ├── PaginationError             a list's next page cannot be followed
    ├── ConnectionFailed            transport error (after the retries)
    └── HTTPError                   an error answer from a server
        ├── RedirectRefused         3xx that is not followed
        ├── BadRequest              400
        ├── Unauthorized            401
        │   └── AuthenticationFailed   Keystone refused the credentials
        ├── Forbidden               403
        ├── NotFound                404
        ├── MethodNotAllowed        405
        ├── NotAcceptable           406 (microversion out of range)
        ├── Conflict                409
        ├── RequestTooLarge         413
        ├── UnsupportedMediaType    415
        └── ServerError             5xx

An :class:`HTTPError` is built from the error document of the answer, in
whichever dialect the server spoke: the API-SIG ``{"errors": [...]}`` of the
root and v2, CloudKitty's v1 fault body ``{"faultstring": ...}``, or
Keystone's ``{"error": {...}}``.
"""
from http import HTTPStatus
import json


class RatingClientError(Exception):
    """Base of every error the SDK raises."""


class DiscoveryError(RatingClientError):
    """A discovery document could not be fetched, parsed or used."""

    def __init__(self, message, *, url=None, response=None):
        super().__init__(message)
        self.url = url
        self.response = response


class VersionNotAvailable(DiscoveryError):
    """No API version (or microversion) suits both sides.

    ``offered`` lists the versions the server offers (discovery
    ``Version`` objects), ``supported`` the client's API declarations and
    ``requested`` the pinned version, if any.
    """

    def __init__(self, message, *, offered=(), supported=(),
                 requested=None, url=None, response=None):
        super().__init__(message, url=url, response=response)
        self.offered = tuple(offered)
        self.supported = tuple(supported)
        self.requested = requested


class EndpointNotFound(DiscoveryError):
    """The service catalog has no endpoint for the service looked up."""


class MicroversionMismatch(RatingClientError):
    """The server executed another microversion than the one asked for."""

    def __init__(self, message, *, expected, received, response):
        super().__init__(message)
        self.expected = expected
        self.received = received
        self.response = response


class OperationNotAllowed(RatingClientError):
    """The resource is not declared with this operation: nothing sent."""


class MicroversionTooLow(OperationNotAllowed):
    """The resource needs a newer microversion than the one negotiated
    (``required``, ``negotiated``: ``"X.Y"`` strings, ``negotiated``
    None on a version without microversions): nothing sent."""

    def __init__(self, message, *, required=None, negotiated=None):
        super().__init__(message)
        self.required = required
        self.negotiated = negotiated


class NotAuthenticated(RatingClientError):
    """An operation needs credentials (a login) that were not given."""


class PaginationError(RatingClientError):
    """A list's pages loop or cannot be parsed."""


class ConnectionFailed(RatingClientError):
    """The server could not be reached (the last transport error is the
    ``__cause__``)."""

    def __init__(self, message, *, request=None):
        super().__init__(message)
        self.request = request


class HTTPError(RatingClientError):
    """An error answer: ``status``, ``code``, ``title``, ``detail``,
    ``request_id``, the whole ``response``, every item of an API-SIG errors
    document in ``errors`` and the extra members of the first one (such as
    ``min_version``) in ``extra``."""

    status = None

    def __init__(self, detail, *, status=None, code=None, title=None,
                 request_id=None, response=None, errors=(), extra=None):
        self.status = status if status is not None else self.status
        self.code = code
        self.title = title
        self.detail = detail
        self.request_id = request_id
        self.response = response
        self.errors = list(errors)
        self.extra = dict(extra or {})
        super().__init__(self._message())

    def _message(self):
        parts = ['%s' % self.status]
        if self.code:
            parts.append(self.code)
        text = ' '.join(parts) + ': ' + (self.detail or self.title or '')
        if self.response is not None:
            request = self.response.request
            text += ' (%s %s' % (request.method, request.url)
            if self.request_id:
                text += ', request %s' % self.request_id
            text += ')'
        elif self.request_id:
            text += ' (request %s)' % self.request_id
        return text


class RedirectRefused(HTTPError):
    """A 3xx answer that the SDK does not follow: any redirect of a
    request other than GET/HEAD (it is never replayed), or one to another
    origin."""


class BadRequest(HTTPError):
    status = 400


class Unauthorized(HTTPError):
    status = 401


class AuthenticationFailed(Unauthorized):
    """Keystone refused the credentials."""


class Forbidden(HTTPError):
    status = 403


class NotFound(HTTPError):
    status = 404


class MethodNotAllowed(HTTPError):
    status = 405


class NotAcceptable(HTTPError):
    """406: the microversion asked for is outside the server's range;
    ``min_version``/``max_version`` are the server's bounds when it said."""

    status = 406

    @property
    def min_version(self):
        return self.extra.get('min_version')

    @property
    def max_version(self):
        return self.extra.get('max_version')


class Conflict(HTTPError):
    status = 409


class RequestTooLarge(HTTPError):
    status = 413


class UnsupportedMediaType(HTTPError):
    status = 415


class ServerError(HTTPError):
    status = 500


_BY_STATUS = {cls.status: cls for cls in (
    BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed,
    NotAcceptable, Conflict, RequestTooLarge, UnsupportedMediaType)}

REQUEST_ID_HEADER = 'X-OpenStack-Request-Id'

_SIG_KEYS = ('status', 'code', 'title', 'detail', 'request_id', 'links')


def _body(response):
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _reason(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return 'HTTP %d' % status


def from_response(response, cls=None):
    """The :class:`HTTPError` describing the (read) ``response``."""
    status = response.status_code
    fields = {'status': status, 'title': _reason(status), 'code': None,
              'request_id': response.headers.get(REQUEST_ID_HEADER),
              'response': response}
    detail = None
    body = _body(response)
    if isinstance(body, dict):
        items = body.get('errors')
        fault = body.get('error')
        if isinstance(items, list) and items and isinstance(items[0], dict):
            first = items[0]
            detail = first.get('detail')
            fields['code'] = first.get('code')
            fields['title'] = first.get('title') or fields['title']
            fields['request_id'] = (first.get('request_id') or
                                    fields['request_id'])
            fields['errors'] = items
            fields['extra'] = {key: value for key, value in first.items()
                               if key not in _SIG_KEYS}
        elif 'faultstring' in body:
            detail = body.get('faultstring')
        elif isinstance(fault, dict):
            detail = fault.get('message')
            fields['title'] = fault.get('title') or fields['title']
        elif isinstance(body.get('message'), str):
            detail = body['message']
    if detail is None:
        text = response.text.strip() if response.content else ''
        detail = text[:200] or fields['title']
    if cls is None:
        if 300 <= status < 400:
            cls = RedirectRefused
        elif status >= 500:
            cls = ServerError
        else:
            cls = _BY_STATUS.get(status, HTTPError)
    return cls(str(detail), **fields)


def raise_for_response(response, accept=None):
    """Raise the error of ``response`` unless its status is in ``accept``
    (default: any 2xx)."""
    status = response.status_code
    if accept is None:
        if 200 <= status < 300:
            return
    elif status in accept:
        return
    raise from_response(response)
