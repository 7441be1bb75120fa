"""Raw calls: http_get/post/put/patch/delete resolved against the
chosen version's endpoint."""
import httpx
import pytest

from ratingapi.client import errors
from tests.functional.client import service as service_

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize('path', ['rating/modules', '/rating/modules',
                                  service_.ROOT + 'v2/rating/modules'],
                         ids=['relative', 'leading-slash', 'absolute'])
async def test_http_get(client_for, service, path):
    async with client_for() as client:
        response = await client.http_get(path, params={})
    assert isinstance(response, httpx.Response)
    assert response.status_code == 200
    assert str(response.request.url) == service_.ROOT + 'v2/rating/modules'
    assert [m['module_id'] for m in response.json()['modules']] == [
        'hashmap', 'noop', 'pyscripts']


async def test_http_put_patch_post_delete(client_for):
    async with client_for() as client:
        put = await client.http_put('rating/modules/noop',
                                    json={'priority': 9})
        assert put.status_code == 204
        noop = (await client.http_get('rating/modules/noop')).json()
        assert noop['priority'] == 9
        for call in (client.http_post, client.http_patch):
            with pytest.raises(errors.MethodNotAllowed):
                await call('rating/modules/noop', json={})
        response = await client.http_delete('rating/modules/noop',
                                            raise_errors=False)
        assert response.status_code == 405
        head = await client.http_head('rating/modules/noop')
        assert head.status_code == 200 and head.content == b''


async def test_http_calls_on_v1(client_for, service):
    async with client_for(version='1') as client:
        response = await client.http_put('rating/modules/noop',
                                         json={'priority': 2})
    assert response.json()['hot-config'] is False
    assert 'HTTP_OPENSTACK_API_VERSION' not in service.environs[-1]


async def test_absolute_urls_outside_the_endpoint(client_for, service):
    async with client_for() as client:
        response = await client.http_get(service_.ROOT + 'v1/rating/modules')
    assert response.json()['modules'][0]['hot-config'] is True
    # Not a v2 request: no microversion header.
    assert 'HTTP_OPENSTACK_API_VERSION' not in service.environs[-1]


async def test_content_and_headers(client_for, service):
    async with client_for() as client:
        response = await client.http_put(
            'rating/modules/noop', content=b'{"enabled": false}',
            headers={'Content-Type': 'application/json',
                     'X-Extra': 'yes'})
    assert response.status_code == 204
    assert service.environs[-1]['HTTP_X_EXTRA'] == 'yes'
