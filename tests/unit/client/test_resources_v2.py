"""The v2 rating data declarations (dataframes, summary, scope states,
reprocessing tasks) and the declaration parts they brought: query
parameters, actions, loaders, readers, paging by total (pure)."""
import datetime
import decimal
import inspect
import json

import httpx
import pytest

from ratingapi import client as sdk
from ratingapi.client import errors
from ratingapi.client import resources
from ratingapi.client import v1
from ratingapi.client import v2

UTC = datetime.timezone.utc
D = decimal.Decimal


def test_microversions_and_nouns():
    assert (v2.MIN_MICROVERSION, v2.MAX_MICROVERSION) == ('2.0', '2.2')
    assert v2.API.max_microversion == (2, 2)
    assert list(v2.API.resources) == [
        'module', 'dataframe', 'summary', 'scope', 'reprocess',
        'scope_reprocess', 'hashmap_service', 'hashmap_field',
        'hashmap_group', 'hashmap_mapping', 'hashmap_threshold', 'quote']
    assert v2.SCOPE.allows('reset_scope')
    assert v2.DATAFRAME.allows('add_dataframes')
    assert not v2.SUMMARY.allows(resources.RETRIEVE)
    assert not v2.REPROCESS.allows(resources.RETRIEVE)


# -- loaders ----------------------------------------------------------------

