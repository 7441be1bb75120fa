"""Schemas of /v1/collector (CloudKitty's deprecated collector API).

A collector or service name is non-empty text of at most 255 characters
(the columns').  Each argument may come from the path, the query string
or the JSON body, as CloudKitty binds them; given twice it must agree.
"""
import voluptuous as vol

from ratingapi.api import validation

NAME = vol.All(validation.text(validation.MAX_NAME_LENGTH),
               vol.Length(min=1))
_one = validation.SingleQueryParam

NO_QUERY = {}
# Listing: an optional filter (None: every collector).
LIST_MAPPINGS_QUERY = {vol.Optional('collector', default=None): _one(
    vol.Any(None, NAME))}
# Showing one: ?collector= narrows it (the client sends it when given);
# service may repeat the path's.
GET_MAPPING_QUERY = {
    vol.Optional('collector', default=None): _one(vol.Any(None, NAME)),
    vol.Optional('service'): _one(NAME),
}
MAPPING_ARGUMENTS_QUERY = {
    vol.Optional('collector'): _one(NAME),
    vol.Optional('service'): _one(NAME),
}
MAPPING_ARGUMENTS_BODY = {
    vol.Optional('collector'): NAME,
    vol.Optional('service'): NAME,
}
SERVICE_QUERY = {vol.Optional('service'): _one(NAME)}
SERVICE_BODY = {vol.Optional('service'): NAME}

STATE_QUERY = {vol.Optional('name'): _one(NAME)}
PUT_STATE_BODY = {
    vol.Optional('name'): NAME,
    vol.Required('enabled'): validation.boolean,
}

MAPPING = {vol.Required('service'): str, vol.Required('collector'): str}
MAPPINGS = {vol.Required('mappings'): [MAPPING]}
STATE = {vol.Required('name'): str, vol.Required('enabled'): bool}
