"""The WSGI middleware pipeline, written once, in request order.

    proxy headers (only when trusted) → request id → access log
    → last-resort errors → CORS (when configured) → body size limit
    → /healthcheck → auth strategy → request context → API

``/healthcheck`` branches off before authentication so that load balancers
need no token.
"""
import io
import ipaddress
import logging
import re
import time

from keystonemiddleware import auth_token
from oslo_context import context as oslo_context
from oslo_middleware import cors
from oslo_middleware import healthcheck
from oslo_middleware import request_id
from werkzeug import http
from werkzeug.middleware import dispatcher
from werkzeug.middleware import proxy_fix

from ratingapi.api import discovery
from ratingapi.api import errors
from ratingapi import context
from ratingapi import exceptions

LOG = logging.getLogger(__name__)
ACCESS_LOG = logging.getLogger('ratingapi.access')

HEALTHCHECK_PATH = '/healthcheck'
REQUEST_ID_HEADER = 'X-OpenStack-Request-Id'
_GLOBAL_ID = re.compile(request_id.ID_FORMAT)
NOAUTH_DEFAULT_USER = 'noauth-admin'


def pipeline(app, conf, enforcer):
    """Wrap the API ``app`` in every layer, first-seen layer first."""
    layers = [
        proxy_headers(conf),
        RequestId,
        AccessLog,
        LastResort.factory(conf.api.errors_help_url),
        cors_layer(conf),
        BodySizeLimit.factory(conf.api.max_request_body_size,
                              conf.api.errors_help_url),
        healthcheck_branch(conf),
        auth_strategy(conf),
        ContextMiddleware.factory(enforcer),
    ]
    for layer in reversed([layer for layer in layers if layer]):
        app = layer(app)
    return app


def proxy_headers(conf):
    if not conf.api.enable_proxy_headers_parsing:
        return None
    return ProxyHeaders


class ProxyHeaders:
    """X-Forwarded-Proto/Host (Werkzeug's ProxyFix) and a validated prefix.

    ProxyFix would copy ``X-Forwarded-Host``/``-Prefix`` unchecked and
    *replace* ``SCRIPT_NAME``; here a host must be ``host[:port]``, a
    prefix plain path segments (prepended to the server's own mount), and
    a malformed value is ignored.  Of a host list, ProxyFix (``x_host=1``)
    takes the last value, the one our proxy appended: only that one is
    checked, whatever the client put before it.
    """

    def __init__(self, app):
        self.app = app
        self.fix = proxy_fix.ProxyFix(self._after_fix, x_for=1, x_proto=1,
                                      x_host=1, x_port=1, x_prefix=0)

    def __call__(self, environ, start_response):
        hosts = environ.get('HTTP_X_FORWARDED_HOST')
        if hosts is not None:
            # Parsed as ProxyFix parses it, to check what it will use.
            values = http.parse_list_header(hosts)
            if not values or not discovery.valid_host(values[-1]):
                LOG.warning('Ignoring malformed X-Forwarded-Host %r', hosts)
                del environ['HTTP_X_FORWARDED_HOST']
        return self.fix(environ, start_response)

    def _after_fix(self, environ, start_response):
        prefix = environ.get('HTTP_X_FORWARDED_PREFIX', '')
        if prefix:
            if discovery.valid_prefix(prefix):
                environ['SCRIPT_NAME'] = (prefix.rstrip('/') +
                                          environ.get('SCRIPT_NAME', ''))
            else:
                LOG.warning('Ignoring malformed X-Forwarded-Prefix %r',
                            prefix)
        return self.app(environ, start_response)


class RequestId:
    """``req-<uuid>`` for every request, in the environ and the response.

    The same contract as oslo.middleware's RequestId (its environ keys and
    its format for an inbound global request id, which oslo.context then
    logs) without its cost: that one wraps every request in webob and
    inspects a signature per call, about half of what ``GET /`` costs.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        inbound = environ.get('HTTP_X_OPENSTACK_REQUEST_ID', '')
        if _GLOBAL_ID.match(inbound):
            environ[request_id.GLOBAL_REQ_ID] = inbound
        req_id = oslo_context.generate_request_id()
        environ[request_id.ENV_REQUEST_ID] = req_id

        def add_header(status, headers, exc_info=None):
            if not any(name.lower() == request_id.HTTP_RESP_HEADER_REQUEST_ID
                       for name, _ in headers):
                headers.append((REQUEST_ID_HEADER, req_id))
            return start_response(status, headers, exc_info)

        return self.app(environ, add_header)


class AccessLog:
    """One INFO line per request, with its request ids.

    The global request id is the caller's correlation id (the SDK's
    ``cid``): it ties a client's log to the server's.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.monotonic()
        seen = []

        def record_status(status, headers, exc_info=None):
            seen.append(status.split(' ', 1)[0])
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, record_status)
        finally:
            ACCESS_LOG.info(
                '%s %s %s %.1f ms (request %s, global request %s)',
                environ.get('REQUEST_METHOD'),
                environ.get('SCRIPT_NAME', '') + environ.get('PATH_INFO', ''),
                seen[0] if seen else '-',
                (time.monotonic() - started) * 1000,
                environ.get(request_id.ENV_REQUEST_ID),
                environ.get(request_id.GLOBAL_REQ_ID, '-'))


