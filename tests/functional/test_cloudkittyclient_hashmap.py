"""python-cloudkittyclient 6.2.0's ``cloudkitty hashmap ...`` commands
against ratingapi (gunicorn, noauth), as an operator runs them.

Each command's printed output is checked (``-f json``), and an update
sends exactly one PUT: CloudKitty answers a PUT with a 302 to itself,
which keystoneauth replays 30 times; ratingapi answers 200.  The PUTs
are counted in the server's access log.
"""
import pytest

from tests.functional.test_cloudkittyclient import ok
from tests.functional.test_cloudkittyclient import ok_json
from tests.functional.test_cloudkittyclient import server  # noqa: F401

HASHMAP = '/v1/rating/module_config/hashmap'


def same(rows, expected):
    """``rows`` print ``expected`` objects: equal on the columns both
    show (a lister prints fewer columns than ``get``), same count."""
    assert len(rows) == len(expected), (rows, expected)
    for row, wanted in zip(rows, expected):
        shared = set(row) & set(wanted)
        assert len(shared) >= 2, (row, wanted)
        assert {key: row[key] for key in shared} == {
            key: wanted[key] for key in shared}
    return True


def _puts(server, path):  # noqa: F811
    return sum(1 for line in server['log'].read_text().splitlines()
               if '"PUT %s' % path in line or ' PUT %s' % path in line)


@pytest.fixture(scope='module')
def price_list(server):  # noqa: F811
    """A service, a field, a group, a mapping and a threshold."""
    service = ok_json(server, 'hashmap', 'service', 'create', 'compute')
    [service] = service if isinstance(service, list) else [service]
    field = ok_json(server, 'hashmap', 'field', 'create',
                    service['Service ID'], 'flavor')
    [field] = field if isinstance(field, list) else [field]
    group = ok_json(server, 'hashmap', 'group', 'create', 'licence')
    [group] = group if isinstance(group, list) else [group]
    mapping = ok_json(server, 'hashmap', 'mapping', 'create', '0.5',
                      '--field-id', field['Field ID'], '--value', 'm1.tiny',
                      '-t', 'rate', '-g', group['Group ID'],
                      '--start', '2040-01-01T00:00:00')
    [mapping] = mapping if isinstance(mapping, list) else [mapping]
    threshold = ok_json(server, 'hashmap', 'threshold', 'create', '10',
                        '2', '-s', service['Service ID'], '-t', 'flat')
    [threshold] = threshold if isinstance(threshold, list) else [threshold]
    return {'service': service, 'field': field, 'group': group,
            'mapping': mapping, 'threshold': threshold}


def test_mapping_types(server):  # noqa: F811
    rows = ok_json(server, 'hashmap', 'mapping-types', 'list')
    assert sorted(row['Mapping types'] for row in rows) == ['flat', 'rate']


def test_services(server, price_list):  # noqa: F811
    service = price_list['service']
    assert service['Name'] == 'compute'
    assert same(ok_json(server, 'hashmap', 'service', 'list'), [service])
    assert same(ok_json(server, 'hashmap', 'service', 'get',
                        service['Service ID']), [service])


def test_fields(server, price_list):  # noqa: F811
    field = price_list['field']
    assert (field['Name'], field['Service ID']) == (
        'flavor', price_list['service']['Service ID'])
    assert same(ok_json(server, 'hashmap', 'field', 'list',
                        price_list['service']['Service ID']), [field])
    assert same(ok_json(server, 'hashmap', 'field', 'get',
                        field['Field ID']), [field])


def test_mappings(server, price_list):  # noqa: F811
    mapping = price_list['mapping']
    assert mapping['Value'] == 'm1.tiny'
    assert mapping['Cost'] == '0.5000000000000000000000000000'
    assert mapping['Type'] == 'rate'
    assert same(ok_json(server, 'hashmap', 'mapping', 'get',
                        mapping['Mapping ID']), [mapping])
    # Listers print fewer columns than ``get``: compare those they print.
    for listed in (ok_json(server, 'hashmap', 'mapping', 'list',
                           '--field-id', price_list['field']['Field ID']),
                   ok_json(server, 'hashmap', 'group', 'mappings', 'get',
                           price_list['group']['Group ID'])):
        assert same(listed, [mapping])


def test_mapping_update_sends_one_put(server, price_list):  # noqa: F811
    mapping = price_list['mapping']
    before = _puts(server, HASHMAP + '/mappings')
    updated = ok_json(server, 'hashmap', 'mapping', 'update',
                      mapping['Mapping ID'], '--cost', '0.75')
    [updated] = updated if isinstance(updated, list) else [updated]
    assert updated['Cost'] == '0.7500000000000000000000000000'
    assert updated['Value'] == 'm1.tiny'
    assert _puts(server, HASHMAP + '/mappings') == before + 1


def test_thresholds(server, price_list):  # noqa: F811
    threshold = price_list['threshold']
    assert (threshold['Level'], threshold['Cost'], threshold['Type']) == (
        '10.00000000', '2.0000000000000000000000000000', 'flat')
    assert same(ok_json(server, 'hashmap', 'threshold', 'list', '-s',
                        price_list['service']['Service ID']), [threshold])
    assert same(ok_json(server, 'hashmap', 'threshold', 'get',
                        threshold['Threshold ID']), [threshold])
    before = _puts(server, HASHMAP + '/thresholds')
    updated = ok_json(server, 'hashmap', 'threshold', 'update',
                      threshold['Threshold ID'], '-l', '20')
    [updated] = updated if isinstance(updated, list) else [updated]
    assert updated['Level'] == '20.00000000'
    assert _puts(server, HASHMAP + '/thresholds') == before + 1
    assert ok_json(server, 'hashmap', 'group', 'thresholds', 'get',
                   price_list['group']['Group ID']) == []


def test_deletes_last(server, price_list):  # noqa: F811
    ok(server, 'hashmap', 'mapping', 'delete',
       price_list['mapping']['Mapping ID'])
    ok(server, 'hashmap', 'threshold', 'delete',
       price_list['threshold']['Threshold ID'])
    ok(server, 'hashmap', 'group', 'delete', '--recursive',
       price_list['group']['Group ID'])
    ok(server, 'hashmap', 'field', 'delete', price_list['field']['Field ID'])
    ok(server, 'hashmap', 'service', 'delete',
       price_list['service']['Service ID'])
    assert ok_json(server, 'hashmap', 'service', 'list') == []
    assert ok_json(server, 'hashmap', 'group', 'list') == []
