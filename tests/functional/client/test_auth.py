"""Keystone password auth and the catalog, with a Keystone stand-in (a
MockTransport: Keystone is outside our process) in front of the real
app; static tokens.  test_keystone.py does the same with a real Keystone.
"""
import pytest

from ratingapi.client import auth
from tests.functional.client import service as service_
from tests.unit.client import fakes

pytestmark = pytest.mark.anyio

CREDENTIALS = {'username': 'admin', 'password': fakes.PASSWORD,
               'project_name': 'admin'}


@pytest.fixture
def keystone():
    return fakes.Keystone(fakes.Clock(), rating_url=service_.ROOT)


@pytest.fixture
def routed(service, keystone):
    return fakes.router(keystone=keystone.handle, testserver=service.handle)


async def test_catalog_lookup_discovery_and_token(client_for, service,
                                                  keystone, routed):
    async with client_for(None, handler=routed, auth=auth.KeystonePassword(
            fakes.KEYSTONE, **CREDENTIALS)) as client:
        modules = await client.retrieve_module()
        token = client.auth.token
    assert client.url == service_.ROOT
    assert client.endpoint == service_.ROOT + 'v2/'
    assert [m.module_id for m in modules] == ['hashmap', 'noop', 'pyscripts']
    assert len(keystone.logins()) == 1
    root, listing = service.environs
    assert 'HTTP_X_AUTH_TOKEN' not in root          # discovery is public
    assert listing['HTTP_X_AUTH_TOKEN'] == token
    assert keystone.requests[0].headers['X-OpenStack-Request-Id'] == (
        client.cid)


async def test_login_then_catalog(client_for, service, keystone, routed):
    async with client_for(None, handler=routed,
                          auth_url=fakes.KEYSTONE) as client:
        access = await client.login(**CREDENTIALS)
        await client.retrieve_module('noop')
        await client.logout()
        assert not client.is_authenticated()
    assert access.endpoint_for('rating') == service_.ROOT
    assert service.environs[-1]['HTTP_X_AUTH_TOKEN'] == access.token
    assert [r.method for r in keystone.requests] == ['POST', 'DELETE']


async def test_static_token_reaches_the_server(client_for, service):
    async with client_for(auth='t0ken') as client:
        await client.retrieve_module()
    assert 'HTTP_X_AUTH_TOKEN' not in service.environs[0]
    assert service.environs[1]['HTTP_X_AUTH_TOKEN'] == 't0ken'