class LastResort:
    """Any exception escaping the layers below becomes a JSON 500.

    The apps render their own errors; this catches what middleware raises
    (a misconfigured auth plugin, say), so no HTML or traceback leaves.
    """

    def __init__(self, app, help_url):
        self.app, self.help_url = app, help_url

    @classmethod
    def factory(cls, help_url):
        return lambda app: cls(app, help_url)

    def __call__(self, environ, start_response):
        # The version dispatcher below moves /v1 or /v2 from PATH_INFO to
        # SCRIPT_NAME in this very environ: the error's dialect follows
        # the path as it came in.
        path = environ.get('PATH_INFO', '')
        try:
            return self.app(environ, start_response)
        except Exception as exc:
            # No exc_info for start_response: some callers re-raise any
            # exc_info instead of sending our answer (Werkzeug's test
            # client does, even before headers are sent), and the layers
            # below only start a response when they return one.
            return errors.middleware_response(
                exc, dict(environ, PATH_INFO=path), self.help_url)(
                    environ, start_response)


def cors_layer(conf):
    if not conf.cors.allowed_origin:
        return None
    return lambda app: cors.CORS(app, conf)


class BodySizeLimit:
    """413 (JSON) for bodies larger than ``max_request_body_size``.

    A declared Content-Length is checked up front; a chunked body (no
    length) is read here, at most one byte past the limit, so an oversized
    one is refused whole instead of reaching the app cut short.  One that
    fits is handed on as a plain body of known length.
    """

    def __init__(self, app, limit, help_url):
        self.app, self.limit, self.help_url = app, limit, help_url

    @classmethod
    def factory(cls, limit, help_url):
        return lambda app: cls(app, limit, help_url)

    def __call__(self, environ, start_response):
        length = environ.get('CONTENT_LENGTH')
        if length and length.isdigit():
            size = int(length)
        elif 'chunked' in environ.get('HTTP_TRANSFER_ENCODING', '').lower():
            body = environ['wsgi.input'].read(self.limit + 1)
            size = len(body)
            environ['wsgi.input'] = io.BytesIO(body)
            environ['CONTENT_LENGTH'] = str(size)
            # Werkzeug ignores CONTENT_LENGTH beside "chunked" and, unless
            # the server set wsgi.input_terminated, reads nothing at all.
            del environ['HTTP_TRANSFER_ENCODING']
        else:
            size = 0
        if size > self.limit:
            error = exceptions.RequestTooLarge(
                'The request body is %s bytes; the limit is %d bytes.' % (
                    length or 'more than %d' % self.limit, self.limit))
            return errors.middleware_response(error, environ, self.help_url)(
                environ, start_response)
        return self.app(environ, start_response)


def healthcheck_branch(conf):
    check = healthcheck.Healthcheck(None, conf)
    return lambda app: dispatcher.DispatcherMiddleware(
        app, {HEALTHCHECK_PATH: check})


def auth_strategy(conf):
    if conf.auth_strategy == 'noauth':
        LOG.warning('*** auth_strategy = noauth: every caller may claim any '
                    'identity with X-User-Id, X-Project-Id and X-Roles, and '
                    'a caller without them is admin. Never expose this '
                    'service to untrusted networks. ***')
        return NoAuth
    # delay_auth_decision: requests without a valid token still reach the
    # API, marked unconfirmed, so discovery stays public; the context then
    # answers 401 for anything that checks policy.
    return lambda app: auth_token.AuthProtocol(
        app, {'oslo_config_config': conf, 'delay_auth_decision': 'true'})


class NoAuth:
    """Trust the identity headers; a caller without any is admin.

    This never talks to Keystone and ignores any X-Auth-Token.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if 'HTTP_X_ROLES' not in environ:
            environ['HTTP_X_ROLES'] = 'admin'
            environ.setdefault('HTTP_X_USER_ID', NOAUTH_DEFAULT_USER)
        environ['HTTP_X_IDENTITY_STATUS'] = 'Confirmed'
        return self.app(environ, start_response)


class ContextMiddleware:
    """Build the :class:`RequestContext` every handler authorizes with."""

    def __init__(self, app, enforcer):
        self.app = app
        self.enforcer = enforcer

    @classmethod
    def factory(cls, enforcer):
        return lambda app: cls(app, enforcer)

    def __call__(self, environ, start_response):
        confirmed = environ.get('HTTP_X_IDENTITY_STATUS') == 'Confirmed'
        environ[context.ENV_KEY] = context.RequestContext.from_environ(
            environ, enforcer=self.enforcer, authenticated=confirmed)
        return self.app(environ, start_response)


def is_loopback(host):
    """Whether binding ``host`` exposes the service to this machine only."""
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
