"""API v2: CURRENT, microversioned (``OpenStack-API-Version: rating X.Y``).

``HISTORY`` (in ``history.py``) is the single source of the microversion
range, of the capabilities list and of what negotiation accepts: a change
to v2 adds one entry there saying what it added.  ``ROUTES`` is the whole
URL surface.
"""
from ratingapi.api import application
from ratingapi.api import discovery
from ratingapi.api import errors
from ratingapi.api.v2 import dataframes
from ratingapi.api.v2.history import HISTORY
from ratingapi.api.v2 import modules
from ratingapi.api.v2 import reprocesses
from ratingapi.api.v2 import scope
from ratingapi.api.v2 import summary
from ratingapi.api import versions

VERSION = discovery.ApiVersion(2, discovery.CURRENT, history=HISTORY)

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
)


def create_app(services):
    return application.create_app(VERSION, errors.SIG, ROUTES, services)
