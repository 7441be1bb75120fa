"""Schemas of /v2/task/reprocesses (CloudKitty v2 shapes).

``scope_ids`` is a string (comma-separated ids) or a list; ``ALL`` alone
means every active scope.  The period must be non-empty and in the past.
CloudKitty also requires both ends to fall on its ``[collect] period``
grid; ratingapi has no such period and does not.
"""
import datetime

import voluptuous as vol

from ratingapi.api.v2.schemas import scope as scope_schemas
from ratingapi.api import pagination
from ratingapi.api import validation
from ratingapi.storage import reprocesses

ALL_SCOPES = 'ALL'
DEFAULT_ORDER = reprocesses.DESC


def _all_alone(scope_ids):
    # Asking twice for a scope asks once.
    scope_ids = list(dict.fromkeys(scope_ids))
    if ALL_SCOPES in scope_ids and len(scope_ids) > 1:
        raise vol.Invalid('%s stands for every active scope and cannot be '
                          'combined with scope ids' % ALL_SCOPES)
    return scope_ids


_reason_text = validation.text()


def reason(value):
    if not _reason_text(value).strip():
        raise vol.Invalid('must not be blank')
    return value


def order(value):
    text = value.strip().lower()
    if text not in reprocesses.ORDERS:
        raise vol.Invalid('expected one of %s, got %r' % (
            ', '.join(reprocesses.ORDERS), value))
    return text


def _period_in_the_past(body):
    start = body['start_reprocess_time']
    end = body['end_reprocess_time']
    if end <= start:
        raise vol.Invalid('must be later than start_reprocess_time (%s)'
                          % start.isoformat(), path=['end_reprocess_time'])
    now = datetime.datetime.now(datetime.timezone.utc)
    if end > now:
        raise vol.Invalid('%s is in the future: only the past can be '
                          'reprocessed' % end.isoformat(),
                          path=['end_reprocess_time'])
    return body


# /v2/task/reprocesses/<scope_id> is compared with the scope_id column as
# given (as in CloudKitty): only what that column could never hold is a 400.
SCOPE_REPROCESSES_PATH = {
    vol.Required('scope_id'): validation.text(validation.MAX_NAME_LENGTH),
}

POST_REPROCESSES_BODY = vol.All({
    vol.Required('scope_ids'): vol.All(scope_schemas.NAMES_BODY,
                                       _all_alone),
    vol.Required('start_reprocess_time'): scope_schemas.timestamp,
    vol.Required('end_reprocess_time'): scope_schemas.timestamp,
    vol.Required('reason'): reason,
}, _period_in_the_past)

# scope_ids left out (None): every scope.
GET_REPROCESSES_QUERY = vol.All({
    **pagination.QUERY,
    vol.Optional('scope_ids'): scope_schemas.NAMES_QUERY,
    # asc or desc, any case (python-cloudkittyclient sends DESC).
    vol.Optional('order', default=DEFAULT_ORDER):
        validation.SingleQueryParam(order),
}, validation.defaults(scope_ids=None))

# -- responses --------------------------------------------------------------

TASK = {
    vol.Required('scope_id'): str,
    vol.Required('reason'): str,
    vol.Required('start_reprocess_time'): datetime.datetime,
    vol.Required('end_reprocess_time'): datetime.datetime,
    # null until the processor starts on the task.
    vol.Required('current_reprocess_time'): scope_schemas.OPTIONAL_DATETIME,
}

GET_REPROCESSES_RESPONSE = {
    vol.Required('results'): [TASK],
    vol.Required('total'): int,
    # From microversion 2.1.
    vol.Optional('links'): pagination.LINKS,
}

POST_REPROCESSES_RESPONSE = {}
