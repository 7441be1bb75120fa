import dataclasses
import datetime

import pytest

from ratingapi.storage import models
from ratingapi.storage import modules
from tests.unit.storage import concurrency

DEFAULTS = {'default_enabled': False, 'default_priority': 1}


def _set(database, module_id, **values):
    with database.session() as session:
        return modules.set(session, module_id, **values, **DEFAULTS)


def _updated_at(database, module_id):
    with database.session() as session:
        return session.get(models.ModuleState, module_id).updated_at


def test_nothing_stored(database):
    with database.session() as session:
        assert modules.get_all(session) == {}
        assert modules.get(session, 'hashmap') is None


def test_set_creates_from_defaults(database):
    state = _set(database, 'hashmap')
    assert state == modules.ModuleState('hashmap', False, 1)
    with database.session() as session:
        assert modules.get(session, 'hashmap') == state


def test_set_applies_values_over_defaults(database):
    state = _set(database, 'hashmap', enabled=True)
    assert state == modules.ModuleState('hashmap', True, 1)
    state = _set(database, 'noop', priority=7)
    assert state == modules.ModuleState('noop', False, 7)


def test_partial_updates_keep_other_fields(database):
    _set(database, 'hashmap', enabled=True, priority=5)
    assert _set(database, 'hashmap', priority=9) == modules.ModuleState(
        'hashmap', True, 9)
    assert _set(database, 'hashmap', enabled=False) == modules.ModuleState(
        'hashmap', False, 9)
    assert _set(database, 'hashmap') == modules.ModuleState(
        'hashmap', False, 9)


def test_defaults_ignored_once_stored(database):
    _set(database, 'hashmap', enabled=True, priority=5)
    with database.session() as session:
        state = modules.set(session, 'hashmap', default_enabled=False,
                            default_priority=100)
    assert state == modules.ModuleState('hashmap', True, 5)


def test_get_all_returns_stored_rows(database):
    _set(database, 'noop', enabled=True)
    _set(database, 'hashmap', priority=3)
    with database.session() as session:
        assert modules.get_all(session) == {
            'hashmap': modules.ModuleState('hashmap', False, 3),
            'noop': modules.ModuleState('noop', True, 1),
        }


def test_state_is_frozen(database):
    state = _set(database, 'hashmap')
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.enabled = True


def test_updated_at_is_utc(database):
    before = datetime.datetime.now(datetime.timezone.utc)
    _set(database, 'hashmap')
    created = _updated_at(database, 'hashmap')
    assert created.tzinfo == datetime.timezone.utc
    assert before <= created
    _set(database, 'hashmap', priority=2)
    assert _updated_at(database, 'hashmap') >= created


def test_rolled_back_set_stores_nothing(database):
    with pytest.raises(RuntimeError):
        with database.session() as session:
            modules.set(session, 'hashmap', enabled=True, **DEFAULTS)
            raise RuntimeError('boom')
    with database.session() as session:
        assert modules.get(session, 'hashmap') is None


def test_set_gives_way_to_concurrent_insert(database, database_url):
    # The second writer inserts the same row while the first insert is
    # uncommitted: it must wait, then update the row the first one
    # created, without an error.
    state = concurrency.second_waits(
        database, database_url,
        lambda session: modules.set(session, 'hashmap', priority=4,
                                    **DEFAULTS),
        lambda other: _set(other, 'hashmap', enabled=True))
    assert state == modules.ModuleState('hashmap', True, 4)


def test_concurrent_writers(database, database_url):
    # Several engines set the same fresh modules at once; none may fail.
    def writer(other, index):
        for module_id in ('a', 'b', 'c', 'd', 'e'):
            _set(other, module_id, priority=index)

    outcomes = concurrency.race(database_url, writer)
    assert [concurrency.outcome_name(o) for o in outcomes] == ['ok'] * 4
    with database.session() as session:
        states = modules.get_all(session)
    assert sorted(states) == ['a', 'b', 'c', 'd', 'e']
    assert {state.priority for state in states.values()} <= {0, 1, 2, 3}


def test_bump_advances_the_revision_and_keeps_the_state(database):
    with database.session() as session:
        modules.bump(session, 'hashmap', default_enabled=False,
                     default_priority=1)
    with database.session() as session:
        assert modules.get(session, 'hashmap') == modules.ModuleState(
            'hashmap', False, 1, 1)
        modules.set(session, 'hashmap', enabled=True, priority=4,
                    default_enabled=False, default_priority=1)
        modules.bump(session, 'hashmap', default_enabled=False,
                     default_priority=1)
    with database.reader() as connection:
        assert modules.get_all(connection)['hashmap'] == (
            modules.ModuleState('hashmap', True, 4, 2))
