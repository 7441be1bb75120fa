"""The unversioned root: ``GET /`` and ``HEAD /`` answer 300 with the
versions document.

It is a bare WSGI app rather than a Flask one: the document is static per
root URL (cached as bytes), and load balancers and every client's first
request hit it, so it takes the leanest path.  It is not microversioned and
ignores ``OpenStack-API-Version``.
"""
import re

from ratingapi.api import discovery
from ratingapi.api import errors
from ratingapi.api import serialization
from ratingapi import exceptions

_VERSION_PATH = re.compile(r'^/v[0-9]+(/|$)')
ALLOW = 'GET, HEAD'


class RootApp:

    def __init__(self, versions, settings):
        self.versions = tuple(versions)
        self.settings = settings

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO') or '/'
        if path == '/':
            if environ['REQUEST_METHOD'] in ('GET', 'HEAD'):
                return self._versions(environ, start_response)
            error = exceptions.MethodNotAllowed(
                'The root only answers GET and HEAD.',
                headers=[('Allow', ALLOW)])
        elif _VERSION_PATH.match(path):
            error = exceptions.VersionNotFound(
                'No API version at %s; GET / lists the versions.' % path)
        else:
            error = exceptions.UriNotFound('Nothing at %s.' % path)
        return errors.response(error, errors.SIG, environ,
                               self.settings.errors_help_url)(
            environ, start_response)

    def _versions(self, environ, start_response):
        root = discovery.root_url(environ, self.settings.public_url)
        body = discovery.encoded_versions_document(self.versions, root)
        start_response('300 Multiple Choices', [
            ('Content-Type', serialization.MEDIA_TYPE),
            ('Content-Length', str(len(body))),
            ('Cache-Control', 'no-cache'),
        ])
        return [] if environ['REQUEST_METHOD'] == 'HEAD' else [body]
