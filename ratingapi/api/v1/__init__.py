"""API v1: SUPPORTED, the legacy CloudKitty surface, frozen.

v1 has no microversions; its errors use CloudKitty's v1 fault body.
``ROUTES`` is the whole URL surface and the source of its capabilities.
"""
from ratingapi.api import application
from ratingapi.api import discovery
from ratingapi.api import errors
from ratingapi.api.v1 import hashmap
from ratingapi.api.v1 import modules
from ratingapi.api.v1 import quote
from ratingapi.api.v1 import report
from ratingapi.api.v1 import storage
from ratingapi.api import versions

ROUTES = (
    application.Route('/', versions.VersionDocument, 'version'),
    application.Route('/capabilities', versions.Capabilities,
                      'capabilities'),
    application.Route('/rating/modules', modules.ModuleList, 'modules'),
    application.Route('/rating/modules/<module_id>', modules.Module,
                      'module'),
    application.Route('/rating/quote', quote.Quote, 'quote'),
    application.Route('/rating/reload_modules', quote.ReloadModules,
                      'reload_modules'),
    application.Route('/rating/module_config/<module_id>',
                      hashmap.ModuleConfig, 'module_config'),
    application.Route('/rating/module_config/<module_id>/<path:rest>',
                      hashmap.ModuleConfig, 'module_config_path'),
    application.Route('/report/tenants', report.Tenants, 'report_tenants'),
    application.Route('/report/total', report.Total, 'report_total'),
    application.Route('/report/summary', report.Summary, 'report_summary'),
    application.Route('/storage/dataframes', storage.DataFrames,
                      'storage_dataframes'),
) + tuple(application.Route(hashmap.PREFIX + path, resource, endpoint)
          for path, resource, endpoint in hashmap.ROUTES)

VERSION = discovery.ApiVersion(
    1, discovery.SUPPORTED,
    capability_names=application.capability_names(ROUTES))


def create_app(services):
    return application.create_app(VERSION, errors.LEGACY, ROUTES, services)
