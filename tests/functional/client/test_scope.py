"""Scope states through the SDK against the real app, at 2.0 and 2.1, with
both clients: create, list across pages, filters, retrieve, update,
reset, the status codes of each version."""
import datetime

import pytest

from ratingapi.client import errors
from ratingapi.client import v2
from tests.functional.client.ratingdata import JAN
from tests.functional.client.ratingdata import next_links
from tests.functional.client.ratingdata import Recorder
from tests.functional.client.ratingdata import UTC

pytestmark = pytest.mark.anyio

MARCH = datetime.datetime(2024, 3, 1, tzinfo=UTC)
# Five scopes: two fetchers, one inactive.
SCOPES = [
    {'scope_id': 'p1'},
    {'scope_id': 'p2', 'fetcher': 'gnocchi', 'last_processed_timestamp': JAN},
    {'scope_id': 'p3', 'active': False},
    {'scope_id': 'p4', 'scope_key': 'domain_id', 'collector': 'prometheus'},
    {'scope_id': 'p5', 'fetcher': 'gnocchi',
     'last_processed_timestamp': '2024-01-01T01:00:00+01:00'},
]


@pytest.fixture
def rating(client_for, microversion):
    """A client at ``microversion`` (not entered yet) and the recorder of
    its answers."""
    recorder = Recorder()
    return client_for(version=microversion, on_response=recorder), recorder


async def create_all(client):
    return [await client.create_scope(**fields) for fields in SCOPES]


async def test_create(rating, microversion):
    client, recorder = rating
    async with client:
        created = await create_all(client)
    first = created[0]
    assert (first.scope_id, first.scope_key, first.fetcher, first.collector,
            first.active, first.last_processed_timestamp) == (
        'p1', 'project_id', 'keystone', 'gnocchi', True, None)
    assert isinstance(first.scope_activation_toggle_date, datetime.datetime)
    assert created[1].last_processed_timestamp == JAN
    # An offset other than UTC: the same moment, read back in UTC.
    assert created[4].last_processed_timestamp == JAN
    assert created[4].last_processed_timestamp.utcoffset() == (
        datetime.timedelta(0))
    assert (created[2].active, created[3].scope_key,
            created[3].collector) == (False, 'domain_id', 'prometheus')
    posts = [event for event in recorder.events if event.method == 'POST']
    if microversion == '2.0':
        assert [event.status for event in posts] == [200] * 5
        assert all('Location' not in event.response.headers
                   for event in posts)
    else:
        assert [event.status for event in posts] == [201] * 5
        assert posts[0].response.headers['Location'] == (
            'http://testserver/v2/scope?scope_id=p1')


async def test_a_duplicate(rating, microversion):
    client, _ = rating
    async with client:
        await client.create_scope(scope_id='p1')
        expected = errors.NotFound if microversion == '2.0' else (
            errors.Conflict)
        with pytest.raises(expected) as info:
            await client.create_scope(scope_id='p1', fetcher='other')
        assert (await client.retrieve_scope('p1')).fetcher == 'keystone'
    if microversion == '2.0':
        # CloudKitty's code and words.
        assert info.value.detail == (
            'Cannot create a scope with an already existing scope_id: p1.')
    else:
        assert info.value.detail == 'A scope with scope_id p1 already exists.'


async def test_list_over_several_pages(rating, microversion):
    client, recorder = rating
    async with client:
        created = await create_all(client)
        scopes = await client.retrieve_scope(page_size=2)
    assert scopes == created
    pages = recorder.of('GET', '/v2/scope')
    assert len(pages) == 3
    assert {body['total'] for _, _, _, body in pages} == {5}
    if microversion == '2.0':
        assert next_links(pages) == []
    else:
        assert next_links(pages) == [url for _, _, url, _ in pages[1:]]


@pytest.mark.parametrize('kwargs,expected', [
    ({'active': False}, ['p3']),
    ({'active': [True]}, ['p1', 'p2', 'p4', 'p5']),
    ({'fetcher': 'gnocchi'}, ['p2', 'p5']),
    ({'fetcher': 'gnocchi', 'scope_id': ['p1', 'p5']}, ['p5']),
    ({'scope_id': ('p4', 'p3', 'p9')}, ['p3', 'p4']),
    ({'scope_key': 'domain_id'}, ['p4']),
    ({'collector': ['prometheus', 'gnocchi'], 'active': True},
     ['p1', 'p2', 'p4', 'p5']),
    ({'filters': {'fetcher': 'gnocchi'}}, ['p2', 'p5']),
], ids=['inactive', 'active', 'fetcher', 'fetcher-and-ids', 'ids', 'key',
        'collectors', 'raw-filters'])
async def test_filters(rating, kwargs, expected):
    client, _ = rating
    async with client:
        await create_all(client)
        scopes = await client.retrieve_scope(page_size=1, **kwargs)
    assert [scope.pk for scope in scopes] == expected


async def test_an_empty_list(rating, microversion):
    client, recorder = rating
    async with client:
        assert await client.retrieve_scope() == []
        await create_all(client)
        assert await client.retrieve_scope(fetcher='nothing') == []
    # 2.0 answers CloudKitty's 404; the SDK reads it as an empty list.
    expected = 404 if microversion == '2.0' else 200
    assert recorder.statuses('GET', '/v2/scope') == [expected] * 2


