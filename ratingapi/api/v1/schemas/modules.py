"""Schemas of /v1/rating/modules (CloudKitty v1 shapes: ``hot-config``)."""
import voluptuous as vol

from ratingapi.api import validation
from ratingapi.rating import modules

PRIORITY = validation.integer(minimum=modules.MIN_PRIORITY,
                              maximum=modules.MAX_PRIORITY)

MODULE = {
    vol.Required('module_id'): str,
    vol.Required('description'): str,
    vol.Required('enabled'): bool,
    vol.Required('hot-config'): bool,
    vol.Required('priority'): int,
}

GET_MODULES_RESPONSE = {vol.Required('modules'): [MODULE]}

# CloudKitty clients send back the whole module they read: the read-only
# fields are accepted and ignored; module_id, when sent, must be the path's.
GET_MODULE_QUERY = {
    vol.Optional('module_id'): validation.SingleQueryParam(str),
}

READ_ONLY = ('description', 'hot-config')


def _without_read_only(body):
    return {key: value for key, value in body.items()
            if key not in READ_ONLY}


# enabled and priority left out: left as they are.
PUT_MODULE_BODY = vol.All({
    vol.Optional('module_id'): str,
    vol.Optional('description'): vol.Any(str, None),
    vol.Optional('hot-config'): vol.Any(bool, None),
    vol.Optional('enabled'): validation.boolean,
    vol.Optional('priority'): PRIORITY,
}, _without_read_only, validation.defaults(enabled=None, priority=None))
