"""Schemas of /v2/dataframes: what a request may say, and what it means."""
import copy
import datetime
import decimal

import pytest
import voluptuous as vol

from ratingapi.api.v2.schemas import dataframes as schemas
from ratingapi import exceptions
from tests.appkit import assert_whole_month_around

UTC = datetime.timezone.utc
D = decimal.Decimal
T0 = datetime.datetime(2026, 11, 1, tzinfo=UTC)
T1 = datetime.datetime(2026, 11, 1, 1, tzinfo=UTC)


def _point(**changes):
    point = {'vol': {'unit': 'vcpu', 'qty': 1},
             'rating': {'price': D('0.5')},
             'groupby': {'project_id': 'p1', 'id': 'vm-1'},
             'metadata': {'flavor': 'm1'}}
    point.update(changes)
    return point


def _body(*points, begin='2026-11-01T00:00:00Z',
          end='2026-11-01T01:00:00Z'):
    return {'dataframes': [{'period': {'begin': begin, 'end': end},
                            'usage': {'cpu': list(points or [_point()])}}]}


def _post(body):
    return vol.Schema(schemas.POST_DATAFRAMES_BODY)(body)['dataframes']


def _rejected(body):
    with pytest.raises(exceptions.InvalidInput) as info:
        _post(body)
    return info.value


# -- POST: what is accepted ------------------------------------------------

def test_a_frame_is_normalized_for_storage(app_context):
    assert _post(_body()) == [{
        'begin': T0, 'end': T1,
        'usage': {'cpu': [{'unit': 'vcpu', 'qty': 1, 'price': D('0.5'),
                           'groupby': {'project_id': 'p1', 'id': 'vm-1'},
                           'metadata': {'flavor': 'm1'}}]}}]


def test_a_missing_rating_or_price_is_left_to_price(app_context):
    # None: the handler prices it (2.2) or makes it 0 (before).
    without_rating = _point()
    del without_rating['rating']
    frames = _post(_body(without_rating, _point(rating={}),
                         _point(rating={'price': 0})))
    assert [p['price'] for p in frames[0]['usage']['cpu']] == [None, None,
                                                               0]


@pytest.mark.parametrize('qty, expected', [
    (0, 0), (5, 5), (D('1.5'), D('1.5')), ('1.5', D('1.5')),
    (' 2 ', D('2')), ('1e3', D('1E+3')), (D('0.000000001'), D('1E-9')),
    (D('1.50000000000'), D('1.50000000000')), (2 ** 63 - 1, 2 ** 63 - 1),
    (D('9223372036854775807.999999999'), D('9223372036854775807.999999999')),
])
def test_quantities(app_context, qty, expected):
    [frame] = _post(_body(_point(vol={'unit': 'u', 'qty': qty})))
    assert frame['usage']['cpu'][0]['qty'] == expected


@pytest.mark.parametrize('price', [D('-0.25'), -3, '-1', 0])
def test_a_price_may_be_negative(app_context, price):
    [frame] = _post(_body(_point(rating={'price': price})))
    assert frame['usage']['cpu'][0]['price'] == D(price)


def test_attribute_values_are_json_scalars_kept_as_sent(app_context):
    groupby = {'project_id': 'p1', 'n': 2, 'x': D('1.50'), 'on': False,
               'none': None, 'text': 'é'}
    [frame] = _post(_body(_point(groupby=groupby, metadata={})))
    stored = frame['usage']['cpu'][0]['groupby']
    assert stored == groupby and str(stored['x']) == '1.50'


def test_the_legacy_desc_form(app_context):
    legacy = {'vol': {'unit': 'u', 'qty': 1}, 'desc': {'project_id': 'p1'}}
    [frame] = _post(_body(legacy))
    assert frame['usage']['cpu'][0]['groupby'] == {'project_id': 'p1'}
    assert frame['usage']['cpu'][0]['metadata'] == {}


def test_several_frames_and_types(app_context):
    body = _body()
    body['dataframes'][0]['usage']['ram'] = [_point(), _point()]
    body['dataframes'].append(copy.deepcopy(body['dataframes'][0]))
    frames = _post(body)
    assert [sorted(frame['usage']) for frame in frames] == [
        ['cpu', 'ram'], ['cpu', 'ram']]


@pytest.mark.parametrize('begin, end, expected', [
    ('2026-11-01T01:00:00+01:00', '2026-11-01T01:00:00Z', (T0, T1)),
    ('2026-11-01 00:00:00', '20261101T010000Z', (T0, T1)),
])
def test_periods_are_utc(app_context, begin, end, expected):
    [frame] = _post(_body(begin=begin, end=end))
    assert (frame['begin'], frame['end']) == expected
    assert frame['begin'].tzinfo == UTC


