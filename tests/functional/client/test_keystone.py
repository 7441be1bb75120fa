"""The SDK against a real Keystone: password login, the service catalog,
discovery on the catalog endpoint, a token-checking ratingapi-api
(auth_strategy = keystone), logout, bad passwords and re-authentication.

Runs when ``RATINGAPI_TEST_KEYSTONE_URL`` (e.g. http://127.0.0.1:5000/v3)
and ``RATINGAPI_TEST_KEYSTONE_ADMIN_PASSWORD`` are set; start one with::

    KS_DIR=/tmp/ks KS_PORT=5000 bash ../shared/tools/keystone-local.sh

The test registers a ``rating`` service and its public endpoint (the
unversioned ratingapi URL, region RegionOne) with httpx and an admin
token, and removes them afterwards.
"""
import datetime
import os
import uuid

import httpx
import pytest

from ratingapi.client import auth
from ratingapi.client import errors
from tests.functional import live
from tests.unit.client import both

pytestmark = pytest.mark.anyio

KEYSTONE = os.environ.get('RATINGAPI_TEST_KEYSTONE_URL')
PASSWORD = os.environ.get('RATINGAPI_TEST_KEYSTONE_ADMIN_PASSWORD')
SERVICE_PREFIX = 'ratingapi-sdk-test-'
REGION = 'RegionOne'

if not (KEYSTONE and PASSWORD):
    pytest.skip('needs a real Keystone: set RATINGAPI_TEST_KEYSTONE_URL and '
                'RATINGAPI_TEST_KEYSTONE_ADMIN_PASSWORD (see '
                '../shared/tools/keystone-local.sh)', allow_module_level=True)

ADMIN = {'username': 'admin', 'password': PASSWORD, 'project_name': 'admin'}


class Admin:
    """Keystone's admin API, spoken with httpx directly."""

    def __init__(self):
        self.http = httpx.Client(base_url=KEYSTONE.rstrip('/') + '/',
                                 timeout=30)
        response = self.http.post('auth/tokens', json={'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': 'admin', 'domain': {'id': 'default'},
                'password': PASSWORD}}},
            'scope': {'project': {'name': 'admin',
                                  'domain': {'id': 'default'}}}}})
        response.raise_for_status()
        self.http.headers['X-Auth-Token'] = response.headers[
            'X-Subject-Token']

    def call(self, method, path, **kwargs):
        response = self.http.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def register(self, url):
        self.remove_stale()
        service = self.call('POST', 'services', json={'service': {
            'type': 'rating', 'name': SERVICE_PREFIX + uuid.uuid4().hex[:8],
            'description': 'ratingapi (SDK tests)'}})['service']
        self.call('POST', 'endpoints', json={'endpoint': {
            'service_id': service['id'], 'interface': 'public', 'url': url,
            'region_id': REGION}})
        return service['id']

    def remove(self, service_id):
        endpoints = self.call('GET', 'endpoints', params={
            'service_id': service_id})['endpoints']
        for endpoint in endpoints:
            self.call('DELETE', 'endpoints/%s' % endpoint['id'])
        self.call('DELETE', 'services/%s' % service_id)

    def remove_stale(self):
        for service in self.call('GET', 'services', params={
                'type': 'rating'})['services']:
            if service.get('name', '').startswith(SERVICE_PREFIX):
                self.remove(service['id'])

    def revoke(self, token):
        self.call('DELETE', 'auth/tokens',
                  headers={'X-Subject-Token': token})

    def token_is_valid(self, token):
        response = self.http.get('auth/tokens',
                                 headers={'X-Subject-Token': token})
        return response.status_code == 200


@pytest.fixture(scope='module')
def admin():
    admin = Admin()
    yield admin
    admin.http.close()


@pytest.fixture(scope='module')
def root(tmp_path_factory, admin):
    """ratingapi-api with auth_strategy = keystone, in the catalog."""
    tmp_path = tmp_path_factory.mktemp('client-keystone')
    keystone = '\n'.join([
        '[keystone_authtoken]', 'auth_type = password',
        'auth_url = %s' % KEYSTONE, 'www_authenticate_uri = %s' % KEYSTONE,
        'username = admin', 'password = %s' % PASSWORD,
        'project_name = admin', 'user_domain_id = default',
        'project_domain_id = default',
        # Validate every token with Keystone: a revoked token must fail.
        'token_cache_time = -1', ''])
    with live.api_server(tmp_path, auth_strategy='keystone',
                         more_config=keystone) as server:
        service_id = admin.register(server.root)
        try:
            yield server.root
        finally:
            admin.remove(service_id)


def make(mode, **kwargs):
    kwargs.setdefault('auth_url', KEYSTONE)
    return both.make(mode, None, **kwargs)


async def test_login_catalog_discovery_and_list(mode, root):
    async with make(mode) as client:
        access = await client.login(**ADMIN)
        assert client.is_authenticated()
        assert 'admin' in access.roles and access.project_name == 'admin'
        assert access.endpoint_for('rating', region=REGION) == root
        modules = await client.retrieve_module()
        assert client.url == root
        assert client.endpoint == root + 'v2/'
        assert {'noop', 'hashmap'} <= {m.module_id for m in modules}
        assert (await client.retrieve_module('noop')).module_id == 'noop'


async def test_the_api_refuses_requests_without_a_token(mode, root):
    async with both.make(mode, root) as client:
        await client.discover()                 # discovery is public
        with pytest.raises(errors.Unauthorized) as info:
            await client.retrieve_module()
    assert info.value.code == 'rating.unauthorized'


async def test_login_on_first_use(mode, root):
    async with make(mode, auth_url=None, auth=auth.KeystonePassword(
            KEYSTONE, **ADMIN), region_name=REGION) as client:
        await client.retrieve_module('noop')
        assert client.is_authenticated()


async def test_logout_revokes_the_token(mode, root, admin):
    async with make(mode) as client:
        access = await client.login(**ADMIN)
        await client.retrieve_module()
        await client.logout()
        assert not client.is_authenticated()
        assert not admin.token_is_valid(access.token)
        with pytest.raises(errors.Unauthorized):
            await client.retrieve_module()


async def test_a_bad_password_raises(mode, root):
    async with make(mode) as client:
        with pytest.raises(errors.AuthenticationFailed) as info:
            await client.login(username='admin', password='not-' + PASSWORD,
                               project_name='admin')
        assert info.value.status == 401
        assert not client.is_authenticated()


async def test_reauthentication_after_revocation(mode, root, admin):
    async with make(mode) as client:
        first = await client.login(**ADMIN)
        await client.retrieve_module()
        admin.revoke(first.token)
        modules = await client.retrieve_module()
        assert modules
        assert client.auth.token != first.token
        assert admin.token_is_valid(client.auth.token)


async def test_reauthentication_before_expiry(mode, root):
    skew = [datetime.timedelta(0)]

    def clock():
        return datetime.datetime.now(datetime.timezone.utc) + skew[0]
    async with make(mode, auth_url=None, auth=auth.KeystonePassword(
            KEYSTONE, clock=clock, **ADMIN)) as client:
        first = await client.login()
        skew[0] = first.expires_at - clock()     # jump to its expiry
        assert not client.is_authenticated()
        await client.retrieve_module()
        assert client.auth.token != first.token
