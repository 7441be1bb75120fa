"""Collector mappings and states on real SQLite and PostgreSQL: upsert,
filter, delete, states that default to disabled, and no collision with
the rating modules' table."""
import pytest

from ratingapi import exceptions
from ratingapi.storage import collector
from ratingapi.storage import modules
from tests.unit.storage import concurrency


def _set_mapping(database, service, name):
    with database.session() as session:
        return collector.set_mapping(session, service, name)


def _mappings(database, name=None):
    with database.reader() as connection:
        return collector.list_mappings(connection, name)


def test_no_mapping_stored(database):
    assert _mappings(database) == []
    with database.reader() as connection:
        with pytest.raises(exceptions.NotFound) as raised:
            collector.get_mapping(connection, 'compute')
    assert str(raised.value) == 'No mapping for service: compute'


def test_set_creates_then_replaces(database):
    assert _set_mapping(database, 'compute', 'gnocchi') == (
        collector.Mapping('compute', 'gnocchi'), True)
    assert _set_mapping(database, 'compute', 'prometheus') == (
        collector.Mapping('compute', 'prometheus'), False)
    with database.reader() as connection:
        assert collector.get_mapping(connection, 'compute') == (
            collector.Mapping('compute', 'prometheus'))
    assert _mappings(database) == [collector.Mapping('compute',
                                                     'prometheus')]


def test_list_is_by_service_and_filters_on_collector(database):
    for service, name in (('volume', 'gnocchi'), ('compute', 'prometheus'),
                          ('image', 'gnocchi')):
        _set_mapping(database, service, name)
    assert [m.service for m in _mappings(database)] == [
        'compute', 'image', 'volume']
    assert _mappings(database, 'gnocchi') == [
        collector.Mapping('image', 'gnocchi'),
        collector.Mapping('volume', 'gnocchi')]
    assert _mappings(database, 'unknown') == []


def test_delete(database):
    _set_mapping(database, 'compute', 'gnocchi')
    _set_mapping(database, 'image', 'gnocchi')
    with database.session() as session:
        collector.delete_mapping(session, 'compute')
    assert _mappings(database) == [collector.Mapping('image', 'gnocchi')]
    with database.session() as session:
        with pytest.raises(exceptions.NotFound) as raised:
            collector.delete_mapping(session, 'compute')
    assert str(raised.value) == 'No mapping for service: compute'


def test_states_default_to_disabled_and_are_kept_apart(database):
    with database.reader() as connection:
        assert collector.get_state(connection, 'gnocchi') == (
            collector.State('gnocchi', False))
    with database.session() as session:
        assert collector.set_state(session, 'gnocchi', True) == (
            collector.State('gnocchi', True))
    with database.reader() as connection:
        assert collector.get_state(connection, 'gnocchi').enabled is True
        assert collector.get_state(connection, 'other').enabled is False
    with database.session() as session:
        collector.set_state(session, 'gnocchi', False)
    with database.reader() as connection:
        assert collector.get_state(connection, 'gnocchi').enabled is False


def test_a_collector_named_like_a_rating_module_is_no_module(database):
    # CloudKitty stores collector states among its modules (prefixed
    # collector_); here a collector called hashmap touches no module.
    with database.session() as session:
        collector.set_state(session, 'hashmap', True)
        collector.set_state(session, 'collector_hashmap', True)
    with database.reader() as connection:
        assert modules.get_all(connection) == {}
    with database.session() as session:
        modules.set(session, 'hashmap', enabled=False,
                    default_enabled=False, default_priority=1)
    with database.reader() as connection:
        assert collector.get_state(connection, 'hashmap').enabled is True


def test_concurrent_creates_of_one_service(database, database_url):
    # Every racer succeeds; exactly one of them created the mapping, and
    # the one stored is one of theirs.
    def create(other, index):
        return _set_mapping(other, 'compute', 'c%d' % index)

    outcomes = concurrency.race(database_url, create)
    assert [concurrency.outcome_name(o) for o in outcomes] == ['ok'] * 4
    assert sorted(created for _, created in outcomes) == [
        False, False, False, True]
    [stored] = _mappings(database)
    assert stored.collector in {'c0', 'c1', 'c2', 'c3'}


def test_concurrent_state_writers(database, database_url):
    def enable(other, index):
        with other.session() as session:
            return collector.set_state(session, 'gnocchi', index % 2 == 0)

    outcomes = concurrency.race(database_url, enable)
    assert [concurrency.outcome_name(o) for o in outcomes] == ['ok'] * 4
