"""Schemas of /v2/rating/hashmap (microversion 2.2).

Objects are CloudKitty's hashmap objects with exact decimals as JSON
numbers and datetimes with their offset.  POST bodies take what v1 takes;
PATCH bodies take any subset of what may change (a service's, field's or
group's name; a mapping's cost, type, value, group, tenant, dates and
description; a threshold's level, cost, type, group and tenant), and
what is not sent is kept.  A field or threshold never changes parent.
"""
import datetime
import decimal

import voluptuous as vol

from ratingapi.api import hashmap as rules
from ratingapi.api import pagination
from ratingapi.api import validation

_one = validation.SingleQueryParam


def _maybe(validator):
    # Validators run on defaults too: None must pass.
    return _one(vol.Any(None, validator))


def _nullable(validator):
    return vol.Any(None, validator)


# -- queries ---------------------------------------------------------------

LIST_QUERY = dict(pagination.QUERY)

LIST_FIELDS_QUERY = {
    **pagination.QUERY,
    vol.Optional('service_id', default=None): _maybe(rules.uuid_text),
}

_RULE_FILTERS = {
    **pagination.QUERY,
    vol.Optional('service_id', default=None): _maybe(rules.uuid_text),
    vol.Optional('field_id', default=None): _maybe(rules.uuid_text),
    vol.Optional('group_id', default=None): _maybe(rules.uuid_text),
    vol.Optional('tenant_id', default=None): _maybe(rules.tenant),
}

LIST_MAPPINGS_QUERY = {
    **_RULE_FILTERS,
    vol.Optional('deleted', default=False): _one(validation.boolean),
}

LIST_THRESHOLDS_QUERY = dict(_RULE_FILTERS)

CREATE_MAPPING_QUERY = {
    vol.Optional('force', default=False): _one(validation.boolean)}

DELETE_GROUP_QUERY = {
    vol.Optional('recursive', default=False): _one(validation.boolean)}

# -- bodies ----------------------------------------------------------------

NAME_BODY = {vol.Required('name'): rules.name}

FIELD_BODY = {
    vol.Required('name'): rules.name,
    vol.Required('service_id'): rules.uuid_text,
}

PATCH_NAME_BODY = {vol.Optional('name'): rules.name}

_PARENTS = {
    vol.Optional('service_id', default=None): _nullable(rules.uuid_text),
    vol.Optional('field_id', default=None): _nullable(rules.uuid_text),
    vol.Optional('group_id', default=None): _nullable(rules.uuid_text),
    vol.Optional('tenant_id', default=None): _nullable(rules.tenant),
}

MAPPING_BODY = {
    **_PARENTS,
    vol.Required('cost'): rules.cost,
    vol.Optional('type', default='flat'): rules.map_type,
    vol.Optional('value', default=None): _nullable(rules.name),
    vol.Optional('start', default=None): _nullable(rules.moment),
    vol.Optional('end', default=None): _nullable(rules.end_moment),
    vol.Optional('name', default=None): _nullable(rules.rule_name),
    vol.Optional('description', default=None): _nullable(
        rules.description),
}

PATCH_MAPPING_BODY = {
    vol.Optional('cost'): rules.cost,
    vol.Optional('type'): rules.map_type,
    vol.Optional('value'): _nullable(rules.name),
    vol.Optional('group_id'): _nullable(rules.uuid_text),
    vol.Optional('tenant_id'): _nullable(rules.tenant),
    vol.Optional('start'): rules.moment,
    vol.Optional('end'): _nullable(rules.end_moment),
    vol.Optional('description'): _nullable(rules.description),
}

THRESHOLD_BODY = {
    **_PARENTS,
    vol.Required('level'): rules.level,
    vol.Required('cost'): rules.cost,
    vol.Optional('type', default='flat'): rules.map_type,
}

PATCH_THRESHOLD_BODY = {
    vol.Optional('level'): rules.level,
    vol.Optional('cost'): rules.cost,
    vol.Optional('type'): rules.map_type,
    vol.Optional('group_id'): _nullable(rules.uuid_text),
    vol.Optional('tenant_id'): _nullable(rules.tenant),
}

# -- responses -------------------------------------------------------------

_ID = str
_TEXT = _nullable(str)
_MOMENT = _nullable(datetime.datetime)

SERVICE = {vol.Required('service_id'): _ID, vol.Required('name'): str}
FIELD = {vol.Required('field_id'): _ID, vol.Required('name'): str,
         vol.Required('service_id'): _ID}
GROUP = {vol.Required('group_id'): _ID, vol.Required('name'): str}
MAPPING = {
    vol.Required('mapping_id'): _ID,
    vol.Required('service_id'): _TEXT, vol.Required('field_id'): _TEXT,
    vol.Required('group_id'): _TEXT, vol.Required('tenant_id'): _TEXT,
    vol.Required('value'): _TEXT, vol.Required('type'): str,
    vol.Required('cost'): decimal.Decimal, vol.Required('name'): str,
    vol.Required('description'): _TEXT,
    vol.Required('created_at'): datetime.datetime,
    vol.Required('start'): datetime.datetime, vol.Required('end'): _MOMENT,
    vol.Required('created_by'): str, vol.Required('updated_by'): _TEXT,
    vol.Required('deleted'): _MOMENT, vol.Required('deleted_by'): _TEXT,
}
THRESHOLD = {
    vol.Required('threshold_id'): _ID,
    vol.Required('service_id'): _TEXT, vol.Required('field_id'): _TEXT,
    vol.Required('group_id'): _TEXT, vol.Required('tenant_id'): _TEXT,
    vol.Required('level'): decimal.Decimal, vol.Required('type'): str,
    vol.Required('cost'): decimal.Decimal,
}


def listing(item):
    return {vol.Required('total'): int, vol.Required('results'): [item],
            vol.Required('links'): pagination.LINKS}


SERVICES = listing(SERVICE)
FIELDS = listing(FIELD)
GROUPS = listing(GROUP)
MAPPINGS = listing(MAPPING)
THRESHOLDS = listing(THRESHOLD)
