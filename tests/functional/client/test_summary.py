"""The summary through the SDK against the real app, at 2.0 and 2.1, with
both clients: groupings, both formats, pages, exact sums, filters,
errors."""
import datetime

import pytest

from ratingapi.client import errors
from tests.functional.client.ratingdata import D
from tests.functional.client.ratingdata import FEB
from tests.functional.client.ratingdata import frame
from tests.functional.client.ratingdata import JAN
from tests.functional.client.ratingdata import next_links
from tests.functional.client.ratingdata import point
from tests.functional.client.ratingdata import Recorder

pytestmark = pytest.mark.anyio

DAY2 = JAN + datetime.timedelta(days=1)
FRAMES = [
    frame(0, cpu=[point('p1', D('1.000000001'), D('0.000000001')),
                  point('p2', 2, D('0.25'), flavor='m1')],
          ram=[point('p1', D('512'), D('-0.5'))]),
    frame(1, cpu=[point('p1', D('3'), D('0.999999999'), flavor='m1')]),
    frame(DAY2, cpu=[point('p3', D('0.5'), D('1.5'))],
          image=[point('p2', D('10'), D('100.000000001'))]),
]
PERIOD = {'begin': JAN, 'end': FEB}


def rows(records, *keys):
    return [tuple(record[key] for key in keys) for record in records]


@pytest.fixture
def loaded(client_for, microversion):
    """A client at ``microversion`` (not entered yet) whose server holds
    FRAMES, and the recorder of its answers."""
    recorder = Recorder()
    client = client_for(version=microversion, on_response=recorder)
    return client, recorder


async def test_grouped_by_type_and_project(loaded, microversion):
    client, recorder = loaded
    async with client:
        await client.add_dataframes(FRAMES)
        summary = await client.retrieve_summary(
            groupby=['type', 'project_id'], page_size=2, **PERIOD)
    assert rows(summary, 'type', 'project_id', 'qty', 'rate') == [
        ('cpu', 'p1', D('4.000000001'), D('1')),
        ('cpu', 'p2', D('2'), D('0.25')),
        ('cpu', 'p3', D('0.5'), D('1.5')),
        ('image', 'p2', D('10'), D('100.000000001')),
        ('ram', 'p1', D('512'), D('-0.5')),
    ]
    for row in summary:
        assert (row.begin, row.end) == (JAN, FEB)
        assert isinstance(row.qty, D) and isinstance(row.rate, D)
    pages = recorder.of('GET', '/v2/summary')
    assert len(pages) == 3
    assert {body['total'] for _, _, _, body in pages} == {5}
    if microversion == '2.0':
        assert next_links(pages) == []
    else:
        assert next_links(pages) == [url for _, _, url, _ in pages[1:]]


@pytest.mark.parametrize('response_format', ['table', 'object', None],
                         ids=['table', 'object', 'default'])
async def test_both_formats_give_the_same_records(loaded, response_format):
    client, recorder = loaded
    async with client:
        await client.add_dataframes(FRAMES)
        summary = await client.retrieve_summary(
            groupby='type', response_format=response_format, page_size=1,
            **PERIOD)
    assert rows(summary, 'type', 'qty', 'rate') == [
        ('cpu', D('6.500000001'), D('2.75')),
        ('image', D('10'), D('100.000000001')),
        ('ram', D('512'), D('-0.5'))]
    assert {body['format'] for _, _, _, body in recorder.of(
        'GET', '/v2/summary')} == {response_format or 'table'}


async def test_without_grouping_one_row_of_totals(loaded):
    client, _ = loaded
    async with client:
        await client.add_dataframes(FRAMES)
        total, = await client.retrieve_summary(**PERIOD)
    assert dict(total) == {'begin': JAN, 'end': FEB,
                           'qty': D('528.500000001'),
                           'rate': D('102.250000001')}


