"""Resource declarations, records and the paging rules (pure)."""
import datetime
import decimal

import httpx
import pytest

from ratingapi.client import errors
from ratingapi.client import resources
from ratingapi.client import v1
from ratingapi.client import v2

FIELD = resources.Resource(
    'field', '/rating/hashmap/services/%(service_id)s/fields',
    singular='field', plural='fields', pk='field_id',
    operations=(resources.CREATE, resources.RETRIEVE, resources.LIST,
                resources.DELETE),
    attributes={'field_id': resources.Attr(read_only=True),
                'service_id': resources.Attr(),
                'name': resources.Attr(),
                'cost': resources.Attr('cost', decimal.Decimal)},
    wrapped=True)


def test_path_with_parameters_and_quoting():
    assert FIELD.path_params == ('service_id',)
    assert FIELD.path({'service_id': 's/1'}) == (
        'rating/hashmap/services/s%2F1/fields')
    assert FIELD.path({'service_id': 's1'}, pk='f 1') == (
        'rating/hashmap/services/s1/fields/f%201')


def test_missing_path_parameter():
    with pytest.raises(TypeError, match='service_id'):
        FIELD.path({})


def test_operations_are_checked():
    FIELD.check(resources.CREATE)
    with pytest.raises(errors.OperationNotAllowed, match='update'):
        FIELD.check(resources.UPDATE)
    assert not v2.MODULE.allows(resources.CREATE)
    assert v2.MODULE.allows(resources.HEAD)


def test_unknown_operation_in_a_declaration():
    with pytest.raises(ValueError):
        resources.Resource('x', '/x', singular='x', plural='xs', pk='id',
                           attributes={}, operations=('frobnicate',))


def test_to_wire_maps_names():
    assert v1.MODULE.to_wire({'enabled': True, 'priority': 3}) == {
        'enabled': True, 'priority': 3}
    assert v1.MODULE.to_wire({'hot_config': True}) == {'hot-config': True}
    assert v2.MODULE.to_wire({'hot_config': True}) == {'hot_config': True}


def test_to_wire_wraps_and_dumps():
    body = FIELD.to_wire({'name': 'flavor', 'cost': decimal.Decimal('0.10'),
                          'service_id': 's1'})
    assert body == {'field': {'name': 'flavor', 'cost': '0.10',
                              'service_id': 's1'}}


def test_to_wire_rejects_unknown_and_read_only():
    with pytest.raises(ValueError, match='no attribute'):
        v2.MODULE.to_wire({'colour': 'red'})
    with pytest.raises(ValueError, match='read-only'):
        v2.MODULE.to_wire({'description': 'x'}, update=True)


def test_dump():
    when = datetime.datetime(2024, 1, 2, 3, 4, 5,
                             tzinfo=datetime.timezone.utc)
    assert resources.dump({'a': [decimal.Decimal('1.50'), when]}) == {
        'a': ['1.50', '2024-01-02T03:04:05+00:00']}


def test_record_from_v1_wire():
    record = v1.MODULE.record({'module_id': 'noop', 'description': 'd',
                               'enabled': True, 'hot-config': False,
                               'priority': 1, 'new-thing': 7})
    assert record.hot_config is False and record['hot_config'] is False
    assert record.module_id == 'noop' and record.pk == 'noop'
    assert record.new_thing == 7          # unknown members are kept
    assert record.raw['hot-config'] is False
    assert dict(record) == {'module_id': 'noop', 'description': 'd',
                            'enabled': True, 'hot_config': False,
                            'priority': 1, 'new_thing': 7}
    assert repr(record).startswith("Module(module_id='noop'")
    with pytest.raises(AttributeError):
        record.colour
    with pytest.raises(AttributeError):
        record.enabled = False


def test_records_of_both_versions_are_equal():
    wire = {'module_id': 'noop', 'description': 'd', 'enabled': True,
            'priority': 1}
    one = v1.MODULE.record(dict(wire, **{'hot-config': False}))
    two = v2.MODULE.record(dict(wire, hot_config=False))
    assert one == two


def test_record_types():
    record = FIELD.record({'field_id': 'f', 'cost': '0.10'})
    assert record.cost == decimal.Decimal('0.10')
    assert FIELD.record({'cost': None}).cost is None
    assert FIELD.record({'cost': decimal.Decimal('1')}).cost == 1


def test_one_and_many():
    assert FIELD.one({'field': {'field_id': 'f'}}) == {'field_id': 'f'}
    assert v2.MODULE.one({'module_id': 'noop'}) == {'module_id': 'noop'}
    assert v2.MODULE.many({'modules': [{}]}) == [{}]
    with pytest.raises(errors.RatingClientError):
        v2.MODULE.many([{}])
    with pytest.raises(errors.RatingClientError):
        v2.MODULE.one(['noop'])


