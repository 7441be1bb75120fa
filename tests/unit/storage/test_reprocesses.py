import dataclasses
import datetime

import pytest
import sqlalchemy as sa

from ratingapi.storage import models
from ratingapi.storage import reprocesses
from ratingapi.storage import scope
from tests.unit.storage import concurrency

UTC = datetime.timezone.utc


def day(number):
    return datetime.datetime(2026, 1, number, tzinfo=UTC)


PROCESSED = day(20)


def _scope(database, scope_id, active=True, processed=PROCESSED):
    with database.session() as session:
        scope.create(session, scope_id=scope_id, scope_key='project_id',
                     fetcher='keystone', collector='gnocchi', active=active,
                     last_processed_timestamp=processed)


@pytest.fixture
def scopes(database):
    for scope_id in ('p2', 'p1', 'p3'):
        _scope(database, scope_id)
    _scope(database, 'off', active=False)
    _scope(database, 'new', processed=None)
    _scope(database, 'late', processed=day(5))
    return database


def _create(database, start=day(1), end=day(2), reason='fix', **scopes):
    with database.session() as session:
        return reprocesses.create(session, start=start, end=end,
                                  reason=reason, **scopes)


def _list(database, order='asc', offset=0, limit=100, **filters):
    with database.session() as session:
        return reprocesses.list_tasks(session, offset=offset, limit=limit,
                                      order=order, **filters)


def _stored(database):
    return [(task.scope_id, task.start_reprocess_time,
             task.end_reprocess_time) for task in _list(database).tasks]


def _set_current(database, scope_id, current):
    table = models.ReprocessTask.__table__
    with database.session() as session:
        session.execute(sa.update(table).where(table.c.scope_id == scope_id)
                        .values(current_reprocess_time=current))


# -- create -----------------------------------------------------------------

def test_nothing_stored(database):
    assert _list(database) == reprocesses.Page(tasks=(), total=0)


def test_create_one(scopes):
    before = datetime.datetime.now(UTC)
    tasks = _create(scopes, scope_ids=['p1'], reason='wrong price')
    assert len(tasks) == 1
    task = tasks[0]
    assert task.scope_id == 'p1'
    assert task.reason == 'wrong price'
    assert task.start_reprocess_time == day(1)
    assert task.end_reprocess_time == day(2)
    assert task.current_reprocess_time is None
    assert task.created_at >= before
    assert _list(scopes).tasks == tasks


def test_stored_times_are_utc(scopes):
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    start = datetime.datetime(2026, 1, 3, 9, tzinfo=tokyo)
    _create(scopes, scope_ids=['p1'], start=start, end=day(4))
    task = _list(scopes).tasks[0]
    assert task.start_reprocess_time == day(3)
    for value in (task.start_reprocess_time, task.end_reprocess_time,
                  task.created_at):
        assert value.tzinfo == UTC


