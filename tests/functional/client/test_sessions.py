"""Sessions: lifecycle, one pool, one discovery, correlation id, and what
each client exposes, against the real app."""
import asyncio
import re
import time

import httpx
import pytest

from ratingapi.client import client as client_
from tests.functional.client import service as service_
from tests.functional.client.test_discovery import NEGOTIATED
from tests.unit.client import both

pytestmark = pytest.mark.anyio

CID = re.compile(r'^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-'
                 r'[89ab][0-9a-f]{3}-[0-9a-f]{12}$')


async def test_context_manager_closes_the_pool(client_for):
    async with client_for() as client:
        await client.retrieve_module()
        assert not client.http.is_closed
    assert client.http.is_closed
    with pytest.raises(RuntimeError):
        await client.retrieve_module('noop')


async def test_explicit_close(client_for):
    client = client_for()
    await client.discover()
    await client.aclose()
    assert client.http.is_closed


async def test_one_pool_for_every_request(mode, client_for, service):
    calls = []

    def counting(request):
        calls.append(request)
        return service.handle(request)
    async with client_for(handler=counting) as client:
        pool = client.http
        assert isinstance(pool, httpx.AsyncClient if mode == 'async'
                          else httpx.Client)
        await client.retrieve_module()
        await client.update_module('noop', {'priority': 2})
        await client.capabilities()
        assert client.http is pool
    assert len(calls) == len(service.environs) == 5


async def test_discovery_runs_once(client_for, service):
    async with client_for() as client:
        assert (client.version, client.microversion, client.endpoint) == (
            None, None, None)
        first = await client.discover()
        await client.retrieve_module()
        await client.retrieve_module('noop')
        assert await client.discover() is first
    assert service.requests(path='/') == [('GET', '/')]
    assert client.version.id == 'v2.0'
    assert client.microversion == NEGOTIATED
    assert client.endpoint == service_.ROOT + 'v2/'
    assert client.connection is first
    assert 'v2.0' in repr(client) and client.cid in repr(client)


async def test_concurrent_first_calls_discover_once(client_for, service):
    async with client_for() as client:
        results = await asyncio.gather(
            *[client.retrieve_module('noop') for _ in range(4)])
    assert [r.module_id for r in results] == ['noop'] * 4
    assert service.requests(path='/') == [('GET', '/')]


def test_concurrent_threads_discover_once(service):
    # The sync client's discovery lock, with real threads (the sync mode
    # above calls in turn).  A slow discovery lets the others arrive.
    def slow_discovery(request):
        if request.url.path == '/':
            time.sleep(0.1)
        return service.handle(request)
    with client_.RatingClient(service_.ROOT, sleep=both.no_sleep,
                              transport=httpx.MockTransport(
                                  slow_discovery)) as client:
        results = both.in_threads(4, lambda: client.retrieve_module('noop'))
    assert [r.module_id for r in results] == ['noop'] * 4
    assert service.requests(path='/') == [('GET', '/')]


async def test_correlation_id_on_every_request(client_for, service):
    async with client_for() as client:
        assert CID.match(client.cid)
        await client.retrieve_module()
        await client.update_module('noop', {'priority': 3})
        await client.capabilities()
    assert len(service.environs) == 5
    for environ in service.environs:
        assert environ['HTTP_X_OPENSTACK_REQUEST_ID'] == client.cid
        # oslo.middleware's request id layer took it as the global id
        # (the one the server logs next to its own request id).
        assert environ['openstack.global_request_id'] == client.cid
        assert environ['openstack.request_id'] != client.cid


async def test_each_client_has_its_own_cid(client_for):
    async with client_for() as one, client_for() as two:
        assert one.cid != two.cid


async def test_a_given_cid(client_for, service):
    cid = 'req-12345678-1234-4234-8234-123456789abc'
    async with client_for(cid=cid) as client:
        await client.discover()
    assert service.environs[0]['openstack.global_request_id'] == cid


@pytest.mark.parametrize('cid', ['abc', 'req-1', 'REQ-12345678-1234-4234-'
                                 '8234-123456789abc'])
def test_a_malformed_cid_is_refused(mode, cid):
    cls = (client_.RatingClient if mode == 'sync'
           else client_.AsyncRatingClient)
    with pytest.raises(ValueError):
        cls(service_.ROOT, cid=cid)


def test_a_url_or_keystone_is_needed(mode):
    cls = (client_.RatingClient if mode == 'sync'
           else client_.AsyncRatingClient)
    with pytest.raises(TypeError):
        cls()
    with pytest.raises(TypeError):
        cls(service_.ROOT, auth='t', auth_url='http://k/v3')
    with pytest.raises(ValueError):
        cls(service_.ROOT, version='2.x')


async def test_user_agent_reaches_the_server(client_for, service):
    async with client_for(user_agent='billing-report/1.2') as client:
        await client.retrieve_module()
    agent = service.environs[-1]['HTTP_USER_AGENT']
    assert re.match(r'^billing-report/1\.2 ratingapi-client/\S+ '
                    r'httpx/\d+\.\d+\.\d+ Python/3\.\d+\.\d+$', agent), agent
