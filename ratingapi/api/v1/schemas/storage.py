"""Schemas of /v1/storage/dataframes (CloudKitty's v1 shapes).

``begin``/``end`` default to the current month (UTC); ``tenant_id``
names a project, ``resource_type`` a metric type.  Quantities and prices
leave as exact JSON strings, dates naive in UTC.
"""
import voluptuous as vol

from ratingapi.api.v2.schemas import period
from ratingapi.api import validation

_name = vol.All(validation.text(validation.MAX_NAME_LENGTH),
                vol.Length(min=1, msg='must not be empty'))

GET_DATAFRAMES_QUERY = vol.All(period.period_query({
    vol.Optional('tenant_id'): validation.SingleQueryParam(_name),
    vol.Optional('resource_type'): validation.SingleQueryParam(_name),
}), validation.defaults(tenant_id=None, resource_type=None))

GET_DATAFRAMES_RESPONSE = {vol.Required('dataframes'): [{
    vol.Required('begin'): str,
    vol.Required('end'): str,
    vol.Required('tenant_id'): vol.Any(str, None),
    vol.Required('resources'): [{
        vol.Required('service'): str,
        vol.Required('desc'): dict,
        vol.Required('volume'): str,
        vol.Required('rating'): str,
    }],
}]}
