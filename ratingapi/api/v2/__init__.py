"""API v2: CURRENT, microversioned (``OpenStack-API-Version: rating X.Y``).

``HISTORY`` is the single source of the microversion range, of the
capabilities list and of what negotiation accepts: a change to v2 adds one
entry here saying what it added.  ``ROUTES`` is the whole URL surface.
"""
from ratingapi.api import application
from ratingapi.api import discovery
from ratingapi.api import errors
from ratingapi.api.v2 import modules
from ratingapi.api import versions

HISTORY = (
    discovery.Microversion(
        '2.0', 'The CloudKitty-compatible v2 API: version and capability '
               'discovery, rating modules.',
        added=('versions:show', 'capabilities:list', 'modules:list',
               'modules:show', 'modules:update')),
)

VERSION = discovery.ApiVersion(2, discovery.CURRENT, history=HISTORY)

ROUTES = (
    application.Route('/', versions.VersionDocument, 'version'),
    application.Route('/capabilities', versions.Capabilities,
                      'capabilities'),
    application.Route('/rating/modules', modules.ModuleList, 'modules'),
    application.Route('/rating/modules/<module_id>', modules.Module,
                      'module'),
)


def create_app(services):
    return application.create_app(VERSION, errors.SIG, ROUTES, services)