@pytest.mark.parametrize('wire,expected', [
    ('2024-01-02T03:04:05+00:00',
     datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
    ('2024-01-02T03:04:05Z',
     datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
    ('2024-01-02T03:04:05',
     datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
    ('2024-01-02T05:04:05.250000+02:00',
     datetime.datetime(2024, 1, 2, 3, 4, 5, 250000, tzinfo=UTC)),
], ids=['offset', 'zulu', 'naive-is-utc', 'other-offset'])
def test_timestamp(wire, expected):
    moment = resources.timestamp(wire)
    assert moment == expected and moment.tzinfo is not None


def test_timestamp_rejects_garbage():
    with pytest.raises(errors.RatingClientError, match='ISO 8601'):
        resources.timestamp('yesterday')


@pytest.mark.parametrize('wire,expected', [
    (D('0.000000001'), '0.000000001'), (3, '3'), ('1.50', '1.50'),
    (0.1, '0.1'), (-2, '-2'),
    (D('123456789012345678.123456789'), '123456789012345678.123456789'),
], ids=['decimal', 'int', 'string', 'float-by-repr', 'negative', 'big'])
def test_amount_is_exact(wire, expected):
    value = resources.amount(wire)
    assert isinstance(value, D) and value == D(expected)
    assert resources.dump(value) == expected


@pytest.mark.parametrize('wire', [True, None, 'x', [1]])
def test_amount_rejects_non_numbers(wire):
    with pytest.raises(errors.RatingClientError, match='expected a number'):
        resources.amount(wire)


def test_dump_of_records_and_mappings():
    record = v2.SCOPE.record({'scope_id': 'p1',
                              'last_processed_timestamp': '2024-01-01'})
    assert resources.dump([record]) == [{
        'scope_id': 'p1', 'last_processed_timestamp': '2024-01-01'}]
    frame = v2.DATAFRAME.record({
        'period': {'begin': '2024-01-01T00:00:00+00:00',
                   'end': '2024-01-01T01:00:00+00:00'},
        'usage': {'cpu': [{'vol': {'unit': 'u', 'qty': 1}}]}})
    # A record is sent as its wire object, not its loaded values.
    assert resources.dump(frame)['period']['begin'] == (
        '2024-01-01T00:00:00+00:00')
    assert resources.dump(frame.usage) == {
        'cpu': [{'vol': {'unit': 'u', 'qty': '1'}}]}


# -- query parameters ---------------------------------------------------------

@pytest.mark.parametrize('value,expected', [
    (True, 'true'), (False, 'false'), (7, '7'), ('x', 'x'), (0.1, '0.1'),
    (D('1.10'), '1.10'), (D('1E-9'), '0.000000001'), (D('1E+2'), '100'),
    (datetime.datetime(2024, 1, 1, tzinfo=UTC), '2024-01-01T00:00:00+00:00'),
    (datetime.date(2024, 1, 1), '2024-01-01'),
], ids=['true', 'false', 'int', 'str', 'float', 'decimal', 'decimal-small',
        'decimal-exponent', 'datetime', 'date'])
def test_text(value, expected):
    assert resources.text(value) == expected


def test_text_rejects_what_a_query_cannot_hold():
    with pytest.raises(ValueError):
        resources.text({'a': 1})


@pytest.mark.parametrize('style,value,expected', [
    (resources.SINGLE, 'table', ['table']),
    (resources.MULTI, 'a', ['a']),
    (resources.MULTI, ['a', 'b'], ['a', 'b']),
    (resources.MULTI, ('a',), ['a']),
    (resources.MULTI, False, ['false']),
    (resources.MULTI, [True, False], ['true', 'false']),
    (resources.PAIRS, {'type': 'cpu'}, ['type:cpu']),
    (resources.PAIRS, {'type': ['cpu', 'ram'], 'n': 3},
     ['type:cpu', 'type:ram', 'n:3']),
    (resources.PAIRS, {'url': 'http://x:80/'}, ['url:http://x:80/']),
], ids=['single', 'multi-one', 'multi-list', 'multi-tuple', 'multi-bool',
        'multi-bools', 'pairs', 'pairs-lists', 'pairs-colon-in-value'])
def test_param_encoding(style, value, expected):
    assert resources.Param(style=style).encode('p', value) == expected


@pytest.mark.parametrize('style,value,match', [
    (resources.MULTI, ['a,b'], 'comma'),
    (resources.PAIRS, {'type': 'a,b'}, 'comma'),
    (resources.PAIRS, {'a,b': 'x'}, 'comma'),
    (resources.PAIRS, {'a:b': 'x'}, 'colon'),
    (resources.PAIRS, {'': 'x'}, 'non-empty'),
    (resources.PAIRS, ['type:cpu'], 'mapping'),
], ids=['multi-comma', 'pairs-value-comma', 'pairs-key-comma',
        'pairs-key-colon', 'pairs-empty-key', 'pairs-not-a-mapping'])
def test_param_rejects_what_the_api_would_misread(style, value, match):
    with pytest.raises(ValueError, match=match):
        resources.Param(style=style).encode('filters', value)


def test_param_style_is_checked():
    with pytest.raises(ValueError):
        resources.Param(style='csv')


def test_declared_query_parameters():
    assert v2.SUMMARY.query_params({'type': ['cpu', 'ram']}, {
        'groupby': ['type', 'project_id'], 'response_format': 'object',
        'begin': datetime.datetime(2024, 1, 1, tzinfo=UTC), 'end': None,
        'page_size': 5}) == {
        'filters': ['type:cpu', 'type:ram'],
        'groupby': ['type', 'project_id'], 'response_format': ['object'],
        'begin': ['2024-01-01T00:00:00+00:00'], 'limit': ['5']}
    # Without a declared filters parameter, filters are raw parameters.
    assert v2.SCOPE.query_params({'extra': True, 'many': [1, 2],
                                  'none': None},
                                 {'active': False, 'scope_id': ['a', 'b']}
                                 ) == {
        'extra': 'true', 'many': ['1', '2'], 'active': ['false'],
        'scope_id': ['a', 'b']}
    assert v2.MODULE.query_params({'x': 1}) == {'x': '1'}


def test_split_path_and_query_parameters():
    assert v2.SCOPE_REPROCESS.split({'scope_id': 'p1', 'order': 'asc'}) == (
        {'scope_id': 'p1'}, {'order': 'asc'})
    with pytest.raises(TypeError, match="no argument 'colour'"):
        v2.SCOPE.split({'colour': 'red'})
    with pytest.raises(TypeError, match='it takes none'):
        v2.MODULE.split({'colour': 'red'})


def test_query_parameters_cannot_be_path_parameters():
    with pytest.raises(ValueError, match='path parameters'):
        resources.Resource('x', '/x/%(owner)s', singular='x', plural='xs',
                           pk='id', attributes={}, operations=(),
                           query={'owner': resources.Param()})


def test_pk_wire():
    assert v2.SCOPE.pk_wire == 'scope_id'
    assert v1.MODULE.pk_wire == 'module_id'


# -- actions ------------------------------------------------------------------

RESET = v2.SCOPE.actions['reset_scope']


def test_action_body():
    when = datetime.datetime(2024, 1, 1, tzinfo=UTC)
    assert RESET.body({'last_processed_timestamp': when,
                       'scope_id': ['a', 'b'], 'fetcher': None}) == {
        'last_processed_timestamp': '2024-01-01T00:00:00+00:00',
        'scope_id': ['a', 'b']}
    # Decimals stay Decimals when the action sends exact numbers.
    add = v2.DATAFRAME.actions['add_dataframes']
    assert add.exact_numbers and not RESET.exact_numbers
    body = add.body({'dataframes': [{'usage': {'cpu': [{'vol': {
        'qty': D('0.000000001')}}]}}]})
    assert body == {'dataframes': [{'usage': {'cpu': [{'vol': {
        'qty': D('0.000000001')}}]}}]}
    assert isinstance(body['dataframes'][0]['usage']['cpu'][0]['vol'][
        'qty'], D)


def test_exact_json():
    value = {'a': [D('1E-9'), D('-0.50'), D('12345678901234567890.1'),
                   D(7)], 'b': '"1.5"', 'c': None, 'd': 1.5, 'e': True,
             'when': datetime.datetime(2024, 1, 1, tzinfo=UTC),
             'f': 'caf\u00e9'}
    text = resources.exact_json(value)
    assert isinstance(text, bytes)
    assert text.decode('ascii') == (
        '{"a":[0.000000001,-0.50,12345678901234567890.1,7],"b":"\\"1.5\\"",'
        '"c":null,"d":1.5,"e":true,"when":"2024-01-01T00:00:00+00:00",'
        '"f":"caf\\u00e9"}')
    assert json.loads(text, parse_float=D)['a'][2] == D(
        '12345678901234567890.1')


@pytest.mark.parametrize('value', [D('NaN'), D('Infinity'), float('nan')],
                         ids=['nan', 'infinity', 'float-nan'])
def test_exact_json_refuses_what_json_cannot_carry(value):
    with pytest.raises(ValueError):
        resources.exact_json({'x': value})


def test_action_arguments_are_checked():
    with pytest.raises(TypeError, match='needs last_processed_timestamp'):
        RESET.body({'all_scopes': True})
    with pytest.raises(TypeError, match="unexpected argument 'state'"):
        RESET.body({'last_processed_timestamp': 'x', 'state': 'x'})


def test_action_declarations_are_checked():
    with pytest.raises(ValueError, match='required'):
        resources.Action('go', 'POST', params={}, required=('x',))
    with pytest.raises(ValueError, match='CRUD'):
        resources.Resource('x', '/x', singular='x', plural='xs', pk='id',
                           attributes={}, operations=(),
                           actions=(resources.Action('create', 'POST', {}),))


def test_actions_are_checked_like_operations():
    v2.SCOPE.check('reset_scope')
    with pytest.raises(errors.OperationNotAllowed) as info:
        v2.SUMMARY.check('reset_scope')
    assert 'summary does not allow reset_scope (it allows list)' in str(
        info.value)
    assert 'reset_scope' in str(pytest.raises(
        errors.OperationNotAllowed, v2.SCOPE.check, resources.DELETE).value)


# -- records ------------------------------------------------------------------

FRAME = {
    'period': {'begin': '2024-01-01T00:00:00+00:00',
               'end': '2024-01-01T01:00:00+00:00'},
    'usage': {'cpu': [{'vol': {'unit': 'instance', 'qty': 1},
                       'rating': {'price': D('0.000000001')},
                       'groupby': {'project_id': 'p1', 'n': 3},
                       'metadata': {'flavor': 'm1'}}]}}


def test_dataframe_record():
    frame = v2.DATAFRAME.record(FRAME)
    assert frame.period == {
        'begin': datetime.datetime(2024, 1, 1, tzinfo=UTC),
        'end': datetime.datetime(2024, 1, 1, 1, tzinfo=UTC)}
    point, = frame.usage['cpu']
    assert point['vol'] == {'unit': 'instance', 'qty': D(1)}
    assert isinstance(point['vol']['qty'], D)
    assert point['rating']['price'] == D('0.000000001')
    assert point['groupby'] == {'project_id': 'p1', 'n': 3}
    assert frame.raw == FRAME
    assert frame.pk is None
    # The wire object was not changed by loading.
    assert FRAME['usage']['cpu'][0]['vol']['qty'] == 1


def test_dataframe_record_with_partial_points():
    frame = v2.DATAFRAME.record({'period': {'begin': '2024-01-01'},
                                 'usage': {'cpu': [{'vol': 'x'}, {}]}})
    assert frame.usage == {'cpu': [{'vol': 'x'}, {}]}
    with pytest.raises(errors.RatingClientError):
        v2.DATAFRAME.record({'period': 'x'})
    with pytest.raises(errors.RatingClientError):
        v2.DATAFRAME.record({'usage': []})


def test_scope_and_reprocess_records():
    scope = v2.SCOPE.record({
        'scope_id': 'p1', 'scope_key': 'project_id', 'fetcher': 'keystone',
        'collector': 'gnocchi', 'active': True,
        'last_processed_timestamp': None,
        'scope_activation_toggle_date': '2024-01-01T00:00:00+00:00'})
    assert scope.pk == 'p1' and scope.last_processed_timestamp is None
    assert scope.scope_activation_toggle_date == datetime.datetime(
        2024, 1, 1, tzinfo=UTC)
    task = v2.REPROCESS.record({
        'scope_id': 'p1', 'reason': 'r', 'current_reprocess_time': None,
        'start_reprocess_time': '2024-01-01T00:00:00+00:00',
        'end_reprocess_time': '2024-01-02T00:00:00+00:00'})
    assert task.end_reprocess_time - task.start_reprocess_time == (
        datetime.timedelta(days=1))
    assert repr(task).startswith("Reprocess(scope_id='p1'")


# -- summary rows ------------------------------------------------------------

TABLE = {'total': 2, 'format': 'table',
         'columns': ['begin', 'end', 'qty', 'rate', 'type'],
         'results': [['2024-01-01T00:00:00+00:00',
                      '2024-02-01T00:00:00+00:00', 2, D('0.5'), 'cpu'],
                     ['2024-01-01T00:00:00+00:00',
                      '2024-02-01T00:00:00+00:00', D('1.5'), 0, 'ram']]}
OBJECT = {'total': 2, 'format': 'object', 'results': [
    dict(zip(TABLE['columns'], row)) for row in TABLE['results']]}


def test_summary_rows_of_both_formats_are_the_same_records():
    table = [v2.SUMMARY.record(row) for row in v2.SUMMARY.many(TABLE)]
    objects = [v2.SUMMARY.record(row) for row in v2.SUMMARY.many(OBJECT)]
    assert table == objects
    assert [(row.type, row.qty, row.rate) for row in table] == [
        ('cpu', D(2), D('0.5')), ('ram', D('1.5'), D(0))]
    assert all(isinstance(row.qty, D) and isinstance(row.rate, D)
               for row in table)
    assert table[0].begin == datetime.datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize('body', [
    {'columns': ['begin'], 'results': [['a', 'b']]},
    {'columns': ['begin'], 'results': [{'begin': 'a'}]},
    {'results': [['a']]},
    {'results': None},
    [],
], ids=['short-row', 'object-row-in-table', 'no-columns', 'no-results',
        'not-an-object'])
def test_summary_rows_that_do_not_fit(body):
    with pytest.raises(errors.RatingClientError):
        v2.summary_rows(body)


def test_summary_without_rows():
    assert v2.summary_rows({'total': 0, 'columns': ['begin'],
                            'results': []}) == []


# -- joining frames ---------------------------------------------------------

def frame(hour, **usage):
    return {'period': {'begin': '2024-01-01T%02d:00:00+00:00' % hour,
                       'end': '2024-01-01T%02d:00:00+00:00' % (hour + 1)},
            'usage': usage}


def test_join_frames_split_by_a_page_boundary():
    pages = [frame(0, cpu=[1]), frame(1, ram=[2], cpu=[3])], [
        frame(1, cpu=[4], disk=[5]), frame(2, cpu=[6])]
    joined = v2.join_frames(pages[0] + pages[1])
    assert joined == [frame(0, cpu=[1]),
                      frame(1, cpu=[3, 4], disk=[5], ram=[2]),
                      frame(2, cpu=[6])]
    assert list(joined[1]['usage']) == ['cpu', 'disk', 'ram']
    # The frames given were not changed.
    assert pages[0][1] == frame(1, ram=[2], cpu=[3])


def test_join_frames_keeps_periods_that_are_not_adjacent():
    frames = [frame(0, cpu=[1]), frame(1, cpu=[2]), frame(0, cpu=[3])]
    assert v2.join_frames(frames) == frames
    assert v2.join_frames([]) == []


# -- paging by total ---------------------------------------------------------

BASE = 'http://h/v2/scope'
PAGES = resources.OffsetPages(limit=2)


def page(url):
    return httpx.Response(200, request=httpx.Request('GET', url))


@pytest.mark.parametrize('url,total,count,expected', [
    (BASE + '?limit=2&offset=0', 5, 2, BASE + '?limit=2&offset=2'),
    (BASE + '?limit=2&offset=2', 5, 1, BASE + '?limit=2&offset=4'),
    (BASE + '?limit=2&offset=4', 5, 1, None),
    (BASE + '?limit=2&offset=2', 4, 2, None),
    (BASE + '?limit=2&offset=0', 0, 0, None),
    (BASE + '?limit=3&offset=0', 9, 7, BASE + '?limit=3&offset=3'),
], ids=['first', 'short-page-not-last', 'last', 'exact-end', 'empty',
        'items-regrouped'])
def test_offset_pages_by_total(url, total, count, expected):
    body = {'total': total, 'results': []}
    assert PAGES.next_url(v2.SCOPE, page(url), body, count) == expected


def test_offset_pages_ignore_a_total_that_is_not_a_count():
    body = {'total': True}
    assert PAGES.next_url(v2.SCOPE, page(BASE + '?limit=2&offset=0'),
                          body, 2) == BASE + '?limit=2&offset=2'


def test_next_link_wins_over_total():
    body = {'total': 0, 'links': [{'rel': 'next', 'href': '?offset=9'}]}
    assert PAGES.next_url(v2.SCOPE, page(BASE + '?limit=2&offset=0'),
                          body, 0) == BASE + '?offset=9'


# -- the generated methods ----------------------------------------------------

@pytest.mark.parametrize('cls', [sdk.RatingClient, sdk.AsyncRatingClient],
                         ids=['sync', 'async'])
def test_generated_methods(cls):
    signatures = {name: str(inspect.signature(getattr(cls, name)))
                  for name in ('retrieve_dataframe', 'add_dataframes',
                               'retrieve_summary', 'retrieve_scope',
                               'create_scope', 'update_scope', 'reset_scope',
                               'retrieve_reprocess', 'create_reprocess',
                               'retrieve_scope_reprocess', 'retrieve_module',
                               'perform')}
    assert signatures == {
        'retrieve_dataframe': '(self, filters=None, *, begin=None, '
                              'end=None, page_size=None)',
        'add_dataframes': '(self, dataframes)',
        'retrieve_summary': '(self, filters=None, *, begin=None, '
                            'end=None, groupby=None, response_format=None, '
                            'page_size=None)',
        'retrieve_scope': '(self, pk=None, filters=None, *, scope_id=None, '
                          'scope_key=None, fetcher=None, collector=None, '
                          'active=None, page_size=None)',
        'create_scope': '(self, **fields)',
        'update_scope': '(self, pk, data=None, **path_params)',
        'reset_scope': '(self, last_processed_timestamp, *, scope_id=None, '
                       'all_scopes=None, scope_key=None, fetcher=None, '
                       'collector=None)',
        'retrieve_reprocess': '(self, filters=None, *, '
                              'scope_ids=None, order=None, page_size=None)',
        'create_reprocess': '(self, **fields)',
        'retrieve_scope_reprocess': '(self, filters=None, *, '
                                    'order=None, page_size=None, **params)',
        'retrieve_module': '(self, pk=None, filters=None)',
        'perform': '(self, noun, action, **arguments)',
    }
    asynchronous = cls is sdk.AsyncRatingClient
    for name in signatures:
        assert inspect.iscoroutinefunction(getattr(cls, name)) is (
            asynchronous), name
    assert cls.reset_scope.__name__ == 'reset_scope'
    assert 'all_scopes=True' in cls.reset_scope.__doc__
    assert 'All or nothing' in cls.add_dataframes.__doc__
    assert 'groupby' in cls.retrieve_summary.__doc__


def test_actions_of_custom_apis_are_reachable():
    poke = resources.Action('poke_thing', 'POST',
                            params={'hard': resources.Attr()})
    thing = resources.Resource('thing', '/things', singular='thing',
                               plural='things', pk='id', attributes={},
                               operations=(resources.LIST,), actions=(poke,))
    api = resources.Api(2, (thing,), min_microversion='2.0',
                        max_microversion='2.0')
    client = sdk.RatingClient('http://h/', apis=(api,))
    try:
        method = client.poke_thing
        assert (method.args, method.keywords) == (('thing', 'poke_thing'),
                                                  {})
        assert client.retrieve_thing.args == ('thing',)
        for name in ('_poke_thing', 'poke_other', 'reset_scope_x'):
            with pytest.raises(AttributeError):
                getattr(client, name)
    finally:
        client.close()