def test_as_many_points_as_allowed(app_context, settings):
    count = settings.max_points_per_request
    assert len(_post(_body(*[_point()] * count))[0]['usage']['cpu']) == count


# -- POST: what is refused, and where --------------------------------------

@pytest.mark.parametrize('body, parameter', [
    ({'dataframes': []}, 'dataframes'),
    ({'dataframes': {}}, 'dataframes'),
    ({'dataframes': 'x'}, 'dataframes'),
    ({'dataframes': [None]}, 'dataframes[0]'),
    ({'dataframes': [{'usage': {'cpu': [_point()]}}]},
     'dataframes[0].period'),
    ({'dataframes': [{'period': {'begin': '2026-11-01T00:00:00Z',
                                 'end': '2026-11-01T01:00:00Z'}}]},
     'dataframes[0].usage'),
    ({'dataframes': [{'period': {'begin': '2026-11-01T00:00:00Z'},
                      'usage': {'cpu': [_point()]}}]},
     'dataframes[0].period.end'),
])
def test_structure(app_context, body, parameter):
    assert _rejected(body).extra['parameter'] == parameter


def _refused(app_context, mutate):
    body = _body(_point(), _point(), _point(), _point())
    mutate(body['dataframes'][0])
    return _rejected(body)


@pytest.mark.parametrize('mutate, parameter, detail', [
    (lambda f: f['period'].update(begin='2026-11-01T02:00:00Z'),
     'dataframes[0].period.end', 'must be after period.begin'),
    (lambda f: f['period'].update(end='2026-11-01T00:00:00Z'),
     'dataframes[0].period.end', 'must be after period.begin'),
    (lambda f: f['period'].update(begin='2026-11-01T00:00:00.5Z'),
     'dataframes[0].period.begin', 'whole second'),
    (lambda f: f['period'].update(begin='yesterday'),
     'dataframes[0].period.begin', 'ISO 8601'),
    (lambda f: f['period'].update(end=5),
     'dataframes[0].period.end', 'ISO 8601'),
    (lambda f: f['period'].update(extra=1),
     'dataframes[0].period.extra', 'Unknown'),
    (lambda f: f.update(extra=1), 'dataframes[0].extra', 'Unknown'),
    (lambda f: f.update(usage={}), 'dataframes[0].usage', 'must not be '
     'empty'),
    (lambda f: f.update(usage=[]), 'dataframes[0].usage', 'expected an '
     'object'),
    (lambda f: f['usage'].update(ram=[]), 'dataframes[0].usage.ram',
     'must not be empty'),
    (lambda f: f['usage'].update(ram={}), 'dataframes[0].usage.ram',
     'expected a list'),
    (lambda f: f['usage'].update({'': [_point()]}), 'dataframes[0].usage.',
     'must not be empty'),
    (lambda f: f['usage'].update({'x' * 256: [_point()]}),
     'dataframes[0].usage.' + 'x' * 256, 'at most 255'),
    (lambda f: f['usage'].update({'a\x00': [_point()]}),
     'dataframes[0].usage.a\x00', 'a metric type must not contain NUL'),
    (lambda f: f['usage'].update({'\ud800': [_point()]}),
     'dataframes[0].usage.\ud800', 'a metric type must be valid Unicode'),
    (lambda f: f['usage']['cpu'][3]['groupby'].update({'\ud800': 1}),
     'dataframes[0].usage.cpu[3].groupby.\ud800', 'surrogate'),
    (lambda f: f['usage']['cpu'][3]['groupby'].update({'a\x00': 'b'}),
     'dataframes[0].usage.cpu[3].groupby.a\x00', 'NUL'),
    (lambda f: f['usage']['cpu'][3]['groupby'].update({'a"b': 1}),
     'dataframes[0].usage.cpu[3].groupby.a"b', 'must not contain'),
    (lambda f: f['usage']['cpu'][3]['metadata'].update({'a\\b': 1}),
     'dataframes[0].usage.cpu[3].metadata.a\\b', 'must not contain'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(qty=-1),
     'dataframes[0].usage.cpu[3].vol.qty', 'must not be negative'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(qty='-0.5'),
     'dataframes[0].usage.cpu[3].vol.qty', 'must not be negative'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(qty='lots'),
     'dataframes[0].usage.cpu[3].vol.qty', 'expected a number'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(qty=True),
     'dataframes[0].usage.cpu[3].vol.qty', 'expected a number'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(qty=None),
     'dataframes[0].usage.cpu[3].vol.qty', 'expected a number'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(qty=[1]),
     'dataframes[0].usage.cpu[3].vol.qty', 'expected a number'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(qty=float('nan')),
     'dataframes[0].usage.cpu[3].vol.qty', 'finite'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(qty='Infinity'),
     'dataframes[0].usage.cpu[3].vol.qty', 'finite'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(
        qty=D('0.0000000001')),
     'dataframes[0].usage.cpu[3].vol.qty', '9 decimal places'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(qty=2 ** 63),
     'dataframes[0].usage.cpu[3].vol.qty', 'too large'),
    (lambda f: f['usage']['cpu'][3]['rating'].update(
        price=D('-9223372036854775808.5')),
     'dataframes[0].usage.cpu[3].rating.price', 'too large'),
    (lambda f: f['usage']['cpu'][3]['rating'].update(price='free'),
     'dataframes[0].usage.cpu[3].rating.price', 'expected a number'),
    (lambda f: f['usage']['cpu'][3]['rating'].update(currency='EUR'),
     'dataframes[0].usage.cpu[3].rating.currency', 'Unknown'),
    (lambda f: f['usage']['cpu'][3].update(rating=None),
     'dataframes[0].usage.cpu[3].rating', 'expected an object'),
    (lambda f: f['usage']['cpu'][3]['vol'].pop('unit'),
     'dataframes[0].usage.cpu[3].vol.unit', 'Missing'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(unit=3),
     'dataframes[0].usage.cpu[3].vol.unit', 'expected a string'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(unit='u' * 256),
     'dataframes[0].usage.cpu[3].vol.unit', 'at most 255'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(unit='a\x00b'),
     'dataframes[0].usage.cpu[3].vol.unit', 'NUL'),
    (lambda f: f['usage']['cpu'][3]['vol'].update(extra=1),
     'dataframes[0].usage.cpu[3].vol.extra', 'Unknown'),
    (lambda f: f['usage']['cpu'][3].update(vol=3),
     'dataframes[0].usage.cpu[3].vol', 'expected an object'),
    (lambda f: f['usage']['cpu'][3].pop('groupby'),
     'dataframes[0].usage.cpu[3].groupby', 'Missing'),
    (lambda f: f['usage']['cpu'][3].pop('metadata'),
     'dataframes[0].usage.cpu[3].metadata', 'Missing'),
    (lambda f: f['usage']['cpu'][3].update(extra=1),
     'dataframes[0].usage.cpu[3].extra', 'Unknown'),
    (lambda f: f['usage']['cpu'][3].update(desc={}),
     'dataframes[0].usage.cpu[3].desc', 'Unknown'),
    (lambda f: f['usage']['cpu'].__setitem__(3, 'point'),
     'dataframes[0].usage.cpu[3]', 'expected an object'),
    (lambda f: f['usage']['cpu'][3].update(groupby=[]),
     'dataframes[0].usage.cpu[3].groupby', 'expected an object'),
    (lambda f: f['usage']['cpu'][3]['groupby'].update(nested={'a': 1}),
     'dataframes[0].usage.cpu[3].groupby.nested', 'expected a string, '
     'number, boolean or null'),
    (lambda f: f['usage']['cpu'][3]['metadata'].update(tags=['a']),
     'dataframes[0].usage.cpu[3].metadata.tags', 'expected a string'),
    (lambda f: f['usage']['cpu'][3]['metadata'].update(x=float('inf')),
     'dataframes[0].usage.cpu[3].metadata.x', 'expected a string'),
    (lambda f: f['usage']['cpu'][3]['metadata'].update(x='a\x00'),
     'dataframes[0].usage.cpu[3].metadata.x', 'NUL'),
    (lambda f: f['usage']['cpu'][3]['metadata'].update({'a\x00': 1}),
     'dataframes[0].usage.cpu[3].metadata.a\x00', 'NUL'),
    (lambda f: f['usage']['cpu'][3]['metadata'].update(x='\ud800'),
     'dataframes[0].usage.cpu[3].metadata.x', 'surrogate'),
    (lambda f: f['usage']['cpu'][3]['groupby'].update(
        project_id='p' * 256),
     'dataframes[0].usage.cpu[3].groupby.project_id', 'at most 255'),
])
def test_refused_with_the_path_of_the_problem(app_context, mutate,
                                              parameter, detail):
    error = _refused(app_context, mutate)
    assert error.extra['parameter'] == parameter
    assert repr(parameter) in error.detail
    assert detail in error.detail


