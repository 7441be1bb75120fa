"""API v1: SUPPORTED, the legacy CloudKitty surface, frozen.

v1 has no microversions; its errors use CloudKitty's v1 fault body.
``ROUTES`` is the whole URL surface and the source of its capabilities.
"""
from ratingapi.api import application
from ratingapi.api import discovery
from ratingapi.api import errors
from ratingapi.api.v1 import collector
from ratingapi.api.v1 import hashmap
from ratingapi.api.v1 import info
from ratingapi.api.v1 import module_config
from ratingapi.api.v1 import modules
from ratingapi.api.v1 import pyscripts
from ratingapi.api.v1 import quote
from ratingapi.api.v1 import report
from ratingapi.api.v1 import storage
from ratingapi.api import versions

ROUTES = (
    application.Route('/', versions.VersionDocument, 'version'),
    application.Route('/capabilities', versions.Capabilities,
                      'capabilities'),
    application.Route('/info/config', info.Config, 'info_config'),
    application.Route('/info/metrics', info.MetricList, 'info_metrics'),
    application.Route('/info/metrics/<metric_id>', info.Metric,
                      'info_metric'),
    application.Route('/info/services', info.ServiceList, 'info_services'),
    application.Route('/info/services/<metric_id>', info.Service,
                      'info_service'),
    application.Route('/rating/modules', modules.ModuleList, 'modules'),
    application.Route('/rating/modules/<module_id>', modules.Module,
                      'module'),
    application.Route('/rating/quote', quote.Quote, 'quote'),
    application.Route('/rating/reload_modules', quote.ReloadModules,
                      'reload_modules'),
    application.Route('/rating/module_config/<module_id>',
                      module_config.Unconfigurable, 'module_config'),
    application.Route('/rating/module_config/<module_id>/<path:rest>',
                      module_config.Unconfigurable, 'module_config_path'),
    application.Route('/report/tenants', report.Tenants, 'report_tenants'),
    application.Route('/report/total', report.Total, 'report_total'),
    application.Route('/report/summary', report.Summary, 'report_summary'),
    application.Route('/storage/dataframes', storage.DataFrames,
                      'storage_dataframes'),
) + tuple(application.Route(hashmap.PREFIX + path, resource, endpoint)
          for path, resource, endpoint in hashmap.ROUTES) + tuple(
    application.Route(pyscripts.PREFIX + path, resource, endpoint)
    for path, resource, endpoint in pyscripts.ROUTES)
ROUTES += tuple(application.Route(collector.PREFIX + path, resource, endpoint)
                for path, resource, endpoint in collector.ROUTES)

# CloudKitty serves every /v1/rating path under /v1/billing too (its
# older name): the same resources, answering the path that was asked
# (Locations included).  Derived last, from everything above.
RATING = '/rating'
BILLING = '/billing'
ROUTES += application.aliases(ROUTES, RATING, BILLING)

VERSION = discovery.ApiVersion(
    1, discovery.SUPPORTED,
    capability_names=application.capability_names(ROUTES))


def create_app(services):
    return application.create_app(VERSION, errors.LEGACY, ROUTES, services)
