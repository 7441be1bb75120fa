"""Reprocessing tasks through the SDK against the real app, at 2.0 and
2.1, with both clients: schedule, list across pages, order, per scope,
errors."""
import datetime

import pytest

from ratingapi.client import errors
from tests.functional.client.ratingdata import hour
from tests.functional.client.ratingdata import JAN
from tests.functional.client.ratingdata import next_links
from tests.functional.client.ratingdata import Recorder
from tests.functional.client.ratingdata import UTC

pytestmark = pytest.mark.anyio

MARCH = datetime.datetime(2024, 3, 1, tzinfo=UTC)


@pytest.fixture
def rating(client_for, microversion):
    """A client at ``microversion`` (not entered yet) and the recorder of
    its answers."""
    recorder = Recorder()
    return client_for(version=microversion, on_response=recorder), recorder


async def scopes(client):
    """p1 and p2 processed up to March, p3 never, p4 inactive."""
    for scope_id in ('p1', 'p2'):
        await client.create_scope(scope_id=scope_id,
                                  last_processed_timestamp=MARCH)
    await client.create_scope(scope_id='p3')
    await client.create_scope(scope_id='p4', active=False,
                              last_processed_timestamp=MARCH)


def schedule(client, scope_ids, start, end, reason='rates changed'):
    return client.create_reprocess(
        scope_ids=scope_ids, start_reprocess_time=start,
        end_reprocess_time=end, reason=reason)


async def test_schedule_and_list(rating, microversion):
    client, recorder = rating
    async with client:
        await scopes(client)
        assert await schedule(client, ['p1', 'p2'], JAN, hour(1)) is None
        assert await schedule(client, 'p1', hour(1), hour(2),
                              reason='second') is None
        tasks = await client.retrieve_reprocess(page_size=1)
        oldest_first = await client.retrieve_reprocess(order='asc',
                                                       page_size=2)
    assert [(task.scope_id, task.start_reprocess_time,
             task.end_reprocess_time, task.reason) for task in tasks] == [
        ('p1', hour(1), hour(2), 'second'),
        ('p2', JAN, hour(1), 'rates changed'),
        ('p1', JAN, hour(1), 'rates changed')]
    assert all(task.current_reprocess_time is None for task in tasks)
    assert oldest_first == tasks[::-1]
    assert recorder.statuses('POST', '/v2/task/reprocesses') == [202, 202]
    pages = recorder.of('GET', '/v2/task/reprocesses')
    assert len(pages) == 3 + 2
    if microversion == '2.0':
        assert next_links(pages) == []
    else:
        assert next_links(pages) == [url for _, _, url, _ in pages[1:3]] + [
            pages[4][2]]


async def test_all_active_scopes(rating):
    client, _ = rating
    async with client:
        await client.create_scope(scope_id='p1',
                                  last_processed_timestamp=MARCH)
        await client.create_scope(scope_id='p2',
                                  last_processed_timestamp=MARCH)
        await client.create_scope(scope_id='p4', active=False)
        await schedule(client, 'ALL', JAN, hour(1))
        tasks = await client.retrieve_reprocess(order='asc')
    assert [task.scope_id for task in tasks] == ['p1', 'p2']


async def test_by_scope(rating):
    client, _ = rating
    async with client:
        await scopes(client)
        await schedule(client, ['p1', 'p2'], JAN, hour(1))
        await schedule(client, ['p2'], hour(1), hour(2))
        filtered = await client.retrieve_reprocess(scope_ids=['p2'],
                                                   page_size=1)
        by_path = await client.retrieve_scope_reprocess(scope_id='p2',
                                                        page_size=1)
        both = await client.retrieve_reprocess(scope_ids=('p1', 'p2'))
        nothing = await client.retrieve_scope_reprocess(scope_id='p3')
        spaced = await client.retrieve_scope_reprocess(scope_id='p 9')
    assert [task.start_reprocess_time for task in filtered] == [hour(1),
                                                                JAN]
    assert by_path == filtered
    assert len(both) == 3
    assert nothing == [] and spaced == []


async def test_an_empty_list_is_a_200_at_both(rating):
    client, recorder = rating
    async with client:
        assert await client.retrieve_reprocess() == []
        assert await client.retrieve_scope_reprocess(scope_id='p1') == []
    assert [status for _, status, _, _ in recorder.answers[1:]] == [200, 200]


async def test_overlapping_an_unfinished_task(rating, microversion):
    client, _ = rating
    async with client:
        await scopes(client)
        await schedule(client, ['p1'], JAN, hour(2))
        expected = errors.BadRequest if microversion == '2.0' else (
            errors.Conflict)
        with pytest.raises(expected, match='overlaps') as info:
            await schedule(client, ['p2', 'p1'], hour(1), hour(3))
        # All or nothing: p2's task was not scheduled either.
        assert len(await client.retrieve_reprocess()) == 1
    assert 'p1 from 2024-01-01T00:00:00+00:00' in info.value.detail


@pytest.mark.parametrize('scope_ids,start,end,match', [
    (['p9'], JAN, hour(1), 'p9 do not exist or are not active'),
    (['p4'], JAN, hour(1), 'p4 do not exist or are not active'),
    (['p3'], JAN, hour(1), 'last processed timestamp'),
    (['p1'], hour(1), JAN, 'later than start_reprocess_time'),
    (['p1'], JAN, datetime.datetime.now(UTC) + datetime.timedelta(days=9),
     'in the future'),
    (['ALL', 'p1'], JAN, hour(1), 'cannot be combined'),
    ([], JAN, hour(1), 'scope_ids'),
], ids=['unknown', 'inactive', 'not-processed', 'backwards', 'future',
        'all-and-ids', 'no-scope'])
async def test_invalid_tasks(rating, scope_ids, start, end, match):
    client, _ = rating
    async with client:
        await scopes(client)
        with pytest.raises(errors.BadRequest, match=match) as info:
            await schedule(client, scope_ids, start, end)
        assert await client.retrieve_reprocess() == []
    assert info.value.code == 'rating.invalid-input'


async def test_invalid_queries_and_calls(rating, service):
    client, _ = rating
    async with client:
        with pytest.raises(errors.BadRequest, match='order'):
            await client.retrieve_reprocess(order='sideways')
        with pytest.raises(errors.BadRequest, match='reason'):
            await schedule(client, ['p1'], JAN, hour(1), reason=' ')
        with pytest.raises(errors.OperationNotAllowed, match='retrieve'):
            await client.retrieve('reprocess', 'p1')
        with pytest.raises(ValueError, match='mapping'):
            await client.retrieve_reprocess('p1')   # filters, not a pk
        with pytest.raises(TypeError, match='scope_id'):
            await client.retrieve_scope_reprocess()
        with pytest.raises(TypeError, match='scope_id'):
            await client.retrieve_reprocess(scope_id='p1')
        with pytest.raises(ValueError, match='no attribute'):
            await client.create_reprocess(scope='p1')
    assert len(service.requests()) == 3
