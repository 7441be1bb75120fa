"""The rating modules resource, v2 and v1, and the error tree, against
the real app."""
import json

import pytest

from ratingapi.client import errors
from ratingapi.client import resources
from ratingapi.client import v1
from ratingapi.client import v2

pytestmark = pytest.mark.anyio

NOOP = {'module_id': 'noop', 'description': 'Dummy test module.',
        'enabled': True, 'hot_config': False, 'priority': 1}


@pytest.mark.parametrize('version', ['1', '2'])
async def test_list_and_show(client_for, service, version):
    async with client_for(version=version) as client:
        modules = await client.retrieve_module()
        noop = await client.retrieve_module('noop')
    assert [m.module_id for m in modules] == ['hashmap', 'noop', 'pyscripts']
    assert all(isinstance(m, resources.Record) for m in modules)
    assert dict(noop) == NOOP
    assert noop == modules[1]
    assert modules[0].hot_config is True      # v1 wire: hot-config
    assert service.requests()[1:] == [
        ('GET', '/v%s/rating/modules' % version),
        ('GET', '/v%s/rating/modules/noop' % version)]


async def test_update_v2_reads_the_module_back(client_for, service):
    async with client_for() as client:
        module = await client.update_module('noop', {'priority': 7,
                                                     'enabled': False})
    assert (module.priority, module.enabled) == (7, False)
    put, get = service.environs[1:]
    assert (put['REQUEST_METHOD'], get['REQUEST_METHOD']) == ('PUT', 'GET')


async def test_update_v1_uses_the_answer(client_for, service):
    async with client_for(version='1') as client:
        module = await client.update_module('noop', {'priority': 3})
        again = await client.retrieve_module('noop')
    assert module.priority == 3 and module == again
    assert service.requests()[1] == ('PUT', '/v1/rating/modules/noop')
    assert service.requests()[2] == ('GET', '/v1/rating/modules/noop')


async def test_update_body_uses_wire_names(client_for):
    bodies = []

    async with client_for(on_request=lambda event: bodies.append(
            event.request.content)) as client:
        await client.update_module('noop', {'priority': 2})
    assert json.loads(bodies[1]) == {'priority': 2}


async def test_head(client_for):
    async with client_for() as client:
        assert await client.head_module('noop') is True
        assert await client.head_module('nope') is False
        assert await client.head_module() is True


async def test_operations_not_declared_send_nothing(client_for, service):
    async with client_for() as client:
        with pytest.raises(errors.OperationNotAllowed, match='create'):
            await client.create_module(module_id='x')
        with pytest.raises(errors.OperationNotAllowed, match='delete'):
            await client.delete_module('noop')
        with pytest.raises(ValueError, match='read-only'):
            await client.update_module('noop', {'description': 'x'})
        with pytest.raises(ValueError, match='no attribute'):
            await client.update_module('noop', {'colour': 'red'})
    # Not even discovery: the first two failed before it; the last two
    # after it, but before sending the update.
    assert service.requests() == [('GET', '/')]


async def test_not_found_v2(client_for, service):
    async with client_for() as client:
        with pytest.raises(errors.NotFound) as info:
            await client.retrieve_module('nope')
    error = info.value
    assert (error.status, error.code, error.title) == (
        404, 'rating.not-found', 'Not found')
    assert error.detail == "Module 'nope' not found."
    assert error.request_id == error.response.headers[
        'X-OpenStack-Request-Id']
    assert error.request_id.startswith('req-')
    assert error.response.status_code == 404
    assert "404 rating.not-found: Module 'nope' not found." in str(error)


async def test_not_found_v1(client_for):
    async with client_for(version='1') as client:
        with pytest.raises(errors.NotFound) as info:
            await client.retrieve_module('nope')
    error = info.value
    assert (error.code, error.detail) == (None, "Module 'nope' not found.")
    assert error.request_id == error.response.headers[
        'X-OpenStack-Request-Id']


async def test_bad_request(client_for):
    async with client_for() as client:
        with pytest.raises(errors.BadRequest) as info:
            await client.update_module('noop', {'priority': 0})
    assert info.value.code == 'rating.invalid-input'
    assert 'priority' in info.value.detail


async def test_method_not_allowed(client_for):
    async with client_for() as client:
        with pytest.raises(errors.MethodNotAllowed) as info:
            await client.http_delete('rating/modules/noop')
    assert info.value.code == 'rating.method-not-allowed'
    assert 'PUT' in info.value.response.headers['Allow']


async def test_microversion_out_of_range(client_for):
    async with client_for() as client:
        with pytest.raises(errors.NotAcceptable) as info:
            await client.http_get('rating/modules', headers={
                'OpenStack-API-Version': 'rating 2.99'})
    error = info.value
    assert error.code == 'rating.microversion-unsupported'
    assert error.min_version == '2.0' and error.max_version


# A resource declared here the way a later endpoint issue declares its own:
# it lets the delete rules run against the real app.
RECORD = resources.Resource(
    'record', '/rating/%(kind)s', singular='record', plural='records',
    pk='module_id', operations=(resources.RETRIEVE, resources.DELETE),
    attributes={'module_id': resources.Attr(read_only=True)})
EXTENDED = resources.Api(2, (v2.MODULE, RECORD),
                         min_microversion=v2.MIN_MICROVERSION,
                         max_microversion=v2.MAX_MICROVERSION)


async def test_delete_of_what_does_not_exist(client_for, service):
    async with client_for(apis=(EXTENDED, v1.API)) as client:
        assert await client.delete_record('x', kind='nothing') is False
        with pytest.raises(errors.NotFound) as info:
            await client.delete_record('x', raise_not_exists=True,
                                       kind='nothing')
        assert info.value.code == 'rating.uri-not-found'
        with pytest.raises(errors.MethodNotAllowed):
            await client.delete_record('noop', kind='modules')
        record = await client.retrieve_record('noop', kind='modules')
        assert record.pk == 'noop' and record.priority == 1
        with pytest.raises(TypeError, match='kind'):
            await client.retrieve_record('noop')
    assert service.requests('DELETE') == [
        ('DELETE', '/v2/rating/nothing/x')] * 2 + [
        ('DELETE', '/v2/rating/modules/noop')]
