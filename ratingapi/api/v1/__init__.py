"""API v1: SUPPORTED, the legacy CloudKitty surface, frozen.

v1 has no microversions; its errors use CloudKitty's v1 fault body.
``ROUTES`` is the whole URL surface and the source of its capabilities.
"""
from ratingapi.api import application
from ratingapi.api import discovery
from ratingapi.api import errors
from ratingapi.api.v1 import modules
from ratingapi.api import versions

ROUTES = (
    application.Route('/', versions.VersionDocument, 'version'),
    application.Route('/capabilities', versions.Capabilities,
                      'capabilities'),
    application.Route('/rating/modules', modules.ModuleList, 'modules'),
    application.Route('/rating/modules/<module_id>', modules.Module,
                      'module'),
)

VERSION = discovery.ApiVersion(
    1, discovery.SUPPORTED,
    capability_names=application.capability_names(ROUTES))


def create_app(services):
    return application.create_app(VERSION, errors.LEGACY, ROUTES, services)
