"""Schemas of /v1/rating/module_config/hashmap (CloudKitty's WSME shapes).

Bodies take the object of their noun; the read-only attributes that
python-cloudkittyclient sends back on update (``created_at``,
``deleted``, ``*_by``, the object's own id) are accepted and ignored.
Every unknown attribute or query argument is a 400.
"""
import voluptuous as vol

from ratingapi.api import hashmap as rules
from ratingapi.api import validation

_one = validation.SingleQueryParam
_uuid = vol.Any(None, rules.uuid_text)
_bool = _one(validation.boolean)


def _maybe(validator):
    """A query argument whose schema default is None (voluptuous runs
    validators on defaults too)."""
    return _one(vol.Any(None, validator))


# -- queries ---------------------------------------------------------------

NO_QUERY = {}
SERVICE_QUERY = {vol.Optional('service_id'): _one(rules.uuid_text)}
FIELD_QUERY = {vol.Optional('field_id'): _one(rules.uuid_text)}
GROUP_QUERY = {vol.Optional('group_id'): _one(rules.uuid_text)}
MAPPING_QUERY = {vol.Optional('mapping_id'): _one(rules.path_id)}
THRESHOLD_QUERY = {vol.Optional('threshold_id'): _one(rules.path_id)}

LIST_FIELDS_QUERY = {vol.Required('service_id'): _one(rules.uuid_text)}

_RULE_FILTERS = {
    vol.Optional('service_id', default=None): _maybe(rules.uuid_text),
    vol.Optional('field_id', default=None): _maybe(rules.uuid_text),
    vol.Optional('group_id', default=None): _maybe(rules.uuid_text),
    vol.Optional('no_group', default=False): _bool,
    vol.Optional('tenant_id', default=None): _maybe(rules.tenant),
    vol.Optional('filter_tenant', default=False): _bool,
}

LIST_MAPPINGS_QUERY = {
    **_RULE_FILTERS,
    vol.Optional('deleted', default=False): _bool,
    vol.Optional('start', default=None): _maybe(rules.moment),
    vol.Optional('end', default=None): _maybe(rules.moment),
    vol.Optional('created_by', default=None): _maybe(rules.tenant),
    vol.Optional('updated_by', default=None): _maybe(rules.tenant),
    vol.Optional('deleted_by', default=None): _maybe(rules.tenant),
    vol.Optional('description', default=None): _maybe(rules.description),
    vol.Optional('is_active', default=None): _maybe(validation.boolean),
    vol.Optional('all', default=True): _bool,
}

LIST_THRESHOLDS_QUERY = dict(_RULE_FILTERS)

CREATE_MAPPING_QUERY = {vol.Optional('force', default=False): _bool}

BY_GROUP_QUERY = {vol.Required('group_id'): _one(rules.uuid_text)}
BY_MAPPING_QUERY = {vol.Required('mapping_id'): _one(rules.path_id)}
BY_THRESHOLD_QUERY = {vol.Required('threshold_id'): _one(rules.path_id)}

# The client sends recursive in the body of DELETE /groups/; on the URL
# of one group it comes as a query argument.
DELETE_GROUP_QUERY = {vol.Optional('group_id'): _one(rules.path_id)}
DELETE_GROUP_ITEM_QUERY = {
    **DELETE_GROUP_QUERY,
    vol.Optional('recursive', default=False): _bool,
}

# -- bodies ----------------------------------------------------------------

_IGNORED = {vol.Optional(key): object for key in (
    'created_at', 'deleted', 'created_by', 'updated_by', 'deleted_by')}

SERVICE_BODY = {
    vol.Required('name'): rules.name,
    vol.Optional('service_id'): _uuid,
}

FIELD_BODY = {
    vol.Required('name'): rules.name,
    vol.Required('service_id'): rules.uuid_text,
    vol.Optional('field_id'): _uuid,
}

GROUP_BODY = {
    vol.Required('name'): rules.name,
    vol.Optional('group_id'): _uuid,
}

MAPPING_BODY = {
    vol.Required('cost'): rules.cost,
    vol.Optional('type', default='flat'): rules.map_type,
    vol.Optional('value', default=None): vol.Any(None, rules.name),
    vol.Optional('service_id', default=None): _uuid,
    vol.Optional('field_id', default=None): _uuid,
    vol.Optional('group_id', default=None): _uuid,
    vol.Optional('tenant_id', default=None): vol.Any(None, rules.tenant),
    vol.Optional('start', default=None): vol.Any(None, rules.moment),
    vol.Optional('end', default=None): vol.Any(None, rules.end_moment),
    vol.Optional('name', default=None): vol.Any(None, rules.rule_name),
    vol.Optional('description', default=None): vol.Any(
        None, rules.description),
    vol.Optional('mapping_id'): vol.Any(None, rules.path_id),
    **_IGNORED,
}

THRESHOLD_BODY = {
    vol.Required('level'): rules.level,
    vol.Required('cost'): rules.cost,
    vol.Optional('type', default='flat'): rules.map_type,
    vol.Optional('service_id', default=None): _uuid,
    vol.Optional('field_id', default=None): _uuid,
    vol.Optional('group_id', default=None): _uuid,
    vol.Optional('tenant_id', default=None): vol.Any(None, rules.tenant),
    vol.Optional('threshold_id'): vol.Any(None, rules.path_id),
}


def _with_id(body, name):
    """``body`` with its own id required (PUT to a collection URL)."""
    schema = {key: value for key, value in body.items() if key != name}
    schema[vol.Required(name)] = rules.path_id
    return schema


PUT_MAPPINGS_BODY = _with_id(MAPPING_BODY, 'mapping_id')
PUT_THRESHOLDS_BODY = _with_id(THRESHOLD_BODY, 'threshold_id')

# DELETE on a collection URL: the id in the body (what the client sends).
DELETE_SERVICE_BODY = {vol.Required('service_id'): rules.path_id}
DELETE_FIELD_BODY = {vol.Required('field_id'): rules.path_id}
DELETE_GROUP_BODY = {
    vol.Required('group_id'): rules.path_id,
    vol.Optional('recursive', default=False): validation.boolean,
}
DELETE_MAPPING_BODY = {vol.Required('mapping_id'): rules.path_id}
DELETE_THRESHOLD_BODY = {vol.Required('threshold_id'): rules.path_id}

# -- responses -------------------------------------------------------------

_TEXT = vol.Any(None, str)

SERVICE = {vol.Required('service_id'): str, vol.Required('name'): str}
FIELD = {vol.Required('field_id'): str, vol.Required('name'): str,
         vol.Required('service_id'): str}
GROUP = {vol.Required('group_id'): str, vol.Required('name'): str}
MAPPING = {vol.Required(key): _TEXT for key in (
    'mapping_id', 'value', 'type', 'cost', 'service_id', 'field_id',
    'group_id', 'tenant_id', 'created_at', 'start', 'end', 'name',
    'description', 'deleted', 'created_by', 'updated_by', 'deleted_by')}
THRESHOLD = {vol.Required(key): _TEXT for key in (
    'threshold_id', 'level', 'type', 'cost', 'service_id', 'field_id',
    'group_id', 'tenant_id')}

SERVICES = {vol.Required('services'): [SERVICE]}
FIELDS = {vol.Required('fields'): [FIELD]}
GROUPS = {vol.Required('groups'): [GROUP]}
MAPPINGS = {vol.Required('mappings'): [MAPPING]}
THRESHOLDS = {vol.Required('thresholds'): [THRESHOLD]}
TYPES = [vol.In(rules.MAP_TYPES)]
