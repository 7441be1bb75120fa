"""Schemas of /v2/scope (CloudKitty v2 shapes, validated honestly).

A scope created without ``scope_key``, ``fetcher`` or ``collector`` gets
the defaults below (CloudKitty stores NULLs there and then fails every
later listing with a 500).  ``last_processed_timestamp`` may be omitted or
null on creation: the scope has not been processed yet.

A reset (PUT) takes ``all_scopes`` or ``scope_id`` (exactly one of them),
and ``last_processed_timestamp`` or its alias ``state`` (exactly one: the
alias is what python-cloudkittyclient's ``scope state reset`` sends).

Names (scope ids, keys, fetchers, collectors) are non-blank strings of at
most 255 characters without commas, surrounding blanks or control
characters: anything else could be stored but never filtered on again.
"""
import datetime
import unicodedata

import voluptuous as vol

from ratingapi.api import pagination
from ratingapi.api import validation

# What an orchestrator configured like CloudKitty's defaults would use:
# [collect] scope_key, [fetcher] backend and [collect] collector.

# Scope ids, keys, fetchers and collectors fill VARCHAR(255) columns.
_name_text = validation.text(validation.MAX_NAME_LENGTH)


def name(value):
    """A non-blank string that fits a column and that filters can name.

    Filters split their values on commas and strip them, so a name with a
    comma or surrounding blanks could never be asked for again.
    """
    if not isinstance(value, str):
        raise vol.Invalid('expected a string, got %r' % (value,))
    if not value.strip():
        raise vol.Invalid('must not be blank')
    if value != value.strip():
        raise vol.Invalid('must not begin or end with blanks')
    if ',' in value:
        raise vol.Invalid('must not contain a comma')
    # NUL among them: no id needs a control character.
    if any(unicodedata.category(char) == 'Cc' for char in value):
        raise vol.Invalid('must not contain control characters')
    return _name_text(value)


timestamp = validation.iso_datetime


def optional_timestamp(value):
    return None if value is None else timestamp(value)


def non_empty(values):
    if not values:
        raise vol.Invalid('must not be empty')
    return values


# Query strings: repeated and/or comma-separated names.
NAMES_QUERY = vol.All(validation.MultiQueryParam(name), non_empty)
# Bodies: a string (comma-separated names) or a list of them.
NAMES_BODY = vol.All(
    vol.Any(str, [str], msg='expected a string or a list of strings'),
    validation.MultiQueryParam(name), non_empty)

# A filter left out (None) selects every scope.
GET_SCOPE_QUERY = vol.All({
    **pagination.QUERY,
    vol.Optional('scope_id'): NAMES_QUERY,
    vol.Optional('scope_key'): NAMES_QUERY,
    vol.Optional('fetcher'): NAMES_QUERY,
    vol.Optional('collector'): NAMES_QUERY,
    # true/false, yes/no and CloudKitty's 1/0; repeatable.
    vol.Optional('active'): vol.All(
        validation.MultiQueryParam(validation.boolean), non_empty),
}, validation.defaults(scope_id=None, scope_key=None, fetcher=None,
                       collector=None, active=None))

POST_SCOPE_BODY = {
    vol.Required('scope_id'): name,
    vol.Optional('scope_key', default=validation.setting('scope_key')):
        name,
    vol.Optional('fetcher', default=validation.setting('default_fetcher')):
        name,
    vol.Optional('collector',
                 default=validation.setting('default_collector')): name,
    vol.Optional('active', default=True): validation.boolean,
    vol.Optional('last_processed_timestamp', default=None):
        optional_timestamp,
}

# A field left out (None) is left as it is.
PATCH_SCOPE_BODY = vol.All({
    vol.Required('scope_id'): name,
    vol.Optional('scope_key'): name,
    vol.Optional('fetcher'): name,
    vol.Optional('collector'): name,
    vol.Optional('active'): validation.boolean,
}, validation.defaults(scope_key=None, fetcher=None, collector=None,
                       active=None))

_PUT_SCOPE_FIELDS = {
    vol.Optional('all_scopes'): validation.boolean,
    vol.Optional('scope_id'): NAMES_BODY,
    vol.Optional('scope_key'): NAMES_BODY,
    vol.Optional('fetcher'): NAMES_BODY,
    vol.Optional('collector'): NAMES_BODY,
    vol.Optional('last_processed_timestamp'): timestamp,
    vol.Optional('state'): timestamp,
}


def _reset_request(body):
    """One selector and one timestamp, as the handler's arguments."""
    if 'all_scopes' in body and 'scope_id' in body:
        raise vol.Invalid('give either all_scopes or scope_id, not both',
                          path=['scope_id'])
    if not body.get('all_scopes') and 'scope_id' not in body:
        raise vol.Invalid('either all_scopes (true) or a scope_id should '
                          'be specified', path=['all_scopes'])
    if 'state' in body and 'last_processed_timestamp' in body:
        raise vol.Invalid('give either last_processed_timestamp or its '
                          'alias state, not both', path=['state'])
    if 'state' not in body and 'last_processed_timestamp' not in body:
        raise vol.RequiredFieldInvalid('required key not provided',
                                       path=['last_processed_timestamp'])
    return {
        'all_scopes': bool(body.get('all_scopes')),
        'scope_id': body.get('scope_id'),
        'scope_key': body.get('scope_key'),
        'fetcher': body.get('fetcher'),
        'collector': body.get('collector'),
        'last_processed_timestamp': body.get(
            'last_processed_timestamp', body.get('state')),
    }


PUT_SCOPE_BODY = vol.All(_PUT_SCOPE_FIELDS, _reset_request)

# -- responses --------------------------------------------------------------

OPTIONAL_DATETIME = vol.Any(None, datetime.datetime)

SCOPE = {
    vol.Required('scope_id'): str,
    vol.Required('scope_key'): str,
    vol.Required('fetcher'): str,
    vol.Required('collector'): str,
    vol.Required('active'): bool,
    vol.Required('last_processed_timestamp'): OPTIONAL_DATETIME,
    vol.Required('scope_activation_toggle_date'): OPTIONAL_DATETIME,
}

GET_SCOPE_RESPONSE = {
    vol.Required('results'): [SCOPE],
    vol.Required('total'): int,
    # From microversion 2.1.
    vol.Optional('links'): pagination.LINKS,
}

PUT_SCOPE_RESPONSE = {}