def test_task_is_frozen(scopes):
    task = _create(scopes, scope_ids=['p1'])[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        task.reason = 'other'


def test_one_task_per_scope_in_the_order_given(scopes):
    tasks = _create(scopes, scope_ids=['p3', 'p1', 'p3'])
    assert [task.scope_id for task in tasks] == ['p3', 'p1']
    assert [scope_id for scope_id, _, _ in _stored(scopes)] == ['p3', 'p1']


def test_every_active_scope(scopes):
    # Inactive scopes are left out; the others come in creation order
    # (including those that then fail the checks: see the next test).
    with pytest.raises(reprocesses.NotProcessed):
        _create(scopes, scope_ids=None)
    _create(scopes, scope_ids=None, among=['p1', 'p2', 'off'])
    assert [scope_id for scope_id, _, _ in _stored(scopes)] == ['p2', 'p1']


def test_every_active_scope_when_all_are_processed(database):
    for scope_id in ('b', 'a'):
        _scope(database, scope_id)
    _scope(database, 'off', active=False)
    tasks = _create(database)
    assert [task.scope_id for task in tasks] == ['b', 'a']


@pytest.mark.parametrize('among', [None, [], ['nope'], ['off']])
def test_every_active_scope_of_none(database, among):
    _scope(database, 'off', active=False)
    with pytest.raises(reprocesses.NoScopes):
        _create(database, scope_ids=None, among=among)
    assert _stored(database) == []


@pytest.mark.parametrize('scope_ids, unknown', [
    (['nope'], ('nope',)),
    (['p1', 'nope', 'p2', 'gone'], ('nope', 'gone')),
    # An inactive scope cannot be reprocessed: CloudKitty reports it as
    # not existing.
    (['off', 'p1'], ('off',)),
])
def test_unknown_scopes(scopes, scope_ids, unknown):
    with pytest.raises(reprocesses.UnknownScopes) as info:
        _create(scopes, scope_ids=scope_ids)
    assert info.value.scope_ids == unknown
    assert _stored(scopes) == []


def test_named_scopes_outside_among_are_unknown(scopes):
    with pytest.raises(reprocesses.UnknownScopes) as info:
        _create(scopes, scope_ids=['p1', 'p2'], among=['p2'])
    assert info.value.scope_ids == ('p1',)
    _create(scopes, scope_ids=['p2'], among=['p2', 'p3'])
    assert [scope_id for scope_id, _, _ in _stored(scopes)] == ['p2']


@pytest.mark.parametrize('scope_ids, end, behind', [
    (['new'], day(2), (('new', None),)),
    (['late', 'p1'], day(6), (('late', day(5)),)),
    (['p1', 'late', 'new'], day(6), (('late', day(5)), ('new', None))),
    (['p1'], day(21), (('p1', PROCESSED),)),
])
def test_not_processed_yet(scopes, scope_ids, end, behind):
    with pytest.raises(reprocesses.NotProcessed) as info:
        _create(scopes, scope_ids=scope_ids, end=end)
    assert info.value.scopes == behind
    assert _stored(scopes) == []


def test_up_to_the_last_processed_timestamp(scopes):
    _create(scopes, scope_ids=['late'], start=day(1), end=day(5))
    assert _stored(scopes) == [('late', day(1), day(5))]


@pytest.mark.parametrize('start, end, overlaps', [
    (day(1), day(3), True),     # the same period
    (day(2), day(3), True),     # inside
    (day(1), day(10), True),    # around
    (day(1), day(2), True),     # starts before, ends inside
    (day(2), day(4), True),     # starts inside, ends after
    (day(3), day(4), False),    # right after: periods are [start, end)
    (day(4), day(5), False),
], ids=lambda value: str(value).replace(':', '-'))
def test_overlap_with_an_unfinished_task(scopes, start, end, overlaps):
    _create(scopes, scope_ids=['p1'], start=day(1), end=day(3))
    if not overlaps:
        _create(scopes, scope_ids=['p1'], start=start, end=end)
        assert len(_stored(scopes)) == 2
        return
    with pytest.raises(reprocesses.Overlapping) as info:
        _create(scopes, scope_ids=['p2', 'p1'], start=start, end=end)
    assert [(task.scope_id, task.start_reprocess_time,
             task.end_reprocess_time) for task in info.value.tasks] == [
        ('p1', day(1), day(3))]
    # All or nothing: p2 got no task either.
    assert _stored(scopes) == [('p1', day(1), day(3))]


def test_a_period_just_before_is_no_overlap(scopes):
    _create(scopes, scope_ids=['p1'], start=day(3), end=day(5))
    _create(scopes, scope_ids=['p1'], start=day(1), end=day(3))
    assert len(_stored(scopes)) == 2


def test_other_scopes_do_not_overlap(scopes):
    _create(scopes, scope_ids=['p1'])
    _create(scopes, scope_ids=['p2'])
    assert len(_stored(scopes)) == 2


def test_started_but_unfinished_task_still_overlaps(scopes):
    _create(scopes, scope_ids=['p1'], start=day(1), end=day(3))
    _set_current(scopes, 'p1', day(2))
    with pytest.raises(reprocesses.Overlapping):
        _create(scopes, scope_ids=['p1'], start=day(1), end=day(2))
    assert _list(scopes).tasks[0].current_reprocess_time == day(2)


def test_finished_task_does_not_overlap(scopes):
    _create(scopes, scope_ids=['p1'], start=day(1), end=day(3))
    _set_current(scopes, 'p1', day(3))
    _create(scopes, scope_ids=['p1'], start=day(1), end=day(3))
    assert len(_stored(scopes)) == 2


def test_rejection_leaves_the_scopes_as_they_were(scopes):
    with scopes.session() as session:
        before = scope.list_scopes(session, offset=0, limit=100)
    with pytest.raises(reprocesses.UnknownScopes):
        _create(scopes, scope_ids=['p1', 'nope'])
    with scopes.session() as session:
        assert scope.list_scopes(session, offset=0, limit=100) == before


def test_concurrent_overlapping_creations(database, database_url):
    # A second API worker asks for an overlapping task while the first
    # one's is not committed yet: it must wait, then see it and refuse.
    _scope(database, 'p1')
    outcome = concurrency.second_waits(
        database, database_url,
        lambda session: reprocesses.create(
            session, scope_ids=['p1'], start=day(1), end=day(2),
            reason='first'),
        lambda other: _create(other, scope_ids=['p1']))
    assert isinstance(outcome, reprocesses.Overlapping)
    assert [task.reason for task in _list(database).tasks] == ['first']


def test_many_concurrent_creations(database, database_url):
    _scope(database, 'p1')
    outcomes = concurrency.race(
        database_url,
        lambda other, index: _create(other, scope_ids=['p1'],
                                     reason='r%d' % index))
    assert sorted(concurrency.outcome_name(o) for o in outcomes) == [
        'Overlapping', 'Overlapping', 'Overlapping', 'ok']
    assert _list(database).total == 1


# -- list -------------------------------------------------------------------

@pytest.fixture
def tasks(scopes):
    _create(scopes, scope_ids=['p2'], reason='first')
    _create(scopes, scope_ids=['p1', 'p3'], reason='second')
    _create(scopes, scope_ids=['p2'], start=day(3), end=day(4),
            reason='third')
    return scopes


def _reasons(page):
    return [(task.scope_id, task.reason) for task in page.tasks]


def test_list_in_creation_order(tasks):
    ascending = [('p2', 'first'), ('p1', 'second'), ('p3', 'second'),
                 ('p2', 'third')]
    page = _list(tasks, order='asc')
    assert _reasons(page) == ascending
    assert page.total == 4
    assert _reasons(_list(tasks, order='desc')) == ascending[::-1]


@pytest.mark.parametrize('scope_ids, expected', [
    (['p2'], [('p2', 'first'), ('p2', 'third')]),
    (['p3', 'p1'], [('p1', 'second'), ('p3', 'second')]),
    (['nope'], []),
    ([], []),
    (None, [('p2', 'first'), ('p1', 'second'), ('p3', 'second'),
            ('p2', 'third')]),
])
def test_list_by_scope(tasks, scope_ids, expected):
    page = _list(tasks, scope_ids=scope_ids)
    assert _reasons(page) == expected
    assert page.total == len(expected)


@pytest.mark.parametrize('order, offset, limit, expected', [
    ('asc', 0, 2, [('p2', 'first'), ('p1', 'second')]),
    ('asc', 2, 2, [('p3', 'second'), ('p2', 'third')]),
    ('desc', 0, 1, [('p2', 'third')]),
    ('desc', 3, 5, [('p2', 'first')]),
    ('desc', 4, 5, []),
])
def test_list_pages(tasks, order, offset, limit, expected):
    page = _list(tasks, order=order, offset=offset, limit=limit)
    assert _reasons(page) == expected
    assert page.total == 4


def test_finished_tasks_are_listed(tasks):
    _set_current(tasks, 'p1', day(2))
    listed = {task.scope_id: task for task in _list(tasks).tasks}
    assert listed['p1'].current_reprocess_time == day(2)
    assert listed['p3'].current_reprocess_time is None


def test_invalid_order(database):
    with pytest.raises(ValueError):
        _list(database, order='up')
