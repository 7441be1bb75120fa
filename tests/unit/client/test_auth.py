"""Auth: static tokens and Keystone v3 password auth, against a
hand-written Keystone (a MockTransport), with both clients."""
import asyncio
import json
import logging
import threading
import time

import httpx
import pytest

from ratingapi import client as client_
from ratingapi.client import auth
from ratingapi.client import errors
from tests.unit.client import both
from tests.unit.client import fakes

pytestmark = pytest.mark.anyio

CREDENTIALS = {'username': 'admin', 'password': fakes.PASSWORD,
               'project_name': 'admin'}


@pytest.fixture
def clock():
    return fakes.Clock()


@pytest.fixture
def keystone(clock):
    return fakes.Keystone(clock)


@pytest.fixture
def rating(keystone):
    return fakes.Rating(keystone)


@pytest.fixture
def make(mode, keystone, rating, clock):
    def build(url=fakes.RATING, **kwargs):
        kwargs.setdefault('auth', auth.KeystonePassword(
            fakes.KEYSTONE, clock=clock))
        return both.make(mode, url, fakes.router(
            keystone=keystone.handle, rating=rating.handle), **kwargs)
    return build


async def test_login_posts_v3_password_credentials(make, keystone, rating):
    async with make() as client:
        assert not client.is_authenticated()
        access = await client.login(**CREDENTIALS)
        assert client.is_authenticated()
        (login,) = keystone.requests
        assert (login.method, str(login.url)) == (
            'POST', fakes.KEYSTONE + '/auth/tokens')
        assert json.loads(login.content) == {'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': 'admin', 'domain': {'id': 'default'},
                'password': fakes.PASSWORD}}},
            'scope': {'project': {'name': 'admin',
                                  'domain': {'id': 'default'}}}}}
        assert login.headers['X-OpenStack-Request-Id'] == client.cid
        assert access.token == 'gAAAA-token-1'
        assert access.token not in repr(access)
        assert (access.user_name, access.project_name, access.roles) == (
            'admin', 'admin', ('admin', 'reader'))
        assert access.expires_at == fakes.START.replace(hour=13)
        await client.retrieve_module()
        assert rating.requests[-1].headers['X-Auth-Token'] == access.token


async def test_other_scopes_and_domains(make, keystone):
    async with make() as client:
        await client.login(user_id='u1', password=fakes.PASSWORD,
                           project_id='p1')
        await client.login(username='admin', password=fakes.PASSWORD,
                           user_domain_name='Users', project_name='x',
                           project_domain_name='Projects')
        await client.login(username='admin', password=fakes.PASSWORD)
    bodies = [json.loads(r.content)['auth'] for r in keystone.requests]
    assert bodies[0]['identity']['password']['user'] == {
        'id': 'u1', 'password': fakes.PASSWORD}
    assert bodies[0]['scope'] == {'project': {'id': 'p1'}}
    assert bodies[1]['identity']['password']['user']['domain'] == {
        'name': 'Users'}
    assert bodies[1]['scope']['project']['domain'] == {'name': 'Projects'}
    assert 'scope' not in bodies[2]


async def test_a_bad_password_raises(make, keystone):
    async with make() as client:
        with pytest.raises(errors.AuthenticationFailed) as info:
            await client.login(username='admin', password='wrong')
        assert isinstance(info.value, errors.Unauthorized)
        assert info.value.status == 401
        assert 'requires authentication' in info.value.detail
        assert not client.is_authenticated()


async def test_login_is_lazy_and_discovery_anonymous(make, keystone, rating):
    async with make(auth=auth.KeystonePassword(
            fakes.KEYSTONE, **CREDENTIALS)) as client:
        await client.discover()
        assert keystone.requests == []
        assert 'X-Auth-Token' not in rating.requests[0].headers
        await client.retrieve_module()
        assert len(keystone.logins()) == 1
        assert client.is_authenticated()


async def test_catalog_lookup_then_discovery(make, keystone, rating):
    async with make(url=None, auth=auth.KeystonePassword(
            fakes.KEYSTONE, **CREDENTIALS)) as client:
        assert client.url is None
        await client.retrieve_module()
        assert client.url == fakes.RATING
        assert client.endpoint == fakes.RATING + 'v2/'
    assert [str(r.url) for r in rating.requests] == [
        fakes.RATING, fakes.RATING + 'v2/rating/modules']


