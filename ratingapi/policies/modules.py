"""Rating module rules (CloudKitty's names for v1 and v2).

``rating:module_config`` guards the configuration of every module (the
whole hashmap API of v1 and v2, the pyscripts API of v1) and reloading
them, as in CloudKitty.
"""
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
# Configuring modules
MODULE_CONFIG = 'rating:module_config'

_V1_HASHMAP = '/v1/rating/module_config/hashmap'
_V2_HASHMAP = '/v2/rating/hashmap'
_V1_PYSCRIPTS = '/v1/rating/module_config/pyscripts'
# (methods, path) of every operation that configures a module.
_CONFIGURE = (
    ('GET', '/v1/rating/reload_modules'),
    ('GET POST PUT DELETE', '/v1/rating/module_config/{module_id}'),
    ('GET POST PUT DELETE', '/v1/rating/module_config/{module_id}/{rest}'),
    ('GET', _V1_HASHMAP + '/types'),
    ('GET POST DELETE', _V1_HASHMAP + '/services'),
    ('GET DELETE', _V1_HASHMAP + '/services/{service_id}'),
    ('GET', _V1_HASHMAP + '/services/{service_id}/fields'),
    ('GET', _V1_HASHMAP + '/services/{service_id}/mappings'),
    ('GET', _V1_HASHMAP + '/services/{service_id}/thresholds'),
    ('GET POST DELETE', _V1_HASHMAP + '/fields'),
    ('GET DELETE', _V1_HASHMAP + '/fields/{field_id}'),
    ('GET', _V1_HASHMAP + '/fields/{field_id}/mappings'),
    ('GET', _V1_HASHMAP + '/fields/{field_id}/thresholds'),
    ('GET POST DELETE', _V1_HASHMAP + '/groups'),
    ('GET', _V1_HASHMAP + '/groups/mappings'),
    ('GET', _V1_HASHMAP + '/groups/thresholds'),
    ('GET DELETE', _V1_HASHMAP + '/groups/{group_id}'),
    ('GET', _V1_HASHMAP + '/groups/{group_id}/mappings'),
    ('GET', _V1_HASHMAP + '/groups/{group_id}/thresholds'),
    ('GET POST PUT DELETE', _V1_HASHMAP + '/mappings'),
    ('GET', _V1_HASHMAP + '/mappings/group'),
    ('GET PUT DELETE', _V1_HASHMAP + '/mappings/{mapping_id}'),
    ('GET', _V1_HASHMAP + '/mappings/{mapping_id}/group'),
    ('GET POST PUT DELETE', _V1_HASHMAP + '/thresholds'),
    ('GET', _V1_HASHMAP + '/thresholds/group'),
    ('GET PUT DELETE', _V1_HASHMAP + '/thresholds/{threshold_id}'),
    ('GET', _V1_HASHMAP + '/thresholds/{threshold_id}/group'),
    ('GET POST PUT DELETE', _V1_PYSCRIPTS + '/scripts'),
    ('GET PUT DELETE', _V1_PYSCRIPTS + '/scripts/{script_id}'),
) + tuple(operation for noun in (
    'services', 'fields', 'groups', 'mappings', 'thresholds')
    for operation in (
        ('GET POST', '%s/%s' % (_V2_HASHMAP, noun)),
        ('GET PATCH DELETE',
         '%s/%s/{%s_id}' % (_V2_HASHMAP, noun, noun[:-1]))))


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
    policy.DocumentedRuleDefault(
        name=MODULE_CONFIG, check_str=base.ADMIN,
        # The sample generator lists operations without versions: the
        # description says from which microversion the v2 ones are served
        # (in one line: the generator would wrap a longer one).
        description='Configure and reload rating modules (v2 from '
                    'microversion 2.2).',
        operations=[{'method': method, 'path': path}
                    for methods, path in _CONFIGURE
                    for method in methods.split()],
        scope_types=base.PROJECT_SCOPE),
]


def list_rules():
    return rules
