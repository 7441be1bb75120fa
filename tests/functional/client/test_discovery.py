"""Discovery against the documents the real app serves: at ``/``, under a
path prefix, behind a proxy, at versioned URLs; pins, negotiation and the
microversion header."""
import json
import logging
import warnings

import httpx
import pytest

from ratingapi.api import v2 as server_v2
from ratingapi.client import discovery
from ratingapi.client import errors
from ratingapi.client import resources
from ratingapi.client import v1
from ratingapi.client import v2
from tests.functional.client import service as service_
from tests.unit.client import both

pytestmark = pytest.mark.anyio

ROOT = service_.ROOT
# The server's range grows with its history; the client's is its own.
SERVER_MIN = '%d.%d' % server_v2.VERSION.min_version
SERVER_MAX = '%d.%d' % server_v2.VERSION.max_version
SERVER_OFFERS = ('v2.0 (CURRENT, microversions %s to %s), v1.0 (SUPPORTED)'
                 % (SERVER_MIN, SERVER_MAX))
CLIENT_SUPPORTS = ('this client supports v2 (microversions %s to %s), v1'
                   % (v2.MIN_MICROVERSION, v2.MAX_MICROVERSION))
NEGOTIATED = min((v2.MAX_MICROVERSION, SERVER_MAX),
                 key=lambda text: tuple(map(int, text.split('.'))))


async def test_unversioned_root(client_for, service):
    async with client_for() as client:
        connection = await client.discover()
        modules = await client.retrieve_module()
    assert connection.document.url == ROOT
    assert [v.id for v in connection.document.versions] == ['v2.0', 'v1.0']
    assert (client.version.id, client.version.status) == ('v2.0', 'CURRENT')
    assert client.microversion == NEGOTIATED
    assert client.endpoint == ROOT + 'v2/'
    assert {'noop', 'hashmap'} <= {m.module_id for m in modules}
    assert service.requests() == [('GET', '/'),
                                  ('GET', '/v2/rating/modules')]


@pytest.mark.parametrize('url', ['http://testserver/rating',
                                 'http://testserver/rating/'],
                         ids=['no-slash', 'slash'])
async def test_under_a_path_prefix(mode, build_service, url):
    service = build_service(wrap=service_.mounted)
    async with both.make(mode, url, service.handle) as client:
        await client.discover()
        assert client.endpoint == 'http://testserver/rating/v2/'
        module = await client.retrieve_module('noop')
        assert module.module_id == 'noop'
        v1_client = both.make(mode, url, service.handle, version='1')
        async with v1_client:
            await v1_client.retrieve_module('noop')
            assert v1_client.endpoint == 'http://testserver/rating/v1/'
    assert service.requests()[1] == ('GET', '/rating/v2/rating/modules/noop')


async def test_behind_a_proxy(mode, build_service):
    service = build_service({('api', 'enable_proxy_headers_parsing'): True})
    async with both.make(mode, service_.PUBLIC_ROOT,
                         service.handle_behind_proxy) as client:
        await client.discover()
        assert client.endpoint == 'https://api.example.com/rating/v2/'
        await client.update_module('hashmap', {'enabled': True})
        assert (await client.retrieve_module('hashmap')).enabled is True
    environ = service.environs[-1]
    assert environ['werkzeug.proxy_fix.orig']['HTTP_HOST'] == '10.0.0.5:8889'
    assert environ['HTTP_X_FORWARDED_PREFIX'] == '/rating'


async def test_proxy_headers_ignored_when_not_trusted(mode, service):
    async with both.make(mode, service_.PUBLIC_ROOT,
                         service.handle_behind_proxy) as client:
        # Not trusted, the headers are ignored: the links name the
        # internal address, and the client follows what it is given.
        await client.discover()
        assert client.endpoint == 'http://10.0.0.5:8889/v2/'


@pytest.mark.parametrize('version,ident,mv,endpoint', [
    ('1', 'v1.0', None, 'v1/'), ('v1', 'v1.0', None, 'v1/'),
    ('1.0', 'v1.0', None, 'v1/'), ('2', 'v2.0', NEGOTIATED, 'v2/'),
    ('2.0', 'v2.0', '2.0', 'v2/')])
async def test_pinned_versions_that_fit(client_for, service, version, ident,
                                        mv, endpoint):
    async with client_for(version=version) as client:
        await client.retrieve_module()
    assert (client.version.id, client.microversion) == (ident, mv)
    assert client.endpoint == ROOT + endpoint
    header = service.environs[-1].get('HTTP_OPENSTACK_API_VERSION')
    assert header == (None if mv is None else 'rating ' + mv)


@pytest.mark.parametrize('version', ['2.99', '3', '1.1'])
async def test_pinned_versions_that_do_not_fit(client_for, service, version):
    async with client_for(version=version) as client:
        with pytest.raises(errors.VersionNotAvailable) as info:
            await client.retrieve_module()
        assert client.version is None
    message = str(info.value)
    assert 'for version %s' % version in message
    assert SERVER_OFFERS in message and CLIENT_SUPPORTS in message
    assert info.value.requested == version
    assert [v.id for v in info.value.offered] == ['v2.0', 'v1.0']
    # Checked before any other request: only the root was asked.
    assert service.requests() == [('GET', '/')]


@pytest.mark.parametrize('path', ['v2/', 'v2'], ids=['slash', 'no-slash'])
async def test_versioned_override(client_for, service, path):
    async with client_for(ROOT + path) as client:
        connection = await client.discover()
        await client.retrieve_module()
    assert connection.document.single
    assert client.endpoint == ROOT + 'v2/'
    assert client.microversion == NEGOTIATED
    assert service.requests() == [('GET', '/' + path),
                                  ('GET', '/v2/rating/modules')]


