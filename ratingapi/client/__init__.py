"""ratingapi's Python SDK: a discovery-first client, sync and async.

It depends on httpx and the standard library only.  Quick start::

    from ratingapi.client import RatingClient

    with RatingClient('https://cloud.example.com/rating') as client:
        print(client.discover().version)          # v2.0
        for module in client.retrieve_module():
            print(module.module_id, module.enabled)

See ``doc/client.md`` for discovery options, auth, logging, hooks and
errors.
"""
from ratingapi.client.auth import AccessInfo
from ratingapi.client.auth import KeystonePassword
from ratingapi.client.auth import StaticToken
from ratingapi.client.capabilities import Capabilities
from ratingapi.client.capabilities import Capability
from ratingapi.client.client import AsyncRatingClient
from ratingapi.client.client import RatingClient
from ratingapi.client.client import SUPPORTED_APIS
from ratingapi.client.discovery import DeprecatedVersionWarning
from ratingapi.client.discovery import Version
from ratingapi.client.errors import AuthenticationFailed
from ratingapi.client.errors import BadRequest
from ratingapi.client.errors import Conflict
from ratingapi.client.errors import ConnectionFailed
from ratingapi.client.errors import DiscoveryError
from ratingapi.client.errors import EndpointNotFound
from ratingapi.client.errors import Forbidden
from ratingapi.client.errors import HTTPError
from ratingapi.client.errors import MethodNotAllowed
from ratingapi.client.errors import MicroversionMismatch
from ratingapi.client.errors import MicroversionTooLow
from ratingapi.client.errors import NotAcceptable
from ratingapi.client.errors import NotAuthenticated
from ratingapi.client.errors import NotFound
from ratingapi.client.errors import OperationNotAllowed
from ratingapi.client.errors import PaginationError
from ratingapi.client.errors import RatingClientError
from ratingapi.client.errors import RedirectRefused
from ratingapi.client.errors import RequestTooLarge
from ratingapi.client.errors import ServerError
from ratingapi.client.errors import Unauthorized
from ratingapi.client.errors import UnsupportedMediaType
from ratingapi.client.errors import VersionNotAvailable
from ratingapi.client.events import Event
from ratingapi.client.log import LOGGER_NAME
from ratingapi.client.resources import Record

__all__ = [
    'AccessInfo',
    'AsyncRatingClient',
    'AuthenticationFailed',
    'BadRequest',
    'Capabilities',
    'Capability',
    'Conflict',
    'ConnectionFailed',
    'DeprecatedVersionWarning',
    'DiscoveryError',
    'EndpointNotFound',
    'Event',
    'Forbidden',
    'HTTPError',
    'KeystonePassword',
    'LOGGER_NAME',
    'MethodNotAllowed',
    'MicroversionMismatch',
    'MicroversionTooLow',
    'NotAcceptable',
    'NotAuthenticated',
    'NotFound',
    'OperationNotAllowed',
    'PaginationError',
    'RatingClient',
    'RatingClientError',
    'Record',
    'RedirectRefused',
    'RequestTooLarge',
    'SUPPORTED_APIS',
    'ServerError',
    'StaticToken',
    'Unauthorized',
    'UnsupportedMediaType',
    'Version',
    'VersionNotAvailable',
]
