"""Where ratingapi's time per request goes, in process, without a server.

Builds ``ratingapi.wsgi``'s app from a temporary noauth/SQLite config (as
``discovery.py`` does) and calls it directly, with no socket and no
gunicorn, so the figures are the CPU cost of ratingapi's own code:

1. microseconds per request of the bare app and of every endpoint through
   the whole pipeline;
2. per endpoint, the exclusive cost of each middleware layer and of the
   app under it, measured by timing shims slipped between the layers;
3. for the admin ``GET /v2/rating/modules``, the pieces of its handler
   timed alone (policy check, database query, response schema, JSON);
4. with ``--cprofile``, a cProfile of one endpoint grouped by package.

Run it with the project's virtualenv Python; see bench/README.md.
"""
import argparse
import collections
import cProfile
import os
import pstats
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bare_app  # noqa: E402
import discovery  # noqa: E402

BASE_URL = 'http://127.0.0.1:8889'


def build_app(workdir):
    from ratingapi import app
    from ratingapi import conf

    path = discovery.ratingapi_config(workdir)
    conf.parse_args(conf.CONF, args=[], default_config_files=[path])
    return app.create_app(conf.CONF)


def environ_for(path, headers):
    from werkzeug import test

    return test.EnvironBuilder(path=path, base_url=BASE_URL,
                               headers=list(headers)).get_environ()


def call(app, template):
    """One request on a fresh copy of ``template``; the status line."""
    environ = dict(template)
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(line)
        return lambda data: None

    body = app(environ, start_response)
    try:
        for _ in body:
            pass
    finally:
        close = getattr(body, 'close', None)
        if close:
            close()
    return status[0]


def best_us(function, count, repeat):
    """Microseconds per call of ``function()``: the best of ``repeat``
    batches of ``count``, as timeit does, since other load only adds."""
    function()
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(count):
            function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best / count * 1e6


def per_request_us(app, template, count, repeat):
    return best_us(lambda: call(app, template), count, repeat)


# -- timing shims between the layers -----------------------------------------

class Shim:
    """Inclusive time spent in ``app`` (the call, not the body)."""

    def __init__(self, name, app):
        self.name, self.app = name, app
        self.ns = 0

    def __call__(self, environ, start_response):
        start = time.perf_counter_ns()
        try:
            return self.app(environ, start_response)
        finally:
            self.ns += time.perf_counter_ns() - start


def _inner_attr(layer):
    for attr in ('app', 'application'):
        inner = getattr(layer, attr, None)
        if callable(inner):
            return attr
    return None


def instrument(app):
    """Shim every layer of the pipeline and the apps the API mounts.

    Returns the shims outermost first; the API dispatcher is recognised by
    its ``/v2`` mount.
    """
    shims = [Shim(type(app).__name__, app)]
    layer = app
    while True:
        mounts = getattr(layer, 'mounts', {})
        if '/v2' in mounts:
            for path, mounted in list(mounts.items()):
                mounts[path] = Shim('%s app' % path, mounted)
                shims.append(mounts[path])
            layer.app = Shim('root app', layer.app)
            shims.append(layer.app)
            break
        attr = _inner_attr(layer)
        if attr is None:
            break
        inner = getattr(layer, attr)
        name = type(inner).__name__
        if name == 'DispatcherMiddleware' and '/v2' not in getattr(
                inner, 'mounts', {}):
            name = 'DispatcherMiddleware (/healthcheck)'
        elif name == 'DispatcherMiddleware':
            name = 'DispatcherMiddleware (API: /v1, /v2, /)'
        shim = Shim(name, inner)
        setattr(layer, attr, shim)
        shims.append(shim)
        layer = inner
    return shims


def layer_report(app, template, count, repeat):
    """(layer, exclusive us, inclusive us) from the fastest batch."""
    shims = instrument(app)
    outer = shims[0]
    call(outer, template)
    leaves = ('/v1 app', '/v2 app', 'root app')
    best = None
    for _ in range(repeat):
        for shim in shims:
            shim.ns = 0
        for _ in range(count):
            call(outer, template)
        # The pipeline, then whichever mounted app served the request.
        chain = ([s for s in shims if s.name not in leaves] +
                 [s for s in shims if s.name in leaves and s.ns])
        rows = []
        for index, shim in enumerate(chain):
            inner = chain[index + 1].ns if index + 1 < len(chain) else 0
            rows.append((shim.name, (shim.ns - inner) / count / 1e3,
                         shim.ns / count / 1e3))
        if best is None or rows[0][2] < best[0][2]:
            best = rows
    return best


# -- the modules handler, piece by piece -------------------------------------