@pytest.mark.parametrize('interface,region,url', [
    ('public', 'RegionOne', fakes.RATING),
    ('internal', None, 'http://internal.example/'),
    ('publicURL', 'RegionTwo', 'http://two.example/'),
], ids=['public', 'internal', 'v2-spelling'])
async def test_catalog_interface_and_region(mode, keystone, clock, interface,
                                            region, url):
    services = {name: fakes.Rating(keystone, root='http://%s.example/' % name)
                for name in ('rating', 'internal', 'two')}
    handler = fakes.router(keystone=keystone.handle, **{
        name: service.handle for name, service in services.items()})
    async with both.make(mode, None, handler, interface=interface,
                         region_name=region, auth=auth.KeystonePassword(
                             fakes.KEYSTONE, clock=clock,
                             **CREDENTIALS)) as client:
        await client.discover()
        assert client.url == url
        assert client.endpoint == url + 'v2/'


async def test_catalog_without_the_service(make):
    async with make(url=None, interface='admin', auth=auth.KeystonePassword(
            fakes.KEYSTONE, **CREDENTIALS)) as client:
        with pytest.raises(errors.EndpointNotFound) as info:
            await client.discover()
    assert "No admin endpoint of service type 'rating'" in str(info.value)
    assert 'rating/public/RegionOne' in str(info.value)


async def test_catalog_needs_credentials(make):
    async with make(url=None) as client:
        with pytest.raises(errors.NotAuthenticated):
            await client.discover()


async def test_renewed_before_expiry(make, keystone, clock):
    async with make() as client:
        await client.login(**CREDENTIALS)
        await client.retrieve_module()
        clock.advance(3600 - 30)              # inside the 60 s leeway
        assert not client.is_authenticated()
        await client.retrieve_module()
        assert len(keystone.logins()) == 2
        assert client.auth.token == 'gAAAA-token-2'


async def test_logged_in_again_once_after_a_401(make, keystone, rating):
    async with make() as client:
        await client.login(**CREDENTIALS)
        keystone.revoke_all()
        assert client.is_authenticated()      # as far as the client knows
        await client.retrieve_module()
        assert len(keystone.logins()) == 2
        tokens = [r.headers.get('X-Auth-Token') for r in rating.requests
                  if r.url.path.endswith('modules')]
        assert tokens == ['gAAAA-token-1', 'gAAAA-token-2']


async def test_a_401_after_a_fresh_login_is_raised(make, keystone):
    async with make() as client:
        await client.login(**CREDENTIALS)
        keystone.ttl = -10                    # tokens dead on arrival
        keystone.revoke_all()
        with pytest.raises(errors.Unauthorized) as info:
            await client.retrieve_module()
        assert info.value.code == 'rating.unauthorized'
        assert len(keystone.logins()) == 2


async def test_logout_revokes_and_forgets(make, keystone, rating):
    async with make() as client:
        access = await client.login(**CREDENTIALS)
        await client.logout()
        assert not client.is_authenticated()
        delete = keystone.requests[-1]
        assert delete.method == 'DELETE'
        assert delete.headers['X-Subject-Token'] == access.token
        assert delete.headers['X-Auth-Token'] == access.token
        assert not keystone.is_valid(access.token)
        with pytest.raises(errors.Unauthorized):
            await client.retrieve_module()
        assert len(keystone.logins()) == 1    # nothing logs in silently
        assert 'X-Auth-Token' not in rating.requests[-1].headers
        await client.logout()                 # nothing held: no request
        assert keystone.requests[-1] is delete


async def test_login_needs_keystone_auth(mode):
    async with both.make(mode, fakes.RATING, lambda request: None) as c:
        with pytest.raises(errors.NotAuthenticated):
            await c.login(**CREDENTIALS)


async def test_one_login_for_concurrent_requests(make, keystone):
    async with make(auth=auth.KeystonePassword(
            fakes.KEYSTONE, **CREDENTIALS)) as client:
        await client.discover()
        await asyncio.gather(*[client.retrieve_module() for _ in range(5)])
    assert len(keystone.logins()) == 1


async def test_concurrent_requests_after_a_revoked_token(keystone, rating,
                                                         clock):
    # The async client for real (both.make's sync one runs calls in turn).
    async with both.make('async', fakes.RATING, fakes.router(
            keystone=keystone.handle, rating=rating.handle),
            auth=auth.KeystonePassword(fakes.KEYSTONE, clock=clock,
                                       **CREDENTIALS)) as client:
        await client.retrieve_module()
        keystone.revoke_all()
        await asyncio.gather(*[client.retrieve_module() for _ in range(5)])
    assert len(keystone.logins()) == 2


def _threaded_client(keystone, rating, clock, refused=0):
    """A sync client whose logins take a while, so that concurrent
    requests arrive meanwhile; with ``refused``, that many 401s are held
    until all of them are in, so that they all come back at once."""
    together = threading.Barrier(refused or 1, timeout=5)

    def slow_keystone(request):
        if request.method == 'POST':
            time.sleep(0.1)
        return keystone.handle(request)

    def held_rating(request):
        response = rating.handle(request)
        if refused and response.status_code == 401:
            together.wait()
        return response
    return client_.RatingClient(
        fakes.RATING, sleep=both.no_sleep, auth=auth.KeystonePassword(
            fakes.KEYSTONE, clock=clock, **CREDENTIALS),
        transport=httpx.MockTransport(fakes.router(
            keystone=slow_keystone, rating=held_rating)))


