"""Schemas of /v1/rating/quote (CloudKitty's body; the price as a JSON
string)."""
import voluptuous as vol

from ratingapi.api import hashmap as rules

QUOTE_BODY = {
    vol.Required('resources'): [{
        vol.Required('service'): rules.name,
        vol.Required('volume'): rules.volume,
        vol.Optional('desc', default=dict): rules.description_attributes,
    }],
}

PRICE = str
