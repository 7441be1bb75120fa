"""The real ratingapi app, in-process, behind an httpx transport.

:func:`build_app` builds the app the way ``tests/functional/fixtures.py``
does (fresh ConfigOpts, noauth, strict checks, a migrated SQLite file);
:class:`Service` forwards httpx requests to it through
``werkzeug.test.Client`` and records what reached the server.  A
``MockTransport`` around :meth:`Service.handle` serves the sync and the
async client alike.
"""
import os

import httpx
from oslo_config import cfg
from werkzeug.middleware import dispatcher
from werkzeug import test as wtest
from werkzeug import wrappers

from ratingapi import app as ratingapi_app
from ratingapi import conf as rconf
from ratingapi.storage import migration

ROOT = 'http://testserver/'
PREFIX = '/rating'
PUBLIC_ROOT = 'https://api.example.com/rating/'
INTERNAL = 'http://10.0.0.5:8889'

# Headers werkzeug computes itself.
_SKIP = frozenset({'host', 'content-length'})


def build_app(tmp_path, overrides=None):
    """A fresh app on a fresh database; returns (app, cleanup)."""
    url = 'sqlite:///%s' % os.path.join(tmp_path, 'ratingapi.sqlite')
    migration.upgrade(url)
    conf = cfg.ConfigOpts()
    rconf.register_all(conf)
    rconf.parse_args(conf, [], default_config_files=[])
    settings = {
        (None, 'auth_strategy'): 'noauth',
        ('database', 'connection'): url,
        ('api', 'strict_checks'): True,
    }
    settings.update(overrides or {})
    for (group, name), value in settings.items():
        conf.set_override(name, value, group)

    def cleanup():
        # The [api]/[database] options are shared between ConfigOpts
        # objects (see tests/functional/test_fixtures.py): undo them.
        for group, name in settings:
            conf.clear_override(name, group)
    return ratingapi_app.create_app(conf), cleanup


def forward(app, request):
    """Send ``request`` (read) to the WSGI ``app``; the httpx answer."""
    url = request.url
    headers = [(name, value) for name, value in request.headers.multi_items()
               if name.lower() not in _SKIP]
    answer = wtest.Client(app).open(
        path=url.raw_path.decode('ascii'), method=request.method,
        base_url='%s://%s' % (url.scheme, url.netloc.decode('ascii')),
        headers=headers, data=request.content)
    return httpx.Response(answer.status_code,
                          headers=list(answer.headers.items()),
                          content=answer.get_data(), request=request)


def outside_mount(environ, start_response):
    response = wrappers.Response('{"message": "not under %s"}' % PREFIX,
                                 status=404, mimetype='application/json')
    return response(environ, start_response)


def mounted(app, prefix=PREFIX):
    """``app`` under ``prefix`` (SCRIPT_NAME), as a front server would."""
    return dispatcher.DispatcherMiddleware(outside_mount, {prefix: app})


class Service:
    """The app plus a record of every WSGI environ that reached it."""

    def __init__(self, app):
        self.app = app
        self.environs = []

    def _recording(self, environ, start_response):
        self.environs.append(environ)
        return self.app(environ, start_response)

    def handle(self, request):
        return forward(self._recording, request)

    def handle_behind_proxy(self, request):
        """A reverse proxy publishing the service at PUBLIC_ROOT: strips
        the prefix, forwards to the internal address with X-Forwarded-*."""
        public = httpx.URL(PUBLIC_ROOT)
        url = request.url
        if (url.scheme, url.host) != (public.scheme, public.host):
            return httpx.Response(502, request=request)
        path = url.raw_path.decode('ascii')
        assert path.startswith(PREFIX), path
        inner_headers = [(name, value) for name, value
                         in request.headers.multi_items()
                         if name.lower() not in _SKIP]
        inner_headers += [('X-Forwarded-Proto', 'https'),
                          ('X-Forwarded-Host', public.host),
                          ('X-Forwarded-Prefix', PREFIX)]
        inner = httpx.Request(request.method,
                              INTERNAL + (path[len(PREFIX):] or '/'),
                              headers=inner_headers, content=request.content)
        response = forward(self._recording, inner)
        return httpx.Response(response.status_code,
                              headers=response.headers.multi_items(),
                              content=response.content, request=request)

    def requests(self, method=None, path=None):
        """(method, path) of every request that reached the app."""
        seen = [(env['REQUEST_METHOD'],
                 env.get('SCRIPT_NAME', '') + env.get('PATH_INFO', ''))
                for env in self.environs]
        return [item for item in seen
                if (method is None or item[0] == method) and
                (path is None or item[1] == path)]
