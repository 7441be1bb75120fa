"""Hashmap rule storage on real SQLite and PostgreSQL: exact decimals,
conflicts, cascades, the revision and the rule set the engine loads."""
import datetime
import decimal

import pytest

from ratingapi import exceptions
from ratingapi.storage import hashmap
from ratingapi.storage import modules

D = decimal.Decimal
UTC = datetime.timezone.utc
START = datetime.datetime(2040, 1, 1, tzinfo=UTC)


def _revision(database):
    with database.reader() as connection:
        state = modules.get(connection, hashmap.MODULE_ID)
    return state.revision if state else 0


@pytest.fixture
def rules(database):
    with database.session() as session:
        service = hashmap.create_service(session, name='compute')
        field = hashmap.create_field(session, service_id=service.service_id,
                                     name='flavor')
        group = hashmap.create_group(session, name='g')
        mapping = hashmap.create_mapping(
            session, cost=D('0.1'), type='rate', field_id=field.field_id,
            group_id=group.group_id, value='m1.tiny', start=START,
            end=None, who='u1')
        threshold = hashmap.create_threshold(
            session, level=D('10'), cost=D('0.2'), type='flat',
            service_id=service.service_id)
    return {'service': service, 'field': field, 'group': group,
            'mapping': mapping, 'threshold': threshold}


def test_costs_and_levels_are_exact(database, rules):
    with database.reader() as connection:
        mapping = hashmap.get_mapping(connection,
                                      rules['mapping'].mapping_id)
        threshold = hashmap.get_threshold(connection,
                                          rules['threshold'].threshold_id)
    # 28 decimal places, never a float's 0.1000000000000000055...
    assert str(mapping.cost) == '0.1000000000000000000000000000'
    assert str(threshold.level) == '10.00000000'
    assert threshold.cost == D('0.2')


def test_every_change_bumps_the_revision(database, rules):
    before = _revision(database)
    assert before == 5
    with database.session() as session:
        hashmap.update_threshold(session, rules['threshold'].threshold_id,
                                 cost=D('0.3'))
    assert _revision(database) == before + 1


def test_duplicates_are_conflicts(database, rules):
    with database.session() as session:
        with pytest.raises(exceptions.Conflict):
            hashmap.create_service(session, name='compute')
    with database.session() as session:
        with pytest.raises(exceptions.Conflict):
            # The same level written otherwise is the same level.
            hashmap.create_threshold(
                session, level=D('10.0'), cost=D('1'), type='flat',
                service_id=rules['service'].service_id)
    with database.session() as session:
        with pytest.raises(exceptions.Conflict):
            hashmap.create_mapping(
                session, cost=D('1'), type='rate',
                field_id=rules['field'].field_id,
                group_id=rules['group'].group_id, value='m1.tiny',
                start=START + datetime.timedelta(days=1), end=None,
                who='u1')


def test_renaming_to_its_own_name_is_no_conflict(database, rules):
    with database.session() as session:
        service = hashmap.create_service(session, name='storage')
        field = hashmap.create_field(session, service_id=service.service_id,
                                     name='size')
        group = hashmap.create_group(session, name='h')
    with database.session() as session:
        for update, object_id, name in (
                (hashmap.update_service, service.service_id, 'storage'),
                (hashmap.update_field, field.field_id, 'size'),
                (hashmap.update_group, group.group_id, 'h')):
            assert update(session, object_id, name=name).name == name
    # Another object's name still is one.
    for update, object_id, name in (
            (hashmap.update_service, service.service_id, 'compute'),
            (hashmap.update_group, group.group_id, 'g')):
        with database.session() as session:
            with pytest.raises(exceptions.Conflict):
                update(session, object_id, name=name)
    with database.session() as session:
        other = hashmap.create_field(session, service_id=service.service_id,
                                     name='iops')
    with database.session() as session:
        with pytest.raises(exceptions.Conflict):
            hashmap.update_field(session, other.field_id, name='size')


def test_a_tenant_threshold_of_one_level_is_no_conflict(database, rules):
    with database.session() as session:
        threshold = hashmap.create_threshold(
            session, level=D('10'), cost=D('1'), type='flat',
            service_id=rules['service'].service_id, tenant_id='p1')
    assert threshold.tenant_id == 'p1'


def test_load_rules_gives_the_engine_names(database, rules):
    with database.reader() as connection:
        rule_set = hashmap.load_rules(connection, 7)
    assert rule_set.revision == 7
    [mapping] = rule_set.mappings
    assert (mapping.service, mapping.field, mapping.value, mapping.group,
            mapping.cost, mapping.start) == (
        'compute', 'flavor', 'm1.tiny', 'g', D('0.1'), START)
    [threshold] = rule_set.thresholds
    assert (threshold.service, threshold.field, threshold.level) == (
        'compute', None, D('10'))


def test_soft_deleted_mappings_are_not_loaded(database, rules):
    with database.session() as session:
        hashmap.delete_mapping(session, rules['mapping'].mapping_id,
                               who='u2')
    with database.reader() as connection:
        assert hashmap.load_rules(connection, 0).mappings == ()
        deleted = hashmap.get_mapping(connection,
                                      rules['mapping'].mapping_id)
    assert deleted.deleted is not None and deleted.deleted_by == 'u2'


def test_deleting_a_service_cascades(database, rules):
    with database.session() as session:
        hashmap.delete_service(session, rules['service'].service_id)
    with database.reader() as connection:
        assert hashmap.list_fields(connection).items == ()
        assert hashmap.list_mappings(connection, deleted=True).items == ()
        assert hashmap.list_thresholds(connection).items == ()
        assert hashmap.list_groups(connection).total == 1