def test_legacy_desc_alongside_groupby_is_refused(app_context):
    point = _point(desc={'project_id': 'p1'})
    error = _rejected(_body(point))
    assert error.extra['parameter'] == 'dataframes[0].usage.cpu[0].desc'


def test_too_many_points(app_context, settings):
    count = settings.max_points_per_request + 1
    error = _rejected(_body(*[_point()] * count))
    assert error.extra['parameter'] == 'dataframes'
    assert 'max_points_per_request' in error.detail
    assert str(count) in error.detail


def test_too_many_points_across_frames(app_context, settings):
    half = settings.max_points_per_request // 2 + 1
    body = _body(*[_point()] * half)
    body['dataframes'].append(copy.deepcopy(body['dataframes'][0]))
    assert _rejected(body).extra['parameter'] == 'dataframes'


def test_the_first_problem_is_named(app_context):
    body = _body(_point(), _point(vol={'unit': 'u', 'qty': -1}),
                 _point(vol={'unit': 'u', 'qty': 'x'}))
    assert _rejected(body).extra['parameter'] == (
        'dataframes[0].usage.cpu[1].vol.qty')


def test_unknown_top_level_keys(app_context):
    with pytest.raises(vol.MultipleInvalid):
        vol.Schema(schemas.POST_DATAFRAMES_BODY)(dict(_body(), extra=1))


