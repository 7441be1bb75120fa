"""Schemas of /v2/rating/modules (CloudKitty v2 shapes)."""
import voluptuous as vol

from ratingapi.api import validation
from ratingapi.rating import modules

PRIORITY = validation.integer(minimum=modules.MIN_PRIORITY,
                              maximum=modules.MAX_PRIORITY)

MODULE = {
    vol.Required('module_id'): str,
    vol.Required('description'): str,
    vol.Required('enabled'): bool,
    vol.Required('hot_config'): bool,
    vol.Required('priority'): int,
}

GET_MODULES_RESPONSE = {vol.Required('modules'): [MODULE]}

# Left out: left as it is.
PUT_MODULE_BODY = vol.All({
    vol.Optional('enabled'): validation.boolean,
    vol.Optional('priority'): PRIORITY,
}, validation.defaults(enabled=None, priority=None))