async def test_versioned_override_of_v1(client_for, service):
    async with client_for(ROOT + 'v1/') as client:
        await client.retrieve_module()
    assert (client.version.id, client.endpoint) == ('v1.0', ROOT + 'v1/')
    assert service.requests(path='/') == []


async def test_versioned_override_of_another_major_follows_collection(
        client_for, service):
    async with client_for(ROOT + 'v1/', version='2') as client:
        await client.retrieve_module()
    assert client.endpoint == ROOT + 'v2/'
    assert client.url == ROOT + 'v1/'
    assert service.requests() == [('GET', '/v1/'), ('GET', '/'),
                                  ('GET', '/v2/rating/modules')]


async def test_microversion_header_on_every_v2_request(client_for, service):
    async with client_for() as client:
        await client.retrieve_module()
        await client.update_module('noop', {'priority': 4})
        await client.http_get('capabilities')
        await client.head_module('noop')
    v2_environs = [env for env in service.environs
                   if env['SCRIPT_NAME'].startswith('/v2')]
    assert len(v2_environs) == 5
    for environ in v2_environs:
        assert environ['HTTP_OPENSTACK_API_VERSION'] == (
            'rating ' + NEGOTIATED)


def echoing(handler, value):
    """A front that rewrites the microversion echo of v2 answers."""
    def handle(request):
        response = handler(request)
        if 'openstack-api-version' in response.headers:
            headers = [(k, v) for k, v in response.headers.multi_items()
                       if k.lower() != 'openstack-api-version']
            headers.append(('OpenStack-API-Version', value))
            return httpx.Response(response.status_code, headers=headers,
                                  content=response.content, request=request)
        return response
    return handle


async def test_an_echo_of_another_version_raises(client_for, service):
    async with client_for(handler=echoing(service.handle,
                                          'rating 2.3')) as client:
        with pytest.raises(errors.MicroversionMismatch) as info:
            await client.retrieve_module()
        with pytest.raises(errors.MicroversionMismatch):
            await client.http_get('rating/modules')
    assert (info.value.expected, info.value.received) == (NEGOTIATED,
                                                          '2.3')
    assert info.value.response.status_code == 200


async def test_negotiation_takes_the_lower_maximum(client_for):
    newer = resources.Api(2, (v2.MODULE,), min_microversion='2.0',
                          max_microversion='2.7')
    async with client_for(apis=(newer, v1.API)) as client:
        await client.retrieve_module()
        assert client.microversion == SERVER_MAX   # min(2.7, server max)
    older = resources.Api(2, (v2.MODULE,), min_microversion='2.0',
                          max_microversion='2.0')
    async with client_for(apis=(older, v1.API)) as client:
        await client.retrieve_module()
        assert client.microversion == '2.0'        # min(2.0, server max)


async def test_negotiation_needs_overlapping_ranges(client_for, service):
    later = resources.Api(2, (v2.MODULE,), min_microversion='2.50',
                          max_microversion='2.60')
    async with client_for(apis=(later,)) as client:
        with pytest.raises(errors.VersionNotAvailable) as info:
            await client.discover()
    assert 'microversion %s is outside the client range 2.50 to 2.60' % (
        SERVER_MAX) in str(info.value)
    async with client_for(apis=(later, v1.API)) as client:
        await client.discover()
        assert client.version.id == 'v1.0'


def restating(handler, **statuses):
    """A front that rewrites the statuses of the root document."""
    def handle(request):
        response = handler(request)
        if request.url.path != '/':
            return response
        body = response.json()
        for item in body['versions']:
            item['status'] = statuses.get(item['id'], item['status'])
        return httpx.Response(response.status_code, json=body,
                              request=request)
    return handle


async def test_experimental_only_when_unstable(client_for, service):
    handler = restating(service.handle, **{'v2.0': 'EXPERIMENTAL'})
    async with client_for(handler=handler) as client:
        await client.discover()
        assert client.version.id == 'v1.0'
    async with client_for(handler=handler, unstable=True) as client:
        await client.discover()
        assert client.version.id == 'v2.0'


async def test_deprecated_as_a_last_resort(client_for, service, caplog):
    handler = restating(service.handle, **{'v2.0': 'DEPRECATED',
                                           'v1.0': 'DEPRECATED'})
    caplog.set_level(logging.WARNING, logger='ratingapi.client')
    async with client_for(handler=handler) as client:
        with pytest.warns(discovery.DeprecatedVersionWarning,
                          match='v2.0 offered by .* is DEPRECATED'):
            await client.retrieve_module()
    assert client.version.id == 'v2.0'
    assert any('DEPRECATED' in r.getMessage() and r.cid == client.cid
               for r in caplog.records)
    handler = restating(service.handle, **{'v2.0': 'DEPRECATED'})
    async with client_for(handler=handler) as client:
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            await client.discover()
        assert client.version.id == 'v1.0'


async def test_a_root_that_is_a_list(client_for, service):
    def listing(request):
        response = service.handle(request)
        return httpx.Response(200, request=request, content=json.dumps(
            response.json()['versions']).encode())
    async with client_for(handler=listing) as client:
        with pytest.raises(errors.DiscoveryError,
                           match='a list instead of an object'):
            await client.discover()


async def test_a_url_that_is_not_ratingapi(client_for):
    async with client_for(ROOT + 'nowhere/') as client:
        with pytest.raises(errors.DiscoveryError) as info:
            await client.discover()
    assert info.value.response.status_code == 404
    assert 'rating.uri-not-found' in str(info.value)
