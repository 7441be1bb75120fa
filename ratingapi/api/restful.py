"""The only module that imports flask_restful.

``Api`` sends every error through our one renderer (Flask-RESTful would
otherwise answer ``{"message": ...}`` and skip the app's error handlers)
and writes JSON with our serializer (the stdlib one turns a Decimal or a
datetime into a 500).
"""
import flask
import flask_restful

from ratingapi.api import pagination
from ratingapi.api import serialization
from ratingapi import context


def output_json(data, code, headers=None):
    # 204 and 304 carry no body at all, not "null".
    body = '' if code in (204, 304) else serialization.dumps(data)
    response = flask.make_response(body, code)
    response.headers.extend(headers or {})
    if body:
        response.mimetype = serialization.MEDIA_TYPE
    return response


class Api(flask_restful.Api):

    def __init__(self, app, error_handler):
        super().__init__(app)
        self._error_handler = error_handler

    def handle_error(self, e):
        return self._error_handler(e)

    def make_response(self, data, *args, **kwargs):
        # JSON is the only representation: skip Flask-RESTful's Accept
        # negotiation, which would also re-add a Content-Type to a 204.
        return output_json(data, *args, **kwargs)


class Resource(flask_restful.Resource):
    """Base of every API resource.

    ``public`` resources (discovery) need no authorization; every other one
    must call ``self.context.can(...)`` (a test hook fails it otherwise).
    ``capabilities`` names what each HTTP method offers, for
    ``GET /vN/capabilities``.
    """

    public = False
    capabilities = {}

    def __init__(self, services, version):
        self.services = services
        self.version = version

    @property
    def context(self):
        return context.from_environ(flask.request.environ)

    @property
    def microversion(self):
        """The negotiated ``(X, Y)``, or None on a major without them."""
        return flask.g.get('microversion')

    def url(self, path):
        """Absolute URL of ``path`` (from ``/``) in this version."""
        return pagination.version_url(path, self.services.settings.public_url,
                                      self.version)

    def page_links(self, offset, limit, total):
        """The ``links`` of the page at ``offset``, ``limit`` of ``total``."""
        return pagination.links(offset, limit, total,
                                self.services.settings.public_url,
                                self.version)
