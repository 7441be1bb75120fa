"""Schemas of /v1/report (CloudKitty's query arguments and shapes).

``begin``/``end`` default to the current month (UTC) and parse as in v2.
``tenant_id`` names one project; ``all_tenants`` asks for every project
and wins over ``tenant_id``, as in CloudKitty.  ``service`` is a metric
type.  ``groupby`` takes ``tenant_id`` and ``res_type``, comma-separated
and/or repeated; anything else is a 400 (CloudKitty ignores it).
Decimals leave as exact JSON strings.
"""
import voluptuous as vol

from ratingapi.api.v2.schemas import period
from ratingapi.api import validation

TENANT_ID = 'tenant_id'
RES_TYPE = 'res_type'
GROUPBY = (TENANT_ID, RES_TYPE)
# A row's value of a key it is not grouped by.
ALL = 'ALL'

_name = vol.All(validation.text(validation.MAX_NAME_LENGTH),
                vol.Length(min=1, msg='must not be empty'))

GET_TENANTS_QUERY = period.period_query({})

_SELECTION = {
    vol.Optional('tenant_id'): validation.SingleQueryParam(_name),
    vol.Optional('service'): validation.SingleQueryParam(_name),
    vol.Optional('all_tenants', default=False):
        validation.SingleQueryParam(validation.boolean),
}


def _groupby(keys):
    for key in keys:
        if key not in GROUPBY:
            raise vol.Invalid('expected %s, got %r'
                              % (' or '.join(GROUPBY), key))
    return list(dict.fromkeys(keys))


GET_TOTAL_QUERY = vol.All(period.period_query(_SELECTION),
                          validation.defaults(tenant_id=None, service=None))

GET_SUMMARY_QUERY = vol.All(period.period_query({
    **_SELECTION,
    vol.Optional('groupby', default=list): vol.All(
        validation.MultiQueryParam(str), _groupby),
}), validation.defaults(tenant_id=None, service=None))

TENANTS = [str]

TOTAL = str

_ROW_KEYS = ['begin', 'end', 'tenant_id', 'res_type', 'rate']


def _row(row):
    # A plain function: a summary may hold thousands of rows.
    if not (isinstance(row, dict) and list(row) == _ROW_KEYS
            and all(isinstance(row[key], str) for key in _ROW_KEYS
                    if key != 'tenant_id')
            and isinstance(row['tenant_id'], (str, type(None)))):
        raise vol.Invalid('not a summary row: %r' % (row,))
    return row


SUMMARY = {vol.Required('summary'): [_row]}
