"""capabilities() and supports(), from the real app's document."""
import pytest

from ratingapi.client import capabilities
from tests import appkit

pytestmark = pytest.mark.anyio


async def test_capabilities_model(client_for, service):
    async with client_for(auth='t0ken') as client:
        caps = await client.capabilities()
        await client.retrieve_module()
    assert isinstance(caps, capabilities.Capabilities)
    assert caps.version.id == 'v2.0'
    assert caps.microversion == client.microversion
    assert caps.url == client.endpoint + 'capabilities'
    listed = caps.get('modules:list')
    assert isinstance(listed, capabilities.Capability)
    assert (listed.min_version, listed.available) == ('2.0', True)
    assert {'versions:show', 'capabilities:list', 'modules:list',
            'modules:show', 'modules:update'} <= set(caps.names)
    assert caps.deployment.rating_modules == ('noop',)
    assert caps.deployment.storage_backend == 'sqlite'
    assert caps.deployment.max_limit == 1000
    # The document is fetched without auth (capabilities are public),
    # while the client's other requests carry its token.
    capability, modules = service.environs[-2:]
    assert capability['PATH_INFO'] == '/capabilities'
    assert 'HTTP_X_AUTH_TOKEN' not in capability
    assert modules['HTTP_X_AUTH_TOKEN'] == 't0ken'


async def test_supports(client_for, service):
    async with client_for() as client:
        assert await client.supports('modules:update') is True
        assert await client.supports('planets:destroy') is False
        assert 'modules:list' in await client.capabilities()
    # Fetched once, then answered from the model.
    assert service.requests(path='/v2/capabilities') == [
        ('GET', '/v2/capabilities')]


async def test_refresh(client_for, service):
    async with client_for() as client:
        await client.capabilities()
        await client.update_module('hashmap', {'enabled': True})
        caps = await client.capabilities(refresh=True)
    assert set(caps.deployment.rating_modules) == {'noop', 'hashmap'}
    assert len(service.requests(path='/v2/capabilities')) == 2


async def test_v1_capabilities(client_for):
    async with client_for(version='1') as client:
        caps = await client.capabilities()
        assert await client.supports('modules:list')
    assert caps.version.id == 'v1.0' and caps.microversion is None
    assert caps.url.endswith('/v1/capabilities')


async def test_metric_types(client_for, build_service):
    metered = build_service({('collect', 'metrics_conf'):
                             str(appkit.METRICS_FILE)})
    async with client_for(handler=metered.handle) as client:
        caps = await client.capabilities()
    assert caps.deployment.metric_types == (
        'instance', 'volume.size', 'image', 'instance.status', 'vcpus',
        'os.license')
    assert 'metric_types' not in caps.deployment.extra


async def test_no_metric_types(client_for, build_service):
    bare = build_service({('collect', 'metrics_conf'): ''})
    async with client_for(handler=bare.handle) as client:
        caps = await client.capabilities()
    assert caps.deployment.metric_types == ()
