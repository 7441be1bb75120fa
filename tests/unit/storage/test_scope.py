import dataclasses
import datetime

import pytest

from ratingapi.storage import scope
from tests.unit.storage import concurrency

UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime.datetime(2026, 2, 1, tzinfo=UTC)
PAGE = {'offset': 0, 'limit': 100}


def _create(database, scope_id, **values):
    fields = {'scope_key': 'project_id', 'fetcher': 'keystone',
              'collector': 'gnocchi', 'active': True,
              'last_processed_timestamp': None}
    fields.update(values)
    with database.session() as session:
        return scope.create(session, scope_id=scope_id, **fields)


def _list(database, **filters):
    arguments = dict(PAGE)
    arguments.update(filters)
    with database.session() as session:
        return scope.list_scopes(session, **arguments)


def _ids(page):
    return [item.scope_id for item in page.scopes]


def _get(database, scope_id):
    with database.session() as session:
        return scope.get(session, scope_id)


# -- create and get ---------------------------------------------------------

def test_nothing_stored(database):
    assert _list(database) == scope.Page(scopes=(), total=0)
    assert _get(database, 'p1') is None


def test_create_returns_the_stored_scope(database):
    before = datetime.datetime.now(UTC)
    created = _create(database, 'p1', scope_key='tenant', fetcher='gnocchi',
                      collector='prometheus', active=False,
                      last_processed_timestamp=T0)
    after = datetime.datetime.now(UTC)
    assert created.scope_id == 'p1'
    assert created.scope_key == 'tenant'
    assert created.fetcher == 'gnocchi'
    assert created.collector == 'prometheus'
    assert created.active is False
    assert created.last_processed_timestamp == T0
    # Created is activated (or deactivated) now.
    toggled = created.scope_activation_toggle_date
    assert toggled.tzinfo == UTC
    assert before <= toggled <= after
    assert _get(database, 'p1') == created


def test_timestamps_come_back_as_utc(database):
    paris = datetime.timezone(datetime.timedelta(hours=1))
    sent = datetime.datetime(2026, 1, 1, 1, 30, 15, 250, tzinfo=paris)
    created = _create(database, 'p1', last_processed_timestamp=sent)
    stored = _get(database, 'p1').last_processed_timestamp
    assert stored == sent == created.last_processed_timestamp
    assert stored.tzinfo == UTC
    assert stored == datetime.datetime(2026, 1, 1, 0, 30, 15, 250,
                                       tzinfo=UTC)


def test_never_processed_is_none(database):
    assert _create(database, 'p1').last_processed_timestamp is None


def test_scope_is_frozen(database):
    created = _create(database, 'p1')
    with pytest.raises(dataclasses.FrozenInstanceError):
        created.active = False


def test_duplicate_raises_and_keeps_the_first(database):
    first = _create(database, 'p1', fetcher='keystone')
    with pytest.raises(scope.ScopeExists) as info:
        _create(database, 'p1', fetcher='other')
    assert info.value.scope_id == 'p1'
    assert _get(database, 'p1') == first
    assert _list(database).total == 1


def test_duplicate_leaves_the_transaction_usable(database):
    _create(database, 'p1')
    with database.session() as session:
        with pytest.raises(scope.ScopeExists):
            scope.create(session, scope_id='p1', scope_key='k',
                         fetcher='f', collector='c', active=True,
                         last_processed_timestamp=None)
        scope.create(session, scope_id='p2', scope_key='k', fetcher='f',
                     collector='c', active=True,
                     last_processed_timestamp=None)
    assert _ids(_list(database)) == ['p1', 'p2']


def test_rolled_back_create_stores_nothing(database):
    with pytest.raises(RuntimeError):
        with database.session() as session:
            scope.create(session, scope_id='p1', scope_key='k',
                         fetcher='f', collector='c', active=True,
                         last_processed_timestamp=None)
            raise RuntimeError('boom')
    assert _get(database, 'p1') is None


