"""The package's surface: public names, imports, User-Agent."""
import ast
import pathlib
import platform
import subprocess
import sys

import httpx

import ratingapi.client
from ratingapi.client import drivers

PUBLIC = [
    'AccessInfo', 'AsyncRatingClient', 'AuthenticationFailed', 'BadRequest',
    'Capabilities', 'Capability', 'Conflict', 'ConnectionFailed',
    'DeprecatedVersionWarning', 'DiscoveryError', 'EndpointNotFound',
    'Event', 'Forbidden', 'HTTPError', 'KeystonePassword', 'LOGGER_NAME',
    'MethodNotAllowed', 'MicroversionMismatch', 'MicroversionTooLow',
    'NotAcceptable',
    'NotAuthenticated', 'NotFound', 'OperationNotAllowed',
    'PaginationError', 'RatingClient', 'RatingClientError', 'Record',
    'RedirectRefused', 'RequestTooLarge', 'SUPPORTED_APIS', 'ServerError',
    'StaticToken', 'Unauthorized', 'UnsupportedMediaType', 'Version',
    'VersionNotAvailable',
]


def test_all_is_pinned():
    assert ratingapi.client.__all__ == PUBLIC
    for name in PUBLIC:
        assert hasattr(ratingapi.client, name), name


FORBIDDEN = ('flask', 'flask_restful', 'werkzeug', 'sqlalchemy', 'alembic',
             'keystoneauth1', 'keystonemiddleware', 'keystoneclient',
             'voluptuous', 'webob')

PROBE = '''
import sys
import ratingapi.client
bad = sorted(name for name in sys.modules
             if name.split('.')[0] in %r or name.startswith('oslo'))
print(','.join(bad))
''' % (FORBIDDEN,)


def test_importing_the_sdk_imports_no_server_library():
    result = subprocess.run([sys.executable, '-c', PROBE],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ''
    assert result.stderr == ''


def test_user_agent():
    agent = drivers.user_agent()
    assert agent == 'ratingapi-client/%s httpx/%s Python/%s' % (
        drivers.sdk_version(), httpx.__version__,
        platform.python_version())
    assert drivers.user_agent('billing/1.0').startswith(
        'billing/1.0 ratingapi-client/')


PURE = ('capabilities', 'discovery', 'errors', 'events', 'flows',
        'microversion', 'resources', 'retry', 'v1', 'v2')


def test_only_the_drivers_do_io():
    """Flows and the pure modules are plain code: no coroutine, no httpx
    client, nothing sent and nothing awaited; the drivers do the I/O."""
    package = pathlib.Path(ratingapi.client.__file__).parent
    for name in PURE:
        tree = ast.parse((package / (name + '.py')).read_text())
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.AsyncFunctionDef, ast.Await,
                                         ast.AsyncWith, ast.AsyncFor)), name
            used = getattr(node, 'attr', None) or getattr(node, 'id', None)
            assert used not in ('Client', 'AsyncClient', 'send', 'sleep',
                                'socket', 'urlopen'), (name, used)


def test_supported_apis():
    assert list(ratingapi.client.SUPPORTED_APIS) == ['v2', 'v1']
