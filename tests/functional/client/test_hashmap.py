"""The v2 hashmap rules and the quote through the SDK against the real
app.  They are served from microversion 2.2; until a session negotiates
it, the SDK sends nothing for them (the tests of the routes themselves
come with the server side)."""
import pytest

from ratingapi.client import errors

pytestmark = pytest.mark.anyio


async def test_below_2_2_nothing_is_sent(client_for, service):
    async with client_for(version='2.1') as client:
        with pytest.raises(errors.MicroversionTooLow, match='2.2') as info:
            await client.retrieve_hashmap_service()
        with pytest.raises(errors.MicroversionTooLow):
            await client.quote([{'service': 'cpu', 'volume': 1}])
        assert [module.module_id for module in
                await client.retrieve_module()] == ['hashmap', 'noop',
                                                    'pyscripts']
    assert (info.value.required, info.value.negotiated) == ('2.2', '2.1')
    assert [path for _, path in service.requests()] == [
        '/', '/v2/rating/modules']