def handler_pieces(app_services, count, repeat):
    import voluptuous as vol

    from ratingapi.api.v2 import modules as v2_modules
    from ratingapi.api.v2.schemas import modules as schemas
    from ratingapi.api import serialization
    from ratingapi import conf
    from ratingapi import context
    from ratingapi.policies import modules as policies
    from ratingapi import policy
    from ratingapi.rating import modules

    enforcer = policy.create_enforcer(conf.CONF)
    environ = environ_for('/v2/rating/modules', discovery.ADMIN)
    services = app_services

    def make_context():
        return context.RequestContext.from_environ(
            dict(environ), enforcer=enforcer, authenticated=True)

    ctx = make_context()

    def query():
        # As the handler does it: a Core connection, not an ORM session.
        with services.database.reader() as connection:
            return modules.list_modules(connection)

    infos = query()
    payload = {'modules': [v2_modules._to_wire(info) for info in infos]}
    schema = vol.Schema(schemas.GET_MODULES_RESPONSE)
    pieces = [
        ('RequestContext.from_environ', make_context),
        ('ctx.can(v2_rating:list_modules)',
         lambda: ctx.can(policies.V2_LIST_MODULES)),
        ('database reader + list_modules', query),
        ('response schema (voluptuous)', lambda: schema(payload)),
        ('serialization.dumps', lambda: serialization.dumps(payload)),
    ]
    return [(name, best_us(piece, count, repeat))
            for name, piece in pieces]


# -- cProfile grouped by package ---------------------------------------------

def package_of(filename):
    marker = 'site-packages' + os.sep
    if marker in filename:
        rest = filename.split(marker, 1)[1]
        return rest.split(os.sep, 1)[0].replace('.py', '')
    if os.sep + 'ratingapi' + os.sep in filename:
        return 'ratingapi'
    if filename.startswith('~') or filename.startswith('<'):
        return 'builtins'
    return 'stdlib'


def cprofile(app, template, count, top):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        call(app, template)
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_package = collections.Counter()
    for (filename, _, _), row in stats.stats.items():
        by_package[package_of(filename)] += row[2]  # tottime
    total = sum(by_package.values())
    print('  own time by package (%% of %.0f us/request under cProfile):'
          % (total / count * 1e6))
    for package, seconds in by_package.most_common():
        if seconds / total >= 0.01:
            print('    %-24s %5.1f%%' % (package, seconds / total * 100))
    print('  top functions by cumulative time:')
    stats.sort_stats('cumulative').print_stats(top)


ENDPOINTS = (
    ('GET /', '/', ()),
    ('GET /v2/', '/v2/', ()),
    ('GET /v2/capabilities', '/v2/capabilities', ()),
    ('GET /v2/rating/modules (admin)', '/v2/rating/modules',
     discovery.ADMIN),
)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--count', type=int, default=1000,
                        help='requests per batch (default 1000)')
    parser.add_argument('--repeat', type=int, default=5,
                        help='batches per measurement; the fastest counts '
                             '(default 5)')
    parser.add_argument('--cprofile', metavar='PATH',
                        help='also cProfile this request path, e.g. '
                             '/v2/rating/modules')
    parser.add_argument('--top', type=int, default=25,
                        help='functions listed by --cprofile (default 25)')
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix='ratingapi-prof-') as tmp:
        app = build_app(tmp)
        print('microseconds per request, in process (no server, no '
              'socket), best of %d batches of %d:' % (args.repeat,
                                                      args.count))
        bare = per_request_us(bare_app.application,
                              environ_for('/', ()), args.count, args.repeat)
        print('  %-34s %8.1f' % ('bare app GET /', bare))
        for label, path, headers in ENDPOINTS:
            template = environ_for(path, headers)
            print('  %-34s %8.1f   (%s)' % (
                label, per_request_us(app, template, args.count,
                                      args.repeat),
                call(app, template)))

        for label, path, headers in ENDPOINTS:
            fresh = build_app(tmp)
            rows = layer_report(fresh, environ_for(path, headers),
                                args.count, args.repeat)
            print()
            print('%s: exclusive / inclusive us per request by layer' % (
                label))
            for name, own, inclusive in rows:
                print('  %-44s %8.1f %8.1f' % (name, own, inclusive))

        print()
        print('GET /v2/rating/modules handler pieces alone (us per call):')
        from ratingapi.api import services as api_services
        from ratingapi import conf
        from ratingapi import storage
        services = api_services.Services(
            settings=api_services.Settings.from_conf(conf.CONF),
            database=storage.Database(conf.CONF.database.connection))
        for name, us in handler_pieces(services, args.count,
                                       args.repeat):
            print('  %-44s %8.1f' % (name, us))

        if args.cprofile:
            print()
            print('cProfile of GET %s:' % args.cprofile)
            headers = discovery.ADMIN if 'rating' in args.cprofile else ()
            cprofile(build_app(tmp), environ_for(args.cprofile, headers),
                     args.count, args.top)
    return 0


if __name__ == '__main__':
    sys.exit(main())
