"""Dataframes through the SDK against the real app, at 2.0 and 2.1, with
both clients: add, list across pages, exact amounts, filters, errors."""
import datetime
import json

import pytest

from ratingapi.client import errors
from ratingapi.client import resources
from tests.functional.client import service as service_
from tests.functional.client.ratingdata import as_read
from tests.functional.client.ratingdata import count_points
from tests.functional.client.ratingdata import D
from tests.functional.client.ratingdata import FEB
from tests.functional.client.ratingdata import frame
from tests.functional.client.ratingdata import JAN
from tests.functional.client.ratingdata import next_links
from tests.functional.client.ratingdata import point
from tests.functional.client.ratingdata import Recorder
from tests.unit.client.both import make

pytestmark = pytest.mark.anyio

# Seven points over three hours; the amounts test exactness: nine decimal
# places, 28 significant digits, integers, zero, a credit.
FRAMES = [
    frame(0,
          ram=[point('p1', D('512'), D('-0.5'), unit='MiB')],
          cpu=[point('p1', D('1.000000001'), D('0.000000001')),
               point('p2', 2, D('9223372036854775807.999999999'),
                     groupby={'n': 3, 'ratio': D('1.5')})]),
    frame(1, cpu=[point('p1', D('0'), D('0')),
                  point('p2', D('3.25'), D('0.75'), flavor='m1.tiny')]),
    frame(2, cpu=[point('p1', D('7'), D('1.1'))],
          image=[point('p3', D('0.000000001'), 0)]),
]
PERIOD = {'begin': JAN, 'end': FEB}