async def test_grouped_by_day(loaded):
    client, _ = loaded
    async with client:
        await client.add_dataframes(FRAMES)
        days = await client.retrieve_summary(groupby=['time-d'], **PERIOD)
        cpu_days = await client.retrieve_summary(
            groupby=['time-d', 'type'], filters={'type': 'cpu'},
            page_size=1, **PERIOD)
    assert rows(days, 'begin', 'end', 'rate') == [
        (JAN, DAY2, D('0.75')),
        (DAY2, DAY2 + datetime.timedelta(days=1), D('101.500000001'))]
    assert rows(cpu_days, 'begin', 'type', 'qty') == [
        (JAN, 'cpu', D('6.000000001')), (DAY2, 'cpu', D('0.5'))]


@pytest.mark.parametrize('filters,expected', [
    ({'type': ['cpu', 'ram']}, [('p1', D('516.000000001')),
                                ('p2', D('2')), ('p3', D('0.5'))]),
    ({'project_id': 'p2'}, [('p2', D('12'))]),
    ({'flavor': 'm1', 'type': 'cpu'}, [('p1', D('3')), ('p2', D('2'))]),
    ({'project_id': 'nobody'}, []),
], ids=['types', 'scope', 'metadata-and-type', 'nothing'])
async def test_filters(loaded, filters, expected):
    client, _ = loaded
    async with client:
        await client.add_dataframes(FRAMES)
        summary = await client.retrieve_summary(
            groupby='project_id', filters=filters, **PERIOD)
    assert rows(summary, 'project_id', 'qty') == expected


async def test_filters_given_positionally(loaded):
    # Lists without single records take no pk: the first argument is
    # the filters.
    client, _ = loaded
    async with client:
        await client.add_dataframes(FRAMES)
        summary = await client.retrieve_summary(
            {'type': 'cpu'}, groupby='type', **PERIOD)
        frames = await client.retrieve_dataframe({'type': 'image'},
                                                 **PERIOD)
    assert rows(summary, 'type', 'qty') == [('cpu', D('6.500000001'))]
    assert [list(frame.usage) for frame in frames] == [['image']]


async def test_an_empty_summary_is_a_200_at_both(loaded):
    client, recorder = loaded
    async with client:
        assert await client.retrieve_summary(groupby='type') == []
        assert await client.retrieve_summary(response_format='object') == []
    assert recorder.statuses('GET', '/v2/summary') == [200, 200]


@pytest.mark.parametrize('kwargs,match', [
    ({'response_format': 'csv'}, 'response_format'),
    ({'groupby': 'time-x'}, 'time-x'),
    ({'groupby': ['time-d', 'time-m']}, 'one time grouping'),
    ({'groupby': 'qty'}, 'qty'),
    ({'begin': FEB, 'end': JAN}, 'end'),
    ({'begin': 'soon'}, 'begin'),
    ({'page_size': 1000000}, 'limit'),
], ids=['format', 'time-option', 'two-times', 'column', 'period', 'begin',
        'page-size'])
async def test_invalid_parameters_are_400s(loaded, kwargs, match):
    client, _ = loaded
    async with client:
        with pytest.raises(errors.BadRequest, match=match) as info:
            await client.retrieve_summary(**kwargs)
    assert info.value.code == 'rating.invalid-input'


async def test_what_is_not_sent(loaded, service):
    client, _ = loaded
    async with client:
        with pytest.raises(ValueError, match='comma'):
            await client.retrieve_summary(groupby=['type,project_id'])
        with pytest.raises(ValueError, match='colon'):
            await client.retrieve_summary(filters={'a:b': 'c'})
        with pytest.raises(TypeError, match='order'):
            await client.retrieve_summary(order='asc')
        with pytest.raises(errors.OperationNotAllowed):
            await client.retrieve('summary', 'row')
        with pytest.raises(ValueError, match='mapping'):
            await client.retrieve_summary('row')    # filters, not a pk
    assert service.requests('GET', '/v2/summary') == []