def test_one_login_for_concurrent_threads(keystone, rating, clock):
    with _threaded_client(keystone, rating, clock) as client:
        client.discover()
        assert both.in_threads(5, client.retrieve_module) == [[]] * 5
    assert len(keystone.logins()) == 1


def test_concurrent_threads_after_a_revoked_token(keystone, rating, clock):
    with _threaded_client(keystone, rating, clock, refused=5) as client:
        client.login()
        keystone.revoke_all()
        assert both.in_threads(5, client.retrieve_module) == [[]] * 5
    assert len(keystone.logins()) == 2
    retried = [r.headers['X-Auth-Token'] for r in rating.requests[-5:]]
    assert retried == ['gAAAA-token-2'] * 5


def test_a_logout_while_waiting_keeps_the_401(keystone, clock):
    # The flow by hand: after its 401 a request waits for the lock (LOCK),
    # and meanwhile another logs out; it answers the 401, sends nothing.
    keystone_auth = auth.KeystonePassword(fakes.KEYSTONE, clock=clock,
                                          **CREDENTIALS)
    with client_.RatingClient(fakes.RATING, auth=keystone_auth,
                              transport=httpx.MockTransport(
                                  keystone.handle)) as client:
        client.login()
        flow = keystone_auth.auth_flow(httpx.Request('GET', fakes.RATING))
        assert next(flow).headers['X-Auth-Token'] == 'gAAAA-token-1'
        assert flow.send(httpx.Response(401)) is auth.LOCK
        client.logout()
        assert next(flow) is auth.UNLOCK
        with pytest.raises(StopIteration):
            next(flow)
    assert len(keystone.logins()) == 1


@pytest.mark.parametrize('given', ['tok3n', auth.StaticToken('tok3n')],
                         ids=['string', 'object'])
async def test_static_token(mode, rating, given):
    async with both.make(mode, fakes.RATING, rating.handle,
                         auth=given) as client:
        assert client.is_authenticated()
        with pytest.raises(errors.Unauthorized):
            await client.retrieve_module()
    assert 'X-Auth-Token' not in rating.requests[0].headers   # discovery
    assert rating.requests[1].headers['X-Auth-Token'] == 'tok3n'
    assert 'tok3n' not in repr(auth.StaticToken('tok3n'))


async def test_no_auth(mode, rating):
    async with both.make(mode, fakes.RATING, rating.handle) as client:
        assert not client.is_authenticated() and client.auth is None
        with pytest.raises(errors.Unauthorized):
            await client.retrieve_module()
    assert 'X-Auth-Token' not in rating.requests[1].headers


async def test_passwords_and_tokens_never_logged(make, caplog):
    caplog.set_level(logging.DEBUG, logger='ratingapi.client')
    async with make() as client:
        access = await client.login(**CREDENTIALS)
        await client.retrieve_module()
    text = '\n'.join(record.getMessage() for record in caplog.records)
    assert fakes.PASSWORD not in text
    assert access.token not in text
    assert "'x-auth-token', '***'" in text
    assert "'x-subject-token', '***'" in text
    assert '"password": "***"' in text


@pytest.mark.parametrize('given,expected', [
    ('http://k/v3', 'http://k/v3/auth/tokens'),
    ('http://k/v3/', 'http://k/v3/auth/tokens'),
    ('http://k/identity', 'http://k/identity/v3/auth/tokens'),
], ids=['v3', 'v3-slash', 'unversioned'])
def test_tokens_url(given, expected):
    assert auth.tokens_url(given) == expected


def test_access_info_endpoint_for():
    response = httpx.Response(201, headers={'X-Subject-Token': 't'}, json={
        'token': {'expires_at': '2030-01-01T00:00:00.000000Z',
                  'catalog': fakes.catalog()}},
        request=httpx.Request('POST', fakes.KEYSTONE))
    access = auth.AccessInfo.from_response(response)
    assert access.endpoint_for('RATING') == fakes.RATING
    assert access.endpoint_for('rating', 'internal') == (
        'http://internal.example/')
    assert access.endpoint_for('rating', region='RegionTwo') == (
        'http://two.example/')
    assert access.endpoint_for('identity') == fakes.KEYSTONE
    with pytest.raises(errors.EndpointNotFound):
        access.endpoint_for('rating', region='RegionThree')


def test_access_info_needs_a_token():
    response = httpx.Response(201, json={'token': {}},
                              request=httpx.Request('POST', fakes.KEYSTONE))
    with pytest.raises(errors.RatingClientError):
        auth.AccessInfo.from_response(response)