async def test_add_then_list_over_several_pages(client_for, microversion):
    recorder = Recorder()
    async with client_for(version=microversion,
                          on_response=recorder) as client:
        assert await client.add_dataframes(FRAMES) is None
        frames = await client.retrieve_dataframe(page_size=2, **PERIOD)
    assert [dict(item) for item in frames] == as_read(FRAMES)
    for item in frames:
        for points in item.usage.values():
            for each in points:
                assert isinstance(each['vol']['qty'], D)
                assert isinstance(each['rating']['price'], D)
    big = frames[0].usage['cpu'][1]
    assert str(big['rating']['price']) == '9223372036854775807.999999999'
    # Numbers in groupby stay numbers, exactly.
    assert big['groupby'] == {'project_id': 'p2', 'n': 3, 'ratio': D('1.5')}
    pages = recorder.of('GET', '/v2/dataframes')
    assert len(pages) == 4 == -(-count_points(FRAMES) // 2)
    assert {body['total'] for _, _, _, body in pages} == {7}
    assert recorder.statuses('POST', '/v2/dataframes') == [204]
    links = next_links(pages)
    if microversion == '2.0':
        assert links == []
    else:
        # 2.1: the client went where each page's next link pointed.
        assert links == [url for _, _, url, _ in pages[1:]]


async def test_a_page_boundary_inside_a_frame(client_for, microversion):
    """Pages of 2 points split the frames of 3: the SDK joins them."""
    frames = [frame(n, cpu=[point('p%d' % i, n, i) for i in range(3)])
              for n in range(3)]
    async with client_for(version=microversion) as client:
        await client.add_dataframes(frames)
        for size in (1, 2, 4, 9, 100):
            got = await client.retrieve_dataframe(page_size=size, **PERIOD)
            assert [dict(item) for item in got] == as_read(frames), size


async def test_decimals_are_sent_as_exact_numbers(client_for, microversion):
    bodies = []
    async with client_for(version=microversion, on_request=lambda event: (
            bodies.append(event.request.content))) as client:
        await client.add_dataframes(FRAMES[:1])
    sent = json.loads(bodies[-1], parse_float=D)['dataframes'][0]
    assert sent['period'] == {'begin': '2024-01-01T00:00:00+00:00',
                              'end': '2024-01-01T01:00:00+00:00'}
    cpu = sent['usage']['cpu']
    assert [p['vol']['qty'] for p in cpu] == [D('1.000000001'), 2]
    assert [p['rating']['price'] for p in cpu] == [
        D('0.000000001'), D('9223372036854775807.999999999')]
    assert b'"price":0.000000001}' in bodies[-1]
    assert b'"price":9223372036854775807.999999999}' in bodies[-1]
    assert b'"ratio":1.5}' in bodies[-1]


async def test_the_server_takes_numeric_strings_too(client_for,
                                                    microversion):
    """What the stdlib json makes of a Decimal (as httpx's json= does):
    CloudKitty reads numeric strings as numbers, and so does ratingapi."""
    body = {'dataframes': [{'period': {'begin': '2024-01-01T00:00:00Z',
                                       'end': '2024-01-01T01:00:00Z'},
                            'usage': {'cpu': [{
                                'vol': {'unit': 'u', 'qty': '0.000000001'},
                                'rating': {'price': ' 12.50 '},
                                'groupby': {'project_id': 'p1'},
                                'metadata': {}}]}}]}
    async with client_for(version=microversion) as client:
        response = await client.http_post('dataframes', json=body)
        frames = await client.retrieve_dataframe(**PERIOD)
    assert response.status_code == 204
    each, = frames[0].usage['cpu']
    assert (each['vol']['qty'], each['rating']['price']) == (
        D('0.000000001'), D('12.5'))


async def test_records_read_back_can_be_added_again(client_for,
                                                    microversion):
    async with client_for(version=microversion) as client:
        await client.add_dataframes(FRAMES)
        first = await client.retrieve_dataframe(**PERIOD)
        await client.add_dataframes(first)
        again = await client.retrieve_dataframe(**PERIOD)
    # Every point accepted is stored as sent: each is there twice now.
    assert [len(points) for item in again
            for points in item.usage.values()] == [
        2 * len(points) for item in first for points in item.usage.values()]


async def test_an_empty_list(client_for, microversion):
    recorder = Recorder()
    async with client_for(version=microversion,
                          on_response=recorder) as client:
        assert await client.retrieve_dataframe(**PERIOD) == []
        await client.add_dataframes(FRAMES)
        assert await client.retrieve_dataframe(
            filters={'project_id': 'nobody'}, **PERIOD) == []
    # 2.0 answers an empty list with CloudKitty's 404; 2.1 with a 200.
    expected = 404 if microversion == '2.0' else 200
    assert recorder.statuses('GET', '/v2/dataframes') == [expected] * 2


@pytest.mark.parametrize('filters,expected', [
    ({'project_id': 'p1'}, 4),
    ({'type': 'cpu'}, 5),
    ({'type': 'cpu', 'project_id': 'p2'}, 2),
    ({'flavor': 'm1.tiny'}, 1),
    ({'n': 3}, 1),
], ids=['scope', 'type', 'both', 'metadata', 'number'])
async def test_filters(client_for, microversion, filters, expected):
    async with client_for(version=microversion) as client:
        await client.add_dataframes(FRAMES)
        frames = await client.retrieve_dataframe(filters=filters,
                                                 page_size=1, **PERIOD)
    points = [(type_, p) for item in frames
              for type_, points in item.usage.items() for p in points]
    assert len(points) == expected
    for type_, each in points:
        for key, value in filters.items():
            if key == 'type':
                assert type_ == value
            else:
                assert value in (each['groupby'].get(key),
                                 each['metadata'].get(key))


async def test_the_period(client_for, microversion):
    async with client_for(version=microversion) as client:
        await client.add_dataframes(FRAMES)
        second = await client.retrieve_dataframe(
            begin=JAN + datetime.timedelta(hours=1),
            end='2024-01-01T02:00:00Z')
        default = await client.retrieve_dataframe()
    assert [item.period['begin'] for item in second] == [
        JAN + datetime.timedelta(hours=1)]
    # Without begin/end: the current month, which holds nothing here.
    assert default == []


@pytest.mark.parametrize('frames,parameter', [
    ([frame(0, cpu=[point('p1', D('-1'), 0)])],
     'dataframes[0].usage.cpu[0].vol.qty'),
    ([frame(0, cpu=[point('p1', 1, D('0.0000000001'))])],
     'dataframes[0].usage.cpu[0].rating.price'),
    ([frame(0, cpu=[point('p1', 'lots', 0)])],
     'dataframes[0].usage.cpu[0].vol.qty'),
    ([frame(1, end=frame(0)['period']['begin'], cpu=[point('p1', 1, 0)])],
     'dataframes[0].period.end'),
    ([frame(0)], 'dataframes[0].usage'),
    ([], 'dataframes'),
], ids=['negative-qty', 'ten-places', 'not-a-number', 'end-before-begin',
        'empty-usage', 'no-frames'])
async def test_invalid_points_store_nothing(client_for, microversion, frames,
                                            parameter):
    valid = frame(5, cpu=[point('p1', 1, 1)])
    async with client_for(version=microversion) as client:
        with pytest.raises(errors.BadRequest) as info:
            await client.add_dataframes([valid] + frames if frames else [])
        assert await client.retrieve_dataframe(**PERIOD) == []
    error = info.value
    assert error.code == 'rating.invalid-input'
    expected = parameter.replace('dataframes[0]', 'dataframes[1]') if (
        frames) else parameter
    assert error.extra['parameter'] == expected
    assert expected in error.detail


async def test_invalid_queries(client_for, microversion):
    async with client_for(version=microversion) as client:
        with pytest.raises(errors.BadRequest, match='end'):
            await client.retrieve_dataframe(begin=FEB, end=JAN)
        with pytest.raises(errors.BadRequest, match='more than once'):
            await client.retrieve_dataframe(filters={'type': ['cpu', 'ram']})
        with pytest.raises(errors.BadRequest, match='limit'):
            await client.retrieve_dataframe(page_size=0)


async def test_what_the_api_would_misread_is_not_sent(client_for, service,
                                                      microversion):
    async with client_for(version=microversion) as client:
        with pytest.raises(ValueError, match='comma'):
            await client.retrieve_dataframe(filters={'flavor': 'a,b'})
        with pytest.raises(TypeError, match='groupby'):
            await client.retrieve_dataframe(groupby=['type'])
        with pytest.raises(TypeError):
            await client.add_dataframes()
        with pytest.raises(errors.OperationNotAllowed, match='retrieve'):
            await client.retrieve('dataframe', 'x')
        with pytest.raises(ValueError, match='mapping'):
            await client.retrieve_dataframe('x')    # filters, not a pk
        with pytest.raises(errors.OperationNotAllowed):
            await client.create_dataframe(period={}, usage={})
    assert service.requests('GET', '/v2/dataframes') == []
    assert service.requests('POST', '/v2/dataframes') == []


async def test_dataframes_are_v2_only(client_for, service):
    async with client_for(version='1') as client:
        with pytest.raises(errors.OperationNotAllowed, match='v1 has no'):
            await client.add_dataframes(FRAMES)
        with pytest.raises(errors.OperationNotAllowed, match='v1 has no'):
            await client.retrieve_dataframe()
    assert [path for _, path in service.requests()] == ['/']


def test_the_dump_of_the_test_data_is_what_the_server_gets():
    # The fixtures above rely on it: datetimes in ISO 8601 with an offset.
    assert resources.dump(FRAMES[0]['period']) == {
        'begin': '2024-01-01T00:00:00+00:00',
        'end': '2024-01-01T01:00:00+00:00'}


async def test_more_points_than_the_server_takes(build_service, mode,
                                                 microversion):
    service = build_service({('api', 'max_points_per_request'): 6})
    async with make(mode, service_.ROOT, service.handle,
                    version=microversion) as client:
        with pytest.raises(errors.BadRequest, match='at most 6') as info:
            await client.add_dataframes(FRAMES)
        assert info.value.extra['parameter'] == 'dataframes'
        assert await client.retrieve_dataframe(**PERIOD) == []
        await client.add_dataframes(FRAMES[:2])
        assert len(await client.retrieve_dataframe(**PERIOD)) == 2