async def test_retrieve_one(rating, microversion):
    client, _ = rating
    async with client:
        created = await create_all(client)
        assert await client.retrieve_scope('p4') == created[3]
        with pytest.raises(errors.NotFound) as info:
            await client.retrieve_scope('p9')
    if microversion == '2.0':
        assert info.value.detail == v2.NOTHING_FOUND
    else:
        assert info.value.detail == 'No scope with scope_id p9.'
        assert info.value.request_id.startswith('req-')


async def test_update(rating):
    client, _ = rating
    async with client:
        created = await create_all(client)
        updated = await client.update_scope('p1', {
            'active': False, 'fetcher': 'gnocchi', 'scope_key': 'k',
            'collector': 'c'})
        again = await client.retrieve_scope('p1')
        same = await client.update_scope('p2', {})
    assert updated == again
    assert (updated.active, updated.fetcher, updated.scope_key,
            updated.collector) == (False, 'gnocchi', 'k', 'c')
    assert updated.scope_activation_toggle_date > (
        created[0].scope_activation_toggle_date)
    assert same == created[1]


async def test_update_errors(rating, service):
    client, _ = rating
    async with client:
        await client.create_scope(scope_id='p1')
        with pytest.raises(errors.NotFound, match='No scope with scope_id'):
            await client.update_scope('p9', {'active': False})
        with pytest.raises(errors.BadRequest, match='fetcher'):
            await client.update_scope('p1', {'fetcher': ' '})
        with pytest.raises(ValueError, match='read-only'):
            await client.update_scope('p1', {
                'last_processed_timestamp': JAN})
        with pytest.raises(ValueError, match='read-only'):
            await client.update_scope('p1', {'scope_id': 'p2'})
        with pytest.raises(errors.OperationNotAllowed):
            await client.delete_scope('p1')
    assert len(service.requests('PATCH', '/v2/scope')) == 2


async def test_reset(rating, microversion):
    client, recorder = rating
    async with client:
        await create_all(client)
        assert await client.reset_scope(MARCH, scope_id=['p1', 'p2']) is None
        assert await client.reset_scope('2024-04-01T00:00:00Z',
                                        scope_id='p4') is None
        states = {scope.pk: scope.last_processed_timestamp
                  for scope in await client.retrieve_scope()}
        assert states == {'p1': MARCH, 'p2': MARCH, 'p3': None,
                          'p4': datetime.datetime(2024, 4, 1, tzinfo=UTC),
                          'p5': JAN}
        # Every active scope the filters match (p3 is inactive).
        await client.reset_scope(JAN, all_scopes=True, fetcher='keystone')
        states = {scope.pk: scope.last_processed_timestamp
                  for scope in await client.retrieve_scope()}
        assert states == {'p1': JAN, 'p2': MARCH, 'p3': None, 'p4': JAN,
                          'p5': JAN}
    assert set(recorder.statuses('PUT', '/v2/scope')) == {202}


async def test_reset_errors(rating, service):
    client, _ = rating
    async with client:
        await create_all(client)
        with pytest.raises(errors.NotFound):
            await client.reset_scope(JAN, scope_id='p3')    # inactive
        with pytest.raises(errors.NotFound):
            await client.reset_scope(JAN, all_scopes=True, fetcher='none')
        with pytest.raises(errors.BadRequest, match='not both'):
            await client.reset_scope(JAN, all_scopes=True, scope_id='p1')
        with pytest.raises(errors.BadRequest, match='all_scopes'):
            await client.reset_scope(JAN)
        with pytest.raises(errors.BadRequest, match='last_processed'):
            await client.reset_scope('the beginning', all_scopes=True)
        with pytest.raises(TypeError):
            await client.reset_scope(all_scopes=True)
        with pytest.raises(TypeError):
            await client.reset_scope(JAN, state=JAN, all_scopes=True)
    assert len(service.requests('PUT', '/v2/scope')) == 5


async def test_scope_state_is_v2_only(client_for, service):
    async with client_for(version='1') as client:
        with pytest.raises(errors.OperationNotAllowed, match='v1 has no'):
            await client.reset_scope(JAN, all_scopes=True)
        with pytest.raises(errors.OperationNotAllowed, match='v1 has no'):
            await client.retrieve_scope()
    assert [path for _, path in service.requests()] == ['/']


async def test_perform_runs_a_declared_action(rating, service):
    client, _ = rating
    async with client:
        await client.create_scope(scope_id='p1')
        assert await client.perform('scope', 'reset_scope',
                                    last_processed_timestamp=MARCH,
                                    all_scopes=True) is None
        assert (await client.retrieve_scope('p1')).last_processed_timestamp \
            == MARCH
        with pytest.raises(errors.OperationNotAllowed, match='summary'):
            await client.perform('summary', 'reset_scope')
        with pytest.raises(errors.OperationNotAllowed, match='reset_scope'):
            await client.perform('scope', 'reset')
    assert len(service.requests('PUT', '/v2/scope')) == 1
