"""/v1/info: the metric definitions of ``[collect] metrics_conf``.

Read from ``Services.metrics``, loaded and validated when the service
started: CloudKitty re-reads the file on each request and answers 405
when it is invalid, where an invalid file does not let us start at all.
A metric is found by its ``metric_id``, the ``alt_name`` (the rating type),
as in CloudKitty; an unknown one is a 404 that says so.  The deprecated
``/v1/info/services`` URLs answer the same (see ratingapi.policies.info
for the rules they check).
"""
from ratingapi.api import restful
from ratingapi.api.v1.schemas import info as schemas
from ratingapi.api import validation
from ratingapi import exceptions
from ratingapi.policies import info as policies


def _to_wire(metric):
    return {'metric_id': metric.alt_name, 'metadata': list(metric.metadata),
            'unit': metric.unit}


class _Info(restful.Resource):

    def authorize(self, *rules):
        context = self.context
        for rule in rules:
            # The definitions are the cloud's: the caller's own project.
            context.can(rule, {'project_id': context.project_id})

    def listing(self):
        return {'metrics': [_to_wire(metric)
                            for metric in self.services.metrics.metrics]}

    def one(self, metric_id):
        metric = self.services.metrics.find(metric_id)
        if metric is None:
            raise exceptions.NotFound(
                'No such metric: %s. A metric_id is the alt_name of a '
                'metric (its name when it has none); GET /v1/info/metrics '
                'lists them.' % metric_id)
        return _to_wire(metric)


class Config(_Info):
    capabilities = {'GET': 'info-config:show'}

    @validation.response(schemas.GET_CONFIG_RESPONSE)
    @validation.query({})
    def get(self):
        self.authorize(policies.GET_CONFIG)
        return self.services.metrics.document or {'metrics': {}}


class MetricList(_Info):
    capabilities = {'GET': 'info-metrics:list'}

    @validation.response(schemas.GET_METRICS_RESPONSE)
    @validation.query({})
    def get(self):
        self.authorize(policies.LIST_METRICS_INFO)
        return self.listing()


class Metric(_Info):
    capabilities = {'GET': 'info-metrics:show'}

    @validation.response(schemas.METRIC_INFO)
    @validation.query({})
    def get(self, metric_id):
        self.authorize(policies.GET_METRIC_INFO)
        return self.one(metric_id)


class ServiceList(_Info):
    capabilities = {'GET': 'info-services:list'}

    @validation.response(schemas.GET_METRICS_RESPONSE)
    @validation.query({})
    def get(self):
        self.authorize(policies.LIST_SERVICES_INFO,
                       policies.LIST_METRICS_INFO)
        return self.listing()


class Service(_Info):
    capabilities = {'GET': 'info-services:show'}

    @validation.response(schemas.METRIC_INFO)
    @validation.query({})
    def get(self, metric_id):
        self.authorize(policies.GET_SERVICE_INFO, policies.GET_METRIC_INFO)
        return self.one(metric_id)
