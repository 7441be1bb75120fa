"""Entry points for oslo-config-generator (namespace ``ratingapi``)."""
from oslo_middleware import cors

from ratingapi.conf import api
from ratingapi.conf import collect
from ratingapi.conf import database
from ratingapi.conf import default
from ratingapi.conf import fetcher
from ratingapi.conf import pyscripts

# Headers a browser client must be allowed to send and read (API-SIG
# headers guideline: the microversion header has to pass CORS).
CORS_ALLOW_HEADERS = ['X-Auth-Token', 'X-OpenStack-Request-Id',
                      'OpenStack-API-Version', 'Content-Type']
CORS_EXPOSE_HEADERS = ['X-OpenStack-Request-Id', 'OpenStack-API-Version']


def list_opts():
    return [
        (None, default.opts),
        (api.group(), api.opts),
        (database.group(), database.opts),
        (collect.group(), collect.opts),
        (fetcher.group(), fetcher.opts),
        (pyscripts.group(), pyscripts.opts),
    ]


def set_defaults():
    """Project defaults for library options (``oslo.config.opts.defaults``)."""
    cors.set_defaults(
        allow_headers=CORS_ALLOW_HEADERS,
        expose_headers=CORS_EXPOSE_HEADERS,
        allow_methods=['GET', 'PUT', 'POST', 'PATCH', 'DELETE', 'HEAD'])
