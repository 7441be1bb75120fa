"""Info rules: the metric definitions (CloudKitty's names and defaults:
anyone may read them).

The deprecated ``/v1/info/services`` aliases show the same definitions as
``/v1/info/metrics``.  They check their own rule *and* the metrics rule:
restricting the metrics rule (what a CloudKitty policy file does, since
CloudKitty checks only that one on the aliases) restricts the aliases
too, and the services rules, registered but never checked by CloudKitty,
can switch the deprecated URLs off on their own.
"""
from oslo_policy import policy

from ratingapi.policies import base

GET_CONFIG = 'info:get_config'
LIST_METRICS_INFO = 'info:list_metrics_info'
GET_METRIC_INFO = 'info:get_metric_info'
LIST_SERVICES_INFO = 'info:list_services_info'
GET_SERVICE_INFO = 'info:get_service_info'


def _rule(name, path, description):
    return policy.DocumentedRuleDefault(
        name=name, check_str='', description=description,
        operations=[{'method': 'GET', 'path': path}],
        scope_types=base.PROJECT_SCOPE)


rules = [
    _rule(GET_CONFIG, '/v1/info/config',
          'Read the metrics file as loaded.'),
    _rule(LIST_METRICS_INFO, '/v1/info/metrics',
          'List the metrics (also checked by /v1/info/services).'),
    _rule(GET_METRIC_INFO, '/v1/info/metrics/{metric_id}',
          'Show a metric (also checked by /v1/info/services/{name}).'),
    _rule(LIST_SERVICES_INFO, '/v1/info/services',
          'List the metrics under the deprecated services URL.'),
    _rule(GET_SERVICE_INFO, '/v1/info/services/{metric_id}',
          'Show a metric under the deprecated services URL.'),
]


def list_rules():
    return rules
