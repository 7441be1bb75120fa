"""Builds the Flask app of one major version from its ROUTES table.

Every version app shares these rules: ``/vN`` and ``/vN/`` both answer
(no redirect), every error goes through the dialect's one renderer, and
under ``[api] strict_checks`` a 2xx from a route that never checked policy
becomes a 500.  A microversioned major negotiates ``OpenStack-API-Version``
before dispatch and states it, with ``Vary``, on every response.
"""
import dataclasses
import logging

import flask

from ratingapi.api import errors
from ratingapi.api import microversion
from ratingapi.api import validation
from ratingapi.api import restful
from ratingapi import context
from ratingapi import exceptions

LOG = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Route:
    """One URL of a version's surface.

    ``min_version`` is the microversion the route appeared in (None: the
    version's first).  Below it the route answers 404, and its
    capabilities are listed as added by that step of the history.
    ``alias_of`` is the path of the route this one serves again under
    another name (``/billing/quote`` of ``/rating/quote``): the same
    operation for policy, capabilities and the api-ref.
    """
    path: str
    resource: type
    endpoint: str
    min_version: str | None = None
    alias_of: str | None = None


def aliases(routes, prefix, alias):
    """A route under ``alias`` for each route of ``routes`` under
    ``prefix``, derived so that no route is forgotten."""
    return tuple(
        dataclasses.replace(
            route, path=alias + route.path[len(prefix):],
            endpoint='%s_%s' % (alias.strip('/'), route.endpoint),
            alias_of=route.path)
        for route in routes
        if route.path == prefix or route.path.startswith(prefix + '/'))


def capability_names(routes):
    """Every capability the resources of ``routes`` declare, in order."""
    names = []
    for route in routes:
        for name in route.resource.capabilities.values():
            if name not in names:
                names.append(name)
    return tuple(names)


def with_routes(history, routes):
    """``history`` with each step's ``added`` read from ``routes``.

    What a step adds is derived from the routes that name it as their
    ``min_version`` (the first step when they name none), so adding a noun
    touches ``ROUTES`` and the resource, not a list of names kept by hand.
    """
    versions = [step.version for step in history]
    unknown = {route.min_version for route in routes} - set(versions) - {
        None}
    if unknown:
        raise ValueError('routes name microversions that the history does '
                         'not have: %s' % ', '.join(sorted(unknown)))
    return tuple(dataclasses.replace(step, added=step.added + tuple(
        name for name in capability_names(
            [route for route in routes
             if (route.min_version or versions[0]) == step.version])
        if name not in step.added)) for step in history)


class Response(flask.Response):
    # A response without a body (204, Flask's automatic OPTIONS) carries
    # no Content-Type rather than Flask's text/html; bodies are JSON.
    default_mimetype = None


def create_app(version, dialect, routes, services):
    app = flask.Flask('ratingapi.v%d' % version.major)
    app.response_class = Response
    # Serve /v2 and /v2/ alike: keystoneauth fetches the slash form, and a
    # redirect would leak an untrusted scheme/host into Location.
    app.url_map.strict_slashes = False
    app.config['RATINGAPI_STRICT_CHECKS'] = services.settings.strict_checks
    app.config[validation.SETTINGS_KEY] = services.settings

    def render_error(exc):
        return errors.response(exc, dialect, flask.request.environ,
                               services.settings.errors_help_url)

    app.register_error_handler(Exception, render_error)
    api = restful.Api(app, render_error)
    for route in routes:
        api.add_resource(route.resource, route.path, endpoint=route.endpoint,
                         resource_class_kwargs={'services': services,
                                                'version': version})

    if version.microversioned:
        # Endpoints that appeared after the first microversion, and when.
        appeared = {route.endpoint: microversion.parse(route.min_version)
                    for route in routes if route.min_version}

        @app.before_request
        def negotiate_microversion():
            flask.g.microversion = microversion.negotiate(
                flask.request.headers.getlist(microversion.HEADER),
                version.min_version, version.max_version)
            since = appeared.get(flask.request.endpoint)
            if since and flask.g.microversion < since:
                raise exceptions.NotFound(
                    '%s is available from microversion %s; this request '
                    'ran at %s (send "%s: %s %s" or later).' % (
                        flask.request.script_root + flask.request.path,
                        microversion.format(since),
                        microversion.format(flask.g.microversion),
                        microversion.HEADER, microversion.SERVICE_TYPE,
                        microversion.format(since)))

        @app.after_request
        def echo_microversion(response):
            response.vary.add(microversion.HEADER)
            if flask.g.get('microversion'):
                name, value = microversion.echo(flask.g.microversion)
                response.headers[name] = value
            return response

    if services.settings.strict_checks:
        @app.after_request
        def require_policy_check(response):
            view = app.view_functions.get(flask.request.endpoint)
            resource = getattr(view, 'view_class', None)
            ctx = context.from_environ(flask.request.environ)
            # Flask answers OPTIONS itself (just Allow): no handler ran.
            if (200 <= response.status_code < 300 and resource is not None
                    and not resource.public and not ctx.policy_checked
                    and flask.request.method != 'OPTIONS'):
                message = ('%s %s answered %d without checking policy' % (
                    flask.request.method, flask.request.path,
                    response.status_code))
                LOG.error(message)
                return render_error(exceptions.RatingError(message))
            return response

    return app
