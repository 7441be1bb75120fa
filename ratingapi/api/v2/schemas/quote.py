"""Schemas of /v2/rating/quote (from 2.2): resources with their groupby
and metadata, priced with exact decimals."""
import decimal

import voluptuous as vol

from ratingapi.api import hashmap as rules

QUOTE_BODY = {
    vol.Required('resources'): vol.All([{
        vol.Required('service'): rules.name,
        vol.Required('volume'): rules.volume,
        vol.Optional('groupby', default=dict): rules.attributes,
        vol.Optional('metadata', default=dict): rules.attributes,
    }], vol.Length(min=1)),
}

QUOTE = {
    vol.Required('total'): decimal.Decimal,
    vol.Required('resources'): [{
        vol.Required('service'): str,
        vol.Required('volume'): decimal.Decimal,
        vol.Required('price'): decimal.Decimal,
    }],
}
