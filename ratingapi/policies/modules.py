"""Rating module rules (CloudKitty's names for v1 and v2)."""
from oslo_policy import policy

from ratingapi.policies import base

# v1
LIST_MODULES = 'rating:list_modules'
GET_MODULE = 'rating:get_module'
UPDATE_MODULE = 'rating:update_module'
# v2
V2_LIST_MODULES = 'v2_rating:list_modules'
V2_GET_MODULE = 'v2_rating:get_module'
V2_UPDATE_MODULE = 'v2_rating:update_module'


def _rule(name, method, path, description):
    return policy.DocumentedRuleDefault(
        name=name, check_str=base.ADMIN, description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=base.PROJECT_SCOPE)


rules = [
    _rule(LIST_MODULES, 'GET', '/v1/rating/modules',
          'List the rating modules (v1).'),
    _rule(GET_MODULE, 'GET', '/v1/rating/modules/{module_id}',
          'Show one rating module (v1).'),
    _rule(UPDATE_MODULE, 'PUT', '/v1/rating/modules/{module_id}',
          'Enable, disable or reprioritise a rating module (v1).'),
    _rule(V2_LIST_MODULES, 'GET', '/v2/rating/modules',
          'List the rating modules.'),
    _rule(V2_GET_MODULE, 'GET', '/v2/rating/modules/{module_id}',
          'Show one rating module.'),
    _rule(V2_UPDATE_MODULE, 'PUT', '/v2/rating/modules/{module_id}',
          'Enable, disable or reprioritise a rating module.'),
]


def list_rules():
    return rules