# -- GET query -------------------------------------------------------------

def _query(query):
    return vol.Schema(schemas.GET_DATAFRAMES_QUERY)(query)


def test_get_defaults(app_context):
    before = datetime.datetime.now(UTC)
    query = _query({})
    after = datetime.datetime.now(UTC)
    assert_whole_month_around(query.pop('begin'), query.pop('end'),
                              before, after)
    assert query == {'filters': {}, 'offset': 0, 'limit': 100}


def test_get_values(app_context):
    assert _query({'begin': ['2026-11-01T00:00:00Z'],
                   'end': ['2026-11-01T01:00:00+00:00'],
                   'filters': ['type:cpu,project_id:p1', 'zone:a:b'],
                   'offset': ['5'], 'limit': ['1000']}) == {
        'begin': T0, 'end': T1, 'offset': 5, 'limit': 1000,
        'filters': {'type': ['cpu'], 'project_id': ['p1'],
                    'zone': ['a:b']}}


def test_an_empty_period_is_valid(app_context):
    result = _query({'begin': ['2026-11-01T00:00:00Z'],
                     'end': ['2026-11-01T00:00:00Z']})
    assert result['begin'] == result['end'] == T0


@pytest.mark.parametrize('query, parameter', [
    ({'begin': ['2026-11-02'], 'end': ['2026-11-01']}, 'end'),
    ({'begin': ['2999-01-01T00:00:00Z']}, 'end'),
    ({'begin': ['soon']}, 'begin'),
    ({'begin': ['0001-01-01T00:00:00+01:00']}, 'begin'),
    ({'end': ['2026-11-01', '2026-11-02']}, 'end'),
    ({'filters': ['type']}, 'filters'),
    ({'filters': ['type:a', 'type:b']}, 'filters'),
    ({'filters': [':a']}, 'filters'),
    ({'filters': ['a"b:c']}, 'filters'),
    ({'filters': ['a\\b:c']}, 'filters'),
    ({'filters': ['%s:c' % ('k' * 256)]}, 'filters'),
    ({'filters': ['type:\x00']}, 'filters'),
    ({'filters': ['project_id:a\x00']}, 'filters'),
    ({'filters': ['flavor:\ud800']}, 'filters'),
    ({'filters': ['\x00:a']}, 'filters'),
    ({'limit': ['0']}, 'limit'),
    ({'limit': ['1001']}, 'limit'),
    ({'offset': ['-1']}, 'offset'),
    ({'type': ['cpu']}, 'type'),
])
def test_get_rejects(app_context, query, parameter):
    with pytest.raises(vol.MultipleInvalid) as info:
        _query(query)
    error = min(info.value.errors, key=lambda e: len(e.path))
    assert [str(part) for part in error.path] == [parameter]


# -- responses -------------------------------------------------------------

def _wire_point(**changes):
    point = {'vol': {'unit': 'u', 'qty': D(1)}, 'rating': {'price': D(0)},
             'groupby': {}, 'metadata': {}}
    point.update(changes)
    return point


def test_response_schema_accepts_a_page():
    page = {'total': 1, 'dataframes': [{
        'period': {'begin': T0, 'end': T1},
        'usage': {'cpu': [_wire_point()]}}],
        'links': [{'rel': 'next', 'href': 'http://x/v2/dataframes'}]}
    assert vol.Schema(schemas.GET_DATAFRAMES_RESPONSE)(page) == page


@pytest.mark.parametrize('point', [
    _wire_point(extra=1), _wire_point(vol={'unit': 'u', 'qty': 1.0}),
    _wire_point(rating={}), {'vol': {'unit': 'u', 'qty': D(1)}}, 'point'])
def test_response_schema_refuses_a_bad_point(point):
    page = {'total': 1, 'dataframes': [{
        'period': {'begin': T0, 'end': T1}, 'usage': {'cpu': [point]}}]}
    with pytest.raises(vol.Invalid):
        vol.Schema(schemas.GET_DATAFRAMES_RESPONSE)(page)
