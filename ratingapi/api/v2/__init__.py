"""API v2: CURRENT, microversioned (``OpenStack-API-Version: rating X.Y``).

``HISTORY`` is the single source of the microversion range, of the
capabilities list and of what negotiation accepts: its steps come from
``history.STEPS`` (a change to v2 adds one entry there saying what it
changed), and the operations each step adds from the ``min_version`` of
the routes in ``ROUTES``, the whole URL surface.
"""
from ratingapi.api import application
from ratingapi.api import discovery
from ratingapi.api import errors
from ratingapi.api.v2 import dataframes
from ratingapi.api.v2 import hashmap
from ratingapi.api.v2 import history
from ratingapi.api.v2 import modules
from ratingapi.api.v2 import quote
from ratingapi.api.v2 import reprocesses
from ratingapi.api.v2 import scope
from ratingapi.api.v2 import summary
from ratingapi.api import versions

ROUTES = (
    application.Route('/', versions.VersionDocument, 'version'),
    application.Route('/capabilities', versions.Capabilities,
                      'capabilities'),
    application.Route('/rating/modules', modules.ModuleList, 'modules'),
    application.Route('/rating/modules/<module_id>', modules.Module,
                      'module'),
    application.Route('/dataframes', dataframes.DataFrameList,
                      'dataframes'),
    application.Route('/summary', summary.Summary, 'summary'),
    application.Route('/scope', scope.ScopeState, 'scope'),
    application.Route('/task/reprocesses', reprocesses.Reprocesses,
                      'reprocesses'),
    application.Route('/task/reprocesses/<scope_id>',
                      reprocesses.ScopeReprocesses, 'scope_reprocesses'),
    application.Route('/rating/quote', quote.Quote, 'quote',
                      min_version=history.RATING),
) + tuple(application.Route(hashmap.PREFIX + path, resource, endpoint,
                            min_version=history.RATING)
          for path, resource, endpoint in hashmap.ROUTES)


HISTORY = application.with_routes(history.STEPS, ROUTES)
VERSION = discovery.ApiVersion(2, discovery.CURRENT, history=HISTORY)


def create_app(services):
    return application.create_app(VERSION, errors.SIG, ROUTES, services)
