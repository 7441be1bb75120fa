"""Collector rules of CloudKitty's deprecated v1 collector API (its names
and defaults: admin only).

Mappings and states are the cloud's, not a project's: the target is the
caller's project, as for the rating modules.
"""
from oslo_policy import policy

from ratingapi.policies import base

LIST_MAPPINGS = 'collector:list_mappings'
GET_MAPPING = 'collector:get_mapping'
MANAGE_MAPPING = 'collector:manage_mapping'
GET_STATE = 'collector:get_state'
UPDATE_STATE = 'collector:update_state'

_MAPPINGS = '/v1/collector/mappings'
# Every path of a collector's state: CloudKitty binds the name from the
# path, the query or the body, and routes /collector/<name>/states too.
_STATES = ('/v1/collector/states', '/v1/collector/states/{name}',
           '/v1/collector/{name}/states')


def _rule(name, description, operations):
    return policy.DocumentedRuleDefault(
        name=name, check_str=base.ADMIN,
        description=description + ' (deprecated, v1).',
        operations=[{'method': method, 'path': path}
                    for method, path in operations],
        scope_types=base.PROJECT_SCOPE)


rules = [
    _rule(LIST_MAPPINGS, 'List the service to collector mappings',
          [('GET', _MAPPINGS)]),
    _rule(GET_MAPPING, 'Show the collector mapped to a service',
          [('GET', _MAPPINGS + '/{service}')]),
    _rule(MANAGE_MAPPING, 'Map a service to a collector, or unmap it',
          [('POST', _MAPPINGS), ('POST', _MAPPINGS + '/{collector}'),
           ('POST', _MAPPINGS + '/{collector}/{service}'),
           ('DELETE', _MAPPINGS), ('DELETE', _MAPPINGS + '/{service}')]),
    _rule(GET_STATE, 'Show whether a collector is enabled',
          [('GET', path) for path in _STATES]),
    _rule(UPDATE_STATE, 'Enable or disable a collector',
          [('PUT', path) for path in _STATES]),
]


def list_rules():
    return rules