def test_concurrent_creations_of_one_scope(database, database_url):
    # Several engines (as several API workers would have) create the same
    # scope at once: exactly one succeeds, the others are told it exists.
    outcomes = concurrency.race(
        database_url,
        lambda other, index: _create(other, 'p1', fetcher='f%d' % index))
    assert sorted(concurrency.outcome_name(o) for o in outcomes) == [
        'ScopeExists', 'ScopeExists', 'ScopeExists', 'ok']
    assert _list(database).total == 1


def test_second_creator_waits_then_sees_the_first(database, database_url):
    outcome = concurrency.second_waits(
        database, database_url,
        lambda session: scope.create(
            session, scope_id='p1', scope_key='k', fetcher='f',
            collector='c', active=True, last_processed_timestamp=None),
        lambda other: _create(other, 'p1'))
    assert isinstance(outcome, scope.ScopeExists)
    assert _get(database, 'p1').fetcher == 'f'


# -- list -------------------------------------------------------------------

@pytest.fixture
def scopes(database):
    _create(database, 'c', scope_key='project_id', fetcher='keystone',
            collector='gnocchi')
    _create(database, 'a', scope_key='project_id', fetcher='gnocchi',
            collector='prometheus', active=False)
    _create(database, 'b', scope_key='domain_id', fetcher='keystone',
            collector='prometheus')
    _create(database, 'd', scope_key='domain_id', fetcher='source',
            collector='gnocchi', active=False)
    return database


def test_listing_is_in_creation_order(scopes):
    page = _list(scopes)
    assert _ids(page) == ['c', 'a', 'b', 'd']
    assert page.total == 4


@pytest.mark.parametrize('filters, expected', [
    ({'scope_ids': ['a']}, ['a']),
    ({'scope_ids': ['d', 'a', 'nope']}, ['a', 'd']),
    ({'scope_keys': ['domain_id']}, ['b', 'd']),
    ({'fetchers': ['keystone', 'source']}, ['c', 'b', 'd']),
    ({'collectors': ['prometheus']}, ['a', 'b']),
    ({'active': [True]}, ['c', 'b']),
    ({'active': [False]}, ['a', 'd']),
    ({'active': [True, False]}, ['c', 'a', 'b', 'd']),
    ({'collectors': ['gnocchi'], 'active': [False]}, ['d']),
    ({'scope_keys': ['project_id'], 'fetchers': ['keystone'],
      'collectors': ['gnocchi'], 'scope_ids': ['c', 'a']}, ['c']),
    ({'scope_ids': ['nope']}, []),
    ({'scope_ids': []}, []),
    ({'active': []}, []),
    ({'scope_ids': None, 'scope_keys': None, 'fetchers': None,
      'collectors': None, 'active': None}, ['c', 'a', 'b', 'd']),
], ids=lambda value: repr(value).replace(':', '='))
def test_filters(scopes, filters, expected):
    page = _list(scopes, **filters)
    assert _ids(page) == expected
    assert page.total == len(expected)


@pytest.mark.parametrize('offset, limit, expected', [
    (0, 2, ['c', 'a']),
    (2, 2, ['b', 'd']),
    (3, 2, ['d']),
    (1, 1, ['a']),
    (4, 2, []),
    (100, 1, []),
])
def test_pages_and_total(scopes, offset, limit, expected):
    page = _list(scopes, offset=offset, limit=limit)
    assert _ids(page) == expected
    assert page.total == 4


def test_total_counts_the_filtered_rows(scopes):
    page = _list(scopes, active=[True], limit=1)
    assert _ids(page) == ['c']
    assert page.total == 2


def test_listed_scopes_are_complete(scopes):
    assert _list(scopes, scope_ids=['a']).scopes == (_get(scopes, 'a'),)


# -- update -----------------------------------------------------------------

def test_update_unknown_scope(database):
    with database.session() as session:
        assert scope.update(session, 'nope', fetcher='f') is None
        assert scope.update(session, 'nope') is None