def test_api_microversions():
    assert v2.API.max_microversion == (2, 2)
    assert v1.API.max_microversion is None
    assert v2.API.resource('module') is v2.MODULE
    with pytest.raises(ValueError):
        resources.Api(2, (), max_microversion='2.1')


# -- paging -------------------------------------------------------------


def page(url, body=None, headers=()):
    return httpx.Response(200, request=httpx.Request('GET', url),
                          json=body or {}, headers=list(headers))


BASE = 'http://h/v2/rating/modules'


@pytest.mark.parametrize('body,headers,expected', [
    ({'modules': [], 'links': [{'rel': 'next', 'href': BASE + '?m=2'}]},
     (), BASE + '?m=2'),
    ({'modules': [], 'links': [{'rel': 'next', 'href': '?marker=b'}]},
     (), BASE + '?marker=b'),
    ({'modules': [], 'modules_links': [{'rel': 'next', 'href': 'x?p=2'}]},
     (), 'http://h/v2/rating/x?p=2'),
    ({'modules': []}, [('Link', '<%s?p=3>; rel="next"' % BASE)],
     BASE + '?p=3'),
    ({'modules': [], 'links': [{'rel': 'self', 'href': BASE}]}, (), None),
    ({'modules': []}, [('Link', '<%s>; rel="prev"' % BASE)], None),
], ids=['absolute', 'relative', 'plural-links', 'link-header', 'self-only',
        'prev-only'])
def test_next_links(body, headers, expected):
    assert resources.Pages().next_url(
        v2.MODULE, page(BASE, body, headers), body, 0) == expected


OFFSETS = resources.OffsetPages(limit=2)


@pytest.mark.parametrize('url,count,expected', [
    (BASE + '?limit=2&offset=0', 2, BASE + '?limit=2&offset=2'),
    (BASE + '?limit=2&offset=2', 2, BASE + '?limit=2&offset=4'),
    (BASE + '?limit=2&offset=4', 1, None),
    (BASE + '?limit=2&offset=4', 0, None),
    (BASE + '?limit=5&offset=0', 2, None),
], ids=['full-first', 'full-second', 'short', 'empty', 'user-limit'])
def test_offset_pages(url, count, expected):
    assert OFFSETS.next_url(v2.MODULE, page(url), {}, count) == expected


def test_offset_pages_first_params_and_links_win():
    assert OFFSETS.first({'type': 'x'}) == {'type': 'x', 'limit': 2,
                                            'offset': 0}
    assert OFFSETS.first({'limit': 10}) == {'limit': 10, 'offset': 0}
    body = {'links': [{'rel': 'next', 'href': BASE + '?marker=z'}]}
    assert OFFSETS.next_url(v2.MODULE, page(BASE + '?limit=2&offset=0',
                                            body), body, 2) == (
        BASE + '?marker=z')


@pytest.mark.parametrize('url,body,count,expected', [
    (BASE + '?offset=0', {}, 3, BASE + '?offset=3'),
    (BASE + '?offset=3', {}, 0, None),
    (BASE + '?offset=0', {'total': 5}, 3, BASE + '?offset=3'),
    (BASE + '?offset=3', {'total': 5}, 2, None),
    (BASE + '?offset=0', {'total': 5}, 0, None),
], ids=['no-total', 'no-total-empty', 'total', 'total-end', 'total-empty'])
def test_offset_pages_at_the_server_page_size(url, body, count, expected):
    # No limit sent: pages advance by what they held (an empty page ends
    # the list, also when a total says otherwise: no endless loop).
    pages = resources.OffsetPages()
    assert pages.first({'type': 'x'}) == {'type': 'x', 'offset': 0}
    assert pages.next_url(v2.MODULE, page(url), body, count) == expected


def test_offset_pages_count_as_the_server_counts():
    frames = [{'usage': {'cpu': [{}, {}], 'ram': [{}]}}, {'usage': {}}]
    assert resources.OffsetPages().count(frames) == 2
    assert v2.DATAFRAME.pages.count(frames) == 3 == v2.count_points(frames)
    assert v2.count_points([None, {'usage': None}, {'usage': {'x': 1}}]) == 0


def test_offset_pages_reject_garbage():
    with pytest.raises(errors.PaginationError):
        OFFSETS.next_url(v2.MODULE, page(BASE + '?limit=x'), {}, 2)