def test_update_changes_only_what_is_given(database):
    created = _create(database, 'p1', last_processed_timestamp=T0)
    with database.session() as session:
        updated = scope.update(session, 'p1', fetcher='gnocchi')
    assert updated == dataclasses.replace(created, fetcher='gnocchi')
    with database.session() as session:
        updated = scope.update(session, 'p1', scope_key='k',
                               collector='c')
    assert updated == dataclasses.replace(
        created, fetcher='gnocchi', scope_key='k', collector='c')
    assert _get(database, 'p1') == updated


def test_update_with_nothing_changes_nothing(database):
    created = _create(database, 'p1')
    with database.session() as session:
        assert scope.update(session, 'p1') == created


def test_toggling_active_sets_the_toggle_date(database):
    created = _create(database, 'p1')
    before = datetime.datetime.now(UTC)
    with database.session() as session:
        updated = scope.update(session, 'p1', active=False)
    assert updated.active is False
    assert updated.scope_activation_toggle_date >= before
    assert updated.scope_activation_toggle_date > (
        created.scope_activation_toggle_date)
    assert updated.scope_activation_toggle_date.tzinfo == UTC
    with database.session() as session:
        again = scope.update(session, 'p1', active=True)
    assert again.active is True
    assert again.scope_activation_toggle_date > (
        updated.scope_activation_toggle_date)


def test_same_active_value_keeps_the_toggle_date(database):
    created = _create(database, 'p1', active=True)
    with database.session() as session:
        updated = scope.update(session, 'p1', active=True, fetcher='x')
    assert updated.scope_activation_toggle_date == (
        created.scope_activation_toggle_date)
    assert updated.fetcher == 'x'


def test_update_touches_one_scope(database):
    _create(database, 'p1')
    other = _create(database, 'p2')
    with database.session() as session:
        scope.update(session, 'p1', active=False, collector='c')
    assert _get(database, 'p2') == other


# -- reset ------------------------------------------------------------------

def _reset(database, **filters):
    with database.session() as session:
        return scope.reset(session, last_processed_timestamp=T1, **filters)


def _timestamps(database):
    return {item.scope_id: item.last_processed_timestamp
            for item in _list(database).scopes}


def test_reset_every_active_scope(scopes):
    assert _reset(scopes) == 2
    assert _timestamps(scopes) == {'c': T1, 'b': T1, 'a': None, 'd': None}


@pytest.mark.parametrize('filters, expected', [
    ({'scope_ids': ['c']}, {'c'}),
    ({'scope_ids': ['c', 'b', 'nope']}, {'b', 'c'}),
    # Inactive scopes are never reset, even when named.
    ({'scope_ids': ['a', 'd']}, set()),
    ({'scope_keys': ['domain_id']}, {'b'}),
    ({'fetchers': ['keystone']}, {'b', 'c'}),
    ({'collectors': ['gnocchi', 'other']}, {'c'}),
    ({'scope_ids': ['b', 'c'], 'collectors': ['prometheus']}, {'b'}),
    ({'scope_ids': []}, set()),
], ids=lambda value: repr(value).replace(':', '='))
def test_reset_filters(scopes, filters, expected):
    assert _reset(scopes, **filters) == len(expected)
    assert {scope_id for scope_id, timestamp in _timestamps(scopes).items()
            if timestamp == T1} == expected


def test_reset_changes_nothing_else(scopes):
    before = {item.scope_id: item for item in _list(scopes).scopes}
    _reset(scopes, scope_ids=['c'])
    after = _get(scopes, 'c')
    assert after == dataclasses.replace(before['c'],
                                        last_processed_timestamp=T1)


def test_reset_has_no_cap(database):
    with database.session() as session:
        for index in range(150):
            scope.create(session, scope_id='p%03d' % index, scope_key='k',
                         fetcher='f', collector='c', active=True,
                         last_processed_timestamp=T0)
    assert _reset(database) == 150
    assert set(_timestamps(database).values()) == {T1}


def test_reset_can_move_forward_and_back(database):
    _create(database, 'p1', last_processed_timestamp=T1)
    with database.session() as session:
        assert scope.reset(session, last_processed_timestamp=T0) == 1
    assert _get(database, 'p1').last_processed_timestamp == T0
